import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { pickerValues, cadenceFromForm } from '../../src/web/pages/survey-editor.cadence.js';
import { getSurvey, upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { fieldsRecord, formFields } from '../helpers/html-form.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';
import { seedOrg } from './fixtures.js';

const clock = testClock('2026-03-02T10:00:00.000Z'); // a Monday
let deps: Deps;
let srv: TestServer;
let admin: Awaited<ReturnType<typeof loginSession>>;
const EDITOR = /class="card survey-editor"/;
const question = [{ key: 'q1', text: 'Builds are fast', type: 'likert5', dimension: 'feedback_loops' }];

beforeAll(async () => {
  deps = makeDeps({ now: clock.now });
  seedOrg(deps);
  srv = await startServer(deps);
  admin = await loginSession(srv.base, deps, 'admin');
});
afterAll(() => srv.close());

/** Loads the editor page, then posts its form as a browser would, with `set` changed. */
async function submit(path: string, set: Record<string, string | string[] | null>) {
  const page = (await admin.get(path)).text;
  const fields = fieldsRecord(formFields(page, EDITOR), set);
  return admin.postForm(path, fields, admin.csrfFrom(page));
}
const selected = (html: string, id: string) =>
  new RegExp(`<select id="${id}"[^>]*>[\\s\\S]*?<option value="([^"]*)" selected`).exec(html)?.[1];
const runDates = (html: string) =>
  [...html.slice(html.indexOf('id="cadence-preview"')).matchAll(/<time datetime="([^"]+)">([^<]+)<\/time>/g)]
    .slice(0, 5)
    .map((m) => m[2]);

describe('picker values ↔ cadence text', () => {
  it.each([
    'weekly on friday 16:45',
    'every 3 weeks on tuesday 09:30',
    'monthly on the last friday 10:00',
    'quarterly on the second wednesday 08:00',
    '0 10 1 1,4,7,10 *',
  ])('%s reads into the picker and back', (cadence) => {
    const v = pickerValues(cadence);
    const form = {
      rhythm: v.rhythm,
      cadence_every: String(v.every),
      cadence_weekday: v.weekday,
      cadence_week: v.week,
      cadence_time: v.time,
      cadence_cron: v.cron,
    };
    expect(cadenceFromForm(form)).toBe(cadence);
  });

  it('reads no cadence as "no schedule", and a form without a rhythm as typed', () => {
    expect(pickerValues(null).rhythm).toBe('none');
    expect(cadenceFromForm({ rhythm: 'none', cadence_cron: '0 1 * * *' })).toBeNull();
    expect(cadenceFromForm({ cadence: '0 9 * * 2' })).toBe('0 9 * * 2');
    expect(pickerValues('every tuesday')).toMatchObject({ rhythm: 'cron', cron: 'every tuesday' });
  });
});

describe('survey editor schedule picker', () => {
  it('saves an every-other-week pulse picked from selects and shows it back, with the next five runs', async () => {
    upsertSurvey(deps, { key: 'pulse2', name: 'Pulse', questions: question, timezone: 'Europe/Berlin' });
    const before = (await admin.get('/admin/surveys/pulse2')).text;
    // No cadence yet: the picker says so, and no dates are listed.
    expect(selected(before, 'rhythm')).toBe('none');
    expect(before).toContain('Runs are opened by hand');

    const res = await submit('/admin/surveys/pulse2', {
      rhythm: 'weeks',
      cadence_every: '2',
      cadence_weekday: 'tuesday',
      cadence_time: '09:30',
      starts_on: '2026-03-10',
    });
    expect(res.status).toBe(303);
    expect(getSurvey(deps, 'pulse2').survey).toMatchObject({
      cadence: 'every 2 weeks on tuesday 09:30',
      startsOn: '2026-03-10',
      timezone: 'Europe/Berlin',
    });

    const page = (await admin.get('/admin/surveys/pulse2')).text;
    expect(selected(page, 'rhythm')).toBe('weeks');
    expect(selected(page, 'cadence_every')).toBe('2');
    expect(selected(page, 'cadence_weekday')).toBe('tuesday');
    expect(page).toContain('id="cadence_time" name="cadence_time" value="09:30"');
    expect(page).toContain('id="starts_on" name="starts_on" value="2026-03-10"');
    expect(page).toContain('<strong>Every 2 weeks on Tuesday at 09:30</strong>, Europe/Berlin.');
    // Server-rendered, in the survey's zone: 09:30 CET, then CEST after 29 March.
    expect(runDates(page)).toEqual([
      'Tue, 10 Mar 2026, 09:30 CET',
      'Tue, 24 Mar 2026, 09:30 CET',
      'Tue, 7 Apr 2026, 09:30 CEST',
      'Tue, 21 Apr 2026, 09:30 CEST',
      'Tue, 5 May 2026, 09:30 CEST',
    ]);
    // The survey lists say it in words, the stored form on hover.
    for (const list of ['/surveys', '/admin/surveys'])
      expect((await admin.get(list)).text, list).toContain(
        '<span title="every 2 weeks on tuesday 09:30">Every 2 weeks on Tuesday at 09:30</span> (Europe/Berlin)',
      );
    // Posting the page unchanged keeps the same cadence (the round trip is stable).
    expect((await submit('/admin/surveys/pulse2', {})).status).toBe(303);
    expect(getSurvey(deps, 'pulse2').survey.cadence).toBe('every 2 weeks on tuesday 09:30');
  });

  it('"Show run dates" previews a changed rhythm without saving it', async () => {
    const stored = JSON.stringify(getSurvey(deps, 'pulse2'));
    const res = await submit('/admin/surveys/pulse2', {
      op: 'preview-cadence',
      rhythm: 'quarterly',
      cadence_week: 'first',
      cadence_weekday: 'monday',
      cadence_time: '10:00',
      starts_on: '',
    });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Quarterly on the first Monday at 10:00');
    expect(res.text).toContain('Next runs (not saved yet)');
    expect(runDates(res.text)).toEqual([
      'Mon, 6 Apr 2026, 10:00 CEST',
      'Mon, 6 Jul 2026, 10:00 CEST',
      'Mon, 5 Oct 2026, 10:00 CEST',
      'Mon, 4 Jan 2027, 10:00 CET',
      'Mon, 5 Apr 2027, 10:00 CEST',
    ]);
    expect(selected(res.text, 'rhythm')).toBe('quarterly');
    expect(JSON.stringify(getSurvey(deps, 'pulse2'))).toBe(stored);
  });

  it('monthly on the last friday and custom cron save through the same checks; errors sit by the picker', async () => {
    let res = await submit('/admin/surveys/pulse2', {
      rhythm: 'monthly',
      cadence_week: 'last',
      cadence_weekday: 'friday',
      cadence_time: '16:00',
      starts_on: '',
    });
    expect(res.status).toBe(303);
    expect(getSurvey(deps, 'pulse2').survey).toMatchObject({
      cadence: 'monthly on the last friday 16:00',
      startsOn: null,
    });

    res = await submit('/admin/surveys/pulse2', { rhythm: 'cron', cadence_cron: '0 8 * * 1-5' });
    expect(res.status).toBe(303);
    expect(getSurvey(deps, 'pulse2').survey.cadence).toBe('0 8 * * 1-5');
    expect(selected((await admin.get('/admin/surveys/pulse2')).text, 'rhythm')).toBe('cron');

    const stored = JSON.stringify(getSurvey(deps, 'pulse2'));
    res = await submit('/admin/surveys/pulse2', { rhythm: 'cron', cadence_cron: '' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="cadence-error">type a cron expression/);
    res = await submit('/admin/surveys/pulse2', { rhythm: 'cron', cadence_cron: '0 25 * * 1' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="cadence-error">is not a valid cron expression/);
    expect(res.text).toContain('value="0 25 * * 1"');
    res = await submit('/admin/surveys/pulse2', { rhythm: 'weeks', cadence_every: '12' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(
      /id="cadence-error">&quot;every 12 weeks&quot;: the number of weeks must be a whole number from 1 to 8/,
    );
    res = await submit('/admin/surveys/pulse2', { rhythm: 'weekly', starts_on: '2026-02-31' });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="starts_on-error">must be a date YYYY-MM-DD/);
    expect(JSON.stringify(getSurvey(deps, 'pulse2'))).toBe(stored);
  });

  it('a new survey starts weekly on Monday 10:00 with its dates listed', async () => {
    const page = (await admin.get('/admin/surveys/new')).text;
    expect(selected(page, 'rhythm')).toBe('weekly');
    expect(selected(page, 'cadence_weekday')).toBe('monday');
    expect(runDates(page)[0]).toBe('Mon, 9 Mar 2026, 10:00 UTC');
    expect(page).toContain('<script src="/static/js/cadence-picker.js" defer></script>');
  });
});
