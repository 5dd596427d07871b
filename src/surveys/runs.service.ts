import { createHmac, randomBytes } from 'node:crypto';
import { randomToken, sha256 } from '../auth/crypto.js';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { invitationKey } from '../settings/secret.js';
import { resolveTeamScope } from '../directory/directory.service.js';
import { invalid, notFound } from '../errors.js';
import { runsRepo, type Invitation, type Run, type RunQuestion } from './runs.repo.js';
import { surveysRepo, type Survey, type SurveyQuestion } from './surveys.repo.js';
import { effectiveThreshold } from './surveys.service.js';
import { DAY_MS } from '../units.js';

export interface OpenRunOptions {
  /** Team keys (parents cover their subtree); default the survey's audience; [] = everyone. */
  teams?: string[];
  opensAt?: string | Date;
  closesAt?: string | Date;
  trigger?: 'manual' | 'schedule' | 'event';
  /** Invite exactly these (active) people, e.g. for an event-triggered micro-survey. */
  personIds?: number[];
}

/**
 * The link token of an invitation: base64url(HMAC(key, "invitation:<run>:<person>:<nonce>")), the
 * key being invitationKey(deps.keys, run) (settings/secret.ts).
 * Derived rather than stored so links can be listed again (GET /runs/:id/links) while the
 * database holds only its sha256; the random nonce keeps it unguessable and replaceable.
 */
export const invitationToken = (key: string, runId: string, personId: number, nonce: string): string =>
  createHmac('sha256', key).update(`invitation:${runId}:${personId}:${nonce}`).digest('base64url');

function instantOption(value: string | Date | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw invalid([{ field, message: 'must be an ISO 8601 instant' }]);
  return d;
}

/** Which questions a run asks: every fixed question, plus `rotateCount` rotating ones round-robin. */
export function questionsForRun(survey: Survey, questions: SurveyQuestion[], runIndex: number): SurveyQuestion[] {
  const rotating = questions.filter((q) => q.rotating);
  if (survey.rotateCount <= 0 || rotating.length <= survey.rotateCount) return questions;
  const start = (runIndex * survey.rotateCount) % rotating.length;
  const asked = new Set<number>();
  for (let j = 0; j < survey.rotateCount; j++) asked.add(rotating[(start + j) % rotating.length].questionId);
  return questions.filter((q) => !q.rotating || asked.has(q.questionId));
}

/**
 * Opens a run of a survey now (or at `opensAt`) with one invitation per active person in the
 * teams (subtrees included). Returns the run id and how many people were invited.
 */
export function openRun(
  deps: Deps,
  surveyKey: string,
  options: OpenRunOptions = {},
): { runId: string; invited: number } {
  const surveys = surveysRepo(deps.db);
  const runs = runsRepo(deps.db);
  const survey = surveys.byKey(surveyKey);
  if (!survey) throw notFound(`Survey "${surveyKey}"`);

  const opensAt = instantOption(options.opensAt, 'opens_at') ?? deps.now();
  const closesAt =
    instantOption(options.closesAt, 'closes_at') ?? new Date(opensAt.getTime() + survey.openDays * DAY_MS);
  if (closesAt <= opensAt) throw invalid([{ field: 'closes_at', message: 'must be after opens_at' }]);

  const teamKeys = options.teams ?? survey.audience;
  // Explicit people are filtered by team only when teams were given (not by the survey's audience).
  const people = audienceOf(deps, options.personIds && !options.teams ? [] : teamKeys, options.personIds);

  const runId = `run_${randomBytes(9).toString('hex')}`;
  const now = deps.now().toISOString();
  const asked = questionsForRun(survey, surveys.questions(survey.id), runs.countForSurvey(survey.id));
  const invitedIds = new Set<number>();
  deps.db.transaction(() => {
    runs.insertRun(
      {
        id: runId,
        surveyId: survey.id,
        opensAt: opensAt.toISOString(),
        closesAt: closesAt.toISOString(),
        teams: teamKeys,
        trigger: options.trigger ?? 'manual',
      },
      now,
    );
    asked.forEach((q, i) => runs.addQuestion(runId, q.questionId, i + 1, q.required));
    for (const person of people) {
      if (invitedIds.has(person.id)) continue;
      invitedIds.add(person.id);
      const nonce = randomToken(16);
      const tokenHash = sha256(invitationToken(invitationKey(deps.keys, runId), runId, person.id, nonce));
      runs.insertInvitation({ runId, personId: person.id, teamId: person.teamId, tokenHash, nonce }, now);
    }
  })();
  return { runId, invited: invitedIds.size };
}

