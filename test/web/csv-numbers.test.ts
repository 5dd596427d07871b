import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/demo/seed.js';
import type { Deps } from '../../src/deps.js';
import { csvNumber, toCsv } from '../../src/web/report-format.js';
import { makeDeps } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';

// Issue 13, item 10: CSV numbers rounded sensibly — no `47.37920050242995` in an export.
const NUMBER = /^-?\d+(\.\d+)?$/;
const decimals = (cell: string) => (cell.includes('.') ? cell.split('.')[1].length : 0);

describe('csvNumber', () => {
  it('keeps integers and rounds every other number to at most 4 decimal places', () => {
    expect(csvNumber(47.37920050242995)).toBe('47.3792');
    expect(csvNumber(0.239130434782)).toBe('0.2391');
    expect(csvNumber(0.25)).toBe('0.25');
    expect(csvNumber(2.00004)).toBe('2');
    expect(csvNumber(-0.123456)).toBe('-0.1235');
    expect(csvNumber(-0.00001)).toBe('0');
    expect(csvNumber(143)).toBe('143');
    expect(csvNumber(-7)).toBe('-7');
    expect(csvNumber(1_234_567)).toBe('1234567');
    expect(csvNumber(Number.NaN)).toBe('');
  });
  it('is what toCsv writes for number cells; text stays as it is', () => {
    expect(toCsv([{ rate: 1 / 3, n: 12, note: '0.333333333' }])).toBe('rate,n,note\n0.3333,12,0.333333333\n');
  });
});

describe('CSV exports of the demo workspace', () => {
  let deps: Deps;
  let srv: TestServer;
  let api: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    deps = makeDeps({ config: { demo: true } });
    seedDemo(deps);
    srv = await startServer(deps, { rateLimits: false });
    api = apiClient(srv.base, tokenFor(deps, 'viewer'));
  });
  afterAll(() => srv.close());

  for (const path of ['/api/v1/org', '/api/v1/leadership', '/api/v1/delivery/teams']) {
    it(`${path}?format=csv: no number has more than 4 decimals, integers stay integers`, async () => {
      const json = await api.get(path);
      expect(json.status, json.text).toBe(200);
      const res = await api.get(`${path}?format=csv`);
      expect(res.status, res.text).toBe(200);
      const rows = parse<Record<string, string>>(res.text, { columns: true });
      expect(rows.length).toBeGreaterThan(0);
      const numbers = rows.flatMap((r) => Object.values(r)).filter((c) => NUMBER.test(c));
      // The demo's figures are real floats: some cells must carry decimals, none more than 4.
      expect(numbers.some((c) => c.includes('.'))).toBe(true);
      for (const cell of numbers) expect(decimals(cell), cell).toBeLessThanOrEqual(4);
      // Counts are integers in the JSON and in the CSV alike.
      for (const key of Object.keys(rows[0]).filter((k) => /(^|_)(deployments|n|respondents|total)$/.test(k)))
        for (const r of rows) if (r[key] !== '') expect(r[key], `${key}`).toMatch(/^-?\d+$/);
    });
  }
});
