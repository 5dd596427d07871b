/**
 * Free-text comments of the demo pulse. Each team has a story the themes engine should find
 * (keywords of the default taxonomy), plus mixed and positive comments, and one emerging topic
 * no taxonomy rule covers yet (the code assistant). No comment names a person.
 */
export const TEAM_STORIES: Record<string, string[]> = {
  payments: [
    'Flaky integration tests again; I had to rerun the pipeline three times before it went green.',
    'CI is red most mornings for reasons unrelated to my change.',
    'The ledger test suite is flaky and takes 40 minutes, so I batch changes instead of shipping small ones.',
    'Spent half a day chasing a flaky test that turned out to be a timing issue in the test harness.',
    'CI is red again because of the contract tests. Rerun the pipeline and hope is not a strategy.',
    'Builds are slow and flaky. Waiting on CI is where most of my week goes.',
    'We keep retrying flaky end-to-end tests instead of fixing them.',
    'Had to rerun the pipeline twice for a one-line config change.',
    'Test runs time out on the shared CI runners at peak hours and CI is red for everyone.',
    'The build cache keeps getting invalidated, so every CI run rebuilds everything.',
  ],
  checkout: [
    'Waiting for review is the slowest part of my week; PRs sit for days.',
    'PRs sit for days without a reviewer, then get merged in a rush.',
    'Code review turnaround is the bottleneck. I context switch while waiting for review.',
    'Big PRs wait for review the longest, so people avoid splitting work and it gets worse.',
    'No clear owner for reviews in the cart service; my PRs sit for days.',
    'Waiting for review again. Two approvals are required and half the team is in meetings.',
    'Review comments arrive a day after I have moved on, so every round costs a context switch.',
    'Stale PRs pile up; rebasing them after waiting for review is pure rework.',
  ],
  search: [
    "The docs are outdated; I couldn't find how to reindex a shard without asking around.",
    "Couldn't find the runbook for the indexer, the wiki page is outdated.",
    'Documentation for the search API is outdated and contradicts the code.',
    'I spend a lot of time searching for docs that do not exist or are outdated.',
    "Onboarding docs are outdated; couldn't find the setup steps for the ranking service.",
    'Half the README files describe a setup we retired last year; docs are outdated everywhere.',
  ],
  search_recent: [
    'The new docs portal helps a lot, I found the reindex guide in a minute.',
    'Docs got much better since the cleanup. Still a few outdated pages about ranking.',
    'Finally a single place for runbooks; searching for docs is no longer a chore.',
  ],
  platform: [
    'Waiting on access to the production namespace took four days.',
    'Staging is broken again, so nobody can verify changes before release.',
    'Access requests go through three approvals; I was waiting on access most of the week.',
    'Staging environment is shared and broken half the time.',
    'Spinning up a test environment still needs a ticket and a two-day wait.',
    'Staging is broken after every cluster upgrade and we lose a day each time.',
    'Waiting on access to the cloud console blocked my whole sprint goal.',
    'Permissions for the new cluster were missing, waiting on access again.',
  ],
  mobile: [
    'The release process is painful: the release train leaves once a week and a missed cut means another week.',
    'App store review plus our manual release checklist makes every release take days.',
    'Release process needs a manual sign-off from QA for every build, so releases slip.',
    'Our release branch freeze blocks merges for two days every release.',
    'Hotfix releases take as long as normal releases because of the release process.',
    'Signing certificates expired during the release, again. The release process is fragile.',
  ],
  data: [
    'Blocked by another team on schema changes for most of the sprint.',
    'Our pipelines depend on the platform team and we wait on their changes for weeks.',
    "Cross-team dependencies: waiting on another team's API before we can ship anything.",
    'Another team changed event schemas without telling us and our jobs broke.',
    "We are blocked by another team's migration and cannot plan around it.",
    "Too many hand-offs between teams; every change needs a dependency on someone else's backlog.",
  ],
  growth: [
    'Experiment setup is quick now, the feature flag tooling is great.',
    'Too many meetings this week, hard to find focus time.',
    'Requirements for the onboarding experiment changed twice mid-sprint.',
  ],
  identity: [
    'On-call was noisy this week; alerts fired for things nobody needs to act on.',
    'Local setup of the auth service takes a day for new joiners.',
    'Meetings and interruptions broke up most of my focus time.',
  ],
  web: [
    'The new preview environments made reviews quick; CI finishes in minutes.',
    'Design changes arrive late in the sprint and we redo work.',
    'Nothing blocked me this week, deploys were smooth.',
  ],
  sre: [
    'On-call was heavy again: three pages in one night for a flapping alert.',
    'Interruptions from incident follow-ups ate most of my focus time.',
    'Getting access to production dashboards still needs a ticket and a day of waiting.',
    'Runbooks are outdated, I could not find how to fail over the queue.',
  ],
  security: ['Too many meetings and interruptions this week.', 'Tooling for secret rotation is clunky.'],
};

/** Comments anyone might write: some friction, some praise. */
export const MIXED_COMMENTS = [
  'Too many meetings this week; I barely had two hours of focus time in a row.',
  'Interruptions from support questions broke up most of my afternoons.',
  'Requirements changed late in the sprint and we had to redo work.',
  'On-call was rough, two incidents in one night.',
  'Local dev environment broke after the laptop update.',
  'Nothing major this week, things went smoothly.',
  'Quiet week on my side, shipped what I planned.',
  'Good week. Deploys were quick and nothing blocked me.',
  'Pairing with the platform folks on the pipeline was really helpful.',
  'The new deploy dashboard is great, I can see what is live at a glance.',
  'Planning was unclear, we started work before priorities were settled.',
  'Honestly a pretty good sprint, small PRs and fast feedback.',
  'Onboarding a new teammate took most of my time this week, which was fine.',
];

/**
 * The emerging topic of the last weeks, which no taxonomy theme matches yet: the new code
 * assistant. ("vpn dropped", the example in api.md, is already covered by the default
 * taxonomy's environments-and-access theme, so it could never surface as emerging.)
 */
export const EMERGING_COMMENTS = [
  'The code assistant keeps suggesting internal APIs we retired last year.',
  'Code assistant suggestions ignore our conventions, so I undo half of them.',
  'Turned off the code assistant this week; its suggestions were mostly wrong for our libraries.',
  'Half of the code assistant suggestions call functions that no longer exist.',
  'Since the code assistant rollout I spend time reading suggestions instead of writing code.',
  'The code assistant is fine for boilerplate but its suggestions for our own services are wrong.',
];

/** What people in their first six months write (the new-joiner story): docs and onboarding. */
export const NEW_JOINER_COMMENTS = [
  'As a newcomer I could not find the docs for setting up the service locally.',
  'Onboarding took weeks: the wiki pages for our services are outdated.',
  'Still onboarding; most of what I need is undocumented and I have to ask around.',
  'The onboarding guide stops after day one, and the runbooks assume you already know everything.',
  'I spent two days looking for documentation on how deployments work here.',
  'The README for our main repo is out of date, so getting started was slow.',
  'New here: I never know which docs are current, confluence or the repo readme.',
];