/** The active people a run sent to these team keys (subtrees included; [] = everyone) would invite. */
function audienceOf(deps: Deps, teamKeys: string[], personIds?: number[]) {
  const directory = directoryRepo(deps.db);
  let teamIds: Set<number> | null = null;
  if (teamKeys.length) {
    teamIds = new Set();
    for (const key of teamKeys) for (const id of resolveTeamScope(deps, key, 'teams').teamIds) teamIds.add(id);
  }
  if (personIds) {
    return personIds
      .map((id) => directory.personById(id))
      .filter((p) => p && p.active && (!teamIds || teamIds.has(p.teamId)))
      .map((p) => p!);
  }
  return directory.activePeopleInTeams(teamIds ? [...teamIds] : directory.teams().map((t) => t.id));
}

/**
 * What opening a run of the survey now would do, for the confirmation page: how many people
 * would be invited, until when, and which runs of the same survey are still open.
 */
export function openRunPreview(deps: Deps, surveyKey: string) {
  const survey = surveysRepo(deps.db).byKey(surveyKey);
  if (!survey) throw notFound(`Survey "${surveyKey}"`);
  const now = deps.now();
  return {
    survey,
    invited: new Set(audienceOf(deps, survey.audience).map((p) => p.id)).size,
    closesAt: new Date(now.getTime() + survey.openDays * DAY_MS).toISOString(),
    openRuns: runsRepo(deps.db)
      .openOfSurvey(survey.id, now.toISOString())
      .map((r) => ({ id: r.id, opensAt: r.opensAt, closesAt: r.closesAt })),
  };
}

/** A run, or 404. */
export function getRun(deps: Deps, runId: string): Run {
  const run = runsRepo(deps.db).byId(runId);
  if (!run) throw notFound(`Run "${runId}"`);
  return run;
}

/** The personal web link of one invitation (Slack may offer it beside the modal). */
export function personalLink(deps: Deps, runId: string, personId: number): string | null {
  const invitation = runsRepo(deps.db).invitationFor(runId, personId);
  if (!invitation?.nonce) return null;
  return `${deps.config.baseUrl.replace(/\/+$/, '')}/s/${invitationToken(invitationKey(deps.keys, runId), runId, personId, invitation.nonce)}`;
}

/** Every personal link of a run (`GET /api/v1/runs/:id/links`), for orgs that invite by e-mail. */
export function runLinks(deps: Deps, runId: string): Array<{ email: string; url: string }> {
  getRun(deps, runId);
  const base = deps.config.baseUrl.replace(/\/+$/, '');
  const key = invitationKey(deps.keys, runId);
  return runsRepo(deps.db)
    .linksForRun(runId)
    .filter((l) => l.nonce)
    .map((l) => ({ email: l.email, url: `${base}/s/${invitationToken(key, runId, l.personId, l.nonce!)}` }));
}

/** What a run is at a moment: not yet open, open, closed (on time or early), or cancelled by an admin. */
export type RunStatus = 'scheduled' | 'open' | 'closed' | 'cancelled';

/** Whether a run is not yet open, open, closed or cancelled at `now`. */
export function runState(run: Run, now: Date): RunStatus {
  if (run.lifecycle?.status === 'cancelled') return 'cancelled';
  const t = now.toISOString();
  return t < run.opensAt ? 'scheduled' : t >= run.closesAt ? 'closed' : 'open';
}

/** Runs open now in which the person is invited, with whether they answered (Slack App Home, reminders). */
export function openRunsForPerson(deps: Deps, personId: number) {
  const surveys = surveysRepo(deps.db);
  return runsRepo(deps.db)
    .openForPerson(personId, deps.now().toISOString())
    .map(({ run, responded }) => {
      const survey = surveys.byId(run.surveyId)!;
      return {
        runId: run.id,
        surveyKey: survey.key,
        surveyName: survey.name,
        opensAt: run.opensAt,
        closesAt: run.closesAt,
        answered: responded,
      };
    });
}

/** What a form for a run shows (web page and Slack modal): the run, its survey and its questions. */
export function runForm(deps: Deps, runId: string) {
  const run = getRun(deps, runId);
  const survey = surveysRepo(deps.db).byId(run.surveyId)!;
  const questions = runsRepo(deps.db).questions(runId);
  return {
    run: { ...run, state: runState(run, deps.now()) },
    survey: {
      key: survey.key,
      name: survey.name,
      kind: survey.kind,
      intro: survey.intro,
      fullyAnonymous: survey.fullyAnonymous,
      anonymityThreshold: effectiveThreshold(deps, survey),
    },
    questions: questions.map((q: RunQuestion) => ({
      key: q.key,
      text: q.text,
      type: q.type,
      dimension: q.dimension,
      options: q.options,
      required: q.required,
      help: q.help,
    })),
  };
}

/** The invitation a link token opens, or undefined (malformed or unknown token). */
export function invitationForToken(deps: Deps, token: string): Invitation | undefined {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
  return runsRepo(deps.db).invitationByTokenHash(sha256(token));
}
