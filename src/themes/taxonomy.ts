/**
 * The default friction-theme taxonomy (version 1): the twelve themes of metrics.md.
 * Patterns are matched on stemmed tokens, so "review", "reviews" and "reviewing" are one pattern.
 * `keywords` are single words; `phrases` are word sequences where `*` stands for up to three
 * words ("waiting * review" catches "waiting for a review"); `exclude` phrases blank out the words
 * they cover before matching ("performance review" is not code review).
 */
export interface ThemeDef {
  key: string;
  label: string;
  definition: string;
  keywords: string[];
  phrases: string[];
  exclude: string[];
}

export interface Taxonomy {
  version: number;
  themes: ThemeDef[];
}

const t = (key: string, label: string, definition: string, keywords: string[], phrases: string[], exclude: string[] = []): ThemeDef =>
  ({ key, label, definition, keywords, phrases, exclude });

/** The twelve default themes, in the order of metrics.md. */
export const DEFAULT_THEMES: ThemeDef[] = [
  t('ci_builds', 'CI and builds', 'Slow, broken or queued CI pipelines and builds.',
    ['ci', 'pipeline', 'pipelines', 'jenkins', 'buildkite', 'circleci', 'compile', 'compilation', 'bazel', 'gradle', 'webpack'],
    ['the build', 'our build', 'build time', 'build times', 'builds are', 'build is', 'slow build', 'broken build', 'build queue',
      'build fail', 'build failures', 'builds fail', 'build breaks', 'builds take', 'build takes', 'red build', 'github actions',
      'ci is red', 'rerun the pipeline', 'runner queue', 'waiting for ci', 'waiting on ci', 'green build', 'build minutes'],
    ['pipeline of work', 'sales pipeline', 'hiring pipeline']),
  t('flaky_tests', 'Flaky tests', 'Tests that fail intermittently and need reruns; unreliable test suites.',
    ['flaky', 'flakey', 'flakiness', 'flake', 'flakes', 'nondeterministic', 'intermittent', 'intermittently'],
    ['random test failures', 'tests fail randomly', 'fail randomly', 'randomly fail', 'rerun the tests', 'rerun the test', 'rerun * tests',
      'retry the tests', 'retrigger', 'rerun the pipeline', 'rerun the build', 'rerun ci', 'rerunning', 'retrying the build',
      'test suite is unreliable', 'unreliable tests', 'tests are unreliable', 'e2e tests fail', 'e2e tests are', 'test * fail * no reason',
      'fail for no reason', 'passes locally', 'works on rerun', 'green on retry', 'hit retry', 'timing dependent']),
  t('code_review', 'Code review', 'Waiting for, or friction in, code review and pull requests.',
    ['pr', 'prs', 'review', 'reviewer', 'reviewers', 'nitpick', 'nitpicks', 'codeowners'],
    ['code review', 'code reviews', 'pull request', 'pull requests', 'merge request', 'merge requests', 'waiting * review',
      'waiting * approval', 'pr approval', 'approvals are required', 'review queue', 'review takes', 'reviews take', 'reviews are slow', 'slow review', 'slow reviews',
      'prs sit', 'sit for days', 'get * reviewed', 'get a review', 'review turnaround', 'nobody reviews', 'stuck in review', 'needs two approvals'],
    ['performance review', 'performance reviews', 'annual review', 'design review', 'quarterly review', 'year in review', 'salary review', 'app store review', 'security review', 'pr team', 'press release', 'review of goals']),
  t('environments_access', 'Environments and access', 'Broken or scarce test/staging environments; waiting for permissions and access.',
    ['staging', 'sandbox', 'permissions', 'permission', 'vpn', 'credentials', 'iam', 'preprod'],
    ['test environment', 'test environments', 'dev environment', 'staging is broken', 'staging is down', 'waiting on access',
      'waiting for access', 'waiting * access', 'request access', 'access request', 'access requests', 'no access',
      'get access', 'environment is broken', 'environments are', 'shared environment', 'qa environment', 'test data']),
  t('deployment_release', 'Deployment and release', 'Slow, risky or manual deployments and releases; release trains and freezes.',
    ['deploy', 'deploys', 'deployment', 'deployments', 'deploying', 'release', 'releases', 'releasing', 'rollback', 'rollbacks', 'hotfix', 'hotfixes'],
    ['release train', 'code freeze', 'change freeze', 'release process', 'ship to production', 'push to prod', 'go live',
      'feature flag', 'feature flags', 'canary'],
    ['press release', 'release notes for marketing']),
  t('documentation', 'Documentation', 'Missing, outdated or hard-to-find documentation and runbooks.',
    ['docs', 'documentation', 'documented', 'undocumented', 'readme', 'wiki', 'confluence', 'runbook', 'runbooks'],
    ['docs are outdated', 'outdated docs', 'stale docs', 'couldnt find the docs', 'cant find * docs', 'no docs', 'not documented',
      'tribal knowledge', 'knowledge sharing', 'written down', 'out of date', 'api reference'],
    ['document upload', 'documents feature']),
  t('oncall_incidents', 'On-call and incidents', 'On-call load, pages, alerts and incident firefighting.',
    ['oncall', 'pager', 'pagerduty', 'paged', 'pages', 'incident', 'incidents', 'outage', 'outages', 'alert', 'alerts', 'alerting', 'firefighting', 'postmortem'],
    ['on call', 'on-call', 'woken up', 'middle of the night', 'alert fatigue', 'noisy alerts', 'fighting fires', 'putting out fires', 'sev1', 'sev 1'],
    ['pages of', 'web pages', 'landing pages', 'page load', 'pages load']),
  t('meetings_interruptions', 'Meetings and interruptions', 'Too many meetings, context switching and interruptions; no focus time.',
    ['meeting', 'meetings', 'interruption', 'interruptions', 'interrupted', 'standup', 'standups', 'distraction', 'distractions', 'syncs'],
    ['context switching', 'context switch', 'focus time', 'deep work', 'no time to focus', 'too many meetings', 'slack pings',
      'constant pings', 'ad hoc requests', 'maker time', 'back to back', 'calendar is full', 'pulled into'],
  ),
  t('requirements_planning', 'Requirements and planning', 'Unclear requirements, shifting priorities and planning churn.',
    ['requirements', 'requirement', 'priorities', 'prioritization', 'prioritisation', 'roadmap', 'scope', 'specs', 'spec', 'estimates', 'deadlines'],
    ['unclear requirements', 'changing priorities', 'shifting priorities', 'priorities change', 'scope creep', 'acceptance criteria',
      'product requirements', 'last minute changes', 'moving target', 'no clear', 'not clear what', 'sprint planning', 'too much wip', 'ticket * unclear'],
  ),
  t('cross_team_dependencies', 'Dependencies on other teams', 'Blocked on other teams, hand-offs and cross-team coordination.',
    ['handoff', 'handoffs', 'coordination'],
    ['other team', 'other teams', 'another team', 'platform team', 'infra team', 'security team', 'dependency on', 'depend on', 'depends on',
      'waiting on * team', 'waiting for * team', 'blocked by * team', 'blocked on * team', 'blocked by * teams', 'cross team', 'cross-team', 'hand off', 'hand offs',
      'their backlog', 'ticket with', 'file a ticket', 'raise a ticket', 'ping pong'],
    ['dependency upgrade', 'dependency upgrades', 'dependencies are outdated', 'npm dependencies', 'package dependencies']),
  t('local_tooling', 'Local tooling', 'Slow or broken local development setup, laptops, IDEs and dev tooling.',
    ['laptop', 'laptops', 'ide', 'intellij', 'vscode', 'docker', 'localhost', 'devcontainer', 'devcontainers', 'macbook', 'tooling', 'toolchain'],
    ['local setup', 'local environment', 'local dev', 'local development', 'dev setup', 'run locally', 'running locally', 'on my machine',
      'hot reload', 'dev tools', 'developer tools', 'build locally', 'compose up', 'docker compose', 'local tests'],
    ['test data tooling']),
  t('onboarding', 'Onboarding', 'Getting new joiners productive: first weeks, setup guides, ramp-up and buddies.',
    ['onboarding', 'onboard', 'onboarded', 'newcomer', 'newcomers', 'newbie'],
    ['new joiner', 'new joiners', 'new hire', 'new hires', 'first week', 'first weeks', 'first month', 'ramp up', 'ramping up',
      'getting started', 'new to the team', 'new starter', 'new starters', 'buddy program', 'first commit', 'first pr'],
  ),
];

/** The built-in taxonomy a fresh workspace starts from. */
export const DEFAULT_TAXONOMY: Taxonomy = { version: 1, themes: DEFAULT_THEMES };
