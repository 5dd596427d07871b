import type { Deps } from '../../src/deps.js';
import { DEVEX_QUESTIONS, surveyFactory, type FactoryAnswer } from '../helpers/survey-factory.js';
import { seeded } from './drivers-reference.js';

/** Item shapes: base, slope on the respondent's mood (0–1), noise — build_and_test scores low and tracks the outcome. */
const SHAPE: Record<string, [number, number, number]> = {
  build_and_test: [0.6, 3.6, 1],
  code_review: [1.2, 3, 1.2],
  codebase: [2, 2, 2],
  deep_work: [3, 0, 3],
  release: [3.6, 1.2, 1.5],
};

/** Comments that tag platform, shared and other-owned themes. */
const COMMENTS = [
  'The build is slow and the CI pipeline queue takes forever.',
  'Flaky tests fail randomly and I rerun the pipeline all day.',
  'Too many meetings, constant interruptions in the afternoon.',
  'The docs are outdated and the documentation is hard to find.',
  'Requirements keep changing mid sprint and planning is unclear.',
];

/**
 * A generated org for key drivers and theme owners: `eng` with payments (40), checkout (55) and
 * search (45) answering two pulses, security (3, under k) once; items correlate with the 0–10
 * `recommend` outcome by SHAPE; every response comments on one of five themes (when `comments`).
 */
export function buildDriversOrg(deps: Deps, options: { comments?: boolean } = {}) {
  const f = surveyFactory(deps);
  f.teams([
    { key: 'eng', name: 'Engineering' },
    { key: 'payments', name: 'Payments', parent: 'eng' },
    { key: 'checkout', name: 'Checkout', parent: 'eng' },
    { key: 'search', name: 'Search', parent: 'eng' },
    { key: 'security', name: 'Security', parent: 'eng' },
  ]);
  f.survey({ key: 'pulse', name: 'Pulse', questions: DEVEX_QUESTIONS });
  const rand = seeded(99);
  const sizes: Record<string, number> = { payments: 40, checkout: 55, search: 45, security: 3 };
  const runs = ['2026-02-03T10:00:00Z', '2026-02-17T15:00:00Z'];
  const list: Array<Parameters<typeof f.response>[0]> = [];
  for (const [team, size] of Object.entries(sizes)) {
    // Active developers, so the value model has a capacity to split by owner.
    f.people(team, size);
    for (let i = 0; i < size; i++) {
      for (const [r, at] of runs.entries()) {
        if (team === 'security' && r === 1) continue;
        const mood = rand();
        const answers: Record<string, FactoryAnswer> = {};
        for (const [key, [base, slope, noise]] of Object.entries(SHAPE)) {
          const roll = rand();
          if (roll < 0.05) answers[key] = null;
          else if (roll > 0.95) continue;
          else answers[key] = Math.max(1, Math.min(5, Math.round(base + mood * slope + (rand() - 0.5) * noise)));
        }
        answers.recommend = Math.max(0, Math.min(10, Math.round(mood * 10 + (rand() - 0.5) * 4)));
        answers.hours_lost = mood < 0.3 ? '4-8' : '1-2';
        if (options.comments) answers.friction = COMMENTS[(i + r) % COMMENTS.length];
        list.push({ survey: 'pulse', team, respondent: `${team}-${i}`, submittedAt: at, answers });
      }
    }
  }
  f.responses(list);
  return f;
}
