import { describe, expect, it } from 'vitest';
import { resolveReportScope } from '../../src/delivery/report-scope.js';
import { reportWindow } from '../../src/reports/reports.schema.js';
import { makeDeps } from '../helpers/deps.js';

// Issue 13, item 7: one default window for every page. Delivery reports used to end at this
// millisecond while survey reports end at the next whole hour; now both call defaultWindowEnd.
describe('the default report window', () => {
  it('is the same for delivery and survey reports: the 90 days before the next whole hour', () => {
    const now = new Date('2026-12-03T17:27:50.123Z');
    const deps = makeDeps({ now: () => now });
    const delivery = resolveReportScope(deps, {});
    const survey = reportWindow({}, now);
    expect(delivery.to.toISOString()).toBe('2026-12-03T18:00:00.000Z');
    expect(delivery.from.toISOString()).toBe('2026-09-04T18:00:00.000Z');
    expect({ from: delivery.from.toISOString(), to: delivery.to.toISOString() }).toEqual({
      from: survey.from,
      to: survey.to,
    });
    // On the hour, the window ends at that instant.
    const onTheHour = new Date('2026-12-03T17:00:00.000Z');
    expect(resolveReportScope(makeDeps({ now: () => onTheHour }), {}).to.toISOString()).toBe(onTheHour.toISOString());
    // `to` alone: the 90 days before it, as in the survey reports.
    const scoped = resolveReportScope(deps, { to: '2026-06-01' });
    expect(scoped.from.toISOString()).toBe(reportWindow({ to: '2026-06-01' }, now).from);
  });
});
