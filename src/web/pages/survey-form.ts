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
import { answerErrorText, localizeRunQuestions, respondentLocale } from '../../i18n/localize.js';
import { LOCALE_NAMES, SUPPORTED_LOCALES, supportedLocale, type SupportedLocale } from '../../i18n/locales.js';
import { ENGLISH, messagesFor, type MessageKey, type Messages } from '../../i18n/messages.js';

type Form = ReturnType<typeof runForm>;
type FormQuestion = Form['questions'][number];

const LIKERT_VALUES = ['1', '2', '3', '4', '5', 'na'] as const;

/** Respondent pages show nothing but the survey: no navigation, a narrow column. */
export const BARE = { bare: true, narrow: true, bodyClass: 'survey-page' };

const fieldName = (key: string) => `q_${key}`;

type ShownQuestion = FormQuestion & { optionLabels?: string[] | null };

function optionsFor(q: ShownQuestion, m: Messages): Array<{ value: string; label: string }> {
  switch (q.type) {
    case 'likert5':
      return LIKERT_VALUES.map((value) => ({ value, label: m.t(`likert.${value}` as MessageKey) }));
    case 'scale0_10':
      return Array.from({ length: 11 }, (_, n) => ({ value: String(n), label: String(n) }));
    case 'hours_lost':
      return HOURS_BUCKETS.map((b) => ({ value: b.label, label: m.t(`hours.${b.label}` as MessageKey) }));
    case 'choice':
      // The value is the option as stored (the same in every language); the label is the translation.
      return (q.options ?? []).map((o, i) => ({ value: o, label: q.optionLabels?.[i] ?? o }));
    case 'text':
      return [];
  }
}

/** The view model of the form: each question with its options, the kept answer and its error (also the admin preview). */
export function formView(
  form: { questions: ShownQuestion[] },
  values: Record<string, string>,
  errors: Record<string, string>,
  m: Messages = ENGLISH,
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
      error: q.key in errors ? answerErrorText(errors[q.key], m, MAX_TEXT_ANSWER) : undefined,
      value,
      isText: q.type === 'text',
      isScale: q.type === 'scale0_10',
      isLikert: q.type === 'likert5',
      maxLength: MAX_TEXT_ANSWER,
      options: optionsFor(q, m).map((o, j) => ({ ...o, id: `${name}-${j}`, checked: value === o.value })),
    };
  });
}

/** A respondent page's language: the picked one (`?lang=`, or the form's hidden field), else the person's, … */
function pageMessages(req: Request, deps: Deps, personId: number | null): Messages {
  const picked = req.method === 'POST' ? formBody(req).lang : req.query.lang;
  return messagesFor(
    respondentLocale(deps, {
      chosen: typeof picked === 'string' ? picked : null,
      personId,
      acceptLanguage: req.get('accept-language'),
    }),
  );
}

/** Whether the respondent picked this language (it then travels in the links and the form). */
const pickedLocale = (req: Request): SupportedLocale | undefined => {
  const picked = req.method === 'POST' ? formBody(req).lang : req.query.lang;
  return typeof picked === 'string' ? supportedLocale(picked) : undefined;
};

/** Layout words and the page language of every respondent page. */
function pageBase(m: Messages) {
  return { ...BARE, lang: m.locale, layoutText: { skip: m.t('layout.skip'), footer: m.t('layout.footer') } };
}

/** The language picker: one link per language, each keeping the token (none on pages without one). */
function languages(m: Messages, path: string | null) {
  if (!path) return null;
  return {
    label: m.t('language.label'),
    options: SUPPORTED_LOCALES.map((l) => ({
      locale: l,
      name: LOCALE_NAMES[l],
      href: `${path}?lang=${encodeURIComponent(l)}`,
      current: l === m.locale,
    })),
  };
}

