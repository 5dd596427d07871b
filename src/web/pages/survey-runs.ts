import type { Request, Response } from 'express';
import type { Deps } from '../../deps.js';
import { AppError, missing } from '../../errors.js';
import { surveyRunsOverview } from '../../surveys/overview.service.js';
import { cancelRun, closeRun, MAX_REMINDERS, remindRun } from '../../surveys/runs.lifecycle.js';
import { getRun, openRun, openRunPreview } from '../../surveys/runs.service.js';
import { formBody } from '../request.js';
import type { RouteDef } from '../route.js';
import { renderPage } from '../views.js';

type RunAction = 'close' | 'cancel' | 'remind';

/** What each action's confirmation page says, and what the button does. */
const ACTIONS: Record<RunAction, { title: string; button: string; explain: string; danger: boolean }> = {
  close: {
    title: 'Close this run now?',
    button: 'Close the run now',
    explain:
      'Answers already given are kept and count as usual. From now on the form and Slack accept no answers, and no invitation or reminder of this run is sent.',
    danger: false,
  },
  cancel: {
    title: 'Cancel this run?',
    button: 'Cancel the run',
    explain:
      'Only possible while nobody has answered. The run stops like a closed one, its links show "closed", and it counts in no response rate.',
    danger: true,
  },
  remind: {
    title: 'Remind those who have not answered?',
    button: 'Send reminders now',
    explain: `A Slack DM or an e-mail (by each person's channel) goes now to everyone invited who has not answered yet, at most ${MAX_REMINDERS} reminders per person and run (scheduled ones included). Nobody learns who did not answer.`,
    danger: false,
  },
};

const actionOf = (req: Request): RunAction | null => {
  const a = String(req.params.action ?? '');
  return a === 'close' || a === 'cancel' || a === 'remind' ? a : null;
};

/** The run as its confirmation page shows it: survey, window, org-wide participation. */
function runView(deps: Deps, runId: string) {
  const run = getRun(deps, runId);
  const overview = surveyRunsOverview(deps, run.surveyKey);
  const summary = overview.runs.find((r) => r.id === run.id) ?? null;
  return { run, survey: overview.survey, threshold: overview.threshold, summary };
}

function showConfirm(res: Response, deps: Deps, runId: string, action: RunAction, error?: string, status = 200) {
  const view = runView(deps, runId);
  renderPage(
    res,
    'surveys/run-confirm',
    {
      ...ACTIONS[action],
      action,
      ...view,
      slackOff: action === 'remind' && deps.config.slack.mode === 'off' && !deps.config.mail,
      formAction: `/admin/runs/${encodeURIComponent(runId)}/${action}`,
      error,
    },
    { status },
  );
}

function showOpenConfirm(res: Response, deps: Deps, key: string, error?: string, status = 200) {
  const preview = openRunPreview(deps, key);
  renderPage(
    res,
    'surveys/run-confirm',
    {
      title: `Open a run of ${preview.survey.name}?`,
      action: 'open',
      button: 'Open the run and invite',
      danger: false,
      survey: preview.survey,
      preview,
      formAction: `/admin/surveys/${encodeURIComponent(key)}/runs`,
      error,
    },
    { status },
  );
}

/** Opening, closing, cancelling and reminding runs from the browser: each asks for confirmation first. */
export const surveyRunPages: RouteDef[] = [
  {
    method: 'get',
    path: '/admin/surveys/:key/open',
    policy: 'page:admin',
    summary: 'Confirm opening a survey run (warns when one is still open)',
    handler: (req, res, deps) => showOpenConfirm(res, deps, String(req.params.key ?? '')),
  },
  {
    method: 'post',
    path: '/admin/surveys/:key/runs',
    policy: 'page:admin',
    summary: 'Open a survey run now (after confirmation)',
    handler: (req, res, deps) => {
      const key = String(req.params.key ?? '');
      // Without the confirmation page's field, show that page first (an old bookmark, a stray post).
      if (formBody(req).confirm !== 'yes') return res.redirect(303, `/admin/surveys/${encodeURIComponent(key)}/open`);
      try {
        const { runId, invited } = openRun(deps, key, { trigger: 'manual' });
        res.redirect(
          303,
          `/admin/surveys/${encodeURIComponent(key)}?opened=${encodeURIComponent(runId)}&invited=${invited}`,
        );
      } catch (err) {
        if (err instanceof AppError && err.status === 422) return showOpenConfirm(res, deps, key, err.message, 422);
        throw err;
      }
    },
  },
  {
    method: 'get',
    path: '/admin/runs/:id/:action',
    policy: 'page:admin',
    summary: 'Confirm closing, cancelling or reminding a run',
    handler: (req, res, deps) => {
      const action = actionOf(req);
      if (!action) throw missing('No such run action');
      showConfirm(res, deps, String(req.params.id ?? ''), action);
    },
  },
  {
    method: 'post',
    path: '/admin/runs/:id/:action',
    policy: 'page:admin',
    summary: 'Close, cancel or remind a run',
    handler: (req, res, deps) => {
      const action = actionOf(req);
      if (!action) throw missing('No such run action');
      const id = String(req.params.id ?? '');
      const run = getRun(deps, id);
      // Only the confirmation page's form carries this: anything else is shown that page first.
      if (formBody(req).confirm !== 'yes') return res.redirect(303, `/admin/runs/${encodeURIComponent(id)}/${action}`);
      const params = new URLSearchParams({ done: action, run: id });
      try {
        if (action === 'close') closeRun(deps, id);
        else if (action === 'cancel') cancelRun(deps, id);
        else {
          const sent = remindRun(deps, id);
          if (sent.reminded !== null) params.set('reminded', String(sent.reminded));
          if (sent.at_cap !== null) params.set('at_cap', String(sent.at_cap));
        }
      } catch (err) {
        if (err instanceof AppError && err.status === 409) return showConfirm(res, deps, id, action, err.message, 409);
        throw err;
      }
      res.redirect(303, `/surveys?${params.toString()}#survey-${encodeURIComponent(run.surveyKey)}`);
    },
  },
];
