import { describe, expect, it } from 'vitest';
import {
  adherence,
  heatmap,
  inWindow,
  localParts,
  predictability,
  suggestSlots,
} from '../../src/metrics/deployment-windows.js';

const berlin = { weekdays: [1, 2, 3, 4], start: '09:00', end: '16:00', timezone: 'Europe/Berlin' };

describe('deployment windows across a DST change', () => {
  // Europe/Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29.
  it('uses the local wall clock before and after the change', () => {
    expect(localParts('2026-03-26T08:30:00Z', 'Europe/Berlin')).toMatchObject({ weekday: 4, hour: 9 }); // Thu 09:30 CET
    expect(localParts('2026-03-30T08:30:00Z', 'Europe/Berlin')).toMatchObject({ weekday: 1, hour: 10 }); // Mon 10:30 CEST
    // 07:30 UTC is 08:30 in winter (outside) but 09:30 in summer (inside).
    expect(inWindow('2026-03-26T07:30:00Z', berlin)).toBe(false);
    expect(inWindow('2026-03-30T07:30:00Z', berlin)).toBe(true);
    // 14:30 UTC is 15:30 in winter (inside) but 16:30 in summer (outside: end is exclusive).
    expect(inWindow('2026-03-26T14:30:00Z', berlin)).toBe(true);
    expect(inWindow('2026-03-30T14:30:00Z', berlin)).toBe(false);
    expect(inWindow('2026-03-30T14:00:00Z', berlin)).toBe(false);
    expect(inWindow('2026-03-30T13:59:00Z', berlin)).toBe(true);
  });

  it('handles the US change and overnight windows', () => {
    // America/New_York: 2026-03-08 02:00 → 03:00. Friday 22:00–02:00 window.
    const night = { weekdays: [5], start: '22:00', end: '02:00', timezone: 'America/New_York' };
    expect(inWindow('2026-03-07T03:30:00Z', night)).toBe(true); // Fri 22:30 EST
    expect(inWindow('2026-03-07T06:30:00Z', night)).toBe(true); // Sat 01:30 EST, belongs to Friday
    expect(inWindow('2026-03-07T07:30:00Z', night)).toBe(false); // Sat 02:30 EST
    expect(inWindow('2026-03-14T02:30:00Z', night)).toBe(true); // Fri 22:30 EDT
    expect(inWindow('2026-03-14T03:30:00Z', night)).toBe(true); // Fri 23:30 EDT (would be 22:30 in EST)
    expect(inWindow('2026-03-14T06:30:00Z', night)).toBe(false); // Sat 02:30 EDT
  });

  it('adherence counts only deployments that have windows', () => {
    const r = adherence([
      { finishedAt: '2026-03-30T07:30:00Z', windows: [berlin] },
      { finishedAt: '2026-03-26T07:30:00Z', windows: [berlin] },
      { finishedAt: '2026-03-28T10:00:00Z', windows: [berlin] }, // Saturday
      { finishedAt: '2026-03-26T10:00:00Z', windows: [] },
    ]);
    expect(r).toEqual({ rate: 1 / 3, inside: 1, n: 3 });
  });
});

describe('predictability and suggested windows', () => {
  it('is the coefficient of variation of weekly counts', () => {
    // mean 4, population sd = sqrt(((2)^2 + 0 + (2)^2 + 0) / 4) = sqrt(2)
    expect(predictability([2, 4, 6, 4]).cv).toBeCloseTo(Math.SQRT2 / 4, 10);
    expect(predictability([3, 3, 3]).cv).toBe(0);
    expect(predictability([0, 0]).cv).toBeNull();
  });

  it('suggests busy slots with a failure rate at or below the overall rate', () => {
    const items = [
      ...Array.from({ length: 6 }, () => ({ finishedAt: '2026-03-03T10:15:00Z', failed: false })), // Tue 10 UTC
      ...Array.from({ length: 4 }, (_, i) => ({ finishedAt: '2026-03-06T16:05:00Z', failed: i < 3 })), // Fri 16 UTC, 3/4 failed
      ...Array.from({ length: 3 }, (_, i) => ({ finishedAt: '2026-03-04T09:00:00Z', failed: i === 0 })), // Wed 9 UTC, 1/3 failed
    ];
    const cells = heatmap(items, 'UTC');
    expect(cells).toHaveLength(168);
    expect(cells[(2 - 1) * 24 + 10]).toEqual({ weekday: 2, hour: 10, deployments: 6, failed: 0 });
    // overall failure rate 4/13 ≈ 0.31: Wed 9 (0.33) and Fri 16 (0.75) are above it.
    expect(suggestSlots(cells).map((c) => [c.weekday, c.hour])).toEqual([[2, 10]]);
  });
});
