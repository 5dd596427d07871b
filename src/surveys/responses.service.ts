import { i18nRepo } from '../i18n/i18n.repo.js';
import { personSnapshot, writeResponseSnapshot } from '../attributes/attributes.service.js';
import type { Deps } from '../deps.js';
import { respondentPseudonym } from '../privacy/pseudonym.js';
import { conflict, forbidden, gone, notFound } from '../errors.js';
import { syncCommentTags } from '../themes/taxonomy.service.js';
import { responsesRepo, type LoopUpdate } from './responses.repo.js';
import { validateAnswers } from './responses.schema.js';
import { runState } from './runs.service.js';
import { runsRepo } from './runs.repo.js';
import { surveysRepo } from './surveys.repo.js';

export interface SubmitInput {
  runId: string;
  personId: number;
  /** question key → value, as the API documents answer values (web form strings are accepted too). */
  answers: Record<string, unknown>;
  source: 'web' | 'slack' | 'event';
  /** The language the form or modal was shown in (results count respondents per language). */
  locale?: string | null;
}

/** Thrown for a run whose window has passed (HTTP 410). */
const runClosed = () => gone('This survey run is closed; answers are no longer accepted.', 'run_closed');

/**
 * Stores one person's answers to a run, validated against the run's questions (the one shared
 * validator; 422 names each question key). A resubmission while the run is open replaces the
 * earlier answers; after `closes_at` it is refused with `run_closed`. The respondent is stored as
 * a pseudonym (NULL for fully anonymous surveys, which therefore accept one submission only).
 */
export function submitResponse(deps: Deps, input: SubmitInput): { responseId: number; replaced: boolean } {
  const runs = runsRepo(deps.db);
  const run = runs.byId(input.runId);
  if (!run) throw notFound(`Run "${input.runId}"`);
  const invitation = runs.invitationFor(run.id, input.personId);
  if (!invitation) throw forbidden('You are not invited to this survey run.', 'not_invited');
  const state = runState(run, deps.now());
  if (state === 'closed' || state === 'cancelled') throw runClosed();
  if (state === 'scheduled') throw conflict(`This survey run opens at ${run.opensAt}.`, 'run_not_open');

  const survey = surveysRepo(deps.db).byId(run.surveyId)!;
  const questions = runs.questions(run.id);
  const values = validateAnswers(questions, input.answers, { enforceRequired: true });
  const respondent = survey.fullyAnonymous ? null : respondentPseudonym(deps.keys.pseudonym, input.personId);
  if (!respondent && invitation.responded) {
    throw conflict(
      'This anonymous survey was already answered with this invitation; answers cannot be changed.',
      'already_answered',
    );
  }

  const repo = responsesRepo(deps.db);
  const now = deps.now().toISOString();
  const idOf = new Map(questions.map((q) => [q.key, q.questionId]));
  const rows = [...values].map(([key, v]) => ({ questionId: idOf.get(key)!, num: v.num, text: v.text }));
  return deps.db.transaction(() => {
    const existing = respondent ? repo.byRunAndRespondent(run.id, respondent) : undefined;
    let responseId: number;
    if (existing) {
      responseId = existing.id;
      repo.update(responseId, { respondent, teamId: invitation.teamId, submittedAt: now, source: input.source }, now);
    } else {
      responseId = repo.insert(
        {
          surveyId: run.surveyId,
          runId: run.id,
          respondent,
          teamId: invitation.teamId,
          submittedAt: now,
          source: input.source,
          externalId: null,
        },
        now,
      );
    }
    repo.replaceAnswers(responseId, rows);
    if (input.locale !== undefined) i18nRepo(deps.db).setResponseLanguage(responseId, input.locale);
    runs.markResponded(invitation.id);
    // Text answers are tagged with the themes now, in the same transaction, never when a report is read.
    syncCommentTags(deps);
    // The person's attributes and tenure as they are now, kept with the answers (docs/metrics.md).
    writeResponseSnapshot(
      deps,
      responseId,
      personSnapshot(deps, input.personId, now, { onlyReportable: survey.fullyAnonymous }),
    );
    return { responseId, replaced: Boolean(existing) };
  })();
}

/** A form value (as the web form posts it) from a stored answer of a question of this type. */
function formValue(type: string, num: number | null, text: string | null): string {
  if (num === null && text === null) return 'na';
  if (type === 'likert5' || type === 'scale0_10') return String(num);
  return text ?? String(num);
}

/**
 * The person's earlier answers to a run, to prefill the form when they open their link again:
 * when they answered and each value as the form sends it (question key → value). Found through
 * the pseudonym the link's person is stored under; null when they have not answered, and always
 * null for a fully anonymous survey (nothing links an answer to anyone).
 */
export function previousAnswers(
  deps: Deps,
  runId: string,
  personId: number,
): { submittedAt: string; values: Record<string, string> } | null {
  const runs = runsRepo(deps.db);
  const run = runs.byId(runId);
  if (!run) return null;
  const survey = surveysRepo(deps.db).byId(run.surveyId)!;
  if (survey.fullyAnonymous) return null;
  const repo = responsesRepo(deps.db);
  const response = repo.byRunAndRespondent(run.id, respondentPseudonym(deps.keys.pseudonym, personId));
  if (!response) return null;
  const byId = new Map(runs.questions(run.id).map((q) => [q.questionId, q]));
  const values: Record<string, string> = {};
  for (const a of repo.answers(response.id)) {
    const q = byId.get(a.questionId);
    if (q) values[q.key] = formValue(q.type, a.num, a.text);
  }
  return { submittedAt: response.submittedAt, values };
}

/** The latest "you said, we did" updates, for thank-you pages. */
export const latestLoopUpdates = (deps: Deps, limit = 3): LoopUpdate[] =>
  responsesRepo(deps.db).latestLoopUpdates(limit);
