import type { QuestionType } from '../../surveys/question-bank.js';
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { IDS } from '../ids.js';
import { LIMITS, clip, mrkdwn, plain } from './limits.js';

/** A question as runForm returns it (the fields the modal needs). */
export interface FormQuestion {
  key: string;
  text: string;
  type: QuestionType;
  options?: string[] | null;
  required: boolean;
}

/** What the modal carries back to the view_submission handler (private_metadata). */
export interface SurveyModalMeta {
  runId: string;
  /** The DM the Answer button was in, so it can be updated to a thank-you. */
  channel?: string;
  ts?: string;
}

export const LIKERT_LABELS = ['Strongly disagree', 'Disagree', 'Neutral', 'Agree', 'Strongly agree'] as const;
/** Radio value standing for "not applicable" (stored as null). */
export const NOT_APPLICABLE = 'na';
export const HOUR_BUCKETS = [
  ['0', 'None'],
  ['<1', 'Less than 1 hour'],
  ['1-2', '1–2 hours'],
  ['2-4', '2–4 hours'],
  ['4-8', '4–8 hours'],
  ['8+', 'More than 8 hours'],
] as const;

const option = (text: string, value: string): PlainTextOption => ({
  text: plain(text, LIMITS.optionText),
  value: clip(value, LIMITS.optionValue),
});

/** The input element of one question; choice options are addressed by index (values stay short). */
function element(q: FormQuestion): InputBlock['element'] {
  const action_id = IDS.answerElement;
  switch (q.type) {
    case 'likert5':
      return {
        type: 'radio_buttons',
        action_id,
        options: [
          ...LIKERT_LABELS.map((label, i) => option(`${i + 1} – ${label}`, String(i + 1))),
          option('n/a – Does not apply to me', NOT_APPLICABLE),
        ],
      };
    case 'scale0_10':
      return {
        type: 'static_select',
        action_id,
        placeholder: plain('0 = not at all … 10 = extremely', 150),
        options: Array.from({ length: 11 }, (_, i) => option(String(i), String(i))),
      };
    case 'hours_lost':
      return { type: 'radio_buttons', action_id, options: HOUR_BUCKETS.map(([value, label]) => option(label, value)) };
    case 'choice': {
      const options = (q.options ?? []).slice(0, LIMITS.selectOptions).map((text, i) => option(text, String(i)));
      return options.length <= LIMITS.radioOptions
        ? { type: 'radio_buttons', action_id, options }
        : { type: 'static_select', action_id, placeholder: plain('Choose one', 150), options };
    }
    default:
      return {
        type: 'plain_text_input',
        action_id,
        multiline: true,
        max_length: LIMITS.textAnswer,
        placeholder: plain('What slowed you down, what helped? (optional)', 150),
      };
  }
}

/** The modal for one run: an input block per question, block_id = question key. */
export function surveyModal(
  form: { surveyName: string; intro?: string | null; questions: FormQuestion[] },
  meta: SurveyModalMeta,
): ModalView {
  const intro =
    form.intro?.trim() ||
    'About 2 minutes. Anonymous: answers are only shown pooled with your team once enough people have answered.';
  const blocks: KnownBlock[] = [{ type: 'context', elements: [mrkdwn(intro, 2000)] }];
  for (const q of form.questions.slice(0, LIMITS.modalBlocks - blocks.length)) {
    blocks.push({
      type: 'input',
      block_id: q.key,
      label: plain(q.text, LIMITS.label),
      optional: q.type === 'text' ? true : !q.required,
      element: element(q),
    });
  }
  return {
    type: 'modal',
    callback_id: IDS.surveyView,
    title: plain(form.surveyName || 'Pulse', LIMITS.modalTitle),
    submit: plain('Send', LIMITS.modalTitle),
    close: plain('Later', LIMITS.modalTitle),
    private_metadata: JSON.stringify(meta).slice(0, LIMITS.privateMetadata),
    blocks,
  };
}

/** Reads the modal's private_metadata back (tolerates anything). */
export function readModalMeta(raw: string | undefined): SurveyModalMeta | null {
  try {
    const meta = JSON.parse(raw ?? '') as SurveyModalMeta;
    return typeof meta?.runId === 'string' ? meta : null;
  } catch {
    return null;
  }
}
