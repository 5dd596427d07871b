import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { respondentLocale } from '../i18n/localize.js';
import { messagesFor, type Messages } from '../i18n/messages.js';

/**
 * The messages to speak to a Slack user in: their directory person's language, else Slack's
 * (from the directory sync), else the workspace default.
 */
export function slackMessagesFor(deps: Deps, slackUserId: string): Messages {
  const person = directoryRepo(deps.db).personBySlackId(slackUserId);
  return messagesFor(respondentLocale(deps, { personId: person?.id ?? null }));
}

/** The messages for a directory person (invitations and reminders). */
export const personMessages = (deps: Deps, personId: number | null | undefined): Messages =>
  messagesFor(respondentLocale(deps, { personId: personId ?? null }));
