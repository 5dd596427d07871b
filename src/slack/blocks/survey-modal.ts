import type { QuestionType } from '../../surveys/question-bank.js';
import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { IDS } from '../ids.js';
import { ENGLISH, type MessageKey, type Messages } from '../../i18n/messages.js';
import { LIMITS, clip, mrkdwn, plain } from './limits.js';

/** A question as runForm returns it (the fields the modal needs). */
export interface FormQuestion {
  key: string;
  text: string;
  type: QuestionType;
  options?: string[] | null;
  /** What to show for each option in the respondent's language (same order as `options`). */
  optionLabels?: string[] | null;
  required: boolean;
}

/** What the modal carries back to the view_submission handler (private_metadata). */
export interface SurveyModalMeta {
  runId: string;
  /** The DM the Answer button was in, so it can be updated to a thank-you. */
  channel?: string;
  ts?: string;
  /** The language the modal was shown in, stored with the response. */
  locale?: string;
}

/** Radio value standing for "not applicable" (stored as null). */
export const NOT_APPLICABLE = 'na';
const HOUR_BUCKETS = [
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

/** The Likert label of a value 1–5 in the modal's words (the middle one is the short "Neutral"). */
export const likertLabel = (value: number, m: Messages = ENGLISH): string =>
  value === 3 ? m.t('likert.short.3') : m.t(`likert.${value}` as MessageKey);

/** The input element of one question; choice options are addressed by index (values stay short). */
function element(q: FormQuestion, m: Messages): InputBlock['element'] {
  const action_id = IDS.answerElement;
  switch (q.type) {
    case 'likert5':
      return {
        type: 'radio_buttons',
        action_id,
        options: [
          ...[1, 2, 3, 4, 5].map((v) => option(`${v} – ${likertLabel(v, m)}`, String(v))),
          option(m.t('likert.na.long'), NOT_APPLICABLE),
        ],
      };
    case 'scale0_10':
      return {
        type: 'static_select',
        action_id,
        placeholder: plain(m.t('scale.placeholder'), 150),
        options: Array.from({ length: 11 }, (_, i) => option(String(i), String(i))),
      };
    case 'hours_lost':
      return {
        type: 'radio_buttons',
        action_id,
        options: HOUR_BUCKETS.map(([value]) => option(m.t(`hours.${value}` as MessageKey), value)),
      };
    case 'choice': {
      const labels = q.optionLabels ?? q.options ?? [];
      const options = labels.slice(0, LIMITS.selectOptions).map((text, i) => option(text, String(i)));
      return options.length <= LIMITS.radioOptions
        ? { type: 'radio_buttons', action_id, options }
        : { type: 'static_select', action_id, placeholder: plain(m.t('modal.choose'), 150), options };
    }
    default:
      return {
        type: 'plain_text_input',
        action_id,
        multiline: true,
        max_length: LIMITS.textAnswer,
        placeholder: plain(m.t('modal.text.placeholder'), 150),
      };
  }
}

/**
 * The modal for one run, in the respondent's language (questions arrive translated, with
 * `optionLabels`): an input block per question, block_id = question key.
 */
export function surveyModal(
  form: { surveyName: string; intro?: string | null; questions: FormQuestion[] },
  meta: SurveyModalMeta,
  m: Messages = ENGLISH,
): ModalView {
  // The survey's own intro is written in one language; another language gets the built-in one.
  const intro = (m.locale === 'en' ? form.intro?.trim() : '') || m.t('modal.intro');
  const blocks: KnownBlock[] = [{ type: 'context', elements: [mrkdwn(intro, 2000)] }];
  for (const q of form.questions.slice(0, LIMITS.modalBlocks - blocks.length)) {
    blocks.push({
      type: 'input',
      block_id: q.key,
      label: plain(q.text, LIMITS.label),
      optional: q.type === 'text' ? true : !q.required,
      element: element(q, m),
    });
  }
  return {
    type: 'modal',
    callback_id: IDS.surveyView,
    title: plain(form.surveyName || m.t('modal.title'), LIMITS.modalTitle),
    submit: plain(m.t('modal.send'), LIMITS.modalTitle),
    close: plain(m.t('modal.later'), LIMITS.modalTitle),
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
