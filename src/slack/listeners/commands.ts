import type { App, RespondArguments } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { slackErrorText } from '../errors.js';
import { recordFriction } from '../friction.service.js';
import { IDS } from '../ids.js';
import { pulseModalFor } from '../pulse-modal.js';

const HELP_TEXT = [
  '*Chorus* — the collective voice of your developers.',
  '• `/chorus` — open your current pulse',
  '• `/chorus friction <what got in your way>` — report friction, anonymously, any time',
  '• `/chorus help` — this text',
  'Answers are only shown pooled with your team once enough people have answered.',
].join('\n');

/** What `/chorus <text>` answers privately; `open` means "open the pulse modal" instead. */
function commandReply(ctx: SlackContext, slackUserId: string, text: string): RespondArguments | 'open' {
  const trimmed = text.trim();
  const [sub = '', ...rest] = trimmed.split(/\s+/);
  const ephemeral = (t: string): RespondArguments => ({ response_type: 'ephemeral', text: t });
  switch (sub.toLowerCase()) {
    case '':
    case 'pulse':
    case 'survey':
      return 'open';
    case 'help':
      return ephemeral(HELP_TEXT);
    case 'friction': {
      const body = trimmed.slice(sub.length).trim();
      if (!body && !rest.length)
        return ephemeral('Tell me what got in your way: `/chorus friction the staging deploy took 40 minutes again`');
      try {
        recordFriction(ctx.deps, slackUserId, { text: body, source: 'slack_command' });
        return ephemeral('Thanks — recorded anonymously. It feeds the friction themes your team sees.');
      } catch (err) {
        return ephemeral(slackErrorText(err));
      }
    }
    default:
      return ephemeral(`I don't know "${sub}".\n${HELP_TEXT}`);
  }
}

/** Registers `/chorus`. */
export function register(app: App, ctx: SlackContext): void {
  app.command(IDS.command, async ({ command, ack, client }) => {
    const reply = commandReply(ctx, command.user_id, command.text ?? '');
    if (reply !== 'open') {
      await ack(reply);
      return;
    }
    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: pulseModalFor(ctx, command.user_id, undefined),
    });
  });
}
