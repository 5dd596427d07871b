import { describe, expect, it } from 'vitest';
import {
  attributeToThemes,
  capacityLost,
  CAPACITY_LABEL,
  costPerDeployment,
  DEFAULT_ASSUMPTIONS,
  modelWeeks,
} from '../../src/metrics/value-model.js';

// Seven answers at bucket midpoints, unsorted on purpose: sorted 0, 0.5, 1.5, 3, 3, 6, 10.
// Type 7: median h = 3 → 3; p25 h = 1.5 → 0.5 + 0.5·(1.5 − 0.5) = 1.0; p75 h = 4.5 → 3 + 0.5·(6 − 3) = 4.5.
const HOURS = [6, 0, 3, 10, 0.5, 3, 1.5];

describe('value model', () => {
  it('computes capacity lost with its band from hand-computed quantiles', () => {
    const r = capacityLost(
      { hours: HOURS, activeDevelopers: 20, windowDays: 91 },
      { ...DEFAULT_ASSUMPTIONS, hourlyCost: 100 },
    );
    expect(r.label).toBe(CAPACITY_LABEL);
    expect(r.n).toBe(7);
    expect(r.weeks).toBe(13); // 91 days ÷ 7
    expect(r.hours_per_developer_week).toEqual({ median: 3, p25: 1, p75: 4.5 });
    // 3 h × 20 developers × 13 weeks = 780 h; band 1 × 260 = 260 h, 4.5 × 260 = 1,170 h.
    expect(r.hours).toEqual({ estimate: 780, low: 260, high: 1170 });
    // × $100 per hour.
    expect(r.cost).toEqual({ estimate: 78000, low: 26000, high: 117000 });
  });

  it('uses the configured weeks and hourly cost instead of the window', () => {
    const r = capacityLost(
      { hours: HOURS, activeDevelopers: 10, windowDays: 30 },
      { ...DEFAULT_ASSUMPTIONS, hourlyCost: 80, weeks: 46 },
    );
    expect(r.weeks).toBe(46);
    expect(r.hours).toEqual({ estimate: 1380, low: 460, high: 2070 }); // 3·10·46, 1·10·46, 4.5·10·46
    expect(r.cost).toEqual({ estimate: 110400, low: 36800, high: 165600 });
    expect(modelWeeks({ ...DEFAULT_ASSUMPTIONS, weeks: null }, 14)).toBe(2);
  });

  it('answers null figures when there are no answers', () => {
    const r = capacityLost({ hours: [], activeDevelopers: 10, windowDays: 90 }, DEFAULT_ASSUMPTIONS);
    expect(r.hours).toBeNull();
    expect(r.cost).toBeNull();
    expect(r.hours_per_developer_week).toBeNull();
  });

  it('attributes capacity to themes in proportion to their mentions, labelled an estimate', () => {
    const cap = { hours: { estimate: 780, low: 260, high: 1170 }, cost: { estimate: 78000, low: 26000, high: 117000 } };
    const out = attributeToThemes(cap, [
      { key: 'code_review', label: 'Code review', respondents: 10 },
      { key: 'flaky_tests', label: 'Flaky tests', respondents: 30 },
      { key: 'onboarding', label: 'Onboarding', respondents: 0 },
    ]);
    expect(out.map((t) => t.key)).toEqual(['flaky_tests', 'code_review']);
    expect(out[0]).toMatchObject({
      share_of_mentions: 0.75,
      basis: 'estimate',
      cost: { estimate: 58500, low: 19500, high: 87750 },
    });
    expect(out[1].hours).toEqual({ estimate: 195, low: 65, high: 292.5 });
    expect(out.reduce((s, t) => s + t.cost!.estimate, 0)).toBe(78000);
  });

  it('divides cost by successful deployments', () => {
    expect(costPerDeployment(1000, 8)).toBe(125);
    expect(costPerDeployment(1000, 0)).toBeNull();
  });
});
