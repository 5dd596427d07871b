import { readSetting, writeSetting } from '../settings/settings.repo.js';
import type { Deps } from '../deps.js';
import { loopAnnouncement } from './blocks/loop-update.js';
import { pulseDm, type SlackMessage } from './blocks/pulse-dm.js';
import { personMessages } from './locale.js';
import { personalLink } from '../surveys/runs.service.js';
import type { OutboxRepo, OutboxRow } from '../schedule/outbox.repo.js';

/** Setting: the channel loop updates are announced in when the update names none. */
export const ANNOUNCE_CHANNEL_SETTING = 'slack.announce_channel';

/** What to send for one outbox row, or why it is not sent any more. */
export type Rendered = { message: SlackMessage } | { skip: string };

/** Renders the message of an outbox row from the current state of the database. */
export function renderOutboxMessage(deps: Deps, repo: OutboxRepo, row: OutboxRow): Rendered {
  if (row.kind === 'loop_update') {
    const update = row.loopUpdateId ? repo.loopUpdate(row.loopUpdateId) : undefined;
    if (!update) return { skip: 'loop update deleted' };
    if (!row.target && !readSetting<string>(deps.db, ANNOUNCE_CHANNEL_SETTING))
      return { skip: 'no announcement channel set' };
    return { message: loopAnnouncement(update) };
  }
  const ctx = row.runId ? repo.messageContext(row.runId, row.personId) : undefined;
  if (!ctx) return { skip: 'run deleted' };
  if (ctx.closesAt <= deps.now().toISOString()) return { skip: 'run closed' };
  if (ctx.responded) return { skip: 'already answered' };
  const reminder = row.kind === 'reminder' ? Number(/^reminder(\d)/.exec(row.dedupeKey)?.[1] ?? 1) : 0;
  const webUrl = row.personId ? (personalLink(deps, ctx.runId, row.personId) ?? undefined) : undefined;
  return {
    message: pulseDm(
      { runId: ctx.runId, surveyName: ctx.surveyName, closesAt: ctx.closesAt, reminder, webUrl },
      personMessages(deps, row.personId),
    ),
  };
}

/** The target channel of a loop-update row (the row's own, else the configured default). */
export const announcementChannel = (deps: Deps, row: OutboxRow): string | null =>
  row.target ?? readSetting<string>(deps.db, ANNOUNCE_CHANNEL_SETTING) ?? null;

/** The channel loop updates are announced in when an update names none ('' when none is set). */
export const announceChannelSetting = (deps: Deps): string =>
  readSetting<string>(deps.db, ANNOUNCE_CHANNEL_SETTING) ?? '';

/** Sets (or, with '', clears) the channel loop updates are announced in. */
export const setAnnounceChannel = (deps: Deps, channel: string): void =>
  writeSetting(deps.db, ANNOUNCE_CHANNEL_SETTING, channel || null, deps.now());
