import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { makeDeps } from '../helpers/deps.js';
import { segmentOrg, type SegmentOrg } from './segment-org.js';

/**
 * Privacy audit, segments (metrics.md → "Privacy rules"): on a generated org whose people answer
 * weekly, some of them moving team or changing role or tenure band halfway through the window,
 * walk every survey report route with segment filters, combinations of two filters and every
 * breakdown, JSON and CSV, as an API token (exact windows) and as a viewer (whole weeks), and
 * assert that no group under k is shown and — for exact windows — that no group under k can be
 * derived by subtracting one shown figure from another of the same question and window.
 */
const K = 5;
const WINDOWS = [
  { from: '2026-01-05', to: '2026-03-30' },
  { from: '2026-02-16', to: '2026-03-16' },
];
const TEAMS = [null, 'eng', 'payments', 'checkout', 'mobile', 'ops'];
const FILTERS: string[][] = [
  ['role:backend'],
  ['role:mobile'],
  ['role:sre'],
  ['tenure:<6m'],
  ['tenure:5y+'],
  ['location:lisbon'],
  ['role:backend', 'role:frontend'],
  ['role:backend', 'tenure:<6m'],
  ['location:berlin', 'tenure:2-5y'],
  ['role:sre', 'location:remote'],
];
const BYS = ['role', 'location', 'tenure'];

type Resp = SegmentOrg['responses'][number];
const qs = (params: Record<string, string | string[] | null>) =>
  Object.entries(params)
    .flatMap(([k, v]) => (v === null ? [] : (Array.isArray(v) ? v : [v]).map((x) => `${k}=${encodeURIComponent(x)}`)))
    .join('&');

/** Every numeric `respondents`-like field in 1 … k−1 anywhere in a JSON body. */
function smallCounts(body: unknown, path = ''): string[] {
  if (Array.isArray(body)) return body.flatMap((x, i) => smallCounts(x, `${path}[${i}]`));
  if (body === null || typeof body !== 'object') return [];
  return Object.entries(body).flatMap(([key, v]) =>
    (key === 'respondents' || key === 'respondents_with_comments') && typeof v === 'number' && v > 0 && v < K
      ? [`${path}.${key} = ${v}`]
      : smallCounts(v, `${path}.${key}`),
  );
}

