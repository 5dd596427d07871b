import { beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { wilsonInterval } from '../../src/metrics/survey-stats.js';
import { currentTaxonomy, saveTaxonomy } from '../../src/themes/taxonomy.service.js';
import { themesReport } from '../../src/themes/themes.service.js';
import { commentFactory, PLANTED } from '../helpers/comment-factory.js';
import { makeDeps } from '../helpers/deps.js';

const NOW = new Date('2026-03-15T00:00:00.000Z');
const people = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} Person${i}`);

/** alpha (flaky CI), beta (slow reviews), gamma (stale docs): 8 commenters each; delta 6; tiny 4. */
function plantOrg(deps: Deps) {
  const f = commentFactory(deps);
  f.org([
    { key: 'product' },
    { key: 'alpha', parent: 'product', people: ['Priya Patel', ...people('Alpha', 9)] },
    { key: 'beta', parent: 'product', people: people('Beta', 10) },
    { key: 'gamma', parent: 'product', people: people('Gamma', 10) },
    { key: 'delta', parent: 'product', people: people('Delta', 8) },
    { key: 'tiny', parent: 'product', people: people('Tiny', 4) },
  ]);
  const months = ['2026-01-10T09:00:00.000Z', '2026-02-10T09:00:00.000Z', '2026-03-05T09:00:00.000Z'];
  const plant = (team: string, texts: string[], n: number) => {
    for (let i = 0; i < n; i++) f.comment(team, `${team}-${i}`, texts[i % texts.length], months[i % 3]);
  };
  plant('alpha', PLANTED.flaky_ci, 8);
  plant('beta', PLANTED.slow_reviews, 8);
  plant('gamma', PLANTED.stale_docs, 8);
  // a second voice in the same teams, about meetings, from 2 people each
  for (const team of ['alpha', 'beta', 'gamma']) {
    f.comment(team, `${team}-0`, 'Too many meetings this sprint, no focus time at all', months[2]);
    f.comment(team, `${team}-1`, 'Constant Slack pings and context switching', months[1]);
  }
  // delta: 6 people, a friction report each (counts as a commenter)
  for (let i = 0; i < 6; i++)
    f.report('delta', `delta-${i}`, 'Waiting on access to staging again, staging is broken', months[i % 3]);
  // tiny: 4 people saying something distinctive about flaky tests
  for (let i = 0; i < 4; i++)
    f.comment('tiny', `tiny-${i}`, `ZEBRA${i} cluster makes our flaky tests even flakier`, months[2]);
  // untagged chatter: "monorepo migration" from 5 alpha/beta people, plus one-off noise
  for (let i = 0; i < 5; i++)
    f.comment(
      i < 3 ? 'alpha' : 'beta',
      `${i < 3 ? 'alpha' : 'beta'}-${i + 2}`,
      [
        'The monorepo migration broke my imports',
        'monorepo migration took my whole week',
        'still confused by the Monorepo Migration!',
      ][i % 3],
      months[i % 3],
    );
  f.comment('alpha', 'alpha-7', 'Priya Patel (priya@acme.example) keeps the lights on, thank you', months[0]);
  return f;
}

describe('themes report', () => {
  let deps: Deps;
  beforeEach(() => {
    deps = makeDeps({ now: () => NOW });
    plantOrg(deps);
  });

  it('each team’s top theme is the one planted in its comments', () => {
    const top = (team: string) => themesReport(deps, { team }).themes[0].key;
    expect(top('alpha')).toBe('flaky_tests');
    expect(
      themesReport(deps, { team: 'alpha' })
        .themes.slice(0, 2)
        .map((t) => t.key)
        .sort(),
    ).toEqual(['ci_builds', 'flaky_tests']);
    expect(top('beta')).toBe('code_review');
    expect(top('gamma')).toBe('documentation');
  });

  it('computes share over distinct commenters with a Wilson interval (hand-checked)', () => {
    const r = themesReport(deps, {});
    // commenters: 8 + 8 + 8 + 6 + 4 = 34 distinct respondents
    expect(r.suppressed).toBe(false);
    expect(r.respondents_with_comments).toBe(34);
    const review = r.themes.find((t) => t.key === 'code_review')!;
    expect(review.respondents).toBe(8);
    expect(review.share).toBeCloseTo(8 / 34, 3);
    const [lo, hi] = wilsonInterval(8, 34)!;
    expect(review.ci95![0]).toBeCloseTo(lo, 3);
    expect(review.ci95![1]).toBeCloseTo(hi, 3);
    // 8 / 34: p = .2353; Wilson 95 % ≈ [0.124, 0.400]
    expect(review.ci95).toEqual([0.124, 0.4]);
    expect(review.teams).toEqual(['beta']);
    expect(review.sentiment.label).toBe('negative');
    // meetings: 6 distinct people → shown; delta's environments theme: 6
    expect(r.themes.find((t) => t.key === 'meetings_interruptions')!.respondents).toBe(6);
    // onboarding: nobody → respondents 0 is not a small count
    expect(r.themes.find((t) => t.key === 'onboarding')!.respondents).toBe(0);
  });

  it('never quotes or names a 4-person team, and suppresses it and its complementary sibling', () => {
    const org = themesReport(deps, {});
    const json = JSON.stringify(org);
    expect(json).not.toMatch(/ZEBRA|tiny/);
    const flaky = org.themes.find((t) => t.key === 'flaky_tests')!;
    expect(flaky.respondents).toBe(12); // 8 alpha + 4 tiny counted in the org total
    expect(flaky.teams).toEqual(['alpha']);
    expect(flaky.quotes.length).toBeGreaterThan(0);
    expect(flaky.quotes.length).toBeLessThanOrEqual(3);
    const tiny = themesReport(deps, { team: 'tiny' });
    expect(tiny).toMatchObject({ suppressed: true, respondents_with_comments: null, themes: [], emerging: [] });
    // delta (6) is the next-smallest sibling: hidden so tiny cannot be computed as product − the rest
    expect(themesReport(deps, { team: 'delta' }).suppressed).toBe(true);
    expect(JSON.stringify(themesReport(deps, { team: 'product' }))).not.toMatch(/ZEBRA|"delta"|"tiny"/);
  });

  it('redacts quotes and shows no count below k', () => {
    const r = themesReport(deps, {});
    const all = r.themes.flatMap((t) => t.quotes).join('\n');
    expect(all).not.toMatch(/priya|patel|acme\.example/i);
    const small = r.themes.filter((t) => t.below_threshold);
    for (const t of small) expect([t.respondents, t.share, t.ci95]).toEqual([null, null, null]);
  });

  it('nulls trend periods below the threshold', () => {
    const r = themesReport(deps, { team: 'beta' });
    const review = r.themes.find((t) => t.key === 'code_review')!;
    // beta has 8 commenters spread 3/3/2 over Jan/Feb/Mar (+ monorepo people in the same months): every month < 5
    expect(review.trend.map((p) => p.period)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03']);
    expect(review.trend.every((p) => p.share === null)).toBe(true);
    const org = themesReport(deps, {}).themes.find((t) => t.key === 'code_review')!;
    expect(org.trend.find((p) => p.period === '2026-01')!.share).not.toBeNull();
  });

  it('suppresses the whole report under k', () => {
    const small = makeDeps({ now: () => NOW });
    const f = commentFactory(small);
    f.org([{ key: 'solo', people: people('Solo', 4) }]);
    for (let i = 0; i < 4; i++) f.comment('solo', `s${i}`, 'flaky tests everywhere', '2026-03-01T00:00:00.000Z');
    const r = themesReport(small, {});
    expect(r).toMatchObject({ suppressed: true, respondents_with_comments: null, themes: [], emerging: [] });
  });

  it('mines emerging phrases from untagged comments', () => {
    const r = themesReport(deps, {});
    expect(r.emerging).toEqual([{ phrase: 'monorepo migration', count: 5 }]);
  });

  it('recomputes counts when an admin edits the taxonomy, and tags new comments incrementally', () => {
    expect(themesReport(deps, {}).taxonomy_version).toBe(1);
    const base = currentTaxonomy(deps).themes;
    const saved = saveTaxonomy(
      deps,
      { themes: [...base, { key: 'monorepo', label: 'Monorepo', keywords: ['monorepo'], phrases: [] }] },
      'admin@x',
    );
    expect(saved.version).toBe(2);
    const r = themesReport(deps, {});
    expect(r.taxonomy_version).toBe(2);
    expect(r.themes.find((t) => t.key === 'monorepo')!.respondents).toBe(5);
    expect(r.emerging).toEqual([]);
    commentFactory(deps).comment('gamma', 'gamma-new', 'monorepo tooling is confusing', '2026-03-10T00:00:00.000Z');
    expect(themesReport(deps, {}).themes.find((t) => t.key === 'monorepo')!.respondents).toBe(6);
  });

  it('rejects a bad taxonomy naming the field', () => {
    expect(() => saveTaxonomy(deps, { themes: [{ key: 'Bad Key', label: '' }] }, null)).toThrowError(/themes\.0\.key/);
  });
});

describe('trend intervals', () => {
  it('gives a month its Wilson interval and n only when the mentions are not under k', () => {
    const deps = makeDeps({ now: () => NOW });
    const f = commentFactory(deps);
    f.org([{ key: 'a' }, { key: 'b' }]);
    // February: 10 commenters, 6 about flaky tests; March: 10 commenters, 2 about flaky tests
    for (let i = 0; i < 10; i++)
      f.comment(
        i < 5 ? 'a' : 'b',
        `p${i}`,
        i < 6 ? 'flaky tests again' : 'too many meetings',
        '2026-02-10T00:00:00.000Z',
      );
    for (let i = 0; i < 10; i++)
      f.comment(
        i < 5 ? 'a' : 'b',
        `p${i}`,
        i < 2 ? 'flaky tests again' : 'too many meetings',
        '2026-03-10T00:00:00.000Z',
      );
    const flaky = themesReport(deps, { from: '2026-02-01', to: '2026-04-01' }).themes.find(
      (t) => t.key === 'flaky_tests',
    )!;
    const [lo, hi] = wilsonInterval(6, 10)!;
    // Periods are months of whole UTC weeks (each week in its Monday's month): 1 Feb 2026 is a
    // Sunday, so the window touches the week of Monday 26 January (a partial January).
    expect(flaky.trend.map((p) => [p.period, p.weeks, p.partial])).toEqual([
      ['2026-01', 1, true],
      ['2026-02', 4, false],
      ['2026-03', 5, true],
    ]);
    expect(flaky.trend[1]).toEqual({
      period: '2026-02',
      share: 0.6,
      ci95: [Math.round(lo * 1000) / 1000, Math.round(hi * 1000) / 1000],
      n: 10,
      weeks: 4,
      partial: false,
    });
    expect(flaky.trend[2]).toEqual({ period: '2026-03', share: 0.2, ci95: null, n: null, weeks: 5, partial: true });
  });
});
