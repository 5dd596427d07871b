import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { neutraliseCell, toCsv } from '../../src/web/report-format.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { DEVEX_QUESTIONS, surveyFactory } from '../helpers/survey-factory.js';

// Issue 12, finding 4: a comment, team name or owner name starting with a formula character must
// reach every CSV export as text a spreadsheet will not run.
const NOW = '2026-03-28T00:00:00.000Z';
const PAYLOAD = `=cmd|' /C calc'!A0 flaky tests and slow ci builds, terrible and broken`;
const TEAM_NAME = '=HYPERLINK("http://evil.example/x","open me")';
const OWNER = '@SUM(1)';
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

let deps: Deps;
let srv: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  deps = makeDeps({ now: () => new Date(NOW) });
  const f = surveyFactory(deps);
  f.teams([{ key: 'evil', name: TEAM_NAME }]);
  const people = f.people('evil', 7);
  f.survey({ key: 'pulse', threshold: 5, questions: DEVEX_QUESTIONS });
  // Each comment starts with another formula character, so whichever the report quotes is hostile.
  const starts = [PAYLOAD, `+${PAYLOAD}`, `-${PAYLOAD}`, `@${PAYLOAD}`, `\t${PAYLOAD}`, `\r${PAYLOAD}`, PAYLOAD];
  people.forEach((person, i) =>
    f.response({
      survey: 'pulse',
      team: 'evil',
      respondent: `p${person}`,
      submittedAt: new Date(Date.parse('2026-03-16T10:00:00Z') + i * 3_600_000).toISOString(),
      answers: { build_and_test: 1 + (i % 5), recommend: i, hours_lost: '2-4', friction: `${starts[i]} ${i}` },
    }),
  );
  srv = await startServer(deps);
  api = apiClient(srv.base, tokenFor(deps, 'admin'));
});
afterAll(() => srv?.close());

async function csvOf(path: string): Promise<string[][]> {
  const res = await api.get(path);
  expect(res.status, `${path}: ${res.text.slice(0, 200)}`).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  return parse(res.text, { relax_column_count: true });
}

/** Every cell a spreadsheet would run: starts with a formula character and is not just a number. */
const runnable = (rows: string[][]) => rows.flat().filter((c) => FORMULA_START.test(c) && !PLAIN_NUMBER.test(c));

describe('CSV formula injection (issue 12, finding 4)', () => {
  it('a comment quoted in /api/v1/themes and /api/v1/leadership CSV is neutralised', async () => {
    const themes = (await api.get('/api/v1/themes?from=2026-03-02&to=2026-03-28')).json;
    const withQuote = themes.themes.find((t: { quotes: string[] }) => t.quotes.length > 0);
    expect(withQuote, 'the data set must make a theme with quotes').toBeTruthy();
    expect(withQuote.quotes.join(' ')).toContain(`cmd|' /C calc'!A0`);

    const themesCsv = await csvOf('/api/v1/themes?format=csv&from=2026-03-02&to=2026-03-28');
    const quoteCells = themesCsv.flat().filter((c) => c.includes(`cmd|' /C calc'!A0`));
    expect(quoteCells.length).toBeGreaterThan(0);
    expect(runnable(themesCsv)).toEqual([]);
    expect(quoteCells.some((c) => c.startsWith(`'`))).toBe(true);

    const leadershipCsv = await csvOf('/api/v1/leadership?format=csv&from=2026-03-02&to=2026-03-28');
    const quotes = leadershipCsv.filter((r) => r[0] === 'quote').map((r) => r[2]);
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) {
      expect(q).toContain(`cmd|' /C calc'!A0`);
      expect(q.startsWith(`'`), q).toBe(true);
    }
    expect(runnable(leadershipCsv)).toEqual([]);
  });

  it('a team name =HYPERLINK(...) is neutralised in the org CSV', async () => {
    const rows = await csvOf('/api/v1/org?format=csv&from=2026-03-02&to=2026-03-28');
    const nameColumn = rows[0].indexOf('name');
    expect(rows.slice(1).map((r) => r[nameColumn])).toContain(`'${TEAM_NAME}`);
    expect(runnable(rows)).toEqual([]);
  });

  it('an owner name @SUM(1) on a theme update is neutralised in the themes and theme CSVs', async () => {
    const themes = (await api.get('/api/v1/themes?from=2026-03-02&to=2026-03-28')).json;
    const key = themes.themes.find((t: { respondents: number | null }) => (t.respondents ?? 0) > 0).key as string;
    const posted = await api.post(`/api/v1/themes/${key}/updates`, {
      title: 'Faster CI',
      body: 'We split the test suite.',
      status: 'planned',
      owner: OWNER,
    });
    expect(posted.status, posted.text).toBe(201);
    for (const path of [
      '/api/v1/themes?format=csv&from=2026-03-02&to=2026-03-28',
      `/api/v1/themes/${key}?format=csv&from=2026-03-02&to=2026-03-28`,
    ]) {
      const rows = await csvOf(path);
      // The loop's owner (who works on it) is `status_owner`; `owner` is who can fix it (platform/shared/other).
      const owner = rows[0].indexOf('status_owner');
      expect(owner, path).toBeGreaterThanOrEqual(0);
      expect(rows.slice(1).map((r) => r[owner])).toContain(`'${OWNER}`);
      expect(runnable(rows), path).toEqual([]);
    }
  });

  it('negative numbers stay numbers in a real export (the sentiment of complaints)', async () => {
    const rows = await csvOf('/api/v1/themes?format=csv&from=2026-03-02&to=2026-03-28');
    const sentiment = rows[0].indexOf('sentiment');
    const negatives = rows
      .slice(1)
      .map((r) => r[sentiment])
      .filter((c) => c.startsWith('-'));
    expect(negatives.length, 'hostile comments are complaints: some sentiment is negative').toBeGreaterThan(0);
    for (const c of negatives) expect(c).toMatch(/^-\d+(\.\d+)?$/);
  });
});

describe('neutraliseCell / toCsv', () => {
  it('quotes every formula start, leaves numbers and ordinary text alone', () => {
    for (const s of ['=1+1', '+1+1', '-1+1', '@SUM(1)', '\t=1', '\r=1', '-', '+', '=', '-cmd'])
      expect(neutraliseCell(s)).toBe(`'${s}`);
    for (const s of ['-0.12', '+3', '-5', '1e-3', '-1.5E+2', 'plain text', "'=already", ' =spaced', ''])
      expect(neutraliseCell(s)).toBe(s);
  });

  it('writes numbers (negative too) unquoted and neutralises text and headers', () => {
    const csv = toCsv([{ share: -0.12, n: 5, label: '=2+3', ok: true, none: null, '=head': 'x' }]);
    expect(parse(csv)).toEqual([
      ['share', 'n', 'label', 'ok', 'none', "'=head"],
      ['-0.12', '5', "'=2+3", 'true', '', 'x'],
    ]);
    expect(csv.split('\n')[1].startsWith('-0.12,')).toBe(true);
  });
});
