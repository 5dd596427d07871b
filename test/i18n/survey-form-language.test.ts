import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { upsertPeople } from '../../src/directory/directory.service.js';
import { i18nRepo } from '../../src/i18n/i18n.repo.js';
import { setWorkspaceLocale } from '../../src/i18n/localize.js';
import { messagesFor } from '../../src/i18n/messages.js';
import { bankQuestion } from '../../src/surveys/question-bank.js';
import { openRun, runLinks } from '../../src/surveys/runs.service.js';
import { upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { unescapeHtml } from '../helpers/html-form.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { browser, seedOrg, tokenOf } from '../surveys/fixtures.js';

const clock = testClock('2026-03-02T10:00:00.000Z');
let deps: Deps;
let srv: TestServer;
let runId: string;
const tokens = new Map<string, string>();

const bank = (key: string) => {
  const q = bankQuestion(key)!;
  return { key: q.key, text: q.text, type: q.type, dimension: q.dimension, ...(q.help ? { help: q.help } : {}) };
};

/** A survey of unchanged bank items (translated by the bank) and one choice question translated by the survey. */
const SURVEY = {
  key: 'intl',
  name: 'Team pulse',
  anonymity_threshold: 3,
  questions: [
    bank('build_and_test'),
    bank('recommend'),
    bank('hours_lost'),
    {
      key: 'stack',
      text: 'Where do you spend most of your time?',
      type: 'choice',
      options: ['Backend', 'Frontend', 'Mobile'],
      translations: {
        de: { text: 'Woran arbeitest du meistens?', options: ['Backend', 'Web-Frontend', 'Mobile Apps'] },
        ja: { text: '主にどこで作業していますか？', options: ['バックエンド', 'フロントエンド', 'モバイル'] },
      },
    },
    bank('friction'),
  ],
};

const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await fetch(srv.base + path, { headers, redirect: 'manual' });
  return { status: res.status, text: unescapeHtml(await res.text()), headers: res.headers };
};
const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];
const responseLanguage = (email: string) => {
  const person = directoryRepo(deps.db).personByEmail(email)!;
  const row = deps.db
    .prepare(
      `SELECT rl.locale FROM responses r JOIN response_languages rl ON rl.response_id = r.id
       JOIN invitations i ON i.run_id = r.run_id AND i.person_id = ? ORDER BY r.id DESC LIMIT 1`,
    )
    .get(person.id) as { locale: string } | undefined;
  return row?.locale;
};
const storedAnswers = () =>
  deps.db
    .prepare(
      `SELECT q.key, a.value_num AS num, a.value_text AS text FROM answers a JOIN questions q ON q.id = a.question_id
       ORDER BY a.response_id, q.key`,
    )
    .all();

beforeAll(async () => {
  deps = makeDeps({ now: clock.now });
  seedOrg(deps);
  upsertPeople(deps, {
    people: [
      { email: 'pay0@acme.example', name: 'Pay 0', team: 'payments', locale: 'de' },
      { email: 'pay2@acme.example', name: 'Pay 2', team: 'payments', locale: 'it' },
    ],
  });
  // pay3 has no locale of their own, only Slack's.
  i18nRepo(deps.db).setSlackLocale(directoryRepo(deps.db).personByEmail('pay3@acme.example')!.id, 'pt-BR');
  upsertSurvey(deps, SURVEY);
  srv = await startServer(deps);
  runId = openRun(deps, 'intl', { teams: ['payments'] }).runId;
  for (const l of runLinks(deps, runId)) tokens.set(l.email, tokenOf(l.url));
});
afterAll(() => srv.close());

