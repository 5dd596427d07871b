import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import { withPeriodMode } from '../../src/privacy/period-mode.js';
import { orgReport } from '../../src/reports/org.report.js';
import { reportWindow } from '../../src/reports/reports.schema.js';
import { makeDeps } from '../helpers/deps.js';

describe('the demo overview answers "who is struggling, and why"', () => {
  it('has enough shown leaf teams for associations, a needs-attention card with themes, and no empty column', () => {
    const deps = makeDeps();
    seedDemo(deps);
    const report = withPeriodMode('weekly', () => orgReport(deps, reportWindow({}, deps.now())));
    const shownLeaves = report.teams.filter((t) => !t.is_group && !t.suppressed);
    expect(shownLeaves.length).toBeGreaterThanOrEqual(10);
    expect(report.associations.length).toBeGreaterThan(0);
    expect(report.associations[0].statement).toMatch(/associated with .* across \d+ teams/);
    expect(report.needs_attention.length).toBeGreaterThan(0);
    expect(report.needs_attention.some((a) => a.top_theme !== null)).toBe(true);
    // The security team (4 people) is never listed, nor shows a change.
    expect(report.needs_attention.map((a) => a.team)).not.toContain('security');
    expect(report.teams.find((t) => t.key === 'security')?.devex_change).toBeNull();
    // Every heatmap column has data somewhere.
    for (const d of report.dimensions)
      expect(report.teams.some((t) => t.dimensions.some((c) => c.dimension === d.key && c.n > 0))).toBe(true);
  }, 120_000);
});
