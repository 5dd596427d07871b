import type { Request, Response } from 'express';
import type { Deps } from '../../deps.js';
import { AppError, fieldErrors } from '../../errors.js';
import { latestLoopUpdates, previousAnswers, submitResponse } from '../../surveys/responses.service.js';
import { HOURS_BUCKETS, MAX_TEXT_ANSWER } from '../../surveys/responses.schema.js';
import { invitationForToken, runForm } from '../../surveys/runs.service.js';
import type { Invitation } from '../../surveys/runs.repo.js';
import { formBody } from '../request.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';

type Form = ReturnType<typeof runForm>;
type FormQuestion = Form['questions'][number];

const LIKERT = [
  { value: '1', label: 'Strongly disagree' },
  { value: '2', label: 'Disagree' },
  { value: '3', label: 'Neither agree nor disagree' },
  { value: '4', label: 'Agree' },
  { value: '5', label: 'Strongly agree' },
  { value: 'na', label: 'Not applicable' },
];
const HOURS_LABELS: Record<string, string> = {
  '0': 'None',
  '<1': 'Less than 1 hour',
  '1-2': '1–2 hours',
  '2-4': '2–4 hours',
  '4-8': '4–8 hours',
  '8+': 'More than 8 hours',
};

/** Respondent pages show nothing but the survey: no navigation, a narrow column. */
export const BARE = { bare: true, narrow: true, bodyClass: 'survey-page' };

const fieldName = (key: string) => `q_${key}`;

function optionsFor(q: FormQuestion): Array<{ value: string; label: string }> {
  switch (q.type) {
    case 'likert5':
      return LIKERT;
    case 'scale0_10':
      return Array.from({ length: 11 }, (_, n) => ({ value: String(n), label: String(n) }));
    case 'hours_lost':
      return HOURS_BUCKETS.map((b) => ({ value: b.label, label: HOURS_LABELS[b.label] ?? b.label }));
    case 'choice':
      return (q.options ?? []).map((o) => ({ value: o, label: o }));
    case 'text':
      return [];
  }
}

/** The view model of the form: each question with its options, the kept answer and its error (also the admin preview). */
export function formView(
  form: Pick<Form, 'questions'>,
  values: Record<string, string>,
  errors: Record<string, string>,
) {
  return form.questions.map((q, i) => {
    const name = fieldName(q.key);
    const value = values[q.key] ?? '';
    return {
      ...q,
      number: i + 1,
      name,
      id: name,
      errorId: `${name}-error`,
      error: errors[q.key],
      value,
      isText: q.type === 'text',
      isScale: q.type === 'scale0_10',
      isLikert: q.type === 'likert5',
      maxLength: MAX_TEXT_ANSWER,
      options: optionsFor(q).map((o, j) => ({ ...o, id: `${name}-${j}`, checked: value === o.value })),
    };
  });
}

function showForm(
  res: Response,
  token: string,
  form: Form,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
  status = 200,
  answeredAt: string | null = null,
) {
  const questions = formView(form, values, errors);
  const problems = questions
    .filter((q) => q.error)
    .map((q) => ({ href: `#${q.options[0]?.id ?? q.id}`, text: q.text, message: q.error }));
  renderPage(
    res,
    'surveys/form',
    {
      ...BARE,
      title: form.survey.name,
      token,
      survey: form.survey,
      closesAt: form.run.closesAt,
      questions,
      problems,
      answeredAt,
    },
    { status },
  );
}

const showMissing = (res: Response) =>
  renderPage(res, 'surveys/link-missing', { ...BARE, title: 'Survey link not found' }, { status: 404 });
const showClosed = (res: Response, form: Form) =>
  renderPage(
    res,
    'surveys/closed',
    {
      ...BARE,
      title: 'Survey closed',
      survey: form.survey,
      closesAt: form.run.closesAt,
      cancelled: form.run.state === 'cancelled',
      closedEarly: form.run.lifecycle?.status === 'closed',
    },
    { status: 410 },
  );