describe('the survey form in the respondent language', () => {
  it('shows a person with locale de the whole form in German, dates included, whatever the browser says', async () => {
    const res = await page(`/s/${tokens.get('pay0@acme.example')}`, { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(res.status).toBe(200);
    expect(htmlLang(res.text)).toBe('de');
    expect(res.headers.get('vary')).toMatch(/Accept-Language/i);
    const t = res.text;
    expect(t).toContain('Unser Build- und Testzyklus ist so schnell, dass ich selten darauf warten muss');
    expect(t).toContain('Stimme überhaupt nicht zu');
    expect(t).toContain('Stimme voll und ganz zu');
    expect(t).toContain('Betrifft mich nicht');
    expect(t).toContain('0 = überhaupt nicht wahrscheinlich');
    expect(t).toContain('Mehr als 8 Stunden');
    expect(t).toContain('Woran arbeitest du meistens?');
    expect(t).toContain('Beschreib die Situation, nicht die Person');
    expect(t).toContain('Antworten senden');
    expect(t).toContain('Zum Inhalt springen');
    // The closing date as Germans write it ("7. März 2026"), not the English "7 Mar 2026".
    const closes = deps.db.prepare('SELECT closes_at FROM runs WHERE id = ?').pluck().get(runId) as string;
    expect(t).toContain(`bis die Umfrage am ${messagesFor('de').date(closes)} schließt`);
    expect(messagesFor('de').date(closes)).toMatch(/^\d+\. März 2026$/);
    // Values stay the stored ones: the choice shows its German label with the English option as value.
    expect(t).toMatch(/value="Frontend"[^>]*>\s*<label[^>]*>Web-Frontend<\/label>/);
    expect(t).not.toContain('Strongly disagree');
    expect(t).not.toContain('Send my answers');
  });

  it('stores the German answers exactly as English ones would be, with the language, and thanks in German', async () => {
    const b = browser(srv.base);
    const token = tokens.get('pay0@acme.example')!;
    const csrf = b.csrfFrom((await b.get(`/s/${token}`)).text);
    const res = await b.post(`/s/${token}`, {
      _csrf: csrf,
      q_build_and_test: '4',
      q_recommend: '8',
      q_hours_lost: '2-4',
      q_stack: 'Frontend',
      q_friction: 'Die CI war langsam',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${token}/thanks`);
    expect(storedAnswers()).toEqual([
      { key: 'build_and_test', num: 4, text: null },
      { key: 'friction', num: null, text: 'Die CI war langsam' },
      { key: 'hours_lost', num: 3, text: '2-4' },
      { key: 'recommend', num: 8, text: null },
      { key: 'stack', num: null, text: 'Frontend' },
    ]);
    expect(responseLanguage('pay0@acme.example')).toBe('de');
    const thanks = await b.get(`/s/${token}/thanks`);
    expect(htmlLang(thanks.text)).toBe('de');
    expect(thanks.text).toContain('Danke – deine Antworten sind angekommen');
    expect(thanks.text).toContain('ab 3 Personen');
    expect(thanks.text).toContain('Noch einmal antworten');
    // Opening the link again: the earlier answers, still in German.
    const again = await b.get(`/s/${token}`);
    expect(again.text).toContain('Du hast am');
    expect(again.text).toContain('Antworten aktualisieren');
  });

  it('shows validation messages in the respondent language', async () => {
    const b = browser(srv.base);
    const token = tokens.get('pay0@acme.example')!;
    const csrf = b.csrfFrom((await b.get(`/s/${token}`)).text);
    const res = await b.post(`/s/${token}`, { _csrf: csrf, q_build_and_test: '4' });
    expect(res.status).toBe(422);
    expect(htmlLang(res.text)).toBe('de');
    expect(res.text).toMatch(/id="q_recommend-error">Bitte beantworte diese Frage/);
    expect(res.text).toContain('Bitte prüfe 3 Antworten');
  });

  it('falls back to the browser Accept-Language for people with no language Chorus speaks', async () => {
    // pay1 has no locale at all; pay2's own ("it") is not one Chorus speaks, so the browser decides.
    for (const email of ['pay1@acme.example', 'pay2@acme.example']) {
      const fr = await page(`/s/${tokens.get(email)}`, { 'accept-language': 'it;q=0.9, fr-CH, en;q=0.5' });
      expect(htmlLang(fr.text)).toBe('fr');
      expect(fr.text).toContain('Tout à fait d’accord');
      expect(fr.text).toContain('Envoyer mes réponses');
      const ja = await page(`/s/${tokens.get(email)}`, { 'accept-language': 'ja-JP' });
      expect(htmlLang(ja.text)).toBe('ja');
      expect(ja.text).toContain('主にどこで作業していますか？');
      expect(ja.text).toContain('バックエンド');
    }
    const none = await page(`/s/${tokens.get('pay1@acme.example')}`);
    expect(htmlLang(none.text)).toBe('en');
    expect(none.text).toContain('Strongly agree');
  });

  it("uses Slack's locale when the person has none, before the browser", async () => {
    const res = await page(`/s/${tokens.get('pay3@acme.example')}`, { 'accept-language': 'fr' });
    expect(htmlLang(res.text)).toBe('pt-BR');
    expect(res.text).toContain('Concordo totalmente');
    expect(res.text).toContain('Nosso ciclo de build e testes');
  });

  it('uses the workspace default last', async () => {
    setWorkspaceLocale(deps, 'es');
    try {
      const res = await page(`/s/${tokens.get('pay1@acme.example')}`);
      expect(htmlLang(res.text)).toBe('es');
      expect(res.text).toContain('Totalmente de acuerdo');
      // A browser that names a language still wins over the default.
      expect(htmlLang((await page(`/s/${tokens.get('pay1@acme.example')}`, { 'accept-language': 'de' })).text)).toBe(
        'de',
      );
    } finally {
      setWorkspaceLocale(deps, 'en');
    }
  });

  it('lets the respondent switch language on the form; the choice keeps the token through sending and thanks', async () => {
    const token = tokens.get('pay4@acme.example')!;
    const b = browser(srv.base);
    const en = { text: unescapeHtml((await b.get(`/s/${token}`)).text) };
    expect(htmlLang(en.text)).toBe('en');
    // The picker: one link per language, each to this same personal link.
    const links = [...en.text.matchAll(/<a href="([^"]+)" lang="([^"]+)" hreflang/g)].map((m) => [m[2], m[1]]);
    expect(Object.fromEntries(links)).toEqual({
      en: `/s/${token}?lang=en`,
      de: `/s/${token}?lang=de`,
      fr: `/s/${token}?lang=fr`,
      es: `/s/${token}?lang=es`,
      'pt-BR': `/s/${token}?lang=pt-BR`,
      ja: `/s/${token}?lang=ja`,
    });
    expect(en.text).toContain('aria-current="true">English</a>');
    const ja = await b.get(`/s/${token}?lang=ja`);
    expect(htmlLang(ja.text)).toBe('ja');
    expect(ja.text).toContain('とてもそう思う');
    expect(ja.text).toContain('aria-current="true">日本語</a>');
    expect(ja.text).toContain('<input type="hidden" name="lang" value="ja">');
    const res = await b.post(`/s/${token}`, {
      _csrf: b.csrfFrom(ja.text),
      lang: 'ja',
      q_build_and_test: '5',
      q_recommend: '10',
      q_hours_lost: '0',
      q_stack: 'Mobile',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${token}/thanks?lang=ja`);
    expect(responseLanguage('pay4@acme.example')).toBe('ja');
    const thanks = { text: unescapeHtml((await b.get(`/s/${token}/thanks?lang=ja`)).text) };
    expect(htmlLang(thanks.text)).toBe('ja');
    expect(thanks.text).toContain('ご回答ありがとうございました');
    expect(thanks.text).toContain(`href="/s/${token}?lang=ja"`);
    // A language Chorus does not speak is ignored, not an error.
    const odd = await b.get(`/s/${token}?lang=xx-<script>`);
    expect(odd.status).toBe(200);
    expect(htmlLang(odd.text)).toBe('en');
  });

  it('shows the closed page and an unknown link in the respondent language', async () => {
    const missing = await page('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAA', { 'accept-language': 'de-AT' });
    expect(missing.status).toBe(404);
    expect(htmlLang(missing.text)).toBe('de');
    expect(missing.text).toContain('Dieser Umfragelink wurde nicht gefunden');
    clock.advance(10 * 86_400_000);
    const closed = await page(`/s/${tokens.get('pay0@acme.example')}`);
    expect(closed.status).toBe(410);
    expect(htmlLang(closed.text)).toBe('de');
    expect(closed.text).toContain('Diese Umfragerunde ist geschlossen');
    expect(closed.text).toContain('März 2026');
  });
});
