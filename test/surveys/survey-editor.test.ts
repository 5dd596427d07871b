import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/deps.js';
import { CORE_ITEMS, QUESTION_BANK } from '../../src/surveys/question-bank.js';
import { openRun, runLinks } from '../../src/surveys/runs.service.js';
import { getSurvey, upsertSurvey } from '../../src/surveys/surveys.service.js';
import { makeDeps } from '../helpers/deps.js';
import { fieldsRecord, formFields } from '../helpers/html-form.js';
import { apiClient, loginSession, startServer, tokenFor, type TestServer } from '../helpers/server.js';
import { browser, seedOrg, tokenOf } from './fixtures.js';

let deps: Deps;
let srv: TestServer;
let admin: Awaited<ReturnType<typeof loginSession>>;

beforeAll(async () => {
  deps = makeDeps();
  seedOrg(deps);
  srv = await startServer(deps);
  admin = await loginSession(srv.base, deps, 'admin');
});
afterAll(() => srv.close());

const EDITOR = /class="card survey-editor"/;
/** What the survey and its questions look like in the database (to prove nothing changed). */
const stored = (key: string) => JSON.stringify(getSurvey(deps, key));
const keysOf = (key: string) => getSurvey(deps, key).questions.map((q) => q.key);
const auditCount = () =>
  deps.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'survey.update'").pluck().get() as number;

/** Loads the editor page, then posts its form as a browser would, with `set` changed. */
async function submitEditor(path: string, set: Record<string, string | string[] | null>, html?: string) {
  const page = html ?? (await admin.get(path)).text;
  const fields = fieldsRecord(formFields(page, EDITOR), set);
  return admin.postForm(path, fields, admin.csrfFrom(page));
}

