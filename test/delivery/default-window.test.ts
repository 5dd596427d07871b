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
  it('is parsed by one parser: a bad or backwards window names the same field for delivery and survey reports', () => {
    const deps = makeDeps({ now: () => new Date('2026-12-03T17:27:50.123Z') });
    const details = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { details?: unknown }).details;
      }
      throw new Error('expected a 422');
    };
    const cases: Record<string, string>[] = [
      { from: '2026-03-02', to: '2026-03-01' },
      { from: '2026-03-01', to: '2026-03-01' },
      { from: 'yesterday' },
      { to: '2026-13-40' },
      { from: '1999-12-31', to: '2000-02-01' },
      { from: '2000-01-01', to: '2026-01-01' },
    ];
    for (const q of cases) {
      const delivery = details(() => resolveReportScope(deps, q));
      expect(delivery).toEqual(details(() => reportWindow(q, deps.now())));
      expect(delivery).toBeInstanceOf(Array);
    }
    expect(details(() => resolveReportScope(deps, cases[0]))).toEqual([
      { field: 'from', message: 'must be before to' },
    ]);
    // Dates (as services pass them) go through the same parser.
    const dated = resolveReportScope(deps, {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-03-08T00:00:00Z'),
    });
    expect(dated.to.getTime() - dated.from.getTime()).toBe(7 * 86_400_000);
  });
});
