import type { App } from '@slack/bolt';
import { frictionModal } from '../blocks/friction-modal.js';
import type { SlackContext } from '../context.js';
import { IDS } from '../ids.js';

/** Registers the global "Report friction" shortcut: ack, then the small modal. */
export function register(app: App, _ctx: SlackContext): void {
  app.shortcut(IDS.frictionShortcut, async ({ ack, body, client }) => {
    await ack();
    await client.views.open({ trigger_id: body.trigger_id, view: frictionModal() });
  });
}
