import type { App, ViewSubmitAction, AllMiddlewareArgs, SlackViewMiddlewareArgs } from '@slack/bolt';
import { AppError, missing } from '../../errors.js';
import { submitResponse } from '../../surveys/responses.service.js';
import { runForm } from '../../surveys/runs.service.js';
import { answersFromState, type ViewStateValues } from '../blocks/answers.js';
import { thanksDm } from '../blocks/pulse-dm.js';
import { readModalMeta } from '../blocks/survey-modal.js';
import { personForSlackUser, type SlackContext } from '../context.js';
import { slackViewErrors, unknownSlackUser } from '../errors.js';
import { recordFriction } from '../friction.service.js';
import { IDS } from '../ids.js';
import { supportedLocale } from '../../i18n/locales.js';
import { messagesFor } from '../../i18n/messages.js';
import { answerErrorText } from '../../i18n/localize.js';
import { LIMITS } from '../blocks/limits.js';
import { slackMessagesFor } from '../locale.js';
import { publishHome } from './events.js';
import { sentPulseMessages } from '../outbox-sender.js';

type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * A submitted survey modal: validated and stored by the same service as the web form before
 * ack (field errors go back through response_action 'errors', block_id = question key); then the
 * DM(s) about this run turn into a thank-you.
 */
async function onSurveySubmit(
  ctx: SlackContext,
  { ack, body, view, client, logger }: Pick<ViewArgs, 'ack' | 'body' | 'view' | 'client' | 'logger'>,
) {
  const meta = readModalMeta(view.private_metadata);
  const blockIds = view.blocks.map((b) => b.block_id).filter((id): id is string => Boolean(id) && id !== undefined);
  const person = personForSlackUser(ctx, body.user.id);
  let runId: string;
  let surveyName: string;
  try {
    if (!person) throw unknownSlackUser();
    if (!meta) throw missing('This form has expired; open the pulse again.');
    runId = meta.runId;
    const form = runForm(ctx.deps, meta.runId);
    surveyName = form.survey.name;
    const answers = answersFromState(form.questions, view.state.values);
    const locale = supportedLocale(meta.locale) ?? slackMessagesFor(ctx.deps, body.user.id).locale;
    submitResponse(ctx.deps, { runId: meta.runId, personId: person.id, answers, source: 'slack', locale });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    // Field messages in the language the modal was shown in.
    const m = messagesFor(meta?.locale ?? slackMessagesFor(ctx.deps, body.user.id).locale);
    const errors =
      err.code === 'validation_failed'
        ? Object.fromEntries(
            Object.entries(slackViewErrors(err, blockIds)).map(([block, message]) => [
              block,
              answerErrorText(message, m, LIMITS.textAnswer),
            ]),
          )
        : slackViewErrors(err, blockIds);
    await ack({ response_action: 'errors', errors });
    return;
  }
  await ack();
  const targets = new Map<string, { channel: string; ts: string }>();
  if (meta?.channel && meta.ts) targets.set(`${meta.channel}:${meta.ts}`, { channel: meta.channel, ts: meta.ts });
  for (const row of sentPulseMessages(ctx.deps, runId, person.id)) {
    if (row.channel && row.ts) targets.set(`${row.channel}:${row.ts}`, { channel: row.channel, ts: row.ts });
  }
  const message = thanksDm(
    { runId, surveyName },
    messagesFor(meta?.locale ?? slackMessagesFor(ctx.deps, body.user.id).locale),
  );
  for (const t of targets.values()) {
    try {
      await client.chat.update({ channel: t.channel, ts: t.ts, text: message.text, blocks: message.blocks });
    } catch (err) {
      logger.warn('could not update the pulse DM', (err as Error).message);
    }
  }
  await publishHome(ctx, client, body.user.id).catch(() => undefined);
}

/** A submitted "Report friction" modal. */
async function onFrictionSubmit(ctx: SlackContext, { ack, body, view }: Pick<ViewArgs, 'ack' | 'body' | 'view'>) {
  const values = view.state.values as ViewStateValues;
  const text = values[IDS.frictionTextBlock]?.[IDS.answerElement]?.value ?? '';
  const category = values[IDS.frictionCategoryBlock]?.[IDS.answerElement]?.selected_option?.value ?? null;
  try {
    recordFriction(ctx.deps, body.user.id, { text, category, source: 'slack_shortcut' });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const mapped = err.withDetails(
      err.details.map((d) => ({
        ...d,
        field: d.field === 'category' ? IDS.frictionCategoryBlock : IDS.frictionTextBlock,
      })),
    );
    await ack({
      response_action: 'errors',
      errors: slackViewErrors(mapped, [IDS.frictionTextBlock, IDS.frictionCategoryBlock]),
    });
    return;
  }
  await ack();
}

/** Registers the view submissions. */
export function register(app: App, ctx: SlackContext): void {
  app.view<ViewSubmitAction>(IDS.surveyView, (args) => onSurveySubmit(ctx, args));
  app.view<ViewSubmitAction>(IDS.frictionView, (args) => onFrictionSubmit(ctx, args));
}
