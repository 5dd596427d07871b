import type { Deps } from '../../src/deps.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { formClient } from '../helpers/server.js';

/** eng → payments (6 people, one inactive) and checkout (3 people); ops (2 people) outside eng. */
export function seedOrg(deps: Deps): void {
  upsertTeams(deps, {
    teams: [
      { key: 'eng', name: 'Engineering' },
      { key: 'payments', name: 'Payments', parent: 'eng' },
      { key: 'checkout', name: 'Checkout', parent: 'eng' },
      { key: 'ops', name: 'Operations' },
    ],
  });
  const people = [
    ...Array.from({ length: 6 }, (_, i) => ({
      email: `pay${i}@acme.example`,
      name: `Pay ${i}`,
      team: 'payments',
      active: i !== 5,
    })),
    ...Array.from({ length: 3 }, (_, i) => ({ email: `co${i}@acme.example`, name: `Co ${i}`, team: 'checkout' })),
    ...Array.from({ length: 2 }, (_, i) => ({ email: `ops${i}@acme.example`, name: `Ops ${i}`, team: 'ops' })),
  ];
  upsertPeople(deps, { people });
}

/** A four-question survey covering likert, 0–10, hours and free text. */
export const SMALL_SURVEY = {
  key: 'mini',
  name: 'Mini pulse',
  open_days: 5,
  questions: [
    {
      key: 'build_and_test',
      text: 'Our build and test cycle is fast enough that I rarely wait on it',
      type: 'likert5',
      dimension: 'feedback_loops',
    },
    {
      key: 'recommend',
      text: 'How likely are you to recommend our internal platform to a colleague?',
      type: 'scale0_10',
      dimension: 'recommend',
    },
    {
      key: 'hours_lost',
      text: 'Last week, how many hours did you lose to friction?',
      type: 'hours_lost',
      dimension: 'friction',
    },
    { key: 'friction', text: "What slowed you down? Please don't name people.", type: 'text', dimension: 'friction' },
  ],
};

export function seedSmallSurvey(deps: Deps, overrides: Record<string, unknown> = {}): void {
  upsertSurvey(deps, { ...SMALL_SURVEY, ...overrides });
}

/** A cookie-keeping browser for public pages (survey links have no login). */
export function browser(base: string) {
  const client = formClient(base);
  return {
    jar: client.jar,
    get: client.get,
    csrfFrom: client.csrfFrom,
    post: (path: string, fields: Record<string, string>) => client.postForm(path, fields),
  };
}

/** The token at the end of a personal link. */
export const tokenOf = (url: string) => url.slice(url.lastIndexOf('/s/') + 3);
