import type { Deps } from '../../src/deps.js';
import {
  DEVEX_QUESTIONS,
  surveyFactory,
  type FactoryQuestion,
  type FactoryResponse,
} from '../helpers/survey-factory.js';
import { WINDOW_FROM } from './fixture.js';

/** Likert questions tagged with the org's own dimensions. */
export const OWN: FactoryQuestion[] = [
  { key: 'first_week', type: 'likert5', dimension: 'onboarding', text: 'My first week set me up to contribute.' },
  { key: 'docs_found', type: 'likert5', dimension: 'onboarding', text: 'I found the docs I needed.' },
  { key: 'secure_defaults', type: 'likert5', dimension: 'security', text: 'Secure defaults make my work easier.' },
];
const DAY = 86_400_000;
const at = (days: number) => new Date(new Date(WINDOW_FROM).getTime() + days * DAY).toISOString();

/**
 * Teams of 7 and 8 shown; a team of 3 under the threshold of 5, and so its smallest sibling (6) hidden too. With `own`, the survey also asks
 * the three own-dimension questions; every other answer is the same either way.
 */
export function seedOwnDimensions(deps: Deps, own: boolean) {
  const f = surveyFactory(deps);
  f.teams([
    { key: 'eng' },
    { key: 'alpha', parent: 'eng' },
    { key: 'beta', parent: 'eng' },
    { key: 'tiny', parent: 'eng' },
    { key: 'spare', parent: 'eng' },
  ]);
  f.survey({ key: 'pulse', questions: own ? [...DEVEX_QUESTIONS, ...OWN] : DEVEX_QUESTIONS });
  const responses: FactoryResponse[] = [];
  for (const [team, size] of [
    ['alpha', 7],
    ['beta', 8],
    ['spare', 6],
    ['tiny', 3],
  ] as const) {
    f.people(team, size);
    for (let p = 0; p < size; p++) {
      responses.push({
        survey: 'pulse',
        team,
        respondent: `${team}-${p}`,
        submittedAt: at(5 + p),
        answers: {
          build_and_test: p % 2 ? 4 : 2,
          code_review: 4,
          codebase: p % 3 ? 4 : 3,
          deep_work: 5,
          release: p < 2 ? 1 : 4,
          recommend: 8,
          hours_lost: '1-2',
          // alpha: onboarding 5 of 14 answers favorable, security 1 of 7; beta: 16 of 16 and 8 of 8.
          ...(own
            ? {
                first_week: team === 'alpha' ? (p < 3 ? 5 : 2) : 4,
                docs_found: team === 'alpha' ? (p < 2 ? 4 : 3) : 5,
                secure_defaults: team === 'alpha' ? (p === 0 ? 4 : 1) : 4,
              }
            : {}),
        },
      });
    }
  }
  f.responses(responses);
}