const showNotYet = (res: Response, form: Form) =>
  renderPage(
    res,
    'surveys/closed',
    { ...BARE, title: 'Survey not open yet', survey: form.survey, opensAt: form.run.opensAt, notYet: true },
    { status: 409 },
  );

/** The invitation and form a link opens, or undefined after rendering the right page. */
function resolveLink(
  req: Request,
  res: Response,
  deps: Deps,
): { invitation: Invitation; form: Form; token: string } | undefined {
  // A personal page (the URL is the credential): never kept by shared caches or the back-forward cache.
  res.set('Cache-Control', 'no-store');
  const token = String(req.params.token ?? '');
  const invitation = invitationForToken(deps, token);
  if (!invitation) {
    showMissing(res);
    return undefined;
  }
  // The run always comes from the invitation the token hashes to, never from the request.
  const form = runForm(deps, invitation.runId);
  if (form.run.state === 'closed' || form.run.state === 'cancelled') {
    showClosed(res, form);
    return undefined;
  }
  if (form.run.state === 'scheduled') {
    showNotYet(res, form);
    return undefined;
  }
  return { invitation, form, token };
}

/** The answers a posted form carries, by question key (only this run's questions). */
function postedAnswers(body: Record<string, unknown>, form: Form): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of form.questions) {
    const raw = body[fieldName(q.key)];
    const value: unknown = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && value.trim() !== '') out[q.key] = value;
  }
  return out;
}

/** The respondent's survey form at /s/:token (no login: the link is the credential). */
export const surveyFormPages: RouteDef[] = [
  {
    method: 'get',
    path: '/s/:token',
    policy: 'public',
    rateLimit: 'survey_link',
    summary: 'Survey form for one invitation',
    handler: (req, res, deps) => {
      const link = resolveLink(req, res, deps);
      if (!link) return;
      const { invitation, form, token } = link;
      // Someone who answered sees their answers to change, not a blank form.
      const previous = previousAnswers(deps, invitation.runId, invitation.personId);
      if (previous) return showForm(res, token, form, previous.values, {}, 200, previous.submittedAt);
      if (form.survey.fullyAnonymous && invitation.responded) {
        return renderPage(res, 'surveys/thanks', {
          ...BARE,
          title: 'Already answered',
          survey: form.survey,
          already: true,
        });
      }
      showForm(res, token, form);
    },
  },
  {
    method: 'post',
    path: '/s/:token',
    policy: 'public',
    rateLimit: 'survey_link',
    summary: 'Submit (or replace) survey answers',
    handler: (req, res, deps) => {
      const link = resolveLink(req, res, deps);
      if (!link) return;
      const values = postedAnswers(formBody(req), link.form);
      try {
        submitResponse(deps, {
          runId: link.invitation.runId,
          personId: link.invitation.personId,
          answers: values,
          source: 'web',
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === 'validation_failed')
          return showForm(res, link.token, link.form, values, fieldErrors(err.details), 422);
        if (err.code === 'run_closed') return showClosed(res, link.form);
        if (err.code === 'already_answered') {
          return renderPage(
            res,
            'surveys/thanks',
            { ...BARE, title: 'Already answered', survey: link.form.survey, already: true },
            { status: 409 },
          );
        }
        throw err;
      }
      res.redirect(303, `/s/${encodeURIComponent(link.token)}/thanks`);
    },
  },
  {
    method: 'get',
    path: '/s/:token/thanks',
    policy: 'public',
    rateLimit: 'survey_link',
    summary: 'Thank-you page after answering',
    handler: (req, res, deps) => {
      const invitation = invitationForToken(deps, String(req.params.token ?? ''));
      if (!invitation) return showMissing(res);
      const form = runForm(deps, invitation.runId);
      renderPage(res, 'surveys/thanks', {
        ...BARE,
        title: 'Thank you',
        survey: form.survey,
        token: req.params.token,
        open: form.run.state === 'open',
        closesAt: form.run.closesAt,
        updates: latestLoopUpdates(deps, 3),
      });
    },
  },
];
