import type { Db } from '../db/open.js';
import type { Question } from './questions.repo.js';
import { perDatabase } from '../db/per-database.js';

/** One opening of a survey for a set of people. */
export interface Run {
  id: string;
  surveyId: number;
  surveyKey: string;
  opensAt: string;
  closesAt: string;
  /** Team keys the run was sent to; [] = everyone. */
  teams: string[];
  trigger: 'manual' | 'schedule' | 'event';
  createdAt: string;
  /** Set when an admin closed the run early or cancelled it (closesAt then holds when that happened). */
  lifecycle: RunLifecycle | null;
}

/** An admin's close or cancel of a run, and the closing time it had before. */
export interface RunLifecycle {
  status: 'closed' | 'cancelled';
  at: string;
  plannedClosesAt: string;
}

/**
 * Where a run's lifecycle is kept: a settings row per run (`run_lifecycle:<run id>`, JSON). The
 * run's own `closes_at` is moved to the moment of closing, so everything that reads the window
 * (form, Slack, outbox, reminders) stops by itself; the row only says why, and marks cancellation.
 */
const RUN_LIFECYCLE_PREFIX = 'run_lifecycle:';

/** SQL condition: the run `alias` was not cancelled (cancelled runs count in no participation). */
export const runNotCancelled = (alias: string) =>
  `NOT EXISTS (SELECT 1 FROM settings st WHERE st.key = '${RUN_LIFECYCLE_PREFIX}' || ${alias}.id
     AND json_extract(st.value, '$.status') = 'cancelled')`;

/** A question as asked in one run. */
export interface RunQuestion extends Omit<Question, 'id'> {
  questionId: number;
  position: number;
  required: boolean;
}

/** Who was asked in a run; never what they answered. */
export interface Invitation {
  id: number;
  runId: string;
  personId: number;
  teamId: number;
  responded: boolean;
  nonce: string | null;
}

const RUN_COLS = `r.id, r.survey_id AS surveyId, s.key AS surveyKey, r.opens_at AS opensAt, r.closes_at AS closesAt,
  r.teams, r.trigger, r.created_at AS createdAt,
  (SELECT st.value FROM settings st WHERE st.key = '${RUN_LIFECYCLE_PREFIX}' || r.id) AS lifecycle`;
const INV_COLS = 'i.id, i.run_id AS runId, i.person_id AS personId, i.team_id AS teamId, i.responded, i.nonce';

type RunRow = Omit<Run, 'teams' | 'lifecycle'> & { teams: string; lifecycle: string | null };
const toRun = (r: RunRow | undefined): Run | undefined =>
  r && {
    ...r,
    teams: JSON.parse(r.teams) as string[],
    lifecycle: r.lifecycle ? (JSON.parse(r.lifecycle) as RunLifecycle) : null,
  };
type InvRow = Omit<Invitation, 'responded'> & { responded: number };
const toInvitation = (r: InvRow | undefined): Invitation | undefined => r && { ...r, responded: r.responded === 1 };
type RqRow = Omit<RunQuestion, 'options' | 'required'> & { options: string | null; required: number };

/** All SQL for runs, the questions each run asks, and invitations. Statements are prepared once per database. */
export const runsRepo = perDatabase(build);

