import { createHash } from 'node:crypto';
import { snapshotRows } from '../src/attributes/attributes.service.js';
import type { Db } from '../src/db/open.js';
import type { Deps } from '../src/deps.js';
import { invitationKey } from '../src/settings/secret.js';
import { respondentPseudonym } from '../src/privacy/pseudonym.js';
import { HOURS_BUCKETS } from '../src/surveys/responses.schema.js';
import { bankQuestion } from '../src/surveys/question-bank.js';
import { invitationToken, questionsForRun } from '../src/surveys/runs.service.js';
import { surveysRepo, type Survey, type SurveyQuestion } from '../src/surveys/surveys.repo.js';
import { upsertSurvey } from '../src/surveys/surveys.service.js';
import { comment, personName, teamKey } from './phrases.js';
import type { Profile } from './profiles.js';
import { Rng, weightedPicker } from './rng.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The generated directory, as later steps need it (ids are database ids). */
export interface Org {
  leafTeamIds: number[];
  teamKeys: Map<number, string>;
  people: Array<{ id: number; teamId: number; email: string; attributes: Record<string, string>; startDate: string }>;
  services: Array<{ id: number; teamId: number; name: string }>;
  /** Latent "health" per team: drives answers, so teams differ and change over time. */
  health: Map<number, number>;
}

/** How many teams sit on each level: a few roots, some groups, most teams are leaves. */
export function levelSizes(teams: number, depth: number): number[] {
  if (depth <= 1) return [teams];
  if (depth === 2) {
    const roots = Math.max(1, Math.round(teams * 0.15));
    return [roots, teams - roots];
  }
  const roots = Math.max(1, Math.round(teams / 30));
  const mids = Math.max(roots, Math.round(teams * 0.134));
  return [roots, mids, ...Array<number>(depth - 3).fill(mids), teams - roots - mids * (depth - 2)];
}

/**
 * Teams (hierarchy), people in the leaf teams with uneven sizes, services owned by leaf teams.
 * Written into the base schema: people's attributes and start dates (a later migration) are drawn
 * here and stored by storeAttributes once the schema is complete.
 */
