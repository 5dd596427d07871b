import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { hoursLabel } from '../metrics/survey-stats.js';
import { localizeQuestion } from '../i18n/localize.js';
import { ENGLISH, type MessageKey, type Messages } from '../i18n/messages.js';
import type { QuestionTranslations } from '../surveys/question-bank.translations.js';
import { respondentPseudonym } from '../privacy/pseudonym.js';
import { openRunsForPerson } from '../surveys/runs.service.js';
import type { HomeInput } from './blocks/home.js';
import { likertLabel } from './blocks/survey-modal.js';
import { slackRepo, type OwnAnswerRow } from './slack.repo.js';

/** One of the person's own answers, with its question, in their language. */
function ownAnswer(a: OwnAnswerRow, m: Messages): { question: string; value: string } {
  const options = a.options ? (JSON.parse(a.options) as string[]) : null;
  const q = localizeQuestion(
    { key: a.questionKey, text: a.question, options },
    JSON.parse(a.translations || '{}') as QuestionTranslations,
    m.locale,
  );
  let value: string;
  const bucket = a.type === 'hours_lost' && a.valueNum !== null ? hoursLabel(a.valueNum) : undefined;
  if (bucket) value = m.t(`hours.${bucket}` as MessageKey);
  else if (a.valueText !== null) {
    // Choice answers are stored as the option's own text; show the person's translation of it.
    const index = options?.indexOf(a.valueText) ?? -1;
    value = index >= 0 ? (q.optionLabels?.[index] ?? a.valueText) : a.valueText;
  } else if (a.valueNum === null) value = m.t('answer.na');
  else if (a.type === 'likert5') value = `${a.valueNum} – ${likertLabel(a.valueNum, m)}`;
  else value = String(a.valueNum);
  return { question: q.text, value };
}

/** What one person's App Home shows: their open pulses, their own recent answers, the latest updates. */
export function homeFor(deps: Deps, slackUserId: string, m: Messages = ENGLISH): HomeInput {
  const repo = slackRepo(deps.db);
  const updates = repo.latestUpdates(3);
  const person = directoryRepo(deps.db).personBySlackId(slackUserId);
  if (!person || !person.active) return { known: false, openRuns: [], recentAnswers: [], updates };
  const openRuns = openRunsForPerson(deps, person.id);
  const byResponse = new Map<number, HomeInput['recentAnswers'][number]>();
  // Looked up by the person's own pseudonym; this view is only ever published to them.
  for (const a of repo.ownAnswers(respondentPseudonym(deps.keys.pseudonym, person.id), 3)) {
    const entry = byResponse.get(a.responseId) ?? { surveyName: a.surveyName, submittedAt: a.submittedAt, answers: [] };
    entry.answers.push(ownAnswer(a, m));
    byResponse.set(a.responseId, entry);
  }
  return { known: true, openRuns, recentAnswers: [...byResponse.values()], updates };
}
