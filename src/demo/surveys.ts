import { attributesRepo } from '../attributes/attributes.repo.js';
import { snapshotRows, writeResponseSnapshot } from '../attributes/attributes.service.js';
import { tenureBand } from '../attributes/tenure.js';
import { directoryRepo, type Person } from '../directory/directory.repo.js';
import { QUESTION_BANK } from '../surveys/question-bank.js';
import { HOURS_BUCKETS } from '../surveys/responses.schema.js';
import { responsesRepo } from '../surveys/responses.repo.js';
import { respondentPseudonym } from '../privacy/pseudonym.js';
import { runsRepo, type RunQuestion } from '../surveys/runs.repo.js';
import { openRun } from '../surveys/runs.service.js';
import { DEFAULT_PULSE, ensureDefaultSurveys, upsertSurvey } from '../surveys/surveys.service.js';
import { seededRandom } from './random.js';
import type { DemoContext } from './seed.js';
import { EMERGING_COMMENTS, MIXED_COMMENTS, NEW_JOINER_COMMENTS, TEAM_STORIES } from './survey-comments.js';
import { DAY_MS } from '../units.js';

const RUNS = 14; // biweekly over 26 weeks
const OPEN_DAYS = 5;

/** Mean Likert score per team and question where it departs from the org's 3.7. */
const TEAM_MEANS: Record<string, Record<string, number>> = {
  payments: { build_and_test: 2.6, ci_reliability: 2.4, deploy_ease: 3.1, release_confidence: 3.0 },
  checkout: { code_review: 2.7, focus_time: 3.2 },
  search: { docs_findable: 2.5 },
  platform: { env_access: 2.2, deploy_ease: 3.0, release_confidence: 3.2 },
  mobile: { release_confidence: 2.4, deploy_ease: 2.4 },
  data: { focus_time: 3.0, deploy_ease: 3.1, docs_findable: 3.2 },
  growth: { build_and_test: 4.0, deploy_ease: 4.2, docs_findable: 3.9 },
  identity: { focus_time: 3.3 },
  web: { build_and_test: 4.1, ci_reliability: 4.0, deploy_ease: 4.0, release_confidence: 3.9 },
  sre: { env_access: 3.3, focus_time: 2.9, build_and_test: 3.4, release_confidence: 3.5 },
};
/**
 * The new-joiner story: people in their first six months (tenure `<6m` when they answer) rate
 * finding documentation and getting up to speed this much lower than everyone else.
 */
const NEW_JOINER_GAP: Record<string, number> = { docs_findable: -1.5, onboarding: -1.7 };

/** The demo's pulse: the default one plus the onboarding item every week, next to the docs item. */
const DEMO_PULSE = {
  ...DEFAULT_PULSE,
  intro: 'Nine quick questions, about two minutes. Answers are only ever shown for groups of five or more people.',
  questions: DEFAULT_PULSE.questions.flatMap((q) =>
    q.key === 'docs_findable' ? [q, { ...QUESTION_BANK.find((b) => b.key === 'onboarding')!, rotating: false }] : [q],
  ),
};

/** Typical hours lost per week (the median respondent) and the 0–10 recommend mean. */
const TEAM_HOURS: Record<string, number> = {
  payments: 4.5,
  platform: 3.5,
  checkout: 3,
  mobile: 3,
  search: 2.5,
  data: 3,
};
const TEAM_RECOMMEND: Record<string, number> = {
  payments: 5.6,
  platform: 6.4,
  mobile: 6.2,
  growth: 8.1,
  checkout: 6.9,
};

