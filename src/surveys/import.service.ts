import { attributesRepo, type AttributeRow } from '../attributes/attributes.repo.js';
import { reportableKeys, snapshotRows } from '../attributes/attributes.service.js';
import { TENURE_KEY } from '../attributes/tenure.js';
import { hmac, sha256 } from '../auth/crypto.js';
import { BatchProblems, parseBatch, type BatchResult } from '../batch.js';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { AppError, notFound } from '../errors.js';
import { responsesRepo } from './responses.repo.js';
import { responseImportItem, validateAnswers, type AnswerValue } from './responses.schema.js';
import { respondentPseudonym } from '../privacy/pseudonym.js';
import { syncCommentTags } from '../themes/taxonomy.service.js';
import { surveysRepo, type Survey, type SurveyQuestion } from './surveys.repo.js';

/**
 * The pseudonym of an imported respondent: a known person's e-mail maps to the same pseudonym the
 * web form and Slack use, so history and new answers line up; any other id is keyed the same way
 * under its own prefix. The id itself is never stored.
 */
export function importedRespondent(deps: Deps, respondent: string, directory = directoryRepo(deps.db)): string {
  if (respondent.includes('@')) {
    const person = directory.personByEmail(respondent.toLowerCase());
    if (person) return respondentPseudonym(deps.keys.pseudonym, person.id);
    return hmac(deps.keys.pseudonym, `respondent:${respondent.toLowerCase()}`);
  }
  return hmac(deps.keys.pseudonym, `respondent:${respondent}`);
}

interface Prepared {
  survey: Survey;
  teamId: number;
  respondent: string;
  submittedAt: string;
  externalId: string;
  answers: Array<{ questionId: number; num: number | null; text: string | null }>;
  attributes: AttributeRow[];
}

/**
 * The attribute snapshot of an imported response: the `attributes` sent with it, else a known
 * person's current ones; `tenure` as sent, else from a known person's start date at `submittedAt`.
 */
function importedSnapshot(
  deps: Deps,
  item: { respondent: string; submitted_at: string; attributes?: Record<string, string> },
  directory: ReturnType<typeof directoryRepo>,
): AttributeRow[] {
  const person = item.respondent.includes('@') ? directory.personByEmail(item.respondent.toLowerCase()) : undefined;
  const current = person ? attributesRepo(deps.db).personAttributes(person.id) : undefined;
  if (!item.attributes) return snapshotRows(current, item.submitted_at);
  const rows = Object.entries(item.attributes).map(([key, value]) => ({ key, value }));
  if (item.attributes[TENURE_KEY] !== undefined) return rows;
  const tenure = snapshotRows(current && { attributes: {}, startDate: current.startDate }, item.submitted_at);
  return [...rows, ...tenure];
}

