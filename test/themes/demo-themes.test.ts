import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { listLoopUpdates, themeState } from '../../src/loop/loop.service.js';
import { themesReport } from '../../src/themes/themes.service.js';
import { makeDeps } from '../helpers/deps.js';

describe('demo workspace themes', () => {
  it('finds each team’s story, shows the loop, and never names the 4-person team', () => {
    const deps = makeDeps({ now: () => new Date('2026-03-02T10:00:00.000Z') });
    seedDemo(deps);
    const top = (team: string) =>
      themesReport(deps, { team })
        .themes.slice(0, 2)
        .map((t) => t.key);
    expect(top('payments')).toEqual(expect.arrayContaining(['flaky_tests']));
    expect(top('checkout')[0]).toBe('code_review');
    expect(top('search')[0]).toBe('documentation');
    const org = themesReport(deps, {});
    expect(org.suppressed).toBe(false);
    expect(JSON.stringify(org)).not.toMatch(/"security"/);
    expect(themesReport(deps, { team: 'security' }).suppressed).toBe(true);
    expect(themeState(deps, 'documentation').status).toBe('shipped');
    expect(listLoopUpdates(deps, { limit: 3 }).map((u) => u.theme_key)).toEqual([
      'ci_builds',
      'code_review',
      'flaky_tests',
    ]);
  }, 60_000);
});
