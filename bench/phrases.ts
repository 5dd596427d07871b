import type { Rng } from './rng.js';

/**
 * Free-text friction comments built from a varied phrase pool: topic sentences that the default
 * taxonomy recognises (CI, flaky tests, review, environments, …), topics it does not (so emerging
 * phrases have something to find), openers, consequences and the odd e-mail or @mention that the
 * redaction must catch before a quote is shown.
 */
const TOPICS: readonly string[] = [
  // CI and builds
  'the build takes forever on the main branch',
  'our build times doubled since the monorepo move',
  'waiting for ci to go green',
  'the pipeline queue is backed up every afternoon',
  'gradle builds are painfully slow',
  'broken build on main again',
  // Flaky tests
  'flaky tests keep failing for no reason',
  'had to rerun the pipeline three times',
  'e2e tests fail randomly',
  'the test suite is unreliable and passes locally',
  'intermittent failures in the integration tests',
  // Code review
  'waiting for a code review for two days',
  'prs sit for days without a reviewer',
  'pull requests need two approvals from another timezone',
  'review turnaround is slow',
  'stuck in review while the context fades',
  // Environments and access
  'staging is broken most mornings',
  'waiting on access to the production logs',
  'the vpn keeps disconnecting',
  'no access to the shared test environment',
  'permissions requests take a week',
  // Deployment and release
  'the release process is manual and scary',
  'deploys are blocked by the change freeze',
  'a rollback took the whole afternoon',
  'the release train left without my fix',
  'feature flags are hard to clean up',
  // Documentation
  'docs are outdated for the payments api',
  'couldnt find the docs for the new queue',
  'the runbook is out of date',
  'so much tribal knowledge that is not written down',
  'the wiki has three conflicting pages',
  // On-call
  'on call was brutal with noisy alerts',
  'paged in the middle of the night twice',
  'alert fatigue from the legacy monitors',
  'an incident ate most of the sprint',
  'firefighting instead of planned work',
  // Meetings and interruptions
  'too many meetings to get deep work done',
  'constant slack pings and context switching',
  'back to back meetings on tuesday',
  'pulled into ad hoc requests all week',
  'no focus time before the demo',
  // Requirements and planning
  'unclear requirements on the checkout epic',
  'priorities change every sprint',
  'scope creep on the migration project',
  'acceptance criteria arrived after the code',
  'last minute changes to the roadmap',
  // Dependencies on other teams
  'blocked by the platform team for a week',
  'waiting on the security team to approve',
  'depend on another team for every schema change',
  'had to file a ticket with the infra team',
  'hand offs between three teams',
  // Local tooling
  'docker compose eats my laptop',
  'the local setup broke after the upgrade',
  'hot reload stopped working in the ide',
  'running locally needs six services',
  'my macbook fans never stop',
  // Onboarding
  'onboarding took a month for the new hire',
  'new joiners cannot find the getting started guide',
  'ramp up is slow without a buddy',
  // Not in the taxonomy: material for emerging phrases
  'the expense tool logs me out',
  'jira tickets are duplicated by the bot',
  'the coffee machine queue is a real blocker',
  'license server for the profiler is down',
  'analytics dashboard timeouts',
  'mobile simulator licenses ran out',
  'the vendor sandbox rate limits us',
  'timesheet reminders every hour',
];

const OPENERS: readonly string[] = [
  '',
  '',
  '',
  'Honestly, ',
  'Again this week: ',
  'Mostly ',
  'Biggest issue: ',
  'As usual, ',
  'Ugh, ',
];
const TAILS: readonly string[] = [
  '.',
  '.',
  '.',
  ' and it cost me half a day.',
  ', which killed my flow.',
  '; it happens every week.',
  ' and nobody owns it.',
  ' so I switched tasks.',
  ', slowing the whole team.',
  '. Things improved a bit since last month.',
  '. It is getting better though.',
];
const PEOPLE_BITS: readonly string[] = [
  ' Ask @dana about it.',
  ' Mail jo.smith@example.com for details.',
  ' See https://wiki.example.com/page.',
  ' Slack <@U024BE7LH> knows more.',
];

/** One comment: one or two topics, an opener and a tail; now and then a name-ish bit to redact. */
export function comment(rng: Rng): string {
  let text = rng.pick(OPENERS) + rng.pick(TOPICS) + rng.pick(TAILS);
  if (rng.chance(0.3)) {
    const second = rng.pick(TOPICS);
    text += ` Also ${second}${rng.pick(TAILS)}`;
  }
  if (rng.chance(0.03)) text += rng.pick(PEOPLE_BITS);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Failure reasons as people type them (case and spacing vary; reports group them). */
export const FAILURE_REASONS: readonly string[] = [
  'test gap',
  'Test gap',
  'config change',
  'Config change ',
  'dependency upgrade',
  'infrastructure',
  'bad migration',
  'capacity',
  'feature flag misconfigured',
  'third-party outage',
];

const FIRST = [
  'Ana',
  'Ben',
  'Chen',
  'Dara',
  'Eli',
  'Fatima',
  'Goran',
  'Hana',
  'Ivan',
  'Jo',
  'Kemal',
  'Lea',
  'Mateo',
  'Nia',
  'Omar',
  'Priya',
];
const LAST = [
  'Silva',
  'Okafor',
  'Novak',
  'Tanaka',
  'Berg',
  'Haddad',
  'Kowalski',
  'Mensah',
  'Rossi',
  'Larsen',
  'Ivanova',
  'Nguyen',
];

/** A person's display name (deterministic per index). */
export const personName = (i: number): string =>
  `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`;

const TEAM_WORDS = [
  'payments',
  'checkout',
  'search',
  'mobile',
  'growth',
  'identity',
  'data',
  'platform',
  'billing',
  'catalog',
  'ledger',
  'risk',
  'ads',
  'maps',
  'media',
  'notify',
  'infra',
  'edge',
  'storage',
  'compute',
];

/** A readable team key for index i at a level ("payments-3"). */
export const teamKey = (level: number, i: number): string =>
  `${['org', 'grp', 'team'][Math.min(level, 2)]}-${TEAM_WORDS[i % TEAM_WORDS.length]}-${i}`;
