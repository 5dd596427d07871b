import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { directoryRepo } from '../../src/directory/directory.repo.js';
import { i18nRepo } from '../../src/i18n/i18n.repo.js';
import { importPeopleCsv } from '../../src/directory/people-import.service.js';
import { makeDeps, testClock } from '../helpers/deps.js';
import { apiClient, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { seedOrg } from '../surveys/fixtures.js';

const clock = testClock('2026-03-02T10:00:00.000Z');
let deps: Deps;
let srv: TestServer;
let admin: ReturnType<typeof apiClient>;

const CHOICE = {
  key: 'stack',
  text: 'Where do you spend most of your time?',
  type: 'choice',
  options: ['Backend', 'Frontend', 'Mobile'],
};
const survey = (questions: unknown[]) => ({ key: 'lang', name: 'Languages', questions });
const likert = (key: string) => ({ key, text: `Statement ${key}`, type: 'likert5' });
const localeOf = (email: string) => i18nRepo(deps.db).personLocales(directoryRepo(deps.db).personByEmail(email)!.id);
const surveyCount = () => deps.db.prepare('SELECT COUNT(*) FROM surveys').pluck().get();

beforeAll(async () => {
  deps = makeDeps({ now: clock.now });
  seedOrg(deps);
  srv = await startServer(deps);
  admin = apiClient(srv.base, tokenFor(deps, 'admin'));
});
afterAll(() => srv.close());

describe('question translations through POST /api/v1/surveys', () => {
  it('stores translations keyed by canonical tags and answers them back', async () => {
    const res = await admin.post(
      '/api/v1/surveys',
      survey([
        likert('a'),
        {
          ...CHOICE,
          translations: {
            de: { text: 'Woran arbeitest du meistens?', options: ['Backend', 'Web-Frontend', 'Mobile Apps'] },
            'pt-br': { text: 'Onde você passa a maior parte do tempo?', options: ['Back-end', 'Front-end', 'Mobile'] },
          },
        },
      ]),
    );
    expect(res.status).toBe(200);
    const stack = res.json.surveys[0].questions[1];
    expect(Object.keys(stack.translations).sort()).toEqual(['de', 'pt-BR']);
    expect(stack.translations.de.options).toEqual(['Backend', 'Web-Frontend', 'Mobile Apps']);
    expect(res.json.surveys[0].questions[0].translations).toEqual({});
  });

  it('rewording a translation keeps the question version (the trend line); leaving translations out keeps them', async () => {
    const first = await admin.post(
      '/api/v1/surveys',
      survey([{ ...likert('b'), translations: { fr: { text: 'Affirmation b' } } }]),
    );
    const version = first.json.surveys[0].questions[0].version;
    const reworded = await admin.post(
      '/api/v1/surveys',
      survey([{ ...likert('b'), translations: { fr: { text: 'Énoncé b' }, ja: { text: '文 b' } } }]),
    );
    expect(reworded.json.surveys[0].questions[0]).toMatchObject({
      version,
      translations: { fr: { text: 'Énoncé b' }, ja: { text: '文 b' } },
    });
    const kept = await admin.post('/api/v1/surveys', survey([likert('b')]));
    expect(kept.json.surveys[0].questions[0].translations).toEqual({ fr: { text: 'Énoncé b' }, ja: { text: '文 b' } });
  });

  it('answers 422 naming the field when a translation lists the wrong number of options, and stores nothing', async () => {
    const before = surveyCount();
    const res = await admin.post('/api/v1/surveys', {
      key: 'other',
      name: 'Other',
      questions: [
        likert('c1'),
        likert('c2'),
        { ...CHOICE, translations: { de: { text: 'Woran arbeitest du?', options: ['Backend', 'Frontend'] } } },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('validation_failed');
    expect(res.json.error.details).toEqual([
      expect.objectContaining({
        field: 'questions.2.translations.de.options',
        message: expect.stringMatching(/3 options/),
      }),
    ]);
    expect(surveyCount()).toBe(before);
  });

  it('answers 422 for a bad language tag, a missing text, options on a question without any, and English', async () => {
    const cases: Array<[unknown, string]> = [
      [{ ...likert('d'), translations: { 'not a tag!': { text: 'x' } } }, 'questions.0.translations.not a tag!'],
      [{ ...likert('d'), translations: { de: { options: [] } } }, 'questions.0.translations.de.text'],
      [
        { ...likert('d'), translations: { de: { text: 'x', options: ['a', 'b'] } } },
        'questions.0.translations.de.options',
      ],
      [{ ...likert('d'), translations: { en: { text: 'x' } } }, 'questions.0.translations.en'],
      [{ ...likert('d'), translations: ['de'] }, 'questions.0.translations'],
      [
        { ...CHOICE, translations: { de: { text: 'x', options: ['Gleich', 'Gleich', 'Anders'] } } },
        'questions.0.translations.de.options',
      ],
    ];
    for (const [question, field] of cases) {
      const res = await admin.post('/api/v1/surveys', { key: 'bad', name: 'Bad', questions: [question] });
      expect(res.status, field).toBe(422);
      expect(res.json.error.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(deps.db.prepare("SELECT COUNT(*) FROM surveys WHERE key = 'bad'").pluck().get()).toBe(0);
  });
});

describe('people locale through the API and CSV', () => {
  it('stores a BCP 47 locale in canonical case, keeps it when left out, clears it with null', async () => {
    const person = { email: 'pay0@acme.example', name: 'Pay 0', team: 'payments' };
    expect((await admin.post('/api/v1/people', { ...person, locale: 'pt-br' })).status).toBe(200);
    expect(localeOf('pay0@acme.example').locale).toBe('pt-BR');
    expect((await admin.post('/api/v1/people', person)).status).toBe(200);
    expect(localeOf('pay0@acme.example').locale).toBe('pt-BR');
    expect((await admin.post('/api/v1/people', { ...person, locale: null })).status).toBe(200);
    expect(localeOf('pay0@acme.example').locale).toBeNull();
  });

  it('answers 422 naming locale for a value that is not a language tag, and stores nothing of the batch', async () => {
    const res = await admin.post('/api/v1/people', {
      people: [
        { email: 'new1@acme.example', name: 'New 1', team: 'payments', locale: 'de' },
        { email: 'new2@acme.example', name: 'New 2', team: 'payments', locale: 'Deutsch!' },
      ],
    });
    expect(res.status).toBe(422);
    expect(res.json.error.details).toEqual([expect.objectContaining({ index: 1, field: 'locale' })]);
    expect(directoryRepo(deps.db).personByEmail('new1@acme.example')).toBeUndefined();
  });

  it('takes a locale column in the people CSV (an empty cell keeps the stored one)', () => {
    importPeopleCsv(
      deps,
      'email,name,team,locale\npay1@acme.example,Pay 1,payments,ja\npay2@acme.example,Pay 2,payments,fr-CA\n',
    );
    expect(localeOf('pay1@acme.example').locale).toBe('ja');
    expect(localeOf('pay2@acme.example').locale).toBe('fr-CA');
    importPeopleCsv(deps, 'email,name,team,locale\npay1@acme.example,Pay 1,payments,\n');
    expect(localeOf('pay1@acme.example').locale).toBe('ja');
    expect(() => importPeopleCsv(deps, 'email,name,team,locale\npay3@acme.example,Pay 3,payments,123\n')).toThrow(
      expect.objectContaining({ rows: [expect.objectContaining({ line: 2, field: 'locale' })] }),
    );
  });
});
