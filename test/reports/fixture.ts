import type { Deps } from '../../src/deps.js';
import { ingestCosts, ingestDeployments } from '../../src/delivery/ingest.service.js';
import { DEVEX_QUESTIONS, surveyFactory, type FactoryQuestion } from '../helpers/survey-factory.js';

/** "Now" of every report test: the default window is the 90 days before it. */
export const NOW = '2026-03-02T10:00:00.000Z';
export const WINDOW_FROM = '2025-12-02T10:00:00.000Z';
/** Midpoint of the default window: the two halves are [from, MID) and [MID, now). */
export const MID = '2026-01-16T10:00:00.000Z';

export const REPORT_QUESTIONS: FactoryQuestion[] = [
  ...DEVEX_QUESTIONS,
  {
    key: 'release_confidence',
    type: 'likert5',
    dimension: 'ease_of_delivery',
    text: 'I am confident my changes will not break production.',
  },
];

const DAY = 86_400_000;
/** Lead time of every commit of the i-th team (0-based). */
export const leadHours = (i: number) => (i === 3 ? 50 : i === 4 ? 40 : (i + 1) * 10);
const at = (iso: string, days: number) => new Date(new Date(iso).getTime() + days * DAY).toISOString();

export interface OrgOptions {
  /** Leaf teams besides the tiny one: t01 … tNN, alternating between group-a and group-b. */
  leafTeams: number;
  /** Adds `tiny` (4 respondents) under group-b. */
  tiny?: boolean;
  /** Adds `droppy` under group-a: release_confidence 80 % favorable in the first half, 25 % in the second. */
  drop?: boolean;
}

/**
 * A generated org: team i has 6 + i respondents; its build_and_test favorability falls and its
 * median lead time rises with i (so the two are perfectly negatively associated), and every team
 * deploys and has cost data in the window.
 */
export function buildReportOrg(deps: Deps, options: OrgOptions) {
  const f = surveyFactory(deps);
  const leaves = Array.from({ length: options.leafTeams }, (_, i) => ({
    key: `t${String(i + 1).padStart(2, '0')}`,
    parent: i % 2 === 0 ? 'group-a' : 'group-b',
  }));
  f.teams([{ key: 'group-a' }, { key: 'group-b' }, ...leaves]);
  f.survey({ key: 'pulse', questions: REPORT_QUESTIONS });
  const responses: Parameters<typeof f.responses>[0] = [];
  leaves.forEach((t, i) => {
    const size = 6 + i;
    f.people(t.key, size);
    for (let p = 0; p < size; p++) {
      // Team i: favorable build_and_test for the first (size - i) people, roughly decreasing with i.
      const good = p < Math.max(1, size - 2 * i);
      responses.push({
        survey: 'pulse',
        team: t.key,
        respondent: `${t.key}-p${p}`,
        submittedAt: at(WINDOW_FROM, 10 + p),
        answers: {
          build_and_test: good ? 5 : 2,
          code_review: p % 2 ? 4 : 3,
          codebase: 4,
          deep_work: p % 3 ? 4 : 2,
          release: 4,
          release_confidence: 4,
          recommend: 8,
          hours_lost: p % 2 ? '2-4' : '1-2',
          friction: 'the pipeline is slow',
        },
      });
    }
  });
  if (options.tiny) {
    f.teams([{ key: 'tiny', parent: 'group-b' }]);
    f.people('tiny', 4);
    for (let p = 0; p < 4; p++) {
      responses.push({
        survey: 'pulse',
        team: 'tiny',
        respondent: `tiny-p${p}`,
        submittedAt: at(WINDOW_FROM, 20 + p),
        answers: {
          build_and_test: 1,
          code_review: 1,
          codebase: 1,
          deep_work: 1,
          release: 1,
          release_confidence: 1,
          recommend: 0,
          hours_lost: '8+',
          friction: 'TINYSECRET comment',
        },
      });
    }
  }
  if (options.drop) {
    f.teams([{ key: 'droppy', parent: 'group-a' }]);
    f.people('droppy', 20);
    for (let p = 0; p < 20; p++) {
      const base = {
        code_review: 4,
        codebase: 4,
        deep_work: 4,
        release: 4,
        build_and_test: 4,
        recommend: 9,
        hours_lost: '1-2',
      };
      // First half 16 of 20 favorable (80 %), second half 5 of 20 (25 %).
      responses.push({
        survey: 'pulse',
        team: 'droppy',
        respondent: `droppy-p${p}`,
        submittedAt: at(WINDOW_FROM, 5 + (p % 30)),
        answers: { ...base, release_confidence: p < 16 ? 4 : 2 },
      });
      responses.push({
        survey: 'pulse',
        team: 'droppy',
        respondent: `droppy-p${p}`,
        submittedAt: at(MID, 5 + (p % 30)),
        answers: { ...base, release_confidence: p < 5 ? 5 : 1 },
      });
    }
  }
  f.responses(responses);

  // Delivery: team i deploys 4 times; each commit waits (i + 1) × 10 hours, except that teams
  // t04 and t05 (i = 3, 4) swap lead times so the association is strong but not perfect.
  const all = [...leaves.map((t) => t.key), ...(options.tiny ? ['tiny'] : []), ...(options.drop ? ['droppy'] : [])];
  const deployments = all.flatMap((key, i) =>
    Array.from({ length: 4 }, (_, d) => {
      const finished = at(WINDOW_FROM, 20 + d * 10);
      return {
        id: `${key}-d${d}`,
        service: `${key}-svc`,
        team: key,
        finished_at: finished,
        status: d === 3 ? 'failure' : 'success',
        failure_reason: d === 3 ? 'test gap' : undefined,
        commits: [
          {
            sha: `${key}-c${d}`,
            committed_at: new Date(new Date(finished).getTime() - leadHours(i) * 3_600_000).toISOString(),
          },
        ],
      };
    }),
  );
  ingestDeployments(deps, { deployments });
  const costs = all.flatMap((key) =>
    [0, 1, 2].map((d) => ({
      date: at(WINDOW_FROM, 30 + d).slice(0, 10),
      team: key,
      cost: 100,
      cpu_requested: 10,
      cpu_used: 6,
    })),
  );
  ingestCosts(deps, { costs });
  return { leaves: leaves.map((t) => t.key), factory: f };
}
