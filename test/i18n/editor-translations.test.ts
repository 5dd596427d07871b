import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { BANK_TRANSLATIONS } from '../../src/surveys/question-bank.translations.js';
import { getSurvey, upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps } from '../helpers/deps.js';
import { fieldsRecord, formFields, unescapeHtml } from '../helpers/html-form.js';
import { loginSession, startServer, type TestServer } from '../helpers/server.js';
import { seedOrg } from '../surveys/fixtures.js';

let deps: Deps;
let srv: TestServer;
let admin: Awaited<ReturnType<typeof loginSession>>;
const EDITOR = /class="card survey-editor"/;

async function submitEditor(path: string, set: Record<string, string | string[] | null>) {
  const page = (await admin.get(path)).text;
  return admin.postForm(path, fieldsRecord(formFields(page, EDITOR), set), admin.csrfFrom(page));
}
const question = (key: string) => getSurvey(deps, 'intl').questions.find((q) => q.key === key)!;

beforeAll(async () => {
  deps = makeDeps();
  seedOrg(deps);
  upsertSurvey(deps, {
    key: 'intl',
    name: 'Languages',
    questions: [
      { key: 'stack', text: 'Where do you spend most of your time?', type: 'choice', options: ['Backend', 'Frontend'] },
      {
        key: 'mood',
        text: 'I enjoy my work',
        type: 'likert5',
        translations: { 'fr-CA': { text: 'J’aime mon travail' } },
      },
    ],
  });
  srv = await startServer(deps);
  admin = await loginSession(srv.base, deps, 'admin');
});
afterAll(() => srv.close());

describe('translations in the survey editor', () => {
  it('shows a translation box per language, bank items filled from the bank', async () => {
    const page = unescapeHtml((await admin.get('/admin/surveys/new')).text);
    expect(page).toContain('name="q.build_and_test.tr.de.text"');
    expect(page).toContain(`>${BANK_TRANSLATIONS.build_and_test.ja.text}</textarea>`);
    expect(page).toMatch(/Translations \(5 of 5 languages\)/);
  });

  it('saves translated text and options; languages the editor does not show are kept', async () => {
    const res = await submitEditor('/admin/surveys/intl', {
      op: 'save',
      'q.stack.tr.de.text': 'Woran arbeitest du meistens?',
      'q.stack.tr.de.options': 'Backend\nFrontend-Entwicklung',
      'q.mood.tr.ja.text': '仕事を楽しんでいる',
    });
    expect(res.status).toBe(303);
    expect(question('stack').translations).toEqual({
      de: { text: 'Woran arbeitest du meistens?', options: ['Backend', 'Frontend-Entwicklung'] },
    });
    expect(question('mood').translations).toEqual({
      'fr-CA': { text: 'J’aime mon travail' },
      ja: { text: '仕事を楽しんでいる' },
    });
    // Translating does not start a new version of the question.
    expect(question('stack').version).toBe(1);
  });

  it('shows a wrong number of translated options beside that field and saves nothing', async () => {
    const before = JSON.stringify(getSurvey(deps, 'intl'));
    const res = await submitEditor('/admin/surveys/intl', {
      op: 'save',
      'q.stack.tr.es.text': '¿Dónde pasas la mayor parte del tiempo?',
      'q.stack.tr.es.options': 'Backend',
    });
    expect(res.status).toBe(422);
    expect(unescapeHtml(res.text)).toMatch(/id="q-stack-tr-es-options-error">must list 2 options/);
    expect(JSON.stringify(getSurvey(deps, 'intl'))).toBe(before);
  });
});
