import type { App } from '@slack/bolt';
import { homeView } from '../blocks/home.js';
import type { SlackContext } from '../context.js';
import { homeFor } from '../home.service.js';
import { slackMessagesFor } from '../locale.js';
import { slackRepo } from '../slack.repo.js';

/**
 * Global middleware: Slack retries an event it thinks was not acknowledged (x-slack-retry-num);
 * each event_id is handled once.
 */
function dedupeEvents(ctx: SlackContext) {
  return async ({ body, next }: { body: unknown; next: () => Promise<void> }) => {
    const b = body as { type?: string; event_id?: string };
    if (b?.type === 'event_callback' && b.event_id) {
      if (!slackRepo(ctx.deps.db).markEventSeen(b.event_id, ctx.deps.now().toISOString())) {
        ctx.deps.log.debug({ module: 'slack', eventId: b.event_id }, 'duplicate event delivery ignored');
        return;
      }
    }
    await next();
  };
}

/** Publishes a person's App Home. */
export async function publishHome(ctx: SlackContext, client: App['client'], slackUserId: string): Promise<void> {
  const m = slackMessagesFor(ctx.deps, slackUserId);
  await client.views.publish({
    user_id: slackUserId,
    view: homeView(homeFor(ctx.deps, slackUserId, m), m),
  });
}

/** Registers the event listeners (and the dedup middleware before them). */
export function register(app: App, ctx: SlackContext): void {
  app.use(dedupeEvents(ctx));
  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab && event.tab !== 'home') return;
    await publishHome(ctx, client, event.user);
  });
}