export function generateDirectory(deps: Deps, p: Profile, rng: Rng): Org {
  const db = deps.db;
  const now = p.endsAt;
  const insertTeam = db.prepare(
    'INSERT INTO teams (id, key, name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertPerson =
    db.prepare(`INSERT INTO people (id, email, name, team_id, slack_user_id, active, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, 1, ?, ?)`);
  // Attributes draw from their own generator, so every other generated number stays as it was.
  const attributeRng = new Rng(`${p.seed}:attributes`);
  const insertService = db.prepare(
    'INSERT INTO services (id, name, team_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const org: Org = { leafTeamIds: [], teamKeys: new Map(), people: [], services: [], health: new Map() };

  db.transaction(() => {
    let id = 0;
    let previous: number[] = [];
    const sizes = levelSizes(p.teams, p.depth);
    sizes.forEach((count, level) => {
      const current: number[] = [];
      for (let i = 0; i < count; i++) {
        id++;
        const parent = previous.length ? previous[i % previous.length] : null;
        const key = teamKey(level === sizes.length - 1 ? 2 : level, id);
        insertTeam.run(id, key, key.replace(/-/g, ' '), parent, now, now);
        org.teamKeys.set(id, key);
        current.push(id);
      }
      previous = current;
    });
    org.leafTeamIds = previous;

    // Uneven team sizes; about one leaf in twelve is tiny (4 people) so suppression shows up.
    const leaves = org.leafTeamIds;
    const tiny = new Set(leaves.filter((_, i) => i % 12 === 5));
    const weights = leaves.map((t) => (tiny.has(t) ? 0 : rng.logNormal(1, 0.5)));
    const rest = p.headcount - tiny.size * 4;
    const total = weights.reduce((a, b) => a + b, 0);
    const sizesByTeam = leaves.map((t, i) => (tiny.has(t) ? 4 : Math.max(5, Math.floor((weights[i] / total) * rest))));
    let diff = p.headcount - sizesByTeam.reduce((a, b) => a + b, 0);
    for (let i = 0; diff !== 0; i = (i + 1) % leaves.length) {
      if (tiny.has(leaves[i])) continue;
      if (diff > 0) {
        sizesByTeam[i]++;
        diff--;
      } else if (sizesByTeam[i] > 5) {
        sizesByTeam[i]--;
        diff++;
      }
    }
    let personId = 0;
    leaves.forEach((teamId, i) => {
      org.health.set(teamId, rng.normal(0, 0.5));
      for (let j = 0; j < sizesByTeam[i]; j++) {
        personId++;
        const email = `dev${personId}@bench.example`;
        const { attributes, startDate } = benchAttributes(attributeRng, now);
        insertPerson.run(
          personId,
          email,
          personName(personId),
          teamId,
          `U${personId.toString(36).toUpperCase().padStart(8, '0')}`,
          now,
          now,
        );
        org.people.push({ id: personId, teamId, email, attributes, startDate });
      }
    });
    for (let s = 1; s <= p.services; s++) {
      const teamId = leaves[(s - 1) % leaves.length];
      const name = `svc-${org.teamKeys.get(teamId)}-${s}`;
      insertService.run(s, name, teamId, now, now);
      org.services.push({ id: s, teamId, name });
    }
  })();
  return org;
}

const ROLES = ['backend', 'frontend', 'mobile', 'data', 'sre', 'security', 'qa'];
const ROLE_WEIGHTS = [0.38, 0.24, 0.1, 0.1, 0.1, 0.04, 0.04];
const LOCATIONS = ['Berlin', 'Lisbon', 'London', 'New York', 'Bangalore', 'Remote'];
const LOCATION_WEIGHTS = [0.25, 0.15, 0.15, 0.15, 0.15, 0.15];
const LEVELS = ['junior', 'mid', 'senior', 'staff', 'principal'];
const LEVEL_WEIGHTS = [0.2, 0.38, 0.28, 0.1, 0.04];
const pickRole = weightedPicker(ROLE_WEIGHTS);
const pickLocation = weightedPicker(LOCATION_WEIGHTS);
const pickLevel = weightedPicker(LEVEL_WEIGHTS);
/** The attribute keys the bench org may slice reports by. */
export const BENCH_REPORTABLE = ['role', 'location', 'employment', 'tenure'];

/** HR attributes and a start date (up to eight years before `endsAt`) of one bench person. */
function benchAttributes(rng: Rng, endsAt: string): { attributes: Record<string, string>; startDate: string } {
  const attributes = {
    role: ROLES[pickRole(rng)],
    location: LOCATIONS[pickLocation(rng)],
    employment: rng.chance(0.15) ? 'contractor' : 'employee',
    level: LEVELS[pickLevel(rng)],
  };
  const daysAgo = Math.floor(rng.next() ** 1.6 * 8 * 365);
  return { attributes, startDate: iso(Date.parse(endsAt) - daysAgo * DAY).slice(0, 10) };
}

/** A response's or friction report's attribute rows, as the services store them. */
const snapshotOf = (person: Org['people'][number], at: string) =>
  snapshotRows({ attributes: person.attributes, startDate: person.startDate }, at);

/**
 * The weekly pulse of the bench org: four items every week, one rotating item and an optional
 * comment (≈ 5.3 answers per response, so 2 years × 10,000 people × 60 % ≈ 3.3 M answers).
 */
export const BENCH_PULSE_QUESTIONS = [
  'build_and_test',
  'deploy_ease',
  'focus_time',
  'hours_lost',
  'code_review',
  'release_confidence',
  'ci_reliability',
  'docs_findable',
  'recommend',
  'friction',
];
const ROTATING = ['code_review', 'release_confidence', 'ci_reliability', 'docs_findable', 'recommend'];

/** The pulse's definition as the survey repo reads it. */
export interface PulseDefinition {
  survey: Survey;
  questions: SurveyQuestion[];
}

/**
 * Defines the pulse through the survey service itself (questions, versions, positions). The
 * service needs the complete schema: `deps.db` is a fully migrated database (see generate.ts).
 */
export function definePulse(deps: Deps): PulseDefinition {
  upsertSurvey(deps, {
    key: 'pulse',
    name: 'Weekly pulse',
    kind: 'pulse',
    cadence: '0 10 * * 1',
    timezone: 'UTC',
    open_days: 5,
    anonymity_threshold: 5,
    rotate_count: 1,
    reminders: [48],
    questions: BENCH_PULSE_QUESTIONS.map((key) => ({ ...bankQuestion(key)!, rotating: ROTATING.includes(key) })),
  });
  const repo = surveysRepo(deps.db);
  const survey = repo.byKey('pulse')!;
  return { survey, questions: repo.questions(survey.id) };
}

/**
 * Weekly runs with an invitation per person, ~`responseRate` responses, answers and comments of
 * the `pulse` (its rows already in the database). Attribute snapshots: storeAttributes.
 */
export function generateSurveys(deps: Deps, p: Profile, rng: Rng, org: Org, pulse: PulseDefinition): void {
  const db = deps.db;
  const { survey, questions } = pulse;
  const insertRun = db.prepare(`INSERT INTO runs (id, survey_id, opens_at, closes_at, teams, trigger, created_at)
    VALUES (?, ?, ?, ?, '[]', 'schedule', ?)`);
  const insertRunQuestion = db.prepare(
    'INSERT INTO run_questions (run_id, question_id, position, required) VALUES (?, ?, ?, ?)',
  );
  const insertInvitation =
    db.prepare(`INSERT INTO invitations (run_id, person_id, team_id, token_hash, nonce, responded, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertResponse =
    db.prepare(`INSERT INTO responses (id, survey_id, run_id, respondent, team_id, submitted_at, source, external_id, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`);
  const insertAnswer = db.prepare(
    'INSERT INTO answers (response_id, question_id, value_num, value_text) VALUES (?, ?, ?, ?)',
  );

  const pseudonym = new Map(
    org.people.map((person) => [person.id, respondentPseudonym(deps.keys.pseudonym, person.id)]),
  );
  const teamRate = new Map(
    org.leafTeamIds.map((t) => [t, Math.min(0.95, Math.max(0.25, rng.normal(p.responseRate, 0.12)))]),
  );
  const propensity = org.people.map(() => rng.normal(0, 0.15));
  const questionBias = new Map(questions.map((q) => [q.questionId, rng.normal(0, 0.4)]));
  const drift = new Map(org.leafTeamIds.map((t) => [t, 0]));
  const endMs = Date.parse(p.endsAt);
  let responseId = 0;

  for (let w = 0; w < p.weeks; w++) {
    const opens = endMs - (p.weeks - w) * 7 * DAY + 10 * 3_600_000;
    const runId = `run_${rng.hex(18)}`;
    const asked = questionsForRun(survey, questions, w);
    for (const t of org.leafTeamIds) drift.set(t, drift.get(t)! * 0.9 + rng.normal(0, 0.12));
    db.transaction(() => {
      insertRun.run(runId, survey.id, iso(opens), iso(opens + 5 * DAY), iso(opens));
      asked.forEach((q, i) => insertRunQuestion.run(runId, q.questionId, i + 1, q.required ? 1 : 0));
      org.people.forEach((person, i) => {
        const nonce = rng.hex(32);
        const tokenHash = createHash('sha256')
          .update(invitationToken(invitationKey(deps.keys, runId), runId, person.id, nonce))
          .digest('hex');
        const responds = rng.chance(teamRate.get(person.teamId)! + propensity[i]);
        insertInvitation.run(runId, person.id, person.teamId, tokenHash, nonce, responds ? 1 : 0, iso(opens));
        if (!responds) return;
        const at = iso(opens + Math.floor(rng.next() * 4 * DAY));
        responseId++;
        insertResponse.run(
          responseId,
          survey.id,
          runId,
          pseudonym.get(person.id),
          person.teamId,
          at,
          rng.chance(0.7) ? 'slack' : 'web',
          at,
          at,
        );
        const mood = org.health.get(person.teamId)! + drift.get(person.teamId)!;
        for (const q of asked) {
          const [num, text] = answerValue(rng, q.type, mood + questionBias.get(q.questionId)!, p.commentRate);
          if (num === undefined) continue;
          insertAnswer.run(responseId, q.questionId, num, text);
        }
      });
    })();
  }
}

/** One answer [value_num, value_text] as the survey service stores it; undefined = skipped. */
function answerValue(
  rng: Rng,
  type: string,
  mood: number,
  commentRate: number,
): [number | null | undefined, string | null] {
  switch (type) {
    case 'likert5':
      if (rng.chance(0.03)) return [null, null];
      return [Math.min(5, Math.max(1, Math.round(3.3 + mood + rng.normal(0, 1)))), null];
    case 'scale0_10':
      return [Math.min(10, Math.max(0, Math.round(7 + 1.5 * mood + rng.normal(0, 2)))), null];
    case 'hours_lost': {
      const b = HOURS_BUCKETS[Math.min(5, Math.max(0, Math.round(2 - mood + rng.normal(0, 1.2))))];
      return [b.midpoint, b.label];
    }
    case 'text':
      return rng.chance(commentRate) ? [null, comment(rng)] : [undefined, null];
    default:
      return [undefined, null];
  }
}

/** Friction reports sent outside surveys (Slack command, shortcut, web). */
export function generateFrictionReports(deps: Deps, p: Profile, rng: Rng, org: Org): void {
  const insert = deps.db.prepare(`INSERT INTO friction_reports (team_id, respondent, text, category, source, created_at)
    VALUES (?, ?, ?, NULL, ?, ?)`);
  const endMs = Date.parse(p.endsAt);
  const span = p.weeks * 7 * DAY;
  const times = Array.from({ length: p.frictionReports }, () => endMs - span + Math.floor(rng.next() * span)).sort(
    (a, b) => a - b,
  );
  const pickPerson = weightedPicker(org.people.map(() => 1));
  deps.db.transaction(() => {
    for (const t of times) {
      const person = org.people[pickPerson(rng)];
      const respondent = respondentPseudonym(deps.keys.pseudonym, person.id);
      insert.run(person.teamId, respondent, comment(rng), rng.pick(['slack_command', 'slack_shortcut', 'web']), iso(t));
    }
  })();
}

/**
 * People's attributes and start dates, the reportable keys, and the snapshot of each response and
 * friction report (its respondent's attributes and tenure when it was stored, as the services take
 * it): the tables and columns of a migration after the base schema, filled once it has run.
 */
export function storeAttributes(deps: Deps, p: Profile, org: Org): void {
  const db = deps.db;
  const byRespondent = new Map(
    org.people.map((person) => [respondentPseudonym(deps.keys.pseudonym, person.id), person]),
  );
  db.transaction(() => {
    const updatePerson = db.prepare('UPDATE people SET attributes = ?, start_date = ? WHERE id = ?');
    for (const person of org.people) updatePerson.run(JSON.stringify(person.attributes), person.startDate, person.id);
    const insertKey = db.prepare(
      'INSERT INTO attribute_keys (key, label, reportable, updated_at) VALUES (?, NULL, 1, ?)',
    );
    for (const key of BENCH_REPORTABLE) insertKey.run(key, p.endsAt);
  })();
  snapshotRowsOf(db, byRespondent, 'responses', 'submitted_at', 'response_attributes', 'response_id');
  snapshotRowsOf(db, byRespondent, 'friction_reports', 'created_at', 'friction_report_attributes', 'report_id');
}

/** The snapshot of every row of `source` (by its respondent at its `at` column), in id order and batches. */
function snapshotRowsOf(
  db: Db,
  byRespondent: Map<string, Org['people'][number]>,
  source: string,
  at: string,
  table: string,
  idColumn: string,
): void {
  const BATCH = 20_000;
  const read = db.prepare(`SELECT id, respondent, ${at} AS at FROM ${source} WHERE id > ? ORDER BY id LIMIT ${BATCH}`);
  const insert = db.prepare(`INSERT INTO ${table} (${idColumn}, key, value) VALUES (?, ?, ?)`);
  for (let after = 0; ;) {
    const rows = read.all(after) as Array<{ id: number; respondent: string; at: string }>;
    if (rows.length === 0) break;
    db.transaction(() => {
      for (const row of rows) {
        const person = byRespondent.get(row.respondent)!;
        for (const a of snapshotOf(person, row.at)) insert.run(row.id, a.key, a.value);
      }
    })();
    after = rows[rows.length - 1].id;
  }
}
