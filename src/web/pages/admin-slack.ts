import type { Response } from 'express';
import type { Deps } from '../../deps.js';
import { AppError, fieldErrors } from '../../errors.js';
import { createRule, deleteRule, listRules, recentEvents } from '../../events/rules.service.js';
import { announceChannelSetting, setAnnounceChannel } from '../../slack/outbox-messages.js';
import { slackOutboxStats } from '../../slack/outbox-sender.js';
import { syncDirectoryFromSlack } from '../../slack/directory-sync.js';
import { formBody, formText } from '../request.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';

function showSlack(res: Response, deps: Deps, extra: Record<string, unknown> = {}, status = 200) {
  const stats = slackOutboxStats(deps);
  const mode = deps.config.slack.mode;
  renderPage(
    res,
    'slack/admin',
    {
      title: 'Slack',
      mode,
      off: mode === 'off',
      socket: mode === 'socket',
      eventsUrl: `${deps.config.baseUrl}/slack/events`,
      apiUrl: deps.config.slack.apiUrl ?? null,
      outbox: stats,
      outboxTotal: stats.reduce((sum, s) => sum + s.n, 0),
      announceChannel: announceChannelSetting(deps),
      rules: listRules(deps),
      recentEvents: recentEvents(deps, 15),
      ...extra,
    },
    { status },
  );
}

const formErrors = (err: unknown): Record<string, string> => {
  if (err instanceof AppError && err.status === 422) return fieldErrors(err.details);
  throw err;
};

/** /admin/slack: status, outbox, directory sync, announcement channel, event rules. */
export const adminSlackPages: RouteDef[] = [
  {
    method: 'get',
    path: '/admin/slack',
    policy: 'page:admin',
    summary: 'Slack status, outbox and event rules',
    handler: (_req, res, deps) => showSlack(res, deps),
  },
  {
    method: 'post',
    path: '/admin/slack/sync',
    policy: 'page:admin',
    summary: 'Sync the directory from Slack (users.list)',
    handler: async (_req, res, deps) => {
      if (deps.config.slack.mode === 'off')
        return showSlack(res, deps, { error: 'Slack is off: set SLACK_BOT_TOKEN first.' }, 409);
      try {
        const r = await syncDirectoryFromSlack(deps);
        showSlack(res, deps, {
          notice: `Directory synced: ${r.slackUsers} Slack users, ${r.matched} matched by e-mail, ${r.linked} newly linked, ${r.unmatched} without a match, ${r.locales} languages updated.`,
        });
      } catch (err) {
        deps.log.warn({ module: 'slack', err: (err as Error).message }, 'directory sync failed');
        showSlack(
          res,
          deps,
          { error: `Sync failed: ${(err as { data?: { error?: string } }).data?.error ?? (err as Error).message}` },
          502,
        );
      }
    },
  },
  {
    method: 'post',
    path: '/admin/slack/settings',
    policy: 'page:admin',
    summary: 'Set the loop-update announcement channel',
    handler: (req, res, deps) => {
      const channel = formText(req, 'announce_channel').trim();
      if (channel && !/^[#A-Za-z0-9_.-]{1,80}$/.test(channel)) {
        return showSlack(
          res,
          deps,
          {
            settingsErrors: { announce_channel: 'a channel id like C0123ABCD or a name like #dev-experience' },
            announceChannel: channel,
          },
          422,
        );
      }
      setAnnounceChannel(deps, channel);
      showSlack(res, deps, {
        notice: channel
          ? `Loop updates will be announced in ${channel}.`
          : 'Loop updates will not be announced in a channel.',
      });
    },
  },
  {
    method: 'post',
    path: '/admin/slack/rules',
    policy: 'page:admin',
    summary: 'Create an event rule',
    handler: (req, res, deps) => {
      try {
        const rule = createRule(deps, { ...formBody(req), active: true });
        showSlack(res, deps, { notice: `Rule #${rule.id} created: ${rule.eventName} → ${rule.surveyKey}.` });
      } catch (err) {
        showSlack(res, deps, { ruleErrors: formErrors(err), ruleForm: formBody(req) }, 422);
      }
    },
  },
  {
    method: 'post',
    path: '/admin/slack/rules/:id/delete',
    policy: 'page:admin',
    summary: 'Delete an event rule',
    handler: (req, res, deps) => {
      try {
        const id = Number(req.params.id);
        deleteRule(deps, id);
        showSlack(res, deps, { notice: `Rule #${id} deleted.` });
      } catch {
        showSlack(res, deps, { error: 'That rule does not exist.' }, 404);
      }
    },
  },
];
