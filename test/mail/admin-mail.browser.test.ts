import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { listPeople, upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { hasChromium, launchBrowser, loginInBrowser, openPage, SKIP_MESSAGE } from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';

/**
 * The admin page says whether e-mail is on and whom each transport reaches; the people page shows
 * and edits each person's channel. Screenshots at 1280 and 375 px land in test-artifacts/.
 */
const ARTIFACTS = 'test-artifacts';
const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

let browser: Browser;
const servers: TestServer[] = [];
const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');

function seed(deps: Deps) {
  upsertTeams(deps, { teams: [{ key: 'web', name: 'Web' }] });
  upsertPeople(deps, {
    people: [
      { email: 'ana@acme.test', name: 'Ana', team: 'web', slack_user_id: 'U0000001' },
      { email: 'ben@acme.test', name: 'Ben', team: 'web' },
      { email: 'cleo@acme.test', name: 'Cleo', team: 'web', channel: 'slack' },
    ],
  });
}

describeBrowser('e-mail on the admin pages', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await browser?.close();
  });

  it('says e-mail is off, and who cannot be reached', async () => {
    const deps = makeDeps();
    seed(deps);
    const srv = await startServer(deps, { rateLimits: false });
    servers.push(srv);
    const { page } = await openPage(browser);
    await loginInBrowser(page, srv.base, deps);
    await page.goto(`${srv.base}/admin`);
    const status = await page.textContent('[data-test="mail-status"]');
    expect(status).toContain('E-mail is off.');
    expect(status).toContain('3 active people cannot be reached now');
    await page.close();
  });

  it(
    'says e-mail is on (server, sender, reach, outbox) without the SMTP password; the people page edits the channel',
    { timeout: 60_000 },
    async () => {
      const deps = makeDeps();
      deps.config.mail = loadConfig({
        CHORUS_SMTP_URL: 'smtp://chorus:hunter2-secret@mail.acme.test:587',
        CHORUS_MAIL_FROM: 'Chorus <chorus@acme.test>',
      }).mail;
      deps.config = { ...deps.config, slack: { ...deps.config.slack, mode: 'http' } };
      seed(deps);
      const srv = await startServer(deps, { rateLimits: false });
      servers.push(srv);
      const watched = await openPage(browser);
      const { page } = watched;
      await loginInBrowser(page, srv.base, deps);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${srv.base}/admin`);
      const status = await page.textContent('[data-test="mail-status"]');
      expect(status).toContain('E-mail is on');
      expect(status).toContain('mail.acme.test:587');
      expect(status).toMatch(/reach 1 active person by Slack and 1 by e-mail; 1 cannot be reached/);
      expect(await page.content()).not.toContain('hunter2-secret');
      await shot(page, 'mail-admin-1280');
      await page.setViewportSize({ width: 375, height: 800 });
      await page.reload();
      expect(await overflow(page)).toBeLessThanOrEqual(375);
      await shot(page, 'mail-admin-375');

      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`${srv.base}/admin/people?edit=ben%40acme.test`);
      expect(await page.inputValue('#f-channel')).toBe('auto');
      await page.selectOption('#f-channel', 'email');
      await page.click('form[method="post"][action="/admin/people"] button[type="submit"]');
      await page.waitForSelector('p.alert--ok, .field--error');
      await shot(page, 'mail-people-saved-1280');
      expect(listPeople(deps).find((p) => p.email === 'ben@acme.test')?.channel).toBe('email');
      await page.goto(`${srv.base}/admin/people`);
      await shot(page, 'mail-people-1280');
      await page.setViewportSize({ width: 375, height: 800 });
      await page.reload();
      await shot(page, 'mail-people-375');
      expect(watched.consoleErrors).toEqual([]);
      await page.close();
    },
  );
});