describe('survey editor (no code needed)', () => {
  it('starts a new survey paused with the eight core DevEx items ticked, and creates it', async () => {
    const page = await admin.get('/admin/surveys/new');
    expect(page.status).toBe(200);
    const fields = formFields(page.text, EDITOR);
    const ticked = fields.filter(([k]) => k === 'questions').map(([, v]) => v);
    expect(ticked).toHaveLength(8);
    expect(new Set(ticked)).toEqual(new Set(CORE_ITEMS));
    expect(fields.filter(([k]) => k === 'row')).toHaveLength(QUESTION_BANK.length);
    expect(fields.some(([k]) => k === 'active')).toBe(false);

    const created = await submitEditor('/admin/surveys/new', { key: 'devex', name: 'DevEx check' }, page.text);
    expect(created.status).toBe(303);
    const { survey, questions } = getSurvey(deps, 'devex');
    expect(survey.active).toBe(false);
    expect(questions.map((q) => q.key)).toEqual(QUESTION_BANK.map((q) => q.key).filter((k) => CORE_ITEMS.includes(k)));
  });

  it('adds custom questions of every type as a draft, shows errors beside the new fields, then saves them', async () => {
    const before = stored('devex');
    let html = (await admin.get('/admin/surveys/devex')).text;
    const customs = [
      {
        key: 'tool_choice',
        type: 'choice',
        text: 'Which CI do you use most?',
        options: 'GitHub Actions\nJenkins\n\nBuildkite\n',
      },
      { key: 'pairing', type: 'likert5', text: 'Pairing helps me ship', dimension: 'flow_state' },
      { key: 'oncall_load', type: 'scale0_10', text: 'How heavy is on-call?', dimension: 'custom', custom: 'on_call' },
      { key: 'meeting_hours', type: 'hours_lost', text: 'Hours lost to meetings last week?' },
      { key: 'wish', type: 'text', text: 'One wish for the platform team?', help: 'No names, please.' },
    ];
    for (const c of customs) {
      const res = await submitEditor(
        '/admin/surveys/devex',
        {
          op: 'add',
          new_key: c.key,
          new_text: c.text,
          new_type: c.type,
          new_dimension: c.dimension ?? '',
          new_dimension_custom: c.custom ?? '',
          new_options: c.options ?? '',
          new_help: c.help ?? '',
          new_required: 'on',
        },
        html,
      );
      expect(res.status).toBe(200);
      expect(res.text).toContain('not saved yet');
      html = res.text;
    }
    // Drafts change nothing and are not audited as changes.
    expect(stored('devex')).toBe(before);

    const badAdd = await submitEditor(
      '/admin/surveys/devex',
      { op: 'add', new_key: 'bad key!', new_text: '', new_type: 'choice', new_options: 'Only one' },
      html,
    );
    expect(badAdd.status).toBe(422);
    expect(badAdd.text).toMatch(/id="new_key-error">may only contain letters/);
    expect(badAdd.text).toMatch(/id="new_text-error">is required/);
    expect(badAdd.text).toMatch(/id="new_options-error">a choice question needs at least two options/);
    expect(badAdd.text).toContain('value="bad key!"');
    const dupAdd = await submitEditor(
      '/admin/surveys/devex',
      { op: 'add', new_key: 'pairing', new_text: 'Again', new_type: 'likert5' },
      html,
    );
    expect(dupAdd.status).toBe(422);
    expect(dupAdd.text).toMatch(/id="new_key-error">&quot;pairing&quot; is already a question/);

    // Move the choice question to the top: up/down buttons only rearrange the draft.
    for (let i = 0; i < 8; i++) {
      const res = await submitEditor('/admin/surveys/devex', { op: 'up:tool_choice' }, html);
      expect(res.status).toBe(200);
      html = res.text;
    }
    const audits = auditCount();
    const saved = await submitEditor('/admin/surveys/devex', { op: 'save' }, html);
    expect(saved.status).toBe(303);
    expect(auditCount()).toBe(audits + 1);
    const { questions } = getSurvey(deps, 'devex');
    expect(questions.map((q) => q.key)).toEqual([
      'tool_choice',
      ...QUESTION_BANK.map((q) => q.key).filter((k) => CORE_ITEMS.includes(k)),
      'pairing',
      'oncall_load',
      'meeting_hours',
      'wish',
    ]);
    const byKey = Object.fromEntries(questions.map((q) => [q.key, q]));
    expect(byKey.tool_choice).toMatchObject({ type: 'choice', options: ['GitHub Actions', 'Jenkins', 'Buildkite'] });
    expect(byKey.pairing).toMatchObject({ type: 'likert5', dimension: 'flow_state', version: 1 });
    expect(byKey.oncall_load).toMatchObject({ type: 'scale0_10', dimension: 'on_call' });
    expect(byKey.meeting_hours).toMatchObject({ type: 'hours_lost', dimension: null });
    expect(byKey.wish).toMatchObject({ type: 'text', help: 'No names, please.', required: true });
  });

  it('edits wording (a new version), moves down and removes questions; a bad field saves nothing', async () => {
    const reworded = await submitEditor('/admin/surveys/devex', {
      'q.pairing.text': 'Pairing helps me ship safely',
      op: 'save',
    });
    expect(reworded.status).toBe(303);
    const pairing = getSurvey(deps, 'devex').questions.find((q) => q.key === 'pairing')!;
    expect(pairing).toMatchObject({ text: 'Pairing helps me ship safely', version: 2 });
    expect(getSurvey(deps, 'devex').questions.find((q) => q.key === 'wish')!.version).toBe(1);

    let html = (await submitEditor('/admin/surveys/devex', { op: 'down:tool_choice' })).text;
    html = (await submitEditor('/admin/surveys/devex', { op: 'down:tool_choice' }, html)).text;
    html = (await submitEditor('/admin/surveys/devex', { op: 'remove:wish' }, html)).text;
    expect(html).not.toContain('name="row" value="wish"');
    // Removing a bank question puts it back in the bank, unticked.
    html = (await submitEditor('/admin/surveys/devex', { op: 'remove:build_and_test' }, html)).text;
    expect(html).toMatch(/id="q-build_and_test-ask" name="questions" value="build_and_test">/);

    // A blank wording and a non-snake_case dimension: errors beside those fields, nothing stored.
    const before = stored('devex');
    const bad = await submitEditor(
      '/admin/surveys/devex',
      {
        op: 'save',
        name: 'Renamed',
        'q.pairing.text': '',
        'q.oncall_load.dimension': 'custom',
        'q.oncall_load.dimension_custom': 'On Call',
      },
      html,
    );
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="q-pairing-text-error">is required/);
    expect(bad.text).toMatch(/id="q-oncall_load-dimension-error">must be a snake_case name/);
    expect(bad.text).toContain('Nothing was saved');
    expect(bad.text).toContain('value="Renamed"');
    expect(stored('devex')).toBe(before);

    const ok = await submitEditor('/admin/surveys/devex', { op: 'save' }, html);
    expect(ok.status).toBe(303);
    const keys = keysOf('devex');
    expect(keys).not.toContain('wish');
    expect(keys).not.toContain('build_and_test');
    expect(keys.slice(0, 2)).toEqual(['code_review', 'tool_choice']);
  });

  it('accepts any snake_case dimension through the API, as the editor does, and names a bad one', async () => {
    const api = apiClient(srv.base, tokenFor(deps, 'admin'));
    const question = { key: 'deploy_fear', text: 'I fear Friday deploys', type: 'likert5' };
    const ok = await api.post('/api/v1/surveys', {
      key: 'api_made',
      name: 'API made',
      questions: [{ ...question, dimension: 'release_anxiety' }],
    });
    expect(ok.status).toBe(200);
    expect(getSurvey(deps, 'api_made').questions[0].dimension).toBe('release_anxiety');
    const bad = await api.post('/api/v1/surveys', {
      key: 'api_bad',
      name: 'API bad',
      questions: [{ ...question, dimension: 'Release Anxiety' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toContainEqual(
      expect.objectContaining({ field: 'questions.0.dimension', message: expect.stringMatching(/snake_case/) }),
    );
  });

  it('previews the form exactly as /s/:token renders it, with a banner and a form that sends nothing', async () => {
    const preview = await admin.get('/admin/surveys/devex/preview');
    expect(preview.status).toBe(200);
    expect(preview.text).toContain('Preview — answers are not saved');
    expect(preview.text).not.toMatch(/<form[^>]*method="post"/);
    expect(preview.text).not.toContain('name="_csrf"');
    expect(preview.text).toMatch(/<button class="button" type="submit" disabled>/);

    upsertSurvey(deps, { ...getSurveyBody('devex'), active: true });
    const { runId } = openRun(deps, 'devex', { teams: ['payments'] });
    const token = tokenOf(runLinks(deps, runId)[0].url);
    const live = await browser(srv.base).get(`/s/${token}`);
    const questionsOf = (html: string) =>
      html.slice(html.indexOf('<fieldset'), html.indexOf('<div class="survey__actions">'));
    expect(questionsOf(preview.text).length).toBeGreaterThan(1000);
    expect(questionsOf(preview.text)).toBe(questionsOf(live.text));

    const viewer = await loginSession(srv.base, deps, 'viewer');
    expect((await viewer.get('/admin/surveys/devex/preview')).status).toBe(403);
    expect((await admin.get('/admin/surveys/nope/preview')).status).toBe(404);
  });
});

/** The stored definition as an API body (to change one field through the same service). */
function getSurveyBody(key: string) {
  const { survey, questions } = getSurvey(deps, key);
  return {
    key,
    name: survey.name,
    questions: questions.map((q) => ({
      key: q.key,
      text: q.text,
      type: q.type,
      dimension: q.dimension,
      options: q.options,
      help: q.help,
      required: q.required,
    })),
  };
}
