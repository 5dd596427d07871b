import { describe, expect, it } from 'vitest';
import { compileTaxonomy, tagText } from '../../src/themes/match.js';
import { DEFAULT_TAXONOMY } from '../../src/themes/taxonomy.js';
import { stem, tokenize } from '../../src/themes/text.js';

const m = compileTaxonomy(DEFAULT_TAXONOMY);
const tags = (s: string) => tagText(s, m);

describe('default taxonomy', () => {
  it('has the twelve themes of metrics.md', () => {
    expect(DEFAULT_TAXONOMY.themes.map((t) => t.key)).toEqual([
      'ci_builds',
      'flaky_tests',
      'code_review',
      'environments_access',
      'deployment_release',
      'documentation',
      'oncall_incidents',
      'meetings_interruptions',
      'requirements_planning',
      'cross_team_dependencies',
      'local_tooling',
      'onboarding',
    ]);
  });

  it('normalises and stems so word forms match', () => {
    expect(tokenize("Couldn't find the DOCS — CI/CD")).toEqual(['couldnt', 'find', 'the', 'docs', 'ci', 'cd']);
    expect(stem('reviews')).toBe(stem('reviewing'));
    expect(tags('Reviewing takes ages')).toContain('code_review');
    expect(tags('reviews are slow')).toContain('code_review');
  });

  it.each([
    ['CI is red again', ['ci_builds']],
    ['I had to rerun the pipeline three times today', ['ci_builds', 'flaky_tests']],
    ['the e2e suite is flaky', ['flaky_tests']],
    ['PRs sit for days', ['code_review']],
    ['waiting for a review from the other squad', ['code_review']],
    ['The docs are outdated', ['documentation']],
    ["couldn't find the docs for the payments API", ['documentation']],
    ['still waiting on access to the prod database', ['environments_access']],
    ['staging is broken half the week', ['environments_access']],
    ['Deploys need a manual approval from ops and a release train', ['deployment_release']],
    ['Access requests go through three approvals', ['environments_access']],
    ['App store review makes every release take days', ['deployment_release']],
    ['Got paged three times at night, alert fatigue is real', ['oncall_incidents']],
    ['Too many meetings, no focus time', ['meetings_interruptions']],
    ['Requirements change mid sprint, priorities shift weekly', ['requirements_planning']],
    ['Blocked by the platform team on every infra change', ['cross_team_dependencies']],
    ['My laptop cannot run docker compose with all services', ['local_tooling']],
    ['New joiners need three weeks to get a working dev setup', ['local_tooling', 'onboarding']],
  ])('tags %j', (text, expected) => {
    expect(tags(text)).toEqual(expected);
  });

  it('is multi-label', () => {
    expect(tags('Flaky tests and PRs waiting for review, plus the docs are out of date')).toEqual([
      'flaky_tests',
      'code_review',
      'documentation',
    ]);
  });

  it('does not tag unrelated wording (negatives and exclusions)', () => {
    expect(tags('Great team lunch on Friday')).toEqual([]);
    expect(tags('My performance review went fine')).toEqual([]);
    expect(tags('We build nice features for customers')).toEqual([]);
    expect(tags('The landing pages load quickly')).toEqual([]);
    expect(tags('performance review next week, but PRs still sit for days')).toEqual(['code_review']);
  });
});
