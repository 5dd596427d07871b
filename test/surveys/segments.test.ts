import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { withPeriodMode } from '../../src/privacy/period-mode.js';
import { parseBy, parseSegments } from '../../src/reports/reports.schema.js';
import { surveyResults } from '../../src/surveys/results.service.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';
import { makeDeps } from '../helpers/deps.js';
import { segmentOrg, type SegmentOrg } from '../security/segment-org.js';

const WINDOW = { from: '2026-01-05', to: '2026-03-30' };
const LIKERT = DEVEX_QUESTIONS.filter((q) => q.type === 'likert5').map((q) => q.key);

/** metrics.md, computed from the raw responses: n, favorable (answers 4–5 ÷ answers), distinct respondents. */
function independent(rows: SegmentOrg['responses']) {
  const people = new Set(rows.map((r) => r.who));
  const questions = Object.fromEntries(
    LIKERT.map((key) => {
      const answers = rows.map((r) => r.answers[key]).filter((v): v is number => typeof v === 'number');
      return [
        key,
        { n: answers.length, favorable: answers.length ? answers.filter((v) => v >= 4).length / answers.length : null },
      ];
    }),
  );
  return { respondents: people.size, questions };
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

describe('segment parameters', () => {
  const keys = ['role', 'tenure'];
  it('parses repeatable key:value, OR within a key, sorted', () => {
    expect(parseSegments(['tenure:<6m', 'role:mobile', 'role:backend', 'role:backend'], keys)).toEqual([
      { key: 'role', values: ['backend', 'mobile'] },
      { key: 'tenure', values: ['<6m'] },
    ]);
    expect(parseSegments(undefined, keys)).toEqual([]);
  });
  it('unknown, not reportable or malformed → 422 naming segment (or by)', () => {
    for (const bad of ['location:berlin', 'role', 'role:', 'Role:x', ':x', ['role:a', { a: 1 }]]) {
      const e = errorOf(() => parseSegments(bad, keys));
      expect(e.status).toBe(422);
      expect(JSON.stringify(e.details)).toContain('"field":"segment"');
    }
    const e = errorOf(() => parseBy('location', keys));
    expect(e.status).toBe(422);
    expect(JSON.stringify(e.details)).toContain('"field":"by"');
    expect(parseBy('tenure', keys)).toBe('tenure');
  });
});

describe('segment filters and breakdowns (generated org with attributes, exact windows)', () => {
  const deps = makeDeps({ now: () => new Date('2026-04-01T00:00:00Z') });
  const org = segmentOrg(deps, { people: 90 });
  const k = 5;
  const inScope = (team: string | null) => (r: SegmentOrg['responses'][number]) =>
    r.at >= '2026-01-05' && r.at < '2026-03-30' && (!team || org.teamsUnder[team].includes(r.team));

  it('a filtered group shows the figures of metrics.md over exactly its responses', () => {
    const res = surveyResults(deps, 'pulse', {
      ...WINDOW,
      team: 'eng',
      segments: [{ key: 'role', values: ['backend'] }],
    });
    const rows = org.responses.filter((r) => inScope('eng')(r) && r.attrs.role === 'backend');
    const want = independent(rows);
    expect(res.suppressed).toBe(false);
    expect(res.segment).toEqual(['role:backend']);
    expect(res.respondents).toBe(want.respondents);
    for (const key of LIKERT) {
      const q = res.questions.find((x) => x.key === key)!;
      expect(q.n).toBe(want.questions[key].n);
      expect(q.favorable).toBeCloseTo(want.questions[key].favorable!, 10);
    }
    expect(res.response_rate).toBeNull();
  });

  it('every shown breakdown figure equals an independent computation; hidden groups carry a reason and no figure', () => {
    for (const team of [null, 'eng', 'payments', 'ops']) {
      for (const by of ['role', 'location', 'tenure']) {
        const res = surveyResults(deps, 'pulse', { ...WINDOW, team, by });
        if (res.suppressed) continue;
        expect(res.breakdown!.by).toBe(by);
        const rows = org.responses.filter(inScope(team));
        const hidden = new Set<string>();
        for (const g of res.breakdown!.groups) {
          const mine = rows.filter((r) => r.attrs[by] === g.value);
          const people = new Set(mine.map((r) => r.who)).size;
          if (g.suppressed) {
            expect(g.respondents).toBeNull();
            expect(g.questions).toEqual([]);
            expect(g.devex_score).toBeNull();
            expect(['below_threshold', 'complementary', 'rest_too_small']).toContain(g.suppressed_reason);
            expect([
              'fewer than 5 respondents',
              'hidden to protect a smaller group',
              'the rest of this scope is too small',
            ]).toContain(g.reason);
            if (g.suppressed_reason === 'below_threshold') expect(people).toBeLessThan(k);
            mine.forEach((r) => hidden.add(r.who));
            continue;
          }
          const want = independent(mine);
          expect(g.respondents, `${team} ${by}=${g.value}`).toBe(want.respondents);
          expect(g.respondents!).toBeGreaterThanOrEqual(k);
          for (const key of LIKERT) {
            const q = g.questions.find((x) => x.key === key)!;
            expect(q.n).toBe(want.questions[key].n);
            if (want.questions[key].favorable !== null)
              expect(q.favorable).toBeCloseTo(want.questions[key].favorable, 10);
          }
        }
        // Sibling rule: the hidden groups together hold 0 or at least k people.
        expect(hidden.size === 0 || hidden.size >= k, `${team} by ${by}`).toBe(true);
      }
    }
  });

  it('filter rule: a team minus its filtered group with 1…k−1 people hides the group ("the rest of this scope is too small")', () => {
    const d = makeDeps({ now: () => new Date('2026-04-01T00:00:00Z') });
    const f = surveyFactory(d);
    f.teams([{ key: 'x' }, { key: 'y' }]);
    f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS });
    const ins = d.db.prepare('INSERT INTO response_attributes (response_id, key, value) VALUES (?, ?, ?)');
    d.db.prepare("INSERT INTO attribute_keys (key, reportable, updated_at) VALUES ('tenure', 1, 'x')").run();
    const add = (team: string, who: string, tenure: string) =>
      ins.run(
        f.response({
          survey: 'pulse',
          team,
          respondent: who,
          submittedAt: '2026-02-10T10:00:00Z',
          answers: { build_and_test: 4 },
        }),
        'tenure',
        tenure,
      );
    for (let i = 0; i < 8; i++) add('x', `x${i}`, '<6m');
    for (let i = 0; i < 2; i++) add('x', `old${i}`, '5y+');
    for (let i = 0; i < 12; i++) add('y', `y${i}`, i < 6 ? '<6m' : '5y+');
    const seg = [{ key: 'tenure', values: ['<6m'] }];
    const r = surveyResults(d, 'pulse', { ...WINDOW, team: 'x', segments: seg });
    expect(r.suppressed).toBe(true);
    expect(r.respondents).toBeNull();
    expect(r.suppressed_reason).toBe('rest_too_small');
    expect(r.reason).toBe('the rest of this scope is too small');
    // The org-wide group (14 new joiners) leaves 8 others: shown.
    expect(surveyResults(d, 'pulse', { ...WINDOW, segments: seg }).respondents).toBe(14);
    // By tenure in team x: 8 and 2 — the 2 are under k, and team x minus the 8 leaves those 2.
    const b = surveyResults(d, 'pulse', { ...WINDOW, team: 'x', by: 'tenure' });
    expect(b.breakdown!.groups.map((g) => [g.value, g.suppressed_reason ?? 'shown'])).toEqual([
      ['5y+', 'below_threshold'],
      ['<6m', 'rest_too_small'],
    ]);
    expect(b.breakdown!.groups[1].reason).toBe('the rest of this scope is too small');
    // Team y by tenure: 6 and 6; but the org's 5y+ minus team y's are team x's 2 old-timers.
    const y = surveyResults(d, 'pulse', { ...WINDOW, team: 'y', by: 'tenure' });
    expect(y.breakdown!.groups.map((g) => [g.value, g.suppressed_reason ?? 'shown'])).toEqual([
      ['5y+', 'rest_too_small'],
      ['<6m', 'shown'],
    ]);
    // Org by tenure: a group of 1 hides the next-smallest shown group too.
    add('y', 'y-odd', '1-2y');
    const org3 = surveyResults(d, 'pulse', { ...WINDOW, by: 'tenure' });
    expect(org3.breakdown!.groups.map((g) => [g.value, g.suppressed_reason ?? 'shown'])).toEqual([
      ['1-2y', 'below_threshold'],
      ['5y+', 'complementary'],
      ['<6m', 'shown'],
    ]);
    expect(org3.breakdown!.groups[1].reason).toBe('hidden to protect a smaller group');
    expect(b.breakdown!.groups[0].reason).toBe('fewer than 5 respondents');
  });

  it('weekly mode: a filtered group counts only whole weeks that pass every rule', () => {
    const res = withPeriodMode('weekly', () =>
      surveyResults(deps, 'pulse', {
        from: '2026-01-07',
        to: '2026-03-28',
        segments: [{ key: 'location', values: ['berlin'] }],
      }),
    );
    expect(res.period_privacy?.mode).toBe('weekly');
    expect(res.from).toBe('2026-01-12T00:00:00.000Z');
    if (!res.suppressed) expect(res.respondents!).toBeGreaterThanOrEqual(k);
  });
});
