import { describe, expect, it } from 'vitest';
import { byReason, frequencyClass, hoursSummary, perWeek, quantile7 } from '../../src/metrics/dora.js';
import { doraTiers, MIN_TIER_EVENTS, tierThresholds } from '../../src/metrics/dora-tiers.js';

const from = new Date('2026-03-02T00:00:00Z'); // a Monday
const to = new Date('2026-03-30T00:00:00Z'); // four weeks
const days = (list: Array<[string, number]>) => list.map(([day, count]) => ({ day, count }));

describe('type-7 quantiles', () => {
  it('interpolates between order statistics', () => {
    expect(quantile7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile7([10, 20, 30, 40, 50], 0.9)).toBe(46); // h = 3.6 → 40 + 0.6·10
    expect(quantile7([7], 0.9)).toBe(7);
    expect(quantile7([], 0.5)).toBeNull();
    expect(hoursSummary([145, 2, 24, 3, 6])).toEqual({ median: 6, p75: 24, p90: 96.6, n: 5 });
  });
});

describe('Four Keys frequency classes', () => {
  const everyWeekday = (perDay: number) => {
    const out: Array<[string, number]> = [];
    for (let d = 0; d < 28; d++) {
      const date = new Date(from.getTime() + d * 86_400_000);
      if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) out.push([date.toISOString().slice(0, 10), perDay]);
    }
    return days(out);
  };
  it('on demand: ≥ 5 deployment days in the median week and ≥ 2 deployments on the median day', () => {
    expect(frequencyClass(everyWeekday(2), from, to)).toBe('on_demand');
    expect(frequencyClass(everyWeekday(1), from, to)).toBe('daily');
  });
  it('daily, weekly, monthly, yearly', () => {
    expect(
      frequencyClass(
        days([
          ['2026-03-02', 1],
          ['2026-03-03', 1],
          ['2026-03-04', 1],
          ['2026-03-09', 1],
          ['2026-03-10', 1],
          ['2026-03-11', 1],
          ['2026-03-16', 1],
          ['2026-03-17', 1],
          ['2026-03-18', 1],
        ]),
        from,
        to,
      ),
    ).toBe('daily');
    expect(
      frequencyClass(
        days([
          ['2026-03-02', 4],
          ['2026-03-09', 1],
          ['2026-03-16', 1],
        ]),
        from,
        to,
      ),
    ).toBe('weekly');
    expect(frequencyClass(days([['2026-03-02', 1]]), from, to)).toBe('monthly');
    const year = new Date('2026-01-01T00:00:00Z');
    expect(frequencyClass(days([['2026-03-02', 1]]), year, new Date('2026-12-31T00:00:00Z'))).toBe('yearly');
    expect(frequencyClass([], from, to)).toBeNull();
  });
  it('per week = count ÷ (days ÷ 7)', () => {
    expect(perWeek(10, from, to)).toBe(2.5);
    expect(perWeek(3, new Date('2026-03-01T00:00:00Z'), new Date('2026-03-01T12:00:00Z'))).toBe(42);
  });
});

