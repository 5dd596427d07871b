import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { currentTaxonomy } from '../../src/themes/taxonomy.service.js';
import { themesReport } from '../../src/themes/themes.service.js';
import { commentFactory } from '../helpers/comment-factory.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';

const clock = testClock('2026-03-02T10:00:00.000Z');
let deps: Deps;
let srv: TestServer;

beforeAll(async () => {
  deps = makeDeps({ now: clock.now });
  const f = commentFactory(deps);
  f.org([{ key: 'alpha' }, { key: 'beta' }]);
  for (let i = 0; i < 12; i++)
    f.comment(
      i % 2 ? 'alpha' : 'beta',
      `p${i}`,
      i < 7 ? `the office printer queue jammed again (${i})` : 'too many meetings',
      `2026-02-1${i % 5}T10:00:00.000Z`,
    );
  srv = await startServer(deps, { rateLimits: false });
});
afterAll(() => srv.close());

describe('promoting an emerging phrase to a theme', () => {
  it('lets an analyst make a theme of an emerging phrase from the themes page; every comment is re-tagged', async () => {
    const window = { from: '2026-02-09', to: '2026-02-23' };
    // Folded into the longest phrase with the same count, e.g. "office printer queue jammed".
    const phrase = themesReport(deps, window).emerging.find((e) => e.phrase.includes('printer queue'))?.phrase;
    expect(phrase).toBeDefined();
    const viewer = await loginSession(srv.base, deps, 'viewer');
    expect((await viewer.get('/themes?from=2026-02-09&to=2026-02-23')).text).not.toContain('Make a theme');
    const analyst = await loginSession(srv.base, deps, 'analyst');
    const page = await analyst.get('/themes?from=2026-02-09&to=2026-02-23');
    expect(page.text).toContain('Make a theme');
    const csrf = analyst.csrfFrom(page.text);
    // A viewer may not.
    expect((await viewer.postForm('/themes/emerging', { phrase: phrase!, label: 'X' }, csrf)).status).toBe(403);
    const bad = await analyst.postForm('/themes/emerging', { phrase: phrase!, label: '' }, csrf);
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('label is required');
    const before = currentTaxonomy(deps).version;
    const ok = await analyst.postForm('/themes/emerging', { phrase: phrase!, label: 'Printer queue jams' }, csrf);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/themes/printer_queue_jams?promoted=1');
    const taxonomy = currentTaxonomy(deps);
    expect(taxonomy.version).toBe(before + 1);
    expect(taxonomy.themes.find((t) => t.key === 'printer_queue_jams')).toMatchObject({
      label: 'Printer queue jams',
      phrases: [phrase],
    });
    const report = themesReport(deps, window);
    expect(report.themes.find((t) => t.key === 'printer_queue_jams')).toMatchObject({ respondents: 7 });
    expect(report.emerging.map((e) => e.phrase)).not.toContain(phrase);
    // The same phrase again: it belongs to a theme now.
    const again = await analyst.postForm('/themes/emerging', { phrase: phrase!, label: 'Again' }, csrf);
    expect(again.status).toBe(422);
    expect(again.text).toContain('is already part of the theme');
    // On record, without the phrase (it comes from people's comments).
    const audit = deps.db
      .prepare(`SELECT action, details FROM audit_log WHERE action = 'taxonomy.update' ORDER BY id DESC LIMIT 1`)
      .get() as { action: string; details: string };
    expect(audit.details).not.toContain('printer');
  });
});