function build(db: Db) {
  const q = {
    insertRun: db.prepare(
      `INSERT INTO runs (id, survey_id, opens_at, closes_at, teams, trigger, created_at)
       VALUES (@id, @surveyId, @opensAt, @closesAt, @teams, @trigger, @now)`,
    ),
    addQuestion: db.prepare('INSERT INTO run_questions (run_id, question_id, position, required) VALUES (?, ?, ?, ?)'),
    insertInvitation: db.prepare(
      `INSERT INTO invitations (run_id, person_id, team_id, token_hash, nonce, responded, created_at)
       VALUES (?, ?, ?, ?, ?, 0, ?)`,
    ),
    byId: db.prepare(`SELECT ${RUN_COLS} FROM runs r JOIN surveys s ON s.id = r.survey_id WHERE r.id = ?`),
    forSurvey: db.prepare(
      `SELECT ${RUN_COLS} FROM runs r JOIN surveys s ON s.id = r.survey_id WHERE r.survey_id = ? ORDER BY r.opens_at DESC`,
    ),
    countForSurvey: db.prepare('SELECT COUNT(*) FROM runs WHERE survey_id = ?').pluck(),
    questions: db.prepare(
      `SELECT q.id AS questionId, q.key, q.version, q.text, q.type, q.dimension, q.options, q.help, rq.position, rq.required
       FROM run_questions rq JOIN questions q ON q.id = rq.question_id WHERE rq.run_id = ? ORDER BY rq.position`,
    ),
    invitationByHash: db.prepare(`SELECT ${INV_COLS} FROM invitations i WHERE i.token_hash = ?`),
    invitationFor: db.prepare(`SELECT ${INV_COLS} FROM invitations i WHERE i.run_id = ? AND i.person_id = ?`),
    markResponded: db.prepare('UPDATE invitations SET responded = 1 WHERE id = ?'),
    linksForRun: db.prepare(
      `SELECT i.person_id AS personId, i.nonce, p.email FROM invitations i JOIN people p ON p.id = i.person_id
       WHERE i.run_id = ? ORDER BY p.email`,
    ),
    openForPerson: db.prepare(
      `SELECT ${RUN_COLS}, i.responded FROM invitations i JOIN runs r ON r.id = i.run_id JOIN surveys s ON s.id = r.survey_id
       WHERE i.person_id = ? AND r.opens_at <= ? AND r.closes_at > ? ORDER BY r.closes_at`,
    ),
    openedIn: db.prepare(
      `SELECT ${RUN_COLS} FROM runs r JOIN surveys s ON s.id = r.survey_id
       WHERE r.survey_id = ? AND r.opens_at >= ? AND r.opens_at < ? ORDER BY r.opens_at DESC, r.id`,
    ),
    openOfSurvey: db.prepare(
      `SELECT ${RUN_COLS} FROM runs r JOIN surveys s ON s.id = r.survey_id
       WHERE r.survey_id = ? AND r.opens_at <= ? AND r.closes_at > ? ORDER BY r.opens_at`,
    ),
    invitedByTeam: db.prepare(
      `SELECT run_id AS runId, team_id AS teamId, COUNT(*) AS n FROM invitations
       WHERE run_id IN (SELECT value FROM json_each(?)) GROUP BY run_id, team_id`,
    ),
    answeredByTeam: db.prepare(
      `SELECT run_id AS runId, team_id AS teamId, COUNT(*) AS n FROM responses
       WHERE run_id IN (SELECT value FROM json_each(?)) GROUP BY run_id, team_id`,
    ),
    responseCount: db.prepare('SELECT COUNT(*) FROM responses WHERE run_id = ?').pluck(),
    setClosesAt: db.prepare('UPDATE runs SET closes_at = ? WHERE id = ?'),
    setLifecycle: db.prepare(
      `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
  };
  type TeamCount = { runId: string; teamId: number; n: number };
  return {
    insertRun: (run: Omit<Run, 'surveyKey' | 'createdAt' | 'lifecycle'>, now: string) =>
      q.insertRun.run({ ...run, teams: JSON.stringify(run.teams), now }),
    addQuestion: (runId: string, questionId: number, position: number, required: boolean) =>
      q.addQuestion.run(runId, questionId, position, required ? 1 : 0),
    insertInvitation: (
      inv: { runId: string; personId: number; teamId: number; tokenHash: string; nonce: string },
      now: string,
    ) => q.insertInvitation.run(inv.runId, inv.personId, inv.teamId, inv.tokenHash, inv.nonce, now),
    byId: (id: string) => toRun(q.byId.get(id) as RunRow | undefined),
    forSurvey: (surveyId: number) => (q.forSurvey.all(surveyId) as RunRow[]).map((r) => toRun(r)!),
    countForSurvey: (surveyId: number) => q.countForSurvey.get(surveyId) as number,
    questions: (runId: string): RunQuestion[] =>
      (q.questions.all(runId) as RqRow[]).map((r) => ({
        ...r,
        options: r.options ? (JSON.parse(r.options) as string[]) : null,
        required: r.required === 1,
      })),
    invitationByTokenHash: (hash: string) => toInvitation(q.invitationByHash.get(hash) as InvRow | undefined),
    invitationFor: (runId: string, personId: number) =>
      toInvitation(q.invitationFor.get(runId, personId) as InvRow | undefined),
    markResponded: (invitationId: number) => q.markResponded.run(invitationId),
    linksForRun: (runId: string) =>
      q.linksForRun.all(runId) as Array<{ personId: number; nonce: string | null; email: string }>,
    openForPerson: (personId: number, now: string) =>
      (q.openForPerson.all(personId, now, now) as Array<RunRow & { responded: number }>).map((r) => ({
        run: toRun(r)!,
        responded: r.responded === 1,
      })),
    /** Runs of a survey that opened in [from, to), newest first. */
    openedIn: (surveyId: number, from: string, to: string) =>
      (q.openedIn.all(surveyId, from, to) as RunRow[]).map((r) => toRun(r)!),
    /** Runs of a survey open at `now`. */
    openOfSurvey: (surveyId: number, now: string) =>
      (q.openOfSurvey.all(surveyId, now, now) as RunRow[]).map((r) => toRun(r)!),
    /** Invitations per run and team (the team a person was invited in). */
    invitedByTeam: (runIds: readonly string[]) => q.invitedByTeam.all(JSON.stringify(runIds)) as TeamCount[],
    /** Responses per run and team: each person answers a run at most once, so these count people. */
    answeredByTeam: (runIds: readonly string[]) => q.answeredByTeam.all(JSON.stringify(runIds)) as TeamCount[],
    responseCount: (runId: string) => q.responseCount.get(runId) as number,
    /** Closes or cancels a run now: its window ends at `at`, and the lifecycle row says why. */
    endRun: (runId: string, lifecycle: RunLifecycle) => {
      q.setClosesAt.run(lifecycle.at, runId);
      q.setLifecycle.run(`${RUN_LIFECYCLE_PREFIX}${runId}`, JSON.stringify(lifecycle), lifecycle.at);
    },
  };
}
