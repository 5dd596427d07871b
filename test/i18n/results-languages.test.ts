import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { i18nRepo } from '../../src/i18n/i18n.repo.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

const clock = testClock('2026-03-02T10:00:00.000Z');
let deps: Deps;
let srv: TestServer;
let api: ReturnType<typeof apiClient>;
let f: ReturnType<typeof surveyFactory>;

/** `n` respondents of a team answering in `locale` (null: language not recorded, as for imports). */
function answered(team: string, locale: string | null, n: number, prefix: string) {
  for (let i = 0; i < n; i++) {
    const id = f.response({
      survey: 'pulse',
      team,
      respondent: `${prefix}${i}`,
      submittedAt: `2026-02-${String(10 + (i % 10)).padStart(2, '0')}T10:00:00Z`,
      answers: { build_and_test: 4 },
    });
    if (locale) i18nRepo(deps.db).setResponseLanguage(id, locale);
  }
}

beforeAll(async () => {
  deps = makeDeps({ now: clock.now });
  f = surveyFactory(deps);
  f.teams([{ key: 'eng' }, { key: 'munich', parent: 'eng' }, { key: 'tokyo', parent: 'eng' }]);
  f.survey({ key: 'pulse', questions: DEVEX_QUESTIONS, threshold: 5 });
  answered('munich', 'de', 7, 'de-');
  answered('munich', 'en', 6, 'en-m-');
  answered('tokyo', 'ja', 5, 'ja-');
  answered('tokyo', 'en', 5, 'en-t-');
  answered('tokyo', 'fr', 2, 'fr-');
  answered('tokyo', null, 1, 'import-');
  // One person answered twice, in two languages: counted in both, once in the total.
  const twice = f.response({
    survey: 'pulse',
    team: 'munich',
    respondent: 'de-0',
    submittedAt: '2026-02-25T10:00:00Z',
    answers: { build_and_test: 5 },
  });
  i18nRepo(deps.db).setResponseLanguage(twice, 'en');
  srv = await startServer(deps);
  api = apiClient(srv.base, tokenFor(deps, 'viewer'));
});
afterAll(() => srv.close());

const window = 'from=2026-02-01&to=2026-03-01';

describe('results count respondents per language, under the privacy rules', () => {
  it('the org: every language at or above k shown; the small ones hidden together until they hold k', async () => {
    const res = await api.get(`/api/v1/surveys/pulse/results?${window}`);
    expect(res.status).toBe(200);
    expect(res.json.respondents).toBe(26);
    // fr (2) and und (1) are under k = 5 and together still under it, so the next-smallest (ja, 5) is hidden too.
    expect(res.json.languages).toEqual([
      { locale: 'de', suppressed: false, respondents: 7 },
      { locale: 'en', suppressed: false, respondents: 12 },
      { locale: 'fr', suppressed: true, suppressed_reason: 'below_threshold', respondents: null },
      { locale: 'ja', suppressed: true, suppressed_reason: 'complementary', respondents: null },
      { locale: 'und', suppressed: true, suppressed_reason: 'below_threshold', respondents: null },
    ]);
  });

  it('a team: its own respondents only', async () => {
    const res = await api.get(`/api/v1/surveys/pulse/results?team=munich&${window}`);
    expect(res.json.respondents).toBe(13);
    expect(res.json.languages).toEqual([
      { locale: 'de', suppressed: false, respondents: 7 },
      { locale: 'en', suppressed: false, respondents: 7 },
    ]);
  });

  it('a hidden result carries no language counts at all', async () => {
    const res = await api.get(`/api/v1/surveys/pulse/results?team=tokyo&from=2026-02-10&to=2026-02-11`);
    expect(res.json.suppressed).toBe(true);
    expect(res.json.languages).toBeUndefined();
  });
});

describe('results languages for people (whole weeks)', () => {
  it('are left out for sessions, which see whole weeks', async () => {
    const viewer = await loginSession(srv.base, deps, 'viewer');
    const res = await viewer.get(`/api/v1/surveys/pulse/results?${window}`);
    expect(res.status).toBe(200);
    const json = JSON.parse(res.text) as { suppressed: boolean; languages?: unknown };
    expect(json.suppressed).toBe(false);
    expect(json.languages).toBeUndefined();
  });
});
