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
}

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
  r.teams, r.trigger, r.created_at AS createdAt`;
const INV_COLS = 'i.id, i.run_id AS runId, i.person_id AS personId, i.team_id AS teamId, i.responded, i.nonce';

type RunRow = Omit<Run, 'teams'> & { teams: string };
const toRun = (r: RunRow | undefined): Run | undefined => r && { ...r, teams: JSON.parse(r.teams) as string[] };
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
    stats: db.prepare(
      `SELECT r.id AS runId,
         (SELECT COUNT(*) FROM invitations i WHERE i.run_id = r.id) AS invited,
         (SELECT COUNT(*) FROM responses x WHERE x.run_id = r.id) AS responses
       FROM runs r WHERE r.survey_id = ?`,
    ),
  };
  return {
    insertRun: (run: Omit<Run, 'surveyKey' | 'createdAt'>, now: string) =>
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
    /** Invited and response counts per run of a survey. */
    stats: (surveyId: number) =>
      new Map(
        (q.stats.all(surveyId) as Array<{ runId: string; invited: number; responses: number }>).map((r) => [
          r.runId,
          r,
        ]),
      ),
  };
}
