import { describe, expect, it } from 'vitest';
import { resultsByTeam, surveyResults } from '../../src/surveys/results.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

// org → product-eng (payments 12, checkout 9), platform-group (platform 14, identity 7, security 4)
const SIZES: Record<string, number> = { payments: 12, checkout: 9, platform: 14, identity: 7, security: 4 };

function setup() {
  const deps = makeDeps({ now: testClock('2026-03-02T10:00:00Z').now });
  const f = surveyFactory(deps);
  f.teams([
    { key: 'product-eng' },
    { key: 'platform-group' },
    { key: 'payments', parent: 'product-eng' },
    { key: 'checkout', parent: 'product-eng' },
    { key: 'platform', parent: 'platform-group' },
    { key: 'identity', parent: 'platform-group' },
    { key: 'security', parent: 'platform-group' },
  ]);
  f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS });
  const answer = (team: string, who: string, day: string, v = 4) =>
    f.response({
      survey: 'pulse',
      team,
      respondent: who,
      submittedAt: `${day}T10:00:00Z`,
      answers: { build_and_test: v, friction: `secret note from ${who}` },
    });
  // Two answers per person in the current 90 days, one in the 90 days before.
  for (const [team, size] of Object.entries(SIZES)) {
    for (let i = 0; i < size; i++) {
      answer(team, `${team}-${i}`, '2026-01-15', team === 'security' ? 1 : 4);
      answer(team, `${team}-${i}`, '2026-02-15', team === 'security' ? 1 : 4);
      answer(team, `${team}-${i}`, '2025-11-01', 3);
    }
  }
  return { deps, f, answer };
}

const hiddenShape = (r: Record<string, unknown>) => {
  expect(r.suppressed).toBe(true);
  expect(r.respondents).toBeNull();
  expect(r.questions).toEqual([]);
  for (const k of ['devex_score', 'changes', 'response_rate', 'invited']) expect(r).not.toHaveProperty(k);
  expect(JSON.stringify(r)).not.toMatch(/secret note|"n":|favorable/);
};

describe('privacy: a 4-person team at every level', () => {
  it('alone: the team itself is suppressed with the pinned shape', () => {
    const { deps } = setup();
    const r = surveyResults(deps, 'pulse', { team: 'security' });
    hiddenShape(r as never);
    expect(r).toMatchObject({ survey: 'pulse', team: 'security', suppressed_reason: 'below_threshold', threshold: 5 });
    expect(r.from).toBeTypeOf('string');
  });

  it('via parent subtraction: the next-smallest sibling is hidden too, the parent and others show', () => {
    const { deps } = setup();
    const identity = surveyResults(deps, 'pulse', { team: 'identity' });
    hiddenShape(identity as never);
    expect(identity.suppressed_reason).toBe('complementary');
    expect(surveyResults(deps, 'pulse', { team: 'platform' }).respondents).toBe(14);
    expect(surveyResults(deps, 'pulse', { team: 'platform-group' }).respondents).toBe(25);
  });

  it('via the per-team results (heatmap): same decisions as the single-team route', () => {
    const { deps } = setup();
    const all = resultsByTeam(deps, 'pulse', {});
    for (const key of Object.keys(SIZES).concat(['product-eng', 'platform-group'])) {
      const one = surveyResults(deps, 'pulse', { team: key });
      expect(all.get(key)!.suppressed, key).toBe(one.suppressed);
      expect(all.get(key)!.respondents, key).toBe(one.respondents);
      if (!one.suppressed) expect(all.get(key)!.questions, key).toEqual(one.questions);
    }
    hiddenShape(all.get('security') as never);
    hiddenShape(all.get('identity') as never);
  });

  it('via period windows: a normally large team with 4 respondents in a window is hidden, and its changes vanish', () => {
    const { deps, answer } = setup();
    // In [2026-02-20, 2026-03-01) only four payments people answered.
    for (let i = 0; i < 4; i++) answer('payments', `payments-${i}`, '2026-02-25', 2);
    const small = surveyResults(deps, 'pulse', { team: 'payments', from: '2026-02-20', to: '2026-03-01' });
    hiddenShape(small as never);
    // checkout is the next-smallest sibling in that window (0 respondents hide nothing): nothing else needed
    const checkout = surveyResults(deps, 'pulse', { team: 'checkout', from: '2026-02-20', to: '2026-03-01' });
    expect(checkout.suppressed).toBe(false);
    expect(checkout.respondents).toBe(0);
    // The next window is shown, but its previous window (the 4-person one) is hidden: no changes at all
    const next = surveyResults(deps, 'pulse', { team: 'payments', from: '2026-03-01', to: '2026-03-10' });
    expect(next.previous?.suppressed).toBe(true);
    expect(next.changes).toEqual([]);
  });

  it('via the org level: a 4-person top-level team hides the next-smallest top-level group and one of its children', () => {
    const { deps, f, answer } = setup();
    f.teams([{ key: 'tiny' }]);
    for (let i = 0; i < 4; i++) answer('tiny', `tiny-${i}`, '2026-02-15');
    hiddenShape(surveyResults(deps, 'pulse', { team: 'tiny' }) as never);
    // product-eng (21) is smaller than platform-group (25): hidden so org − platform-group ≠ tiny
    expect(surveyResults(deps, 'pulse', { team: 'product-eng' }).suppressed_reason).toBe('complementary');
    // and product-eng = payments + checkout would re-open it: checkout (the smaller) hides too
    expect(surveyResults(deps, 'pulse', { team: 'checkout' }).suppressed).toBe(true);
    expect(surveyResults(deps, 'pulse', { team: 'payments' }).suppressed).toBe(false);
    expect(surveyResults(deps, 'pulse').suppressed).toBe(false);
    const all = resultsByTeam(deps, 'pulse', {});
    expect(['tiny', 'product-eng', 'checkout', 'security', 'identity'].every((k) => all.get(k)!.suppressed)).toBe(true);
    expect(all.get('payments')!.suppressed).toBe(false);
  });

  it('respects a stricter survey threshold', () => {
    const { deps, f } = setup();
    f.survey({ key: 'strict', threshold: 10, questions: [{ key: 'build_and_test_v', type: 'likert5' }] });
    for (let i = 0; i < 9; i++)
      f.response({
        survey: 'strict',
        team: 'checkout',
        respondent: `x${i}`,
        submittedAt: '2026-02-15T10:00:00Z',
        answers: { build_and_test_v: 4 },
      });
    const r = surveyResults(deps, 'strict', { team: 'checkout' });
    expect(r).toMatchObject({ suppressed: true, threshold: 10 });
  });

  it('people filed directly under a parent count as one more child of that parent', () => {
    const { deps, answer } = setup();
    // 6 people filed under platform-group itself: security (4) is still the lone hidden child,
    // the next-smallest of {platform 14, identity 7, direct 6} is the direct group (never shown anyway)
    for (let i = 0; i < 6; i++) answer('platform-group', `pg-${i}`, '2026-02-15');
    expect(surveyResults(deps, 'pulse', { team: 'identity' }).suppressed).toBe(false);
    expect(surveyResults(deps, 'pulse', { team: 'security' }).suppressed).toBe(true);
    expect(surveyResults(deps, 'pulse', { team: 'platform-group' }).respondents).toBe(31);
  });
});
