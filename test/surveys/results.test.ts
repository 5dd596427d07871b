import { describe, expect, it } from 'vitest';
import { surveyResults } from '../../src/surveys/results.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

const NOW = '2026-03-02T10:00:00.000Z';

function setup() {
  const clock = testClock(NOW);
  const deps = makeDeps({ now: clock.now });
  const f = surveyFactory(deps);
  f.teams([{ key: 'product' }, { key: 'payments', parent: 'product' }, { key: 'checkout', parent: 'product' }]);
  f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS });
  return { deps, f, clock };
}

describe('surveyResults', () => {
  it('answers the pinned shape with hand-computed figures', () => {
    const { deps, f } = setup();
    // six people in payments; build_and_test answers 5,4,4,3,2,1 → n 6, favorable 3/6, mean 19/6
    const likert = [5, 4, 4, 3, 2, 1];
    const recommend = [10, 9, 8, 6, 3, 9]; // promoters 3, detractors 2 → eNPS 100·(3−2)/6 = 16.67
    const hours = ['0', '<1', '1-2', '2-4', '4-8', '8+']; // 0, .5, 1.5, 3, 6, 10 → median h=2.5 → 1.5+.5·1.5 = 2.25
    likert.forEach((v, i) =>
      f.response({
        survey: 'pulse',
        team: 'payments',
        respondent: `p${i}`,
        submittedAt: '2026-02-20T10:00:00Z',
        answers: {
          build_and_test: v,
          code_review: i < 2 ? null : 4,
          recommend: recommend[i],
          hours_lost: hours[i],
          friction: 'slow CI',
        },
      }),
    );
    const r = surveyResults(deps, 'pulse', { team: 'payments' });
    expect(Object.keys(r)).toEqual(
      expect.arrayContaining([
        'survey',
        'team',
        'from',
        'to',
        'respondents',
        'response_rate',
        'suppressed',
        'threshold',
        'devex_score',
        'questions',
        'changes',
      ]),
    );
    expect(r).toMatchObject({
      survey: 'pulse',
      team: 'payments',
      respondents: 6,
      response_rate: null,
      suppressed: false,
      threshold: 5,
    });
    expect(r.to).toBe(NOW);
    expect(r.from).toBe('2025-12-02T10:00:00.000Z'); // 90 days before now
    const q = Object.fromEntries(r.questions.map((x) => [x.key, x]));
    expect(q.build_and_test).toMatchObject({ n: 6, distribution: { 1: 1, 2: 1, 3: 1, 4: 2, 5: 1 } });
    expect(q.build_and_test.favorable).toBeCloseTo(0.5, 12);
    expect(q.build_and_test.mean).toBeCloseTo(19 / 6, 12);
    // Wilson 3/6: centre .5 + 3.8416/12 = .8201333; half = 1.96·√(.25/6 + 3.8416/144) = 1.96·.2614277 = .5123983
    // denominator 1 + 3.8416/6 = 1.6402667 → (.3077350/1.6402667, 1.3325316/1.6402667) = (.1876128, .8123872)
    expect(q.build_and_test.ci95![0]).toBeCloseTo(0.1876128, 6);
    expect(q.build_and_test.ci95![1]).toBeCloseTo(0.8123872, 6);
    // two "not applicable" answers are excluded from n: 4 answers, all 4 → favorable 1
    expect(q.code_review).toMatchObject({ n: 4, favorable: 1, not_applicable: 2 });
    expect(q.recommend.enps!.score).toBeCloseTo(100 / 6, 9);
    expect(q.hours_lost.hours!.median).toBeCloseTo(2.25, 12);
    expect(q.hours_lost.distribution).toEqual({ '0': 1, '<1': 1, '1-2': 1, '2-4': 1, '4-8': 1, '8+': 1 });
    expect(q.friction).toMatchObject({ n: 6, favorable: null, distribution: {} });
    expect(JSON.stringify(r)).not.toContain('slow CI');
    // questions without answers still listed with n 0
    expect(q.codebase).toMatchObject({ n: 0, favorable: null, ci95: null });
    // DevEx: core likert items with answers: build_and_test .5, code_review 1 → 75
    expect(r.devex_score).toBeCloseTo(75, 9);
  });

  it('counts distinct respondents once and every answer in n; a parent covers its subtree', () => {
    const { deps, f } = setup();
    for (let i = 0; i < 5; i++) {
      for (const day of ['2026-01-10', '2026-01-24', '2026-02-07']) {
        f.response({
          survey: 'pulse',
          team: 'payments',
          respondent: `p${i}`,
          submittedAt: `${day}T09:00:00Z`,
          answers: { build_and_test: 4 },
        });
      }
      f.response({
        survey: 'pulse',
        team: 'checkout',
        respondent: `c${i}`,
        submittedAt: '2026-02-07T09:00:00Z',
        answers: { build_and_test: 2 },
      });
    }
    const team = surveyResults(deps, 'pulse', { team: 'payments' });
    expect(team.respondents).toBe(5);
    expect(team.questions.find((q) => q.key === 'build_and_test')!.n).toBe(15);
    const parent = surveyResults(deps, 'pulse', { team: 'product' });
    expect(parent.respondents).toBe(10);
    expect(parent.questions.find((q) => q.key === 'build_and_test')!.favorable).toBeCloseTo(15 / 20, 12);
    const org = surveyResults(deps, 'pulse');
    expect(org.team).toBeNull();
    expect(org.respondents).toBe(10);
  });

  it('a fully anonymous response counts as its own respondent', () => {
    const { deps, f } = setup();
    for (let i = 0; i < 5; i++)
      f.response({
        survey: 'pulse',
        team: 'payments',
        respondent: null,
        submittedAt: '2026-02-07T09:00:00Z',
        answers: { build_and_test: 5 },
      });
    expect(surveyResults(deps, 'pulse', { team: 'payments' }).respondents).toBe(5);
  });

  it('uses the window [from, to) and rejects bad dates naming the field', () => {
    const { deps, f } = setup();
    for (let i = 0; i < 5; i++) {
      f.response({
        survey: 'pulse',
        team: 'payments',
        respondent: `p${i}`,
        submittedAt: '2026-02-01T00:00:00Z',
        answers: { build_and_test: 4 },
      });
      f.response({
        survey: 'pulse',
        team: 'payments',
        respondent: `q${i}`,
        submittedAt: '2026-02-10T00:00:00Z',
        answers: { build_and_test: 2 },
      });
    }
    const r = surveyResults(deps, 'pulse', { team: 'payments', from: '2026-02-01', to: '2026-02-10' });
    expect(r).toMatchObject({ from: '2026-02-01T00:00:00.000Z', to: '2026-02-10T00:00:00.000Z', respondents: 5 });
    expect(r.questions[0].favorable).toBe(1);
    expect(() => surveyResults(deps, 'pulse', { from: 'last tuesday' })).toThrow(
      expect.objectContaining({ status: 422, details: [expect.objectContaining({ field: 'from' })] }),
    );
    expect(() => surveyResults(deps, 'pulse', { to: '2026-13-45' })).toThrow(
      expect.objectContaining({ status: 422, details: [expect.objectContaining({ field: 'to' })] }),
    );
    expect(() => surveyResults(deps, 'pulse', { team: 'nope' })).toThrow(
      expect.objectContaining({ status: 422, details: [expect.objectContaining({ field: 'team' })] }),
    );
    expect(() => surveyResults(deps, 'nope')).toThrow(expect.objectContaining({ status: 404 }));
  });

  it('response rate = responses ÷ invitations over runs opened in the window (each person once per run), flagged under 60 %', () => {
    const { deps, f } = setup();
    const people = f.people('payments', 10);
    const run1 = f.run({
      survey: 'pulse',
      opensAt: '2026-02-02T09:00:00Z',
      invite: people.map((personId) => ({ personId })),
    });
    const run2 = f.run({
      survey: 'pulse',
      opensAt: '2026-02-16T09:00:00Z',
      invite: people.map((personId) => ({ personId })),
    });
    // run 1: 5 of 10 answer; run 2: the same 5 answer again
    for (let i = 0; i < 5; i++) {
      f.response({
        survey: 'pulse',
        team: 'payments',
        respondent: `p${i}`,
        runId: run1,
        submittedAt: '2026-02-03T09:00:00Z',
        answers: { build_and_test: 4 },
        source: 'web',
      });
      f.response({
        survey: 'pulse',
        team: 'payments',
        respondent: `p${i}`,
        runId: run2,
        submittedAt: '2026-02-17T09:00:00Z',
        answers: { build_and_test: 4 },
        source: 'web',
      });
    }
    // one more person answers run 2 → run 2: 6 of 10; both runs: 11 responses of 20 invitations
    f.response({
      survey: 'pulse',
      team: 'payments',
      respondent: 'p9',
      runId: run2,
      submittedAt: '2026-02-17T09:00:00Z',
      answers: { build_and_test: 4 },
      source: 'web',
    });
    const r = surveyResults(deps, 'pulse', { team: 'payments' });
    expect(r.response_rate).toBeCloseTo(11 / 20, 12);
    expect(r.response_rate_low).toBe(true);
    expect(r.invited).toBe(20);
    // only run 2 in the window: 6 of 10
    const late = surveyResults(deps, 'pulse', { team: 'payments', from: '2026-02-10', to: '2026-03-01' });
    expect(late.response_rate).toBeCloseTo(0.6, 12);
    // only run 1: 5 of 10 → flagged
    const early = surveyResults(deps, 'pulse', { team: 'payments', from: '2026-02-01', to: '2026-02-10' });
    expect(early.response_rate).toBeCloseTo(0.5, 12);
    expect(early.response_rate_low).toBe(true);
  });

  it('compares with the window of equal length just before and applies the Newcombe rule', () => {
    const { deps, f } = setup();
    // previous window [2026-01-01, 2026-02-01): 30 of 100 favorable; current [2026-02-01, 2026-03-04): 45 of 100
    for (let i = 0; i < 100; i++) {
      f.response({
        survey: 'pulse',
        team: 'payments',
        respondent: `a${i}`,
        submittedAt: '2026-01-15T09:00:00Z',
        answers: { build_and_test: i < 30 ? 5 : 2, codebase: 4 },
      });
      f.response({
        survey: 'pulse',
        team: 'payments',
        respondent: `b${i}`,
        submittedAt: '2026-02-15T09:00:00Z',
        answers: { build_and_test: i < 45 ? 4 : 1, codebase: i < 98 ? 4 : 2 },
      });
    }
    const r = surveyResults(deps, 'pulse', { team: 'payments', from: '2026-02-01', to: '2026-03-04' });
    // the window is 31 days, so the previous one is [2026-01-01, 2026-02-01)
    expect(r.previous).toEqual({ from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z', suppressed: false });
    const c = Object.fromEntries(r.changes!.map((x) => [x.question, x]));
    // Δ = .15, interval (.0158497, .2768330) (see test/metrics/survey-stats.test.ts) → significant
    expect(c.build_and_test.delta).toBeCloseTo(0.15, 12);
    expect(c.build_and_test.ci95[0]).toBeCloseTo(0.0158497423, 9);
    expect(c.build_and_test.significant).toBe(true);
    // 1.00 → 0.98: interval includes 0 and |Δ| < 5 points
    expect(c.codebase.delta).toBeCloseTo(-0.02, 12);
    expect(c.codebase.significant).toBe(false);
  });
});
