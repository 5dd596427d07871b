import { seededRandom } from './random.js';
import { DAY_MS } from '../units.js';

/** The attribute keys of demo people that slice reports, with their labels (tenure is derived). */
export const DEMO_REPORTABLE = [
  { key: 'role', label: 'Role' },
  { key: 'location', label: 'Location' },
  { key: 'employment', label: 'Employment' },
  { key: 'tenure', label: 'Tenure' },
];

/** Roles by team (weights): product teams mix backend and frontend, platform teams are mostly SRE. */
const ROLES: Record<string, Array<[string, number]>> = {
  payments: [
    ['backend', 0.65],
    ['frontend', 0.2],
    ['sre', 0.15],
  ],
  checkout: [
    ['frontend', 0.5],
    ['backend', 0.5],
  ],
  search: [
    ['backend', 0.6],
    ['data', 0.25],
    ['frontend', 0.15],
  ],
  mobile: [
    ['mobile', 0.8],
    ['backend', 0.2],
  ],
  growth: [
    ['frontend', 0.45],
    ['backend', 0.35],
    ['data', 0.2],
  ],
  web: [
    ['frontend', 0.85],
    ['backend', 0.15],
  ],
  platform: [
    ['sre', 0.5],
    ['backend', 0.5],
  ],
  data: [
    ['data', 0.8],
    ['backend', 0.2],
  ],
  identity: [
    ['backend', 0.75],
    ['security', 0.25],
  ],
  sre: [['sre', 1]],
  security: [['security', 1]],
};
const LOCATIONS: Array<[string, number]> = [
  ['Berlin', 0.4],
  ['Lisbon', 0.25],
  ['London', 0.2],
  ['Remote', 0.15],
];
const LEVELS: Array<[string, number]> = [
  ['junior', 0.2],
  ['mid', 0.4],
  ['senior', 0.3],
  ['staff', 0.1],
];
/** Days since starting, by share of people: a steady hiring pace over eight years, a few new joiners every month. */
const TENURE_DAYS: Array<[number, number, number]> = [
  // [share, from days ago, to days ago]
  [0.1, 10, 180],
  [0.1, 180, 365],
  [0.2, 365, 730],
  [0.42, 730, 1826],
  [0.18, 1826, 2900],
];
/** Platform doubled this half-year: this many of its people joined in the last six months. */
const PLATFORM_NEW_JOINERS = 10;

function weighted<T>(random: () => number, choices: Array<[T, number]>): T {
  let r = random();
  for (const [value, weight] of choices) {
    if ((r -= weight) < 0) return value;
  }
  return choices[choices.length - 1][0];
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * HR attributes and a start date for each demo person (in the order given): role by team, office,
 * employment type, level, and start dates spread over eight years with a few joiners every month
 * and a hiring wave in Platform. Its own seeded generator, so the other demo stories draw the
 * same numbers as before.
 */
export function demoProfiles(
  people: Array<{ team: string }>,
  today: Date,
): Array<{ attributes: Record<string, string>; start_date: string }> {
  const random = seededRandom(20261203);
  let platformSeen = 0;
  return people.map(({ team }) => {
    const attributes = {
      role: weighted(random, ROLES[team] ?? [['backend', 1]]),
      location: weighted(random, LOCATIONS),
      employment: random() < 0.15 ? 'contractor' : 'employee',
      level: weighted(random, LEVELS),
    };
    const band = weighted(
      random,
      TENURE_DAYS.map(([share, from, to]) => [[from, to] as const, share]),
    );
    let daysAgo = band[0] + random() * (band[1] - band[0]);
    if (team === 'platform' && platformSeen++ < PLATFORM_NEW_JOINERS) daysAgo = 20 + random() * 150;
    return { attributes, start_date: dateOf(today.getTime() - Math.round(daysAgo) * DAY_MS) };
  });
}
