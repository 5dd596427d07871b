import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { IDS } from '../ids.js';
import type { SlackContext } from '../context.js';
import { pulseModalFor } from '../pulse-modal.js';

/** The Answer button (DM, reminder, App Home): ack, then views.open at once (trigger_id lives 3 s). */
async function onOpenSurvey(
  ctx: SlackContext,
  args: { ack: () => Promise<void>; body: BlockAction; client: App['client'] },
) {
  await args.ack();
  const { body } = args;
  const action = body.actions[0] as ButtonAction;
  // From a DM the message is the invitation to update later; from the App Home there is none.
  const dm =
    body.container?.type === 'message'
      ? {
          channel: body.container.channel_id as string | undefined,
          ts: body.container.message_ts as string | undefined,
        }
      : {};
  const view = pulseModalFor(ctx, body.user.id, action.value, dm);
  await args.client.views.open({ trigger_id: body.trigger_id, view });
}

/** Registers the block actions. */
export function register(app: App, ctx: SlackContext): void {
  app.action<BlockAction>({ type: 'block_actions', action_id: IDS.openSurveyAction }, ({ ack, body, client }) =>
    onOpenSurvey(ctx, { ack, body, client }),
  );
}
