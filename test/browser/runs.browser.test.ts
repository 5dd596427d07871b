import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { outboxRepo } from '../../src/schedule/outbox.repo.js';
import { submitResponse } from '../../src/surveys/responses.service.js';
import { openRun, runLinks } from '../../src/surveys/runs.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import {
  hasChromium,
  launchBrowser,
  loginInBrowser,
  openPage,
  SKIP_MESSAGE,
  type WatchedPage,
} from '../helpers/browser.js';
import { makeDeps } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { SMALL_SURVEY } from '../surveys/fixtures.js';

/**
 * An admin manages runs from the pages in headless Chromium: opens one (confirming, then warned
 * about the open run), reminds those who have not answered, closes it, opens and cancels another;
 * a respondent reopens their link. Screenshots at 1280 and 375 px land in test-artifacts/.
 */
const ARTIFACTS = 'test-artifacts';
const ANSWERS = { build_and_test: 4, recommend: 8, hours_lost: '1-2', friction: 'slow builds' };

let deps: Deps;
let srv: TestServer;
let browser: Browser;

const describeBrowser = hasChromium() ? describe : describe.skip;
if (!hasChromium()) console.warn(SKIP_MESSAGE);

const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth');
const person = (email: string) => directoryRepo(deps.db).personByEmail(email)!.id;

/** What the scheduler would do when Slack is on: queue the invitations and mark them sent. */
function inviteBySlack() {
  outboxRepo(deps.db).enqueueInvites(new Date().toISOString());
  deps.db.prepare(`UPDATE slack_outbox SET status = 'sent' WHERE kind = 'invite'`).run();
}