/** Standard normal from the seeded generator (Box–Muller). */
function normal(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The story over time: search's docs improve in the last six weeks (docs portal relaunch),
 * checkout's reviews slowly get worse, payments' CI dips further in the last two months.
 */
function meanFor(team: string, key: string, runIndex: number): number {
  let mu = TEAM_MEANS[team]?.[key] ?? 3.7;
  if (team === 'search' && key === 'docs_findable' && runIndex >= RUNS - 3) mu = 3.6;
  if (team === 'checkout' && key === 'code_review') mu -= runIndex * 0.02;
  if (team === 'payments' && (key === 'build_and_test' || key === 'ci_reliability') && runIndex >= RUNS - 4) mu -= 0.3;
  return mu;
}

function hoursBucket(hours: number): string {
  if (hours < 0.25) return '0';
  if (hours < 1) return '<1';
  if (hours < 2) return '1-2';
  if (hours < 4) return '2-4';
  if (hours < 8) return '4-8';
  return '8+';
}

function comment(random: () => number, team: string, runIndex: number): string | null {
  if (random() > 0.45) return null;
  const recent = runIndex >= RUNS - 4;
  const r = random();
  if (recent && r < 0.2) return pick(random, EMERGING_COMMENTS);
  if (r < 0.68) {
    if (team === 'search' && runIndex >= RUNS - 3 && random() < 0.7) return pick(random, TEAM_STORIES.search_recent);
    return pick(random, TEAM_STORIES[team] ?? MIXED_COMMENTS);
  }
  return pick(random, MIXED_COMMENTS);
}

function answerFor(ctx: DemoContext, q: RunQuestion, team: string, bias: number, runIndex: number, newJoiner: boolean) {
  const { random } = ctx;
  switch (q.type) {
    case 'likert5': {
      if (random() < 0.03) return { num: null, text: null };
      // Search's docs portal relaunch (the last three runs) fixed finding docs for its newcomers too.
      const relaunched = team === 'search' && q.key === 'docs_findable' && runIndex >= RUNS - 3;
      const gap = newJoiner && !relaunched ? (NEW_JOINER_GAP[q.key] ?? 0) : 0;
      return {
        num: clamp(Math.round(meanFor(team, q.key, runIndex) + gap + bias + normal(random) * 0.85), 1, 5),
        text: null,
      };
    }
    case 'scale0_10':
      return {
        num: clamp(Math.round((TEAM_RECOMMEND[team] ?? 7.3) + bias * 2 + normal(random) * 1.8), 0, 10),
        text: null,
      };
    case 'hours_lost': {
      const median = (TEAM_HOURS[team] ?? 1.6) * (team === 'search' && runIndex >= RUNS - 3 ? 0.6 : 1);
      const label = hoursBucket(median * Math.exp(normal(random) * 0.75 - bias * 0.5));
      return { num: HOURS_BUCKETS.find((b) => b.label === label)!.midpoint, text: label };
    }
    case 'text': {
      const text = comment(random, team, runIndex);
      return text ? { num: null, text } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Demo survey history: 14 biweekly pulse runs over 26 weeks (the last one still open), about
 * 60–75 % of invited people answering, with scores and comments that tell each team's story,
 * and each response's attribute snapshot: people in their first six months struggle with docs
 * and onboarding.
 */
export function seedSurveys(ctx: DemoContext): void {
  const { deps, random } = ctx;
  if (ensureDefaultSurveys(deps)) upsertSurvey(deps, DEMO_PULSE);
  const directory = directoryRepo(deps.db);
  const profiles = attributesRepo(deps.db).peopleAttributes();
  // The new joiners' comments draw from their own generator: every other story keeps its numbers.
  const joinerRandom = seededRandom(20261204);
  const runs = runsRepo(deps.db);
  const responses = responsesRepo(deps.db);
  const people = new Map<number, Person>(directory.people().map((p) => [p.id, p]));
  // Each person has a steady propensity to answer and a steady mood.
  const propensity = new Map([...people.keys()].map((id) => [id, clamp(0.68 + normal(random) * 0.18, 0.25, 0.98)]));
  const bias = new Map([...people.keys()].map((id) => [id, normal(random) * 0.35]));
  const pseudonyms = new Map([...people.keys()].map((id) => [id, respondentPseudonym(deps.keys.pseudonym, id)]));

  const today = ctx.today;
  const lastMonday = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 10));
  do lastMonday.setUTCDate(lastMonday.getUTCDate() - 1);
  while (lastMonday.getUTCDay() !== 1);

  deps.db.transaction(() => {
    for (let k = 0; k < RUNS; k++) {
      const opensAt = new Date(lastMonday.getTime() - (RUNS - 1 - k) * 14 * DAY_MS);
      const closesAt = new Date(opensAt.getTime() + OPEN_DAYS * DAY_MS);
      // Only people who had started by then are invited.
      const started = [...people.values()].filter(
        (p) => p.active && (profiles.get(p.id)?.startDate ?? '') <= opensAt.toISOString().slice(0, 10),
      );
      const { runId } = openRun(deps, 'pulse', {
        opensAt,
        closesAt,
        trigger: 'schedule',
        personIds: started.map((p) => p.id),
      });
      const questions = runs.questions(runId);
      const surveyId = runs.byId(runId)!.surveyId;
      const open = closesAt > today;
      const elapsed = open ? clamp((today.getTime() - opensAt.getTime()) / (OPEN_DAYS * DAY_MS), 0.1, 1) : 1;
      for (const person of people.values()) {
        if (!person.active) continue;
        const invitation = runs.invitationFor(runId, person.id);
        if (!invitation || random() > propensity.get(person.id)! * (open ? 0.7 * elapsed + 0.1 : 1)) continue;
        // Most answers arrive on the first day, a few after the reminder.
        const offset = Math.min(
          random() ** 2 * OPEN_DAYS * DAY_MS * elapsed,
          today.getTime() - opensAt.getTime() - 60_000,
        );
        const submittedAt = new Date(opensAt.getTime() + Math.max(offset, 60_000)).toISOString();
        const team = person.teamKey;
        const profile = profiles.get(person.id);
        const newJoiner = tenureBand(profile?.startDate, submittedAt) === '<6m';
        const answers = questions.flatMap((q) => {
          const value = answerFor(ctx, q, team, bias.get(person.id)!, k, newJoiner);
          if (value?.text && newJoiner && joinerRandom() < 0.6)
            value.text = NEW_JOINER_COMMENTS[Math.floor(joinerRandom() * NEW_JOINER_COMMENTS.length)];
          return value ? [{ questionId: q.questionId, ...value }] : [];
        });
        const responseId = responses.insert(
          {
            surveyId,
            runId,
            respondent: pseudonyms.get(person.id)!,
            teamId: invitation.teamId,
            submittedAt,
            source: random() < 0.7 ? 'slack' : 'web',
            externalId: null,
          },
          submittedAt,
        );
        responses.replaceAnswers(responseId, answers);
        writeResponseSnapshot(deps, responseId, snapshotRows(profile, submittedAt));
        runs.markResponded(invitation.id);
      }
    }
  })();
}