/** CSV `respondents` columns with 1 … k−1. */
function smallCsv(text: string): string[] {
  const [head, ...lines] = text.trim().split('\n');
  const cols = head.split(',');
  const at = cols.flatMap((c, i) => (/^"?respondents/.test(c) ? [i] : []));
  return lines.flatMap((line) => {
    const cells = line.split(',');
    return at
      .filter((i) => /^\d+$/.test(cells[i] ?? '') && Number(cells[i]) > 0 && Number(cells[i]) < K)
      .map(() => line);
  });
}

describe('privacy audit: segment filters and breakdowns', () => {
  let deps: Deps;
  let server: TestServer;
  let org: SegmentOrg;
  beforeAll(async () => {
    deps = makeDeps({ now: () => new Date('2026-04-01T00:00:00Z') });
    org = segmentOrg(deps, { people: 80, comments: true });
    server = await startServer(deps);
  }, 120_000);
  afterAll(async () => server?.close());

  const inTeam = (team: string | null) => (r: Resp) =>
    !team ||
    ({ eng: ['eng', 'payments', 'checkout', 'mobile'] } as Record<string, string[]>)[team]?.includes(r.team) ||
    r.team === team;
  const matches = (filter: string[]) => (r: Resp) => {
    const byKey = new Map<string, string[]>();
    for (const f of filter) {
      const [key, value] = [f.slice(0, f.indexOf(':')), f.slice(f.indexOf(':') + 1)];
      byKey.set(key, [...(byKey.get(key) ?? []), value]);
    }
    return [...byKey].every(([key, values]) => values.includes(r.attrs[key]));
  };

  it('exact windows (API token): no shown group under k, none derivable by subtracting two shown figures', async () => {
    const api = apiClient(server.base, tokenFor(deps, 'viewer'));
    const problems: string[] = [];
    let requests = 0;
    for (const w of WINDOWS) {
      const inWindow = (r: Resp) => r.at >= w.from && r.at < w.to;
      /** Shown figures of this window: their responses and the n of one question. */
      const shown: Array<{ label: string; ids: Set<number>; people: number }> = [];
      const record = (label: string, rows: Resp[], n: number | undefined, respondents: number | null) => {
        const people = new Set(rows.map((r) => r.who)).size;
        const want = rows.filter((r) => typeof r.answers.build_and_test === 'number').length;
        if (n !== want) problems.push(`${label}: build_and_test n ${n} ≠ independent ${want}`);
        if (respondents !== people) problems.push(`${label}: respondents ${respondents} ≠ independent ${people}`);
        if (people < K) problems.push(`${label}: shown with ${people} people`);
        shown.push({ label, ids: new Set(rows.map((r) => r.id)), people });
      };
      for (const team of TEAMS) {
        for (const filter of [[] as string[], ...FILTERS]) {
          for (const by of [null, ...BYS]) {
            const path = `/api/v1/surveys/pulse/results?${qs({ team, from: w.from, to: w.to, segment: filter, by })}`;
            const res = await api.get(path);
            requests++;
            if (res.status !== 200) {
              problems.push(`${path}: ${res.status}`);
              continue;
            }
            problems.push(...smallCounts(res.json).map((p) => `${path}: ${p}`));
            const base = org.responses.filter((r) => inWindow(r) && inTeam(team)(r) && matches(filter)(r));
            if (!res.json.suppressed && !by) {
              const q = res.json.questions.find((x: { key: string }) => x.key === 'build_and_test');
              record(path, base, q?.n, res.json.respondents);
            }
            for (const g of res.json.breakdown?.groups ?? []) {
              if (g.suppressed) {
                if (g.respondents !== null || g.questions.length)
                  problems.push(`${path} ${g.value}: hidden with figures`);
                continue;
              }
              const q = g.questions.find((x: { key: string }) => x.key === 'build_and_test');
              record(
                `${path} [${by}=${g.value}]`,
                base.filter((r) => r.attrs[by!] === g.value),
                q?.n,
                g.respondents,
              );
            }
            if (by) {
              const csv = await api.get(`${path}&format=csv`);
              requests++;
              problems.push(...smallCsv(csv.text).map((l) => `${path} CSV: ${l}`));
            }
          }
        }
      }
      // Subtraction: for any two shown figures where one's responses contain the other's, the
      // difference holds 0 or at least k people.
      const byId = new Map(org.responses.map((r) => [r.id, r]));
      for (const a of shown)
        for (const b of shown) {
          if (a === b || b.ids.size >= a.ids.size) continue;
          if (![...b.ids].every((id) => a.ids.has(id))) continue;
          const rest = new Set([...a.ids].filter((id) => !b.ids.has(id)).map((id) => byId.get(id)!.who));
          if (rest.size > 0 && rest.size < K) problems.push(`${a.label} − ${b.label} singles out ${rest.size} people`);
        }
    }
    console.log(`segment audit (exact): ${requests} requests`);
    expect(problems.slice(0, 20)).toEqual([]);
  }, 600_000);

  it('whole weeks (viewer session) and the combined reports: no count under k, JSON and CSV; a bad segment is a 422', async () => {
    const viewer = await loginSession(server.base, deps, 'viewer');
    const api = apiClient(server.base, tokenFor(deps, 'viewer'));
    const problems: string[] = [];
    const w = WINDOWS[0];
    const paths: string[] = [];
    for (const filter of FILTERS.slice(0, 6)) {
      for (const team of [null, 'eng', 'payments']) {
        paths.push(
          `/api/v1/surveys/pulse/results?${qs({ team, from: w.from, to: w.to, segment: filter, by: 'role' })}`,
        );
        paths.push(`/api/v1/themes?${qs({ team, from: w.from, to: w.to, segment: filter, by: 'tenure' })}`);
      }
      paths.push(`/api/v1/teams/eng/summary?${qs({ from: w.from, to: w.to, segment: filter })}`);
      paths.push(`/api/v1/org?${qs({ from: w.from, to: w.to, segment: filter })}`);
      paths.push(`/api/v1/leadership?${qs({ from: w.from, to: w.to, segment: filter })}`);
      paths.push(`/api/v1/value?${qs({ from: w.from, to: w.to, segment: filter })}`);
    }
    for (const path of paths) {
      for (const [who, get] of [
        ['viewer', (p: string) => viewer.get(p)],
        ['token', (p: string) => api.get(p)],
      ] as const) {
        const res = await get(path);
        if (res.status !== 200) {
          problems.push(`${who} ${path}: ${res.status}`);
          continue;
        }
        problems.push(...smallCounts(JSON.parse(res.text)).map((p) => `${who} ${path}: ${p}`));
        const csv = await get(`${path}&format=csv`);
        problems.push(...smallCsv(csv.text).map((l) => `${who} ${path} CSV: ${l}`));
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
    for (const route of [
      '/api/v1/surveys/pulse/results',
      '/api/v1/themes',
      '/api/v1/org',
      '/api/v1/teams/eng/summary',
      '/api/v1/leadership',
      '/api/v1/value',
    ]) {
      for (const bad of ['segment=nokey:x', 'segment=role', 'segment=role:', 'segment=Role:x']) {
        const res = await api.get(`${route}?${bad}`);
        expect(res.status, `${route}?${bad}`).toBe(422);
        expect(JSON.stringify(res.json.error.details)).toContain('segment');
      }
    }
    const res = await api.get('/api/v1/surveys/pulse/results?by=nokey');
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json.error.details)).toContain('"by"');
  }, 600_000);
});
