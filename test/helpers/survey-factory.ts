import type { Deps } from '../../src/deps.js';
import { syncCommentTags } from '../../src/themes/taxonomy.service.js';

/**
 * Test factory for survey data: inserts teams, people, surveys with questions, runs with
 * invitations, and responses with answers straight into the database (no services), so any
 * feature's tests can set up results quickly. Missing teams are created on first use.
 *
 *   const f = surveyFactory(deps);
 *   f.teams([{ key: 'group' }, { key: 'payments', parent: 'group' }]);
 *   f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS });
 *   f.response({ survey: 'pulse', team: 'payments', respondent: 'p1', submittedAt: '2026-02-01T10:00:00Z',
 *                answers: { build_and_test: 4, not_applicable_item: null, hours_lost: '2-4', friction: 'slow CI' } });
 */

export type QuestionType = 'likert5' | 'scale0_10' | 'hours_lost' | 'choice' | 'text';

export interface FactoryQuestion {
  key: string;
  type?: QuestionType;
  dimension?: string | null;
  text?: string;
  version?: number;
  options?: string[];
}

/**
 * Answer values: likert5 1–5 or null ("not applicable"), scale0_10 0–10, hours_lost a bucket
 * label ('0', '<1', '1-2', '2-4', '4-8', '8+'), choice an option, text a string.
 */
export type FactoryAnswer = number | string | null;

export interface FactoryResponse {
  survey: string;
  team: string;
  /** a pseudonym or any stable id; null (or omitted) = fully anonymous */
  respondent?: string | null;
  submittedAt: string;
  answers: Record<string, FactoryAnswer>;
  runId?: string | null;
  source?: 'web' | 'slack' | 'import' | 'event';
}

/** Eight questions: the four core DevEx dimensions (two items each for feedback loops and flow), recommend, hours, text. */
export const DEVEX_QUESTIONS: FactoryQuestion[] = [
  {
    key: 'build_and_test',
    type: 'likert5',
    dimension: 'feedback_loops',
    text: 'Builds and tests give me feedback quickly.',
  },
  { key: 'code_review', type: 'likert5', dimension: 'feedback_loops', text: 'Code reviews are timely.' },
  { key: 'codebase', type: 'likert5', dimension: 'cognitive_load', text: 'The codebase is easy to understand.' },
  { key: 'deep_work', type: 'likert5', dimension: 'flow_state', text: 'I have enough time for deep work.' },
  { key: 'release', type: 'likert5', dimension: 'ease_of_delivery', text: 'Releasing my changes is easy.' },
  { key: 'recommend', type: 'scale0_10', dimension: 'recommend', text: 'How likely are you to recommend our tooling?' },
  { key: 'hours_lost', type: 'hours_lost', dimension: 'friction', text: 'Hours lost to friction last week?' },
  { key: 'friction', type: 'text', dimension: 'friction', text: "What slowed you down? (please don't name people)" },
];

const HOURS: Record<string, number> = { '0': 0, '<1': 0.5, '1-2': 1.5, '2-4': 3, '4-8': 6, '8+': 10 };
const NOW = '2026-01-01T00:00:00.000Z';

