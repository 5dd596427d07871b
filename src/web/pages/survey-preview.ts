import type { Response } from 'express';
import type { Deps } from '../../deps.js';
import { surveyPreview } from '../../surveys/surveys.service.js';
import { renderPage } from '../views.js';
import { ENGLISH } from '../../i18n/messages.js';
import { BARE, formText, formView } from './survey-form.js';

/** The respondent's form exactly as /s/:token renders it, with a banner and a form that sends nothing. */
export function showPreview(res: Response, deps: Deps, key: string) {
  const preview = surveyPreview(deps, key);
  renderPage(res, 'surveys/form', {
    ...BARE,
    title: `Preview: ${preview.survey.name}`,
    preview: {
      editUrl: `/admin/surveys/${encodeURIComponent(preview.survey.key)}`,
      rotation: preview.rotation.perRun ? preview.rotation : null,
    },
    survey: preview.survey,
    closesAt: preview.closesAt,
    questions: formView(preview, {}, {}),
    text: formText(ENGLISH, preview.survey, preview.closesAt, null, 0),
    problems: [],
    answeredAt: null,
  });
}
