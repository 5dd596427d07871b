import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { respondentPseudonym } from '../surveys/responses.service.js';
import { openRunsForPerson } from '../surveys/runs.service.js';
import type { HomeInput } from './blocks/home.js';
import { LIKERT_LABELS } from './blocks/survey-modal.js';
import { slackRepo, type OwnAnswerRow } from './slack.repo.js';

function display(a: OwnAnswerRow): string {
  if (a.valueText !== null) return a.valueText;
  if (a.valueNum === null) return 'n/a';
  if (a.type === 'likert5') return `${a.valueNum} – ${LIKERT_LABELS[a.valueNum - 1] ?? ''}`;
  return String(a.valueNum);
}

/** What one person's App Home shows: their open pulses, their own recent answers, the latest updates. */
export function homeFor(deps: Deps, slackUserId: string): HomeInput {
  const repo = slackRepo(deps.db);
  const updates = repo.latestUpdates(3);
  const person = directoryRepo(deps.db).personBySlackId(slackUserId);
  if (!person || !person.active) return { known: false, openRuns: [], recentAnswers: [], updates };
  const openRuns = openRunsForPerson(deps, person.id);
  const byResponse = new Map<number, HomeInput['recentAnswers'][number]>();
  // Looked up by the person's own pseudonym; this view is only ever published to them.
  for (const a of repo.ownAnswers(respondentPseudonym(deps.keys.pseudonym, person.id), 3)) {
    const entry = byResponse.get(a.responseId) ?? { surveyName: a.surveyName, submittedAt: a.submittedAt, answers: [] };
    entry.answers.push({ question: a.question, value: display(a) });
    byResponse.set(a.responseId, entry);
  }
  return { known: true, openRuns, recentAnswers: [...byResponse.values()], updates };
}
