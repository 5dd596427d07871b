import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { buildDriversOrg } from '../surveys/drivers-fixture.js';
import { referenceSpearman } from '../surveys/drivers-reference.js';

/**
 * Privacy audit of key drivers (GET /api/v1/surveys/:key/drivers and the quadrant on the pages):
 * security (3 people) is under k = 5 in every window; in the week of 2 February it answered, so
 * payments — its smallest sibling — is hidden that week to protect it, and shown the week of
 * 16 February when security did not answer. Tokens get the exact window (payments hidden), people
 * whole weeks (payments from its shown week only — its hidden week's answers must not leak in).
 */
const WINDOW = 'from=2026-01-05&to=2026-03-02';
const TEAMS = ['eng', 'payments', 'checkout', 'search', 'security'];
/** Anything that is a figure about people in a drivers answer. */
const FIGURES = ['n', 'respondents', 'rho', 'ci95', 'favorable'];

let deps: Deps;
let srv: TestServer;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date('2026-03-02T10:00:00Z') });
  buildDriversOrg(deps);
  srv = await startServer(deps, { rateLimits: false });
});
afterAll(() => srv.close());

/** Every figure present in a drivers answer (paths), walking drivers and medians. */
function figuresIn(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of FIGURES) if (body[k] !== null && body[k] !== undefined) out.push(k);
  for (const [i, d] of ((body.drivers as Array<Record<string, unknown>>) ?? []).entries())
    for (const k of FIGURES) if (d[k] !== null && d[k] !== undefined) out.push(`drivers[${i}].${k}`);
  const m = body.medians as Record<string, unknown> | undefined;
  for (const k of ['favorable', 'rho']) if (m && m[k] !== null) out.push(`medians.${k}`);
  return out;
}

/** The pulse answers of one team's responses submitted in [from, to): item and outcome per response. */
function answersOf(team: string, from: string, to: string, item: string) {
  const rows = deps.db
    .prepare(
      `SELECT a.value_num AS item, o.value_num AS outcome FROM responses r
       JOIN teams t ON t.id = r.team_id
       JOIN answers a ON a.response_id = r.id JOIN questions qa ON qa.id = a.question_id AND qa.key = ?
       JOIN answers o ON o.response_id = r.id JOIN questions qo ON qo.id = o.question_id AND qo.key = 'recommend'
       WHERE t.key = ? AND r.submitted_at >= ? AND r.submitted_at < ? AND a.value_num IS NOT NULL AND o.value_num IS NOT NULL`,
    )
    .all(item, team, from, to) as Array<{ item: number; outcome: number }>;
  return { xs: rows.map((r) => r.item), ys: rows.map((r) => r.outcome) };
}

describe('privacy audit: key drivers', () => {
  it('tokens (exact window): no figure for a group under k or its protecting sibling, JSON and CSV', async () => {
    const api = apiClient(srv.base, tokenFor(deps, 'viewer'));
    const hidden = new Set(['security', 'payments']);
    for (const team of TEAMS) {
      for (const outcome of ['', 'outcome=build_and_test']) {
        const res = await api.get(`/api/v1/surveys/pulse/drivers?team=${team}&${WINDOW}&${outcome}`);
        expect(res.status).toBe(200);
        if (hidden.has(team)) {
          expect(res.json.suppressed, team).toBe(true);
          expect(figuresIn(res.json), team).toEqual([]);
          const csv = await api.get(`/api/v1/surveys/pulse/drivers?team=${team}&${WINDOW}&${outcome}&format=csv`);
          const [head, ...rows] = csv.text.trim().split(/\r?\n/);
          expect(head).not.toMatch(/rho|favorable|pairs/);
          expect(rows).toHaveLength(1);
          // No number of people in the row: only the scope, the window and the reason.
          expect(rows[0]).not.toMatch(/,-?\d+(\.\d+)?,/);
        } else {
          expect(res.json.suppressed, team).toBe(false);
          expect(figuresIn(res.json).length, team).toBeGreaterThan(0);
        }
      }
    }
  });

  it('people (whole weeks): payments counts only the week it is shown, never the week it protects security', async () => {
    const viewer = await loginSession(srv.base, deps, 'viewer');
    const body = JSON.parse((await viewer.get(`/api/v1/surveys/pulse/drivers?team=payments&${WINDOW}`)).text);
    expect(body.suppressed).toBe(false);
    expect(body.period_privacy).toMatchObject({ mode: 'weekly', hidden_weeks: 1 });
    // Every ρ equals the reference over the week of 16 February alone.
    for (const d of body.drivers.filter((x: { suppressed: boolean }) => !x.suppressed)) {
      const { xs, ys } = answersOf('payments', '2026-02-16', '2026-02-23', d.question);
      expect(d.n, d.question).toBe(xs.length);
      expect(Math.abs(d.rho - referenceSpearman(xs, ys)!), d.question).toBeLessThan(1e-6);
    }
    const security = JSON.parse((await viewer.get(`/api/v1/surveys/pulse/drivers?team=security&${WINDOW}`)).text);
    expect(security.suppressed).toBe(true);
    expect(figuresIn(security)).toEqual([]);
    // A window of the hidden week alone shows nothing for payments.
    const week = JSON.parse(
      (await viewer.get('/api/v1/surveys/pulse/drivers?team=payments&from=2026-02-02&to=2026-02-09')).text,
    );
    expect(week.suppressed).toBe(true);
    expect(figuresIn(week)).toEqual([]);
  });

  it('pages: the team page of a hidden group shows the reason and no driver figure', async () => {
    const viewer = await loginSession(srv.base, deps, 'viewer');
    for (const team of ['security']) {
      const html = (await viewer.get(`/teams/${team}?${WINDOW}`)).text;
      const section = /<section class="card section drivers"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
      expect(section).toMatch(/Not shown: fewer than 5 respondents/);
      expect(section).not.toMatch(/data-drivers-chart|drivers__table|look first/);
    }
  });
});
