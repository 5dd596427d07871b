import { AppError, missing } from '../errors.js';

/**
 * The one place domain errors become Slack replies: a sentence for ephemeral messages, or a
 * block_id → message map for `response_action: 'errors'` in modals.
 */
export function slackErrorText(err: unknown): string {
  if (err instanceof AppError) {
    if (err.code === 'run_closed') return 'This pulse has closed — thanks anyway. The next one will come to you here.';
    if (err.code === 'not_found') return "I couldn't find that pulse any more.";
    if (err.code === 'unknown_person') return err.message;
    if (err.status === 422) return `That didn't work: ${err.message}`;
    if (err.status < 500) return err.message;
  }
  return 'Something went wrong on our side; it has been logged. Please try again in a minute.';
}

/** Field errors for a modal; problems not tied to a known block are shown on `fallbackBlock`. */
export function slackViewErrors(err: unknown, blockIds: string[], fallbackBlock = blockIds[0]): Record<string, string> {
  const errors: Record<string, string> = {};
  const known = new Set(blockIds);
  if (err instanceof AppError && err.details.length) {
    for (const d of err.details) {
      const block = known.has(d.field) ? d.field : fallbackBlock;
      if (block && !(block in errors)) errors[block] = d.message.slice(0, 150);
    }
  }
  if (!Object.keys(errors).length && fallbackBlock) errors[fallbackBlock] = slackErrorText(err).slice(0, 150);
  return errors;
}

/** An AppError saying the Slack user is not linked to anyone in the directory. */
export const unknownSlackUser = () =>
  missing(
    "I can't find you in the Chorus directory yet. Ask your Chorus admin to sync the directory from Slack.",
    'unknown_person',
  );
