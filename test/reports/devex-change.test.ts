import { describe, expect, it } from 'vitest';
import { newcombeDifference } from '../../src/metrics/survey-stats.js';
import { orgReport } from '../../src/reports/org.report.js';
import { reportWindow } from '../../src/reports/reports.schema.js';
import { makeDeps } from '../helpers/deps.js';
import { surveyFactory } from '../helpers/survey-factory.js';

describe('the overview change column', () => {
  it('compares pooled core favorability with the window before, by the Newcombe rule (hand-computed)', () => {
    const deps = makeDeps({ now: () => new Date('2026-03-02T00:00:00.000Z') });
    const f = surveyFactory(deps);
    f.teams([
      { key: 'a', name: 'Team A' },
      { key: 'b', name: 'Team B' },
    ]);
    f.survey({
      key: 'pulse',
      questions: [
        { key: 'build_and_test', dimension: 'feedback_loops' },
        { key: 'mood', dimension: null },
      ],
    });
    // a: 8 of 10 favorable in January, 3 of 10 in February; b: 6 of 10 both times.
    const answer = (team: string, i: number, submittedAt: string, answers: Record<string, number>) =>
      f.response({ survey: 'pulse', team, respondent: `${team}${i}`, submittedAt, answers });
    for (let i = 0; i < 10; i++) {
      answer('a', i, '2026-01-13T10:00:00Z', { build_and_test: i < 8 ? 5 : 2, mood: 1 });
      answer('a', i, '2026-02-10T10:00:00Z', { build_and_test: i < 3 ? 4 : 1, mood: 5 });
      for (const at of ['2026-01-13T10:00:00Z', '2026-02-10T10:00:00Z'])
        answer('b', i, at, { build_and_test: i < 6 ? 4 : 2 });
    }
    const report = orgReport(deps, reportWindow({ from: '2026-02-01', to: '2026-03-01' }, deps.now()));
    const a = report.teams.find((t) => t.key === 'a')!;
    const b = report.teams.find((t) => t.key === 'b')!;
    // Only the core item counts (mood is no DevEx dimension): 8/10 → 3/10.
    const expected = newcombeDifference(8, 10, 3, 10)!;
    expect(a.devex_change).toEqual({
      delta: -0.5,
      ci95: [Math.round(expected.ci95[0] * 1000) / 1000, Math.round(expected.ci95[1] * 1000) / 1000],
      significant: true,
    });
    expect(expected.ci95[1]).toBeLessThan(0);
    expect(b.devex_change).toMatchObject({ delta: 0, significant: false });
    // The card lists the significant drop first.
    expect(report.needs_attention[0]).toMatchObject({ team: 'a', reason: 'significant_drop' });
  });
});
