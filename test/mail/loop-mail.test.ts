import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { postLoopUpdate } from '../../src/loop/loop.service.js';
import { smtpTransport, type SmtpTransport } from '../../src/mail/transport.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { currentTaxonomy } from '../../src/themes/taxonomy.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { loginSession, startServer } from '../helpers/server.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

describe('"you said, we did" updates e-mailed to a list', () => {
  let smtp: TestSmtp;
  let transport: SmtpTransport;
  let deps: Deps;
  let theme: { key: string; label: string };
  beforeEach(async () => {
    smtp = await startTestSmtp();
    deps = makeDeps({
      env: {
        CHORUS_SMTP_URL: smtp.url,
        CHORUS_MAIL_FROM: 'chorus@acme.test',
        CHORUS_MAIL_UPDATES_TO: 'eng@acme.test,leads@acme.test',
      },
      now: testClock('2026-03-02T09:00:00.000Z').now,
    });
    transport = smtpTransport(deps.config.mail!);
    theme = currentTaxonomy(deps).themes[0];
  });
  afterEach(async () => {
    transport.close();
    await smtp.close();
  });

  const send = () => createScheduler(deps, { client: null, mail: transport, mailOutbox: { sendGapMs: 0 } }).tick();
  const update = (extra: Record<string, unknown>) =>
    postLoopUpdate(
      deps,
      theme.key,
      { title: 'CI runners doubled', body: 'Builds wait less.\n\nMore next month.', status: 'shipped', ...extra },
      'admin@acme.test',
    );

  it('mails an explicit email_to list once each, with both parts', async () => {
    expect(update({ email_to: ['Ana@acme.test', 'ben@acme.test', 'ana@acme.test'] }).emails_queued).toBe(2);
    expect((await send()).mail).toMatchObject({ sent: 2 });
    expect((await send()).mail).toMatchObject({ sent: 0 });
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['ana@acme.test', 'ben@acme.test']);
    const [mail] = smtp.received;
    expect(mail.headers.get('subject')).toBe('You said, we did: CI runners doubled');
    expect(mail.text).toContain(`${theme.label} — shipped`);
    expect(mail.text).toContain('Builds wait less.');
    expect(mail.html).toContain('<p>Builds wait less.</p>');
  });

  it('"default" mails the configured list; no email_to mails nobody', async () => {
    expect(update({}).emails_queued).toBe(0);
    expect(update({ email_to: 'default' }).emails_queued).toBe(2);
    await send();
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['eng@acme.test', 'leads@acme.test']);
  });

  it('the theme page offers "E-mail it to the update list" and mails that list when ticked', async () => {
    const srv = await startServer(deps, { rateLimits: false });
    try {
      const s = await loginSession(srv.base, deps, 'analyst');
      const page = await s.get(`/themes/${theme.key}`);
      expect(page.text).toContain('E-mail it to the update list (2 addresses)');
      const fields = { title: 'Faster CI', body: 'Runners doubled.', status: 'planned' };
      const posted = await s.postForm(
        `/themes/${theme.key}/updates`,
        { ...fields, email_list: 'yes' },
        s.csrfFrom(page.text),
      );
      expect(posted.status).toBe(303);
      await s.postForm(`/themes/${theme.key}/updates`, fields, s.csrfFrom(page.text)); // unticked: no e-mail
      await send();
      expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['eng@acme.test', 'leads@acme.test']);
    } finally {
      await srv.close();
    }
  });

  it('names email_to when it cannot be sent, and stores nothing', () => {
    const off = makeDeps();
    const key = currentTaxonomy(off).themes[0].key;
    const body = { title: 'T', body: 'B', status: 'planned', email_to: ['a@acme.test'] };
    expect(() => postLoopUpdate(off, key, body, null)).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: 'email_to' })] }),
    );
    expect(() => update({ email_to: ['not an address'] })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: 'email_to.0' })] }),
    );
    expect(deps.db.prepare('SELECT COUNT(*) AS n FROM loop_updates').get()).toEqual({ n: 0 });
    expect(off.db.prepare('SELECT COUNT(*) AS n FROM loop_updates').get()).toEqual({ n: 0 });
  });
});