/** Every word of the form page in the respondent's language (also the admin preview's, in English). */
export function formText(
  m: Messages,
  survey: { fullyAnonymous: boolean; anonymityThreshold: number },
  closesAt: string,
  answeredAt: string | null,
  problems: number,
) {
  const date = m.date(closesAt);
  return {
    privacy: survey.fullyAnonymous
      ? m.t('form.privacy.anonymous')
      : m.t('form.privacy.pseudonymous', { k: survey.anonymityThreshold, date }),
    answeredTitle: answeredAt ? m.t('form.answered.title', { date: m.date(answeredAt) }) : '',
    answeredBody: m.t('form.answered.body', { date }),
    problems: m.t('form.problems', { count: problems }),
    optional: m.t('form.optional'),
    noNames: m.t('form.text.noNames'),
    textMax: m.t('form.text.max', { max: MAX_TEXT_ANSWER }),
    scaleLow: m.t('scale.low'),
    scaleHigh: m.t('scale.high'),
    submit: m.t(answeredAt ? 'form.update' : 'form.send'),
  };
}

interface Link {
  invitation: Invitation;
  form: Form;
  token: string;
  m: Messages;
}

function showForm(
  res: Response,
  deps: Deps,
  link: Link,
  values: Record<string, string> = {},
  errors: Record<string, string> = {},
  status = 200,
  answeredAt: string | null = null,
) {
  const { form, token, m } = link;
  const shown = localizeRunQuestions(deps, form.run.id, form.questions, m.locale);
  const questions = formView({ questions: shown }, values, errors, m);
  const problems = questions
    .filter((q) => q.error)
    .map((q) => ({ href: `#${q.options[0]?.id ?? q.id}`, text: q.text, message: q.error }));
  renderPage(
    res,
    'surveys/form',
    {
      ...pageBase(m),
      title: form.survey.name,
      token,
      // The survey's own intro is written in one language (English); other languages go without it.
      survey: { ...form.survey, intro: m.locale === 'en' ? form.survey.intro : null },
      questions,
      problems,
      answeredAt,
      text: formText(m, form.survey, form.run.closesAt, answeredAt, problems.length),
      languages: languages(m, `/s/${encodeURIComponent(token)}`),
      picked: m.locale,
    },
    { status },
  );
}

const showMissing = (res: Response, m: Messages) =>
  renderPage(
    res,
    'surveys/link-missing',
    {
      ...pageBase(m),
      title: m.t('missing.title'),
      text: { heading: m.t('missing.heading'), body: m.t('missing.body') },
    },
    { status: 404 },
  );

const showClosed = (res: Response, link: Pick<Link, 'form' | 'm' | 'token'>) => {
  const { form, m } = link;
  const values = { survey: form.survey.name, date: m.date(form.run.closesAt) };
  renderPage(
    res,
    'surveys/closed',
    {
      ...pageBase(m),
      title: m.t('closed.title'),
      text: {
        heading: m.t('closed.heading'),
        body:
          form.run.state === 'cancelled'
            ? m.t('closed.cancelled', values)
            : m.t('closed.body', { ...values, early: form.run.lifecycle?.status === 'closed' }),
      },
      languages: languages(m, `/s/${encodeURIComponent(link.token)}`),
    },
    { status: 410 },
  );
};

const showNotYet = (res: Response, link: Pick<Link, 'form' | 'm' | 'token'>) => {
  const { form, m } = link;
  renderPage(
    res,
    'surveys/closed',
    {
      ...pageBase(m),
      title: m.t('notYet.title'),
      text: {
        heading: m.t('notYet.heading', { survey: form.survey.name }),
        body: m.t('notYet.body', { date: m.date(form.run.opensAt) }),
      },
      languages: languages(m, `/s/${encodeURIComponent(link.token)}`),
    },
    { status: 409 },
  );
};

const showAlready = (res: Response, link: Pick<Link, 'form' | 'm'>, status = 200) =>
  renderPage(
    res,
    'surveys/thanks',
    {
      ...pageBase(link.m),
      title: link.m.t('already.title'),
      already: true,
      text: { heading: link.m.t('already.heading'), body: link.m.t('already.body', { survey: link.form.survey.name }) },
    },
    { status },
  );