/** Binds the factory to one database. */
export function surveyFactory(deps: Deps) {
  const db = deps.db;
  const teamIds = new Map<string, number>();
  const surveys = new Map<string, { id: number; questions: Map<string, { id: number; type: QuestionType }> }>();
  let personSeq = 0;
  let runSeq = 0;
  const insertTeam = db.prepare(
    'INSERT INTO teams (key, name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertPerson = db.prepare(
    'INSERT INTO people (email, name, team_id, active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)',
  );
  const insertResponse = db.prepare(
    `INSERT INTO responses (survey_id, run_id, respondent, team_id, submitted_at, source, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAnswer = db.prepare(
    'INSERT INTO answers (response_id, question_id, value_num, value_text) VALUES (?, ?, ?, ?)',
  );

  const teamId = (key: string, parent?: string | null): number => {
    const cached = teamIds.get(key);
    if (cached) return cached;
    const existing = db.prepare('SELECT id FROM teams WHERE key = ?').pluck().get(key) as number | undefined;
    const id = existing ?? Number(insertTeam.run(key, key, parent ? teamId(parent) : null, NOW, NOW).lastInsertRowid);
    teamIds.set(key, id);
    return id;
  };

  const answerRow = (type: QuestionType, value: FactoryAnswer): [number | null, string | null] => {
    if (value === null) return [null, null];
    if (type === 'hours_lost') {
      if (typeof value !== 'string' || !(value in HOURS))
        throw new Error(`hours_lost answer must be a bucket label, got ${value}`);
      return [HOURS[value], value];
    }
    if (type === 'likert5' || type === 'scale0_10') return [Number(value), null];
    return [null, String(value)];
  };

  const api = {
    /** Creates teams in order (parents first); returns key → id. */
    teams(list: Array<{ key: string; name?: string; parent?: string | null }>): Map<string, number> {
      for (const t of list) {
        if (!teamIds.has(t.key)) {
          const id = Number(
            insertTeam.run(t.key, t.name ?? t.key, t.parent ? teamId(t.parent) : null, NOW, NOW).lastInsertRowid,
          );
          teamIds.set(t.key, id);
        }
      }
      return new Map(teamIds);
    },
    teamId,
    /** Adds `count` active people to a team; returns their ids. */
    people(team: string, count: number): number[] {
      const tid = teamId(team);
      return Array.from({ length: count }, () => {
        const n = ++personSeq;
        return Number(
          insertPerson.run(`person${n}.${team}@test.example`, `Person ${n}`, tid, NOW, NOW).lastInsertRowid,
        );
      });
    },
    /** Creates a survey and its questions (new question rows, or existing key+version reused). */
    survey(def: {
      key: string;
      name?: string;
      threshold?: number;
      fullyAnonymous?: boolean;
      questions: FactoryQuestion[];
    }) {
      const id = Number(
        db
          .prepare(
            `INSERT INTO surveys (key, name, kind, anonymity_threshold, fully_anonymous, created_at, updated_at)
         VALUES (?, ?, 'pulse', ?, ?, ?, ?)`,
          )
          .run(def.key, def.name ?? def.key, def.threshold ?? 5, def.fullyAnonymous ? 1 : 0, NOW, NOW).lastInsertRowid,
      );
      const questions = new Map<string, { id: number; type: QuestionType }>();
      def.questions.forEach((q, position) => {
        const type = q.type ?? 'likert5';
        const version = q.version ?? 1;
        const existing = db
          .prepare('SELECT id FROM questions WHERE key = ? AND version = ?')
          .pluck()
          .get(q.key, version) as number | undefined;
        const qid =
          existing ??
          Number(
            db
              .prepare(
                `INSERT INTO questions (key, version, text, type, dimension, options, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
              )
              .run(
                q.key,
                version,
                q.text ?? q.key,
                type,
                q.dimension ?? null,
                q.options ? JSON.stringify(q.options) : null,
                NOW,
              ).lastInsertRowid,
          );
        db.prepare('INSERT INTO survey_questions (survey_id, question_id, position) VALUES (?, ?, ?)').run(
          id,
          qid,
          position,
        );
        questions.set(q.key, { id: qid, type });
      });
      surveys.set(def.key, { id, questions });
      return { id, questionIds: new Map([...questions].map(([k, v]) => [k, v.id])) };
    },
    /** Inserts one response with its answers; returns the response id. */
    response(r: FactoryResponse): number {
      const s = surveys.get(r.survey);
      if (!s) throw new Error(`factory: create survey "${r.survey}" first`);
      const rid = Number(
        insertResponse.run(
          s.id,
          r.runId ?? null,
          r.respondent ?? null,
          teamId(r.team),
          new Date(r.submittedAt).toISOString(),
          r.source ?? 'import',
          NOW,
          NOW,
        ).lastInsertRowid,
      );
      for (const [key, value] of Object.entries(r.answers)) {
        const q = s.questions.get(key);
        if (!q) throw new Error(`factory: survey "${r.survey}" has no question "${key}"`);
        insertAnswer.run(rid, q.id, ...answerRow(q.type, value));
      }
      // Text answers are tagged with the themes when written, as submitResponse and the import do.
      if (Object.entries(r.answers).some(([key, v]) => v !== null && s.questions.get(key)!.type === 'text'))
        syncCommentTags(deps);
      return rid;
    },
    /** Inserts many responses in one transaction. */
    responses(list: FactoryResponse[]): number[] {
      return db.transaction(() => list.map((r) => api.response(r)))();
    },
    /** Opens a run with one invitation per person (team = the person's team unless given); returns the run id. */
    run(def: {
      survey: string;
      opensAt: string;
      closesAt?: string;
      invite: Array<{ personId: number; team?: string }>;
    }): string {
      const s = surveys.get(def.survey);
      if (!s) throw new Error(`factory: create survey "${def.survey}" first`);
      const id = `run_test${++runSeq}`;
      const opens = new Date(def.opensAt).toISOString();
      const closes = new Date(def.closesAt ?? new Date(new Date(def.opensAt).getTime() + 5 * 86_400_000)).toISOString();
      db.prepare(`INSERT INTO runs (id, survey_id, opens_at, closes_at, created_at) VALUES (?, ?, ?, ?, ?)`).run(
        id,
        s.id,
        opens,
        closes,
        opens,
      );
      const personTeam = db.prepare('SELECT team_id FROM people WHERE id = ?').pluck();
      const insert = db.prepare(
        'INSERT INTO invitations (run_id, person_id, team_id, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
      );
      for (const inv of def.invite) {
        const tid = inv.team ? teamId(inv.team) : (personTeam.get(inv.personId) as number);
        insert.run(id, inv.personId, tid, `hash-${id}-${inv.personId}`, opens);
      }
      return id;
    },
  };
  return api;
}

export type SurveyFactory = ReturnType<typeof surveyFactory>;
