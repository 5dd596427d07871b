import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { i18nRepo } from '../../src/i18n/i18n.repo.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

/**
 * Privacy audit of `languages` in survey results: for every team, the org and many windows, no
 * shown language has fewer than k respondents, and the hidden ones together are never 1 … k−1
 * (else they would be the result's respondents minus the shown languages).
 */
const K = 5;
const TEAMS = ['munich', 'tokyo', 'saopaulo', 'remote', 'paris'];
const LOCALES = ['en', 'de', 'ja', 'pt-BR', 'fr', 'es', null];

let deps: Deps;
let srv: TestServer;
let api: ReturnType<typeof apiClient>;

/** A small deterministic generator (mulberry32). */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  deps = makeDeps({ now: testClock('2026-04-01T00:00:00.000Z').now });
  const f = surveyFactory(deps);
  f.teams([{ key: 'eng' }, ...TEAMS.map((key) => ({ key, parent: 'eng' }))]);
  f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS, threshold: K });
  const rnd = random(17);
  let person = 0;
  for (const team of TEAMS) {
    // Each team: a few languages, some of them with only one to four people.
    const people = 4 + Math.floor(rnd() * 14);
    for (let i = 0; i < people; i++) {
      const who = `p${person++}`;
      const locale = LOCALES[Math.floor(rnd() * LOCALES.length)];
      const answers = 1 + Math.floor(rnd() * 3);
      for (let a = 0; a < answers; a++) {
        const day = 1 + Math.floor(rnd() * 60);
        const submittedAt = new Date(Date.UTC(2026, 0, day, 9 + a)).toISOString();
        const id = f.response({ survey: 'pulse', team, respondent: who, submittedAt, answers: { build_and_test: 4 } });
        // Now and then someone answers in another language than usual.
        const used = rnd() < 0.15 ? LOCALES[Math.floor(rnd() * LOCALES.length)] : locale;
        if (used) i18nRepo(deps.db).setResponseLanguage(id, used);
      }
    }
  }
  srv = await startServer(deps);
  api = apiClient(srv.base, tokenFor(deps, 'viewer'));
}, 60_000);
afterAll(() => srv.close());

describe('privacy audit: respondents by language', () => {
  it('shows no language under k and never leaves the hidden ones computable, for every team and window', async () => {
    const windows: Array<[string, string]> = [];
    for (let start = 1; start <= 50; start += 7) {
      for (const days of [3, 10, 30, 70]) {
        const from = new Date(Date.UTC(2026, 0, start));
        const to = new Date(from.getTime() + days * 86_400_000);
        windows.push([from.toISOString(), to.toISOString()]);
      }
    }
    let checked = 0;
    let withHidden = 0;
    for (const team of [null, 'eng', ...TEAMS]) {
      for (const [from, to] of windows) {
        const q = new URLSearchParams({ from, to, ...(team ? { team } : {}) });
        const res = await api.get(`/api/v1/surveys/pulse/results?${q.toString()}`);
        expect(res.status).toBe(200);
        const r = res.json;
        if (r.suppressed) {
          expect(r.languages).toBeUndefined();
          continue;
        }
        const languages = r.languages as Array<{ locale: string; suppressed: boolean; respondents: number | null }>;
        for (const l of languages) {
          if (l.suppressed) expect(l.respondents).toBeNull();
          else expect(l.respondents).toBeGreaterThanOrEqual(K);
        }
        // Distinct respondents of the hidden languages, counted from the database, never 1 … k−1 together.
        const hidden = languages.filter((l) => l.suppressed).map((l) => l.locale);
        if (hidden.length) {
          withHidden++;
          const ids = deps.db
            .prepare(
              `SELECT DISTINCT r.respondent FROM responses r LEFT JOIN response_languages rl ON rl.response_id = r.id
               JOIN teams t ON t.id = r.team_id
               WHERE r.submitted_at >= ? AND r.submitted_at < ? AND COALESCE(rl.locale, 'und') IN (SELECT value FROM json_each(?))
                 AND (? IS NULL OR t.key = ? OR t.key = 'eng' AND ? = 'eng' OR t.parent_id = (SELECT id FROM teams WHERE key = ?))`,
            )
            .all(from, to, JSON.stringify(hidden), team, team, team, team);
          expect(ids.length === 0 || ids.length >= K, `${team ?? 'org'} ${from}…${to}: ${hidden.join(',')}`).toBe(true);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(withHidden).toBeGreaterThan(10);
  }, 120_000);
});
