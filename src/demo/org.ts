import { demoProfiles } from './people-attributes.js';

/**
 * The demo org: Acme Engineering, three levels (org → group → team), ten leaf teams that show
 * figures (enough for percentile ranks and survey ↔ delivery associations) and one team below the
 * threshold.
 */
export const DEMO_TEAMS = [
  { key: 'product-eng', name: 'Product Engineering', parent: null },
  { key: 'platform-group', name: 'Platform Group', parent: null },
  { key: 'payments', name: 'Payments', parent: 'product-eng' },
  { key: 'checkout', name: 'Checkout', parent: 'product-eng' },
  { key: 'search', name: 'Search', parent: 'product-eng' },
  { key: 'mobile', name: 'Mobile', parent: 'product-eng' },
  { key: 'growth', name: 'Growth', parent: 'product-eng' },
  { key: 'web', name: 'Web', parent: 'product-eng' },
  { key: 'platform', name: 'Platform', parent: 'platform-group' },
  { key: 'data', name: 'Data Platform', parent: 'platform-group' },
  { key: 'identity', name: 'Identity', parent: 'platform-group' },
  { key: 'sre', name: 'Site Reliability', parent: 'platform-group' },
  // Four people: always below the default anonymity threshold of 5.
  { key: 'security', name: 'Security', parent: 'platform-group' },
];

/** Team sizes; the demo story for each team lives with the survey and delivery seeders. */
const DEMO_TEAM_SIZES: Record<string, number> = {
  payments: 22,
  checkout: 18,
  search: 16,
  mobile: 20,
  growth: 14,
  platform: 24,
  data: 17,
  identity: 15,
  web: 15,
  sre: 13,
  security: 4,
};

const FIRST = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Elif',
  'Farah',
  'Gus',
  'Hana',
  'Ivan',
  'Jia',
  'Kofi',
  'Lena',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sami',
  'Tomas',
  'Uma',
  'Vik',
  'Wen',
  'Xavi',
  'Yara',
  'Zoe',
];
const LAST = [
  'Abbott',
  'Baker',
  'Chen',
  'Diaz',
  'Eriksen',
  'Fischer',
  'Garcia',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Larsen',
  'Mensah',
  'Novak',
  'Okafor',
  'Patel',
  'Quiroga',
  'Rossi',
  'Singh',
  'Tanaka',
];

/** One demo person as `POST /api/v1/people` takes it. */
export interface DemoPerson {
  email: string;
  name: string;
  team: string;
  slack_user_id: string;
  attributes: Record<string, string>;
  start_date: string;
}

/**
 * 150+ people with stable names, e-mails and Slack ids, and HR attributes with start dates counted
 * back from `today` (the demo's today).
 */
export function demoPeople(today: Date = new Date()): DemoPerson[] {
  const people: Array<Omit<DemoPerson, 'attributes' | 'start_date'>> = [];
  let n = 0;
  for (const [team, size] of Object.entries(DEMO_TEAM_SIZES)) {
    for (let i = 0; i < size; i++, n++) {
      const first = FIRST[n % FIRST.length];
      const last = LAST[(n * 7 + Math.floor(n / FIRST.length)) % LAST.length];
      people.push({
        email: `${first}.${last}${n}@acme.example`.toLowerCase(),
        name: `${first} ${last}`,
        team,
        slack_user_id: `U${(100000 + n).toString(36).toUpperCase()}DEMO`.slice(0, 12),
      });
    }
  }
  const profiles = demoProfiles(people, today);
  return people.map((p, i) => ({ ...p, ...profiles[i] }));
}

export const DEMO_SERVICES = [
  { name: 'payments-api', team: 'payments' },
  { name: 'ledger', team: 'payments' },
  { name: 'checkout-web', team: 'checkout' },
  { name: 'cart', team: 'checkout' },
  { name: 'search-indexer', team: 'search' },
  { name: 'search-api', team: 'search' },
  { name: 'mobile-app', team: 'mobile' },
  { name: 'experiments', team: 'growth' },
  { name: 'k8s-platform', team: 'platform' },
  { name: 'ci-runners', team: 'platform' },
  { name: 'warehouse', team: 'data' },
  { name: 'auth', team: 'identity' },
  { name: 'web-frontend', team: 'web' },
  { name: 'observability', team: 'sre' },
  { name: 'vault-proxy', team: 'security' },
];