describe('failure reasons and tiers', () => {
  it('merges reasons, largest first, with shares of failed deployments', () => {
    expect(
      byReason(
        [
          { reason: 'b', count: 1 },
          { reason: 'a', count: 2 },
          { reason: 'b', count: 1 },
        ],
        4,
      ),
    ).toEqual([
      { reason: 'a', count: 2, share: 0.5 },
      { reason: 'b', count: 2, share: 0.5 },
    ]);
  });
  it('names the report year and uses its thresholds', () => {
    const m = {
      frequencyClass: 'on_demand' as const,
      leadTimeMedianHours: 30,
      changeFailureRate: 0.12,
      timeToRestoreMedianHours: 0.5,
      failedDeploymentRecoveryMedianHours: null,
      n: {
        deployments: 10,
        leadTimeCommits: 10,
        changeFailureDeployments: 10,
        incidents: 10,
        failedDeploymentIncidents: 0,
      },
    };
    expect(doraTiers(2024, m)).toEqual({
      year: 2024,
      deployment_frequency: 'elite',
      lead_time: 'high',
      change_failure_rate: 'medium',
      time_to_restore: 'elite',
      failed_deployment_recovery: null,
      too_few: [],
    });
    expect(doraTiers(2023, m)).toMatchObject({ year: 2023, change_failure_rate: 'high' });
    expect(doraTiers(2022, m)).toMatchObject({
      year: 2022,
      deployment_frequency: 'high',
      lead_time: 'high',
      change_failure_rate: 'high',
      time_to_restore: 'high',
    });
    expect(doraTiers(2024, { ...m, leadTimeMedianHours: 23.9, changeFailureRate: 0.5 })).toMatchObject({
      lead_time: 'elite',
      change_failure_rate: 'low',
    });
    expect(doraTiers(2024, { ...m, leadTimeMedianHours: 800 }).lead_time).toBe('low');
  });

  it('rates no metric from fewer than five events, and names the ones left unrated', () => {
    expect(MIN_TIER_EVENTS).toBe(5);
    // Hand-computed against the 2024 table: 4 deployments (daily → high) is one short of five;
    // 5 commits with a 30 h median lead time → high; 2 failures in 5 deployments = 40 % → low;
    // 4 incidents with a 0.5 h median → elite but one short; 0 deployment-caused incidents → no data.
    const m = {
      frequencyClass: 'daily' as const,
      leadTimeMedianHours: 30,
      changeFailureRate: 0.4,
      timeToRestoreMedianHours: 0.5,
      failedDeploymentRecoveryMedianHours: null,
      n: {
        deployments: 4,
        leadTimeCommits: 5,
        changeFailureDeployments: 5,
        incidents: 4,
        failedDeploymentIncidents: 0,
      },
    };
    expect(doraTiers(2024, m)).toEqual({
      year: 2024,
      deployment_frequency: null,
      lead_time: 'high',
      change_failure_rate: 'low',
      time_to_restore: null,
      failed_deployment_recovery: null,
      too_few: ['deployment_frequency', 'time_to_restore'],
    });
    // One more deployment and one more incident: both rated; a single event is never enough.
    expect(doraTiers(2024, { ...m, n: { ...m.n, deployments: 5, incidents: 5 } })).toMatchObject({
      deployment_frequency: 'high',
      time_to_restore: 'elite',
      too_few: [],
    });
    const one = {
      deployments: 1,
      leadTimeCommits: 1,
      changeFailureDeployments: 1,
      incidents: 1,
      failedDeploymentIncidents: 1,
    };
    expect(doraTiers(2022, { ...m, failedDeploymentRecoveryMedianHours: 3, n: one })).toEqual({
      year: 2022,
      deployment_frequency: null,
      lead_time: null,
      change_failure_rate: null,
      time_to_restore: null,
      failed_deployment_recovery: null,
      too_few: [
        'deployment_frequency',
        'lead_time',
        'change_failure_rate',
        'time_to_restore',
        'failed_deployment_recovery',
      ],
    });
  });
});

describe('tier thresholds as the definitions page shows them', () => {
  it('writes each tier range of the year in force, elite first', () => {
    const t = tierThresholds(2024);
    expect(t).toMatchObject({ year: 2024, min_events: 5, tiers: ['elite', 'high', 'medium', 'low'] });
    const row = (metric: string) => t.rows.find((r) => r.metric === metric)!.ranges.map((r) => `${r.tier}: ${r.range}`);
    expect(row('lead_time')).toEqual([
      'elite: under 1 day',
      'high: 1 day to under 1 week',
      'medium: 1 week to under 30 days',
      'low: 30 days or more',
    ]);
    expect(row('deployment_frequency')).toEqual([
      'elite: on demand',
      'high: daily, weekly',
      'medium: monthly',
      'low: yearly',
    ]);
    expect(row('change_failure_rate')).toEqual([
      'elite: under 7.5 %',
      'high: 15 % to under 30 %',
      'medium: 7.5 % to under 15 %',
      'low: 30 % or more',
    ]);
    expect(t.failure_rates_in_order).toBe(false);
    // 2022 had no elite cluster; its rates rise from high to low.
    const old = tierThresholds(2022);
    expect(old.rows[0].ranges[0]).toEqual({ tier: 'elite', range: null });
    expect(old.failure_rates_in_order).toBe(true);
    expect(tierThresholds(2023).failure_rates_in_order).toBe(true);
  });
});