/** The invitation and form a link opens, or undefined after rendering the right page. */
function resolveLink(req: Request, res: Response, deps: Deps): Link | undefined {
  // A personal page (the URL is the credential): never kept by shared caches or the back-forward cache.
  res.set('Cache-Control', 'no-store');
  // The page's language depends on the request's Accept-Language too.
  res.vary('Accept-Language');
  const token = String(req.params.token ?? '');
  const invitation = invitationForToken(deps, token);
  if (!invitation) {
    showMissing(res, pageMessages(req, deps, null));
    return undefined;
  }
  const m = pageMessages(req, deps, invitation.personId);
  // The run always comes from the invitation the token hashes to, never from the request.
  const form = runForm(deps, invitation.runId);
  if (form.run.state === 'closed' || form.run.state === 'cancelled') {
    showClosed(res, { form, m, token });
    return undefined;
  }
  if (form.run.state === 'scheduled') {
    showNotYet(res, { form, m, token });
    return undefined;
  }
  return { invitation, form, token, m };
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
    summary: "Survey form for one invitation (in the respondent's language; ?lang= picks another)",
    handler: (req, res, deps) => {
      const link = resolveLink(req, res, deps);
      if (!link) return;
      const { invitation, form } = link;
      // Someone who answered sees their answers to change, not a blank form.
      const previous = previousAnswers(deps, invitation.runId, invitation.personId);
      if (previous) return showForm(res, deps, link, previous.values, {}, 200, previous.submittedAt);
      if (form.survey.fullyAnonymous && invitation.responded) return showAlready(res, link);
      showForm(res, deps, link);
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
          locale: link.m.locale,
        });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        if (err.code === 'validation_failed') return showForm(res, deps, link, values, fieldErrors(err.details), 422);
        if (err.code === 'run_closed') return showClosed(res, link);
        if (err.code === 'already_answered') return showAlready(res, link, 409);
        throw err;
      }
      const picked = pickedLocale(req);
      res.redirect(
        303,
        `/s/${encodeURIComponent(link.token)}/thanks${picked ? `?lang=${encodeURIComponent(picked)}` : ''}`,
      );
    },
  },
  {
    method: 'get',
    path: '/s/:token/thanks',
    policy: 'public',
    rateLimit: 'survey_link',
    summary: 'Thank-you page after answering',
    handler: (req, res, deps) => {
      res.vary('Accept-Language');
      const token = String(req.params.token ?? '');
      const invitation = invitationForToken(deps, token);
      if (!invitation) return showMissing(res, pageMessages(req, deps, null));
      const m = pageMessages(req, deps, invitation.personId);
      const form = runForm(deps, invitation.runId);
      const open = form.run.state === 'open' && !form.survey.fullyAnonymous;
      const picked = pickedLocale(req);
      renderPage(res, 'surveys/thanks', {
        ...pageBase(m),
        title: m.t('thanks.title'),
        text: {
          heading: m.t('thanks.heading'),
          body: m.t('thanks.body', { k: form.survey.anonymityThreshold }),
          againLead: m.t('thanks.again.lead', { date: m.date(form.run.closesAt) }),
          againLink: m.t('thanks.again.link'),
          againRest: m.t('thanks.again.rest', { date: m.date(form.run.closesAt) }),
          loopTitle: m.t('loop.title'),
        },
        againHref: `/s/${encodeURIComponent(token)}${picked ? `?lang=${encodeURIComponent(picked)}` : ''}`,
        open,
        // "You said, we did" updates are written in one language; their dates and statuses follow the reader's.
        updates: latestLoopUpdates(deps, 3).map((u) => ({
          ...u,
          statusLabel: m.t(`loop.status.${u.status}` as MessageKey),
          dateLabel: m.date(u.createdAt),
        })),
        languages: languages(m, `/s/${encodeURIComponent(token)}/thanks`),
      });
    },
  },
];