describeBrowser('managing runs in a real browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    deps = makeDeps();
    deps.config = { ...deps.config, slack: { ...deps.config.slack, mode: 'http' } };
    upsertTeams(deps, {
      teams: [
        { key: 'eng', name: 'Engineering' },
        { key: 'payments', name: 'Payments', parent: 'eng' },
        { key: 'checkout', name: 'Checkout', parent: 'eng' },
      ],
    });
    upsertPeople(deps, {
      people: ['payments', 'checkout'].flatMap((team) =>
        Array.from({ length: 6 }, (_, i) => ({ email: `${team}${i}@acme.example`, name: `${team} ${i}`, team })),
      ),
    });
    deps.db.prepare(`UPDATE people SET slack_user_id = 'U' || id`).run();
    upsertSurvey(deps, { ...SMALL_SURVEY, key: 'pulse', name: 'Weekly pulse' });
    // An earlier run, closed: 7 of 12 answered (58 %, flagged).
    const past = new Date(Date.now() - 20 * 86_400_000);
    const { runId } = openRun(deps, 'pulse', { opensAt: past, closesAt: new Date(past.getTime() + 5 * 86_400_000) });
    deps.db
      .prepare('UPDATE runs SET closes_at = ? WHERE id = ?')
      .run(new Date(Date.now() + 60_000).toISOString(), runId);
    for (const email of [0, 1, 2, 3]
      .map((i) => `payments${i}@acme.example`)
      .concat(['checkout0@acme.example', 'checkout1@acme.example', 'checkout2@acme.example']))
      submitResponse(deps, { runId, personId: person(email), answers: ANSWERS, source: 'slack' });
    deps.db
      .prepare('UPDATE runs SET closes_at = ? WHERE id = ?')
      .run(new Date(past.getTime() + 5 * 86_400_000).toISOString(), runId);
    srv = await startServer(deps, { rateLimits: false });
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  it('opens, reminds, closes and cancels runs from the pages as an admin', async () => {
    const w: WatchedPage = await openPage(browser);
    const { page } = w;
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginInBrowser(page, srv.base, deps, 'admin');

    // Open: the editor's button leads to a confirmation page; nothing opens before confirming.
    await page.goto(`${srv.base}/admin/surveys/pulse`);
    await Promise.all([page.waitForURL(/\/admin\/surveys\/pulse\/open$/), page.click('text=Open a run now…')]);
    expect(await page.textContent('h1')).toContain('Open a run of Weekly pulse?');
    expect(await page.textContent('main')).toContain('Invites the 12 active people');
    expect(deps.db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(1);
    await shot(page, 'runs-open-confirm');
    await Promise.all([page.waitForURL(/opened=run_/), page.click('button:has-text("Open the run and invite")')]);
    const runId = /opened=(run_[0-9a-f]+)/.exec(page.url())![1];
    expect(await page.textContent('.alert--ok')).toContain(`Run ${runId} opened; 12 people invited`);

    // Invitations go out by Slack; five people answer.
    inviteBySlack();
    for (const email of [0, 1, 2, 3, 4].map((i) => `payments${i}@acme.example`))
      submitResponse(deps, { runId, personId: person(email), answers: ANSWERS, source: 'web' });

    // A second open asks again and warns that this run is still open.
    await page.goto(`${srv.base}/admin/surveys/pulse/open`);
    expect(await page.textContent('[role=alert]')).toContain('A run of this survey is still open');
    await shot(page, 'runs-open-confirm-warning');

    // /surveys: participation per run, the open run's "not answered yet", the flagged past run.
    await page.goto(`${srv.base}/surveys`);
    const row = page.locator(`#run-${runId}`);
    expect(await row.locator('td').nth(3).textContent()).toBe('5');
    expect(await row.locator('td').nth(4).textContent()).toContain('42%');
    expect(await row.locator('td').nth(5).textContent()).toBe('7');
    expect(await page.locator('text=below 60 %').count()).toBeGreaterThanOrEqual(1);
    await shot(page, 'runs-surveys-list');

    // Remind: confirm, then seven reminders are queued in the outbox, none for those who answered.
    await Promise.all([page.waitForURL(/\/remind$/), row.locator('a:has-text("Remind")').click()]);
    expect(await page.textContent('h1')).toBe('Remind those who have not answered?');
    await shot(page, 'runs-remind-confirm');
    await Promise.all([page.waitForURL(/done=remind/), page.click('button:has-text("Send reminders now")')]);
    expect(await page.textContent('[role=status]')).toContain('queued for 7 people');
    const reminded = deps.db
      .prepare(`SELECT person_id FROM slack_outbox WHERE kind = 'reminder' AND run_id = ?`)
      .pluck()
      .all(runId) as number[];
    expect(reminded).toHaveLength(7);
    expect(reminded).not.toContain(person('payments0@acme.example'));

    // Close early: confirm, then the run is closed and its links show the closed page.
    await Promise.all([page.waitForURL(/\/close$/), page.locator(`#run-${runId} a:has-text("Close")`).click()]);
    await shot(page, 'runs-close-confirm');
    await Promise.all([page.waitForURL(/done=close/), page.click('button:has-text("Close the run now")')]);
    expect(await page.textContent('[role=status]')).toContain(`Run ${runId} closed`);
    expect(await page.locator(`#run-${runId} .badge`).first().textContent()).toBe('closed');
    const link = new URL(runLinks(deps, runId)[6].url);
    const closedPage = await page.goto(srv.base + link.pathname);
    expect(closedPage!.status()).toBe(410);

    // Open another run and cancel it before anyone answers.
    await page.goto(`${srv.base}/admin/surveys/pulse/open`);
    expect(await page.locator('text=A run of this survey is still open').count()).toBe(0);
    await Promise.all([page.waitForURL(/opened=run_/), page.click('button:has-text("Open the run and invite")')]);
    const second = /opened=(run_[0-9a-f]+)/.exec(page.url())![1];
    await page.goto(`${srv.base}/surveys`);
    await Promise.all([page.waitForURL(/\/cancel$/), page.locator(`#run-${second} a:has-text("Cancel")`).click()]);
    await shot(page, 'runs-cancel-confirm');
    await Promise.all([page.waitForURL(/done=cancel/), page.click('button:has-text("Cancel the run")')]);
    expect(await page.locator(`#run-${second} .badge`).first().textContent()).toBe('cancelled');
    expect(await page.locator(`#run-${second} td`).nth(4).textContent()).toContain('not counted');
    await shot(page, 'runs-surveys-after');

    // The results page lists the same runs with the same figures.
    await page.goto(`${srv.base}/surveys/pulse/results`);
    const participation = page.locator('.run-participation');
    expect(await participation.locator('tbody tr').count()).toBe(3);
    await participation.screenshot({ path: `${ARTIFACTS}/runs-results-participation.png` });
    // …and so does the team page of the group everyone belongs to.
    await page.goto(`${srv.base}/teams/eng`);
    const teamRuns = page.locator('.run-participation tbody tr');
    expect(await teamRuns.count()).toBe(3);
    expect(await teamRuns.nth(1).locator('td').nth(3).textContent()).toBe('5');
    await page.locator('.run-participation').screenshot({ path: `${ARTIFACTS}/runs-team-participation.png` });

    // On a 375 px phone nothing is wider than the screen.
    await page.setViewportSize({ width: 375, height: 800 });
    for (const [path, name] of [
      ['/surveys', 'runs-surveys-list-phone'],
      [`/admin/runs/${second}/cancel`, 'runs-confirm-phone'],
      ['/admin/surveys/pulse/open', 'runs-open-confirm-phone'],
      ['/surveys/pulse/results', 'runs-results-phone'],
      ['/teams/eng', 'runs-team-phone'],
    ] as const) {
      await page.goto(srv.base + path);
      expect(await overflow(page), path).toBeLessThanOrEqual(375);
      await shot(page, name);
    }
    expect(w.pageErrors).toEqual([]);
    expect(await w.cspViolations()).toEqual([]);
    await w.close();
  }, 240_000);

  it('shows a respondent who opens their link again what they answered, ready to change', async () => {
    const { runId } = openRun(deps, 'pulse', { teams: ['checkout'] });
    const mine = runLinks(deps, runId).find((l) => l.email === 'checkout0@acme.example')!;
    submitResponse(deps, { runId, personId: person('checkout0@acme.example'), answers: ANSWERS, source: 'slack' });
    const w = await openPage(browser);
    await w.page.setViewportSize({ width: 375, height: 800 });
    await w.page.goto(srv.base + new URL(mine.url).pathname);
    expect(await w.page.textContent('.survey__answered')).toContain('You answered on');
    expect(await w.page.locator('input[name="q_build_and_test"][value="4"]').isChecked()).toBe(true);
    expect(await w.page.inputValue('textarea[name="q_friction"]')).toBe('slow builds');
    expect(await overflow(w.page)).toBeLessThanOrEqual(375);
    await shot(w.page, 'runs-answered-again-phone');
    await w.page.locator('input[name="q_build_and_test"][value="2"]').check();
    await Promise.all([w.page.waitForURL(/\/thanks(\?|$)/), w.page.click('button:has-text("Update my answers")')]);
    const stored = deps.db
      .prepare(
        `SELECT a.value_num FROM responses r JOIN answers a ON a.response_id = r.id JOIN questions q ON q.id = a.question_id
         WHERE r.run_id = ? AND q.key = 'build_and_test'`,
      )
      .pluck()
      .all(runId);
    expect(stored).toEqual([2]);
    await w.close();
  }, 120_000);
});