const sameSnapshot = (stored: AttributeRow[], incoming: AttributeRow[]): boolean => {
  const key = (rows: AttributeRow[]) =>
    JSON.stringify([...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  return key(stored) === key(incoming);
};

type AnswerRow = { questionId: number; num: number | null; text: string | null };
const sameAnswers = (stored: AnswerRow[], incoming: AnswerRow[]): boolean => {
  const sorted = [...incoming].sort((a, b) => a.questionId - b.questionId);
  return (
    stored.length === sorted.length &&
    stored.every(
      (a, i) => a.questionId === sorted[i].questionId && a.num === sorted[i].num && a.text === sorted[i].text,
    )
  );
};

/**
 * Imports historical responses (`POST /api/v1/surveys/:key/responses`, `chorus import responses`).
 * `surveyKey` comes from the route; without it (CLI) every record names its `survey`. Each item
 * is validated (team must exist; answers per question key, details `answers.<key>`); one bad item
 * rejects the batch and nothing is stored. Without `id` a response is identified by (survey,
 * respondent, submitted_at), so importing the same file again changes nothing. Each response
 * stores its attribute snapshot (`attributes` sent, else the known person's current ones).
 */
export function importResponses(deps: Deps, surveyKey: string | null, body: unknown): BatchResult {
  const surveys = surveysRepo(deps.db);
  if (surveyKey && !surveys.byKey(surveyKey)) throw notFound(`Survey "${surveyKey}"`);
  const items = parseBatch(responseImportItem, body, 'responses');
  const directory = directoryRepo(deps.db);
  const problems = new BatchProblems();
  const surveyCache = new Map<string, { survey: Survey; questions: SurveyQuestion[] } | null>();
  const teamCache = new Map<string, number | null>();
  const prepared: Prepared[] = [];

  items.forEach((item, index) => {
    if (surveyKey && item.survey && item.survey !== surveyKey) {
      problems.add(index, 'survey', `names "${item.survey}" but this route imports into "${surveyKey}"`);
    }
    const key = surveyKey ?? item.survey;
    if (!key) return problems.add(index, 'survey', 'is required (or pass --survey KEY)');
    if (!surveyCache.has(key)) {
      const s = surveys.byKey(key);
      surveyCache.set(key, s ? { survey: s, questions: surveys.questions(s.id) } : null);
    }
    const found = surveyCache.get(key);
    if (!found) return problems.add(index, 'survey', `unknown survey key "${key}"`);
    if (!teamCache.has(item.team)) teamCache.set(item.team, directory.teamByKey(item.team)?.id ?? null);
    const teamId = teamCache.get(item.team);
    if (!teamId) problems.add(index, 'team', `unknown team key "${item.team}"`);

    let values: Map<string, AnswerValue>;
    try {
      values = validateAnswers(
        found.questions.map((q) => ({ ...q, required: false })),
        item.answers,
        { enforceRequired: false, prefix: 'answers.', index },
      );
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      for (const d of err.details) problems.add(index, d.field, d.message);
      return;
    }
    if (!teamId) return;
    const respondent = importedRespondent(deps, item.respondent, directory);
    const idOf = new Map(found.questions.map((q) => [q.key, q.questionId]));
    prepared.push({
      survey: found.survey,
      teamId,
      respondent,
      submittedAt: item.submitted_at,
      externalId: item.id ?? `derived:${sha256(`${respondent}|${item.submitted_at}`)}`,
      answers: [...values].map(([k, v]) => ({ questionId: idOf.get(k)!, num: v.num, text: v.text })),
      attributes: importedSnapshot(deps, item, directory),
    });
  });
  problems.throwIfAny();

  const repo = responsesRepo(deps.db);
  const attributes = attributesRepo(deps.db);
  const reportable = new Set(reportableKeys(deps));
  const now = deps.now().toISOString();
  let duplicates = 0;
  deps.db.transaction(() => {
    for (const p of prepared) {
      // A fully anonymous survey keeps only the keys that may slice reports (as a form answer does).
      const snapshot = p.survey.fullyAnonymous ? p.attributes.filter((a) => reportable.has(a.key)) : p.attributes;
      const existing = repo.byExternalId(p.survey.id, p.externalId);
      const fields = {
        respondent: p.survey.fullyAnonymous ? null : p.respondent,
        teamId: p.teamId,
        submittedAt: p.submittedAt,
        source: 'import' as const,
      };
      if (existing) {
        duplicates++;
        const sameHeader =
          existing.respondent === fields.respondent &&
          existing.teamId === fields.teamId &&
          existing.submittedAt === fields.submittedAt;
        // An unchanged re-import writes nothing (not even updated_at).
        if (
          sameHeader &&
          sameAnswers(repo.answers(existing.id), p.answers) &&
          sameSnapshot(attributes.responseSnapshot(existing.id), snapshot)
        )
          continue;
        repo.update(existing.id, fields, now);
        repo.replaceAnswers(existing.id, p.answers);
        attributes.replaceResponseSnapshot(existing.id, snapshot);
      } else {
        const id = repo.insert({ ...fields, surveyId: p.survey.id, runId: null, externalId: p.externalId }, now);
        repo.replaceAnswers(id, p.answers);
        attributes.replaceResponseSnapshot(id, snapshot);
      }
    }
    // Text answers are tagged with the themes with the batch, never when a report is read.
    syncCommentTags(deps);
  })();
  return { accepted: items.length, duplicates };
}
