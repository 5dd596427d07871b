import type { Request, Response } from 'express';
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { surveysOverview } from '../../surveys/overview.service.js';
import { getSurvey, presentSurvey, upsertSurvey } from '../../surveys/surveys.service.js';
import { formBody } from '../request.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';
import {
  candidateQuestions,
  editorBody,
  editorErrors,
  editorView,
  postedNewQuestion,
  postedRows,
  type EditorBody,
} from './survey-editor.js';
import { scheduleLabel } from './survey-editor.cadence.js';
import { addQuestion, editorOp, rearrange, type QuestionRow } from './survey-editor.questions.js';
import { showPreview } from './survey-preview.js';

const keyParam = (req: Request) => String(req.params.key ?? '');

function currentDefinition(deps: Deps, key: string) {
  if (key === 'new') return null;
  const { survey, questions } = getSurvey(deps, key);
  return presentSurvey(survey, questions);
}

interface EditorState {
  body?: Omit<EditorBody, 'questions'>;
  rows?: QuestionRow[];
  added?: QuestionRow;
  errors?: Record<string, string>;
  /** The question list was rearranged but not saved yet. */
  draft?: boolean;
  /** The schedule was previewed but not saved yet. */
  scheduleDraft?: boolean;
}

function showEditor(req: Request, res: Response, deps: Deps, key: string, state: EditorState = {}, status = 200) {
  const current = currentDefinition(deps, key);
  const errors = state.errors ?? {};
  const view = editorView(deps, state.body ?? current, state.rows ?? candidateQuestions(current), errors, state.added);
  renderPage(
    res,
    'surveys/admin-edit',
    {
      title: current ? `Edit ${current.name}` : 'New survey',
      isNew: !current,
      action: `/admin/surveys/${encodeURIComponent(current?.key ?? 'new')}`,
      current,
      ...view,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      draft: state.draft ?? false,
      scheduleDraft: state.scheduleDraft ?? false,
      saved: req.query.saved === '1',
      opened:
        typeof req.query.opened === 'string'
          ? { runId: req.query.opened, invited: Number(req.query.invited ?? 0) }
          : null,
    },
    { status },
  );
}

/** Saves the editor's survey through the same service and schema as `POST /api/v1/surveys`. */
function saveEditor(req: Request, res: Response, deps: Deps) {
  const routeKey = keyParam(req);
  const current = currentDefinition(deps, routeKey);
  const form = formBody(req);
  const key = current ? current.key : typeof form.key === 'string' ? form.key.trim() : '';
  let rows = postedRows(form, current);
  const op = editorOp(form.op);
  const body = editorBody(form, key, rows);
  // "Show run dates": the page again with the schedule's next five runs, nothing saved.
  if (form.op === 'preview-cadence') return showEditor(req, res, deps, routeKey, { body, rows, scheduleDraft: true });
  if (form.rhythm === 'cron' && body.cadence === 'cron') {
    const errors = { cadence: 'type a cron expression such as 0 10 * * 1, or choose another rhythm' };
    return showEditor(req, res, deps, routeKey, { body, rows, errors }, 422);
  }
  if (op.kind === 'add') {
    const added = postedNewQuestion(form);
    const result = addQuestion(rows, added);
    if (Object.keys(result.errors).length)
      return showEditor(req, res, deps, routeKey, { body, rows, added, errors: result.errors }, 422);
    return showEditor(req, res, deps, routeKey, { body, rows: result.rows, draft: true });
  }
  if (op.kind !== 'save') {
    rows = rearrange(rows, op);
    return showEditor(req, res, deps, routeKey, { body, rows, draft: true });
  }
  if (!current && key && getSurveyOrNull(deps, key)) {
    const errors = { key: `a survey with the key "${key}" already exists` };
    return showEditor(req, res, deps, routeKey, { body, rows, errors }, 422);
  }
  try {
    upsertSurvey(deps, body);
  } catch (err) {
    if (err instanceof AppError && err.status === 422) {
      return showEditor(req, res, deps, routeKey, { body, rows, errors: editorErrors(err.details, body) }, 422);
    }
    throw err;
  }
  res.redirect(303, `/admin/surveys/${encodeURIComponent(key)}?saved=1`);
}

/** Survey list for everyone logged in, and the admin editor (create, edit, open a run now). */
export const surveyPages: RouteDef[] = [
  {
    method: 'get',
    path: '/surveys',
    policy: 'page:viewer',
    summary: 'Surveys and their runs',
    handler: (req, res, deps) => {
      const surveys = surveysOverview(deps).map(({ survey, runs, threshold, questionCount }) => ({
        ...survey,
        schedule: scheduleLabel(survey.cadence),
        runs,
        threshold,
        questionCount,
      }));
      renderPage(res, 'surveys/list', { title: 'Surveys', surveys, done: runActionDone(req) });
    },
  },
  {
    method: 'get',
    path: '/admin/surveys',
    policy: 'page:admin',
    summary: 'Manage surveys',
    handler: (_req, res, deps) => {
      const surveys = surveysOverview(deps, 1).map(({ survey, runs, questionCount }) => ({
        ...survey,
        schedule: scheduleLabel(survey.cadence),
        lastRun: runs[0] ?? null,
        questionCount,
      }));
      renderPage(res, 'surveys/admin-list', { title: 'Manage surveys', surveys });
    },
  },
  {
    method: 'get',
    path: '/admin/surveys/:key',
    policy: 'page:admin',
    summary: 'Create or edit a survey',
    handler: (req, res, deps) => showEditor(req, res, deps, keyParam(req)),
  },
  {
    method: 'post',
    path: '/admin/surveys/:key',
    policy: 'page:admin',
    summary: 'Save a survey definition',
    handler: (req, res, deps) => saveEditor(req, res, deps),
  },
  {
    method: 'get',
    path: '/admin/surveys/:key/preview',
    policy: 'page:admin',
    summary: "Preview a survey's form as respondents see it",
    handler: (req, res, deps) => showPreview(res, deps, keyParam(req)),
  },
];

/** The message after a run was closed, cancelled or reminded from the page (query set by the redirect). */
function runActionDone(req: Request) {
  const q = req.query;
  const action = q.done;
  if (action !== 'close' && action !== 'cancel' && action !== 'remind') return null;
  const count = (v: unknown) => (typeof v === 'string' && /^\d{1,7}$/.test(v) ? Number(v) : null);
  return {
    run: typeof q.run === 'string' ? q.run : '',
    closed: action === 'close',
    cancelled: action === 'cancel',
    reminded: action === 'remind',
    count: count(q.reminded),
    atCap: count(q.at_cap),
  };
}

function getSurveyOrNull(deps: Deps, key: string) {
  try {
    return getSurvey(deps, key);
  } catch {
    return null;
  }
}
