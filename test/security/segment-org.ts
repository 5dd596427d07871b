import type { Deps } from '../../src/deps.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

/**
 * A generated org with people attributes for the segment tests and the privacy audit: teams
 * eng → {payments, checkout, mobile}, and ops (alone); people with a role, a location and a tenure
 * band stored with each response (response_attributes), weekly answers over twelve weeks, and some
 * people who move team or change role (or tenure band) halfway through. Deterministic (seeded).
 */
export interface SegmentOrg {
  /** Every response: its id, team key, who, when, attributes and answers. */
  responses: Array<{
    id: number;
    team: string;
    who: string;
    at: string;
    attrs: Record<string, string>;
    answers: Record<string, number | string | null | undefined>;
  }>;
  teamsUnder: Record<string, string[]>;
}

export const SEGMENT_KEYS = ['location', 'role', 'tenure'] as const;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function segmentOrg(
  deps: Deps,
  opts: { seed?: number; people?: number; start?: string; comments?: boolean } = {},
): SegmentOrg {
  const rand = rng(opts.seed ?? 7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const f = surveyFactory(deps);
  f.teams([
    { key: 'eng' },
    { key: 'payments', parent: 'eng' },
    { key: 'checkout', parent: 'eng' },
    { key: 'mobile', parent: 'eng' },
    { key: 'ops' },
  ]);
  f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS });
  const now = Date.parse(opts.start ?? '2026-01-05T00:00:00.000Z'); // a Monday
  const n = opts.people ?? 70;
  const teamsOf = ['payments', 'payments', 'checkout', 'checkout', 'mobile', 'ops', 'ops', 'eng'];
  const people = Array.from({ length: n }, (_, i) => ({
    who: `p${i}`,
    team: pick(teamsOf),
    role: pick(['backend', 'backend', 'frontend', 'mobile', 'sre']),
    location: pick(['berlin', 'berlin', 'lisbon', 'remote']),
    tenure: pick(['<6m', '6-12m', '1-2y', '2-5y', '5y+']),
    // Some people move team, change role or pass a tenure band in week 6.
    moves: rand() < 0.15 ? pick(teamsOf) : null,
    promoted: rand() < 0.1 ? 'sre' : null,
    ages: rand() < 0.2,
    answerRate: 0.5 + rand() * 0.5,
  }));
  const insert = deps.db.prepare('INSERT INTO response_attributes (response_id, key, value) VALUES (?, ?, ?)');
  const out: SegmentOrg['responses'] = [];
  deps.db.transaction(() => {
    for (let week = 0; week < 12; week++) {
      for (const p of people) {
        if (rand() > p.answerRate) continue;
        const later = week >= 6;
        const team = later && p.moves ? p.moves : p.team;
        const attrs = {
          role: later && p.promoted ? p.promoted : p.role,
          location: p.location,
          tenure: later && p.ages && p.tenure === '<6m' ? '6-12m' : p.tenure,
        };
        const newJoiner = attrs.tenure === '<6m';
        const likert = () => {
          const x = rand();
          if (x < 0.05) return null;
          const base = newJoiner ? 2 : 3.4;
          return Math.max(1, Math.min(5, Math.round(base + (rand() - 0.5) * 3)));
        };
        const at = new Date(now + week * 7 * 86_400_000 + Math.floor(rand() * 5 * 86_400_000)).toISOString();
        const answers = {
          build_and_test: likert(),
          code_review: likert(),
          codebase: likert(),
          deep_work: likert(),
          release: likert(),
          recommend: Math.floor(rand() * 11),
          hours_lost: pick(['0', '<1', '1-2', '2-4', '4-8', '8+']),
          ...(opts.comments && rand() < 0.4
            ? {
                friction: pick([
                  'the docs are out of date and onboarding took weeks',
                  'CI builds are slow and flaky tests fail',
                  'code review takes days',
                  'too many meetings interrupt deep work',
                ]),
              }
            : {}),
        };
        const id = f.response({ survey: 'pulse', team, respondent: p.who, submittedAt: at, answers });
        for (const [key, value] of Object.entries(attrs)) insert.run(id, key, value);
        out.push({ id, team, who: p.who, at, attrs, answers });
      }
    }
  })();
  const declare = deps.db.prepare(
    'INSERT INTO attribute_keys (key, label, reportable, updated_at) VALUES (?, NULL, 1, ?) ON CONFLICT (key) DO UPDATE SET reportable = 1',
  );
  for (const key of SEGMENT_KEYS) declare.run(key, '2026-01-01T00:00:00.000Z');
  return {
    responses: out,
    teamsUnder: {
      eng: ['eng', 'payments', 'checkout', 'mobile'],
      payments: ['payments'],
      checkout: ['checkout'],
      mobile: ['mobile'],
      ops: ['ops'],
    },
  };
}
