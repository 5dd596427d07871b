import { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { i18nRepo } from '../i18n/i18n.repo.js';
import { canonicalLocale } from '../i18n/locales.js';
import { slackClientOptions } from './slack.js';
import { slackRepo } from './slack.repo.js';

/** What a directory sync did. */
export interface SyncResult {
  slackUsers: number;
  matched: number;
  linked: number;
  unmatched: number;
  /** People whose Slack language was new or changed. */
  locales: number;
}

interface Member {
  id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  profile?: { email?: string };
  /** With include_locale: the user's Slack language, e.g. 'de-DE'. */
  locale?: string;
}

/**
 * Links people to Slack users by e-mail (`users.list` with `include_locale`, paginated; bots,
 * deleted users and Slackbot skipped) and keeps each one's Slack language (people.slack_locale,
 * used when the person has no language of their own). It never creates or deactivates people.
 */
export async function syncDirectoryFromSlack(deps: Deps, client?: WebClient): Promise<SyncResult> {
  const token = deps.config.slack.botToken;
  if (!client && !token) throw new Error('Slack is off: set SLACK_BOT_TOKEN to sync the directory');
  const api = client ?? new WebClient(token, slackClientOptions(deps.config, { rejectRateLimitedCalls: false }));
  const repo = slackRepo(deps.db);
  const result: SyncResult = { slackUsers: 0, matched: 0, linked: 0, unmatched: 0, locales: 0 };
  const languages = i18nRepo(deps.db);
  const now = deps.now().toISOString();
  for await (const page of api.paginate('users.list', { limit: 200, include_locale: true })) {
    for (const m of (page as { members?: Member[] }).members ?? []) {
      if (!m.id || m.deleted || m.is_bot || m.is_app_user || m.id === 'USLACKBOT') continue;
      result.slackUsers++;
      const email = m.profile?.email?.trim().toLowerCase();
      const person = email ? repo.personByEmail(email) : undefined;
      if (!person) {
        result.unmatched++;
        continue;
      }
      result.matched++;
      if (repo.linkSlackUser(person.id, m.id, now)) result.linked++;
      const locale = m.locale ? canonicalLocale(m.locale) : null;
      if (locale && languages.setSlackLocale(person.id, locale)) result.locales++;
    }
  }
  deps.log.info({ module: 'slack', ...result }, 'directory synced from Slack');
  return result;
}
