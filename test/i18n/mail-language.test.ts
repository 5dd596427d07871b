import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { upsertPeople, upsertTeams } from '../../src/directory/directory.service.js';
import { smtpTransport, type SmtpTransport } from '../../src/mail/transport.js';
import { createScheduler } from '../../src/schedule/scheduler.js';
import { bankQuestion } from '../../src/surveys/question-bank.js';
import { openRun } from '../../src/surveys/runs.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js';

const BASE_URL = 'https://chorus.example.test';

describe('e-mails in the person language (real SMTP server on loopback)', () => {
  let smtp: TestSmtp;
  let transport: SmtpTransport;
  let deps: Deps;
  let server: TestServer | undefined;

  beforeEach(async () => {
    smtp = await startTestSmtp();
    deps = makeDeps({
      env: { CHORUS_SMTP_URL: smtp.url, CHORUS_MAIL_FROM: 'Chorus <chorus@acme.test>', CHORUS_BASE_URL: BASE_URL },
      now: testClock('2026-03-02T09:00:00.000Z').now,
    });
    transport = smtpTransport(deps.config.mail!);
    upsertTeams(deps, { teams: [{ key: 'munich', name: 'Munich' }] });
    upsertPeople(deps, {
      people: [
        { email: 'anna@acme.test', name: 'Anna', team: 'munich', locale: 'de' },
        { email: 'yuki@acme.test', name: 'Yuki', team: 'munich', locale: 'ja' },
        { email: 'sam@acme.test', name: 'Sam', team: 'munich' },
      ],
    });
    const q = bankQuestion('deploy_ease')!;
    upsertSurvey(deps, {
      key: 'pulse',
      name: 'Pulse',
      audience: ['munich'],
      anonymity_threshold: 3,
      timezone: 'Europe/Berlin',
      questions: [{ key: q.key, text: q.text, type: q.type, dimension: q.dimension }],
    });
  });
  afterEach(async () => {
    transport.close();
    await server?.close();
    server = undefined;
    await smtp.close();
  });

  it('mails a person with locale de in German, with a German closing date, and the link opens the German form', async () => {
    openRun(deps, 'pulse', {});
    const s = createScheduler(deps, { client: null, mail: transport, mailOutbox: { sendGapMs: 0 } });
    expect((await s.tick()).mail).toMatchObject({ sent: 3, failed: 0 });
    const mailTo = (to: string) => smtp.received.find((m) => m.to.includes(to))!;

    const anna = mailTo('anna@acme.test');
    expect(anna.text).toContain('Hallo Anna,');
    expect(anna.text).toContain('Du bist eingeladen, „Pulse“ zu beantworten.');
    expect(anna.text).toMatch(/Die Umfrage schließt am Samstag, 7\. März 2026 um \d\d:00 MEZ\./);
    expect(anna.text).toContain('nur für Gruppen ab 3 Personen');
    expect(anna.html).toContain('<html lang="de">');
    expect(anna.html).toContain('>Zur Umfrage</a>');
    expect(anna.html).toMatch(/Die Umfrage schließt am <strong>Samstag, 7\. März 2026/);

    const yuki = mailTo('yuki@acme.test');
    expect(yuki.text).toContain('Yuki さん');
    expect(yuki.text).toContain('アンケートの締め切りは2026年3月7日');
    expect(yuki.html).toContain('<html lang="ja">');

    const sam = mailTo('sam@acme.test');
    expect(sam.text).toContain('Hi Sam,');
    expect(sam.text).toContain('You are invited to answer "Pulse".');

    server = await startServer(deps);
    const link = new RegExp(`${BASE_URL}/s/[A-Za-z0-9_-]+`).exec(anna.text!)![0];
    const form = await (await fetch(server.base + new URL(link).pathname)).text();
    expect(form).toContain('<html lang="de">');
    expect(form).toContain('Eine Änderung in Produktion zu bringen, ist einfach');
  });
});
