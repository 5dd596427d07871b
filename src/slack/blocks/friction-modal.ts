import type { ModalView } from '@slack/types';
import { IDS } from '../ids.js';
import { LIMITS, plain } from './limits.js';

/** Categories offered in the friction modal (optional; free text is what themes read). */
const FRICTION_CATEGORIES = [
  'Builds and tests',
  'Deployments',
  'Code review',
  'Environments',
  'Tooling',
  'Documentation',
  'Meetings and interruptions',
  'Other',
] as const;

/** The small "Report friction" modal: text plus an optional category. */
export function frictionModal(): ModalView {
  return {
    type: 'modal',
    callback_id: IDS.frictionView,
    title: plain('Report friction', LIMITS.modalTitle),
    submit: plain('Send', LIMITS.modalTitle),
    close: plain('Cancel', LIMITS.modalTitle),
    blocks: [
      {
        type: 'input',
        block_id: IDS.frictionTextBlock,
        label: plain('What got in your way?'),
        hint: plain('Anonymous: stored under a pseudonym and only shown in themes for groups of enough people.'),
        element: {
          type: 'plain_text_input',
          action_id: IDS.answerElement,
          multiline: true,
          max_length: LIMITS.textAnswer,
        },
      },
      {
        type: 'input',
        block_id: IDS.frictionCategoryBlock,
        optional: true,
        label: plain('Category'),
        element: {
          type: 'static_select',
          action_id: IDS.answerElement,
          placeholder: plain('Optional', 150),
          options: FRICTION_CATEGORIES.map((c) => ({ text: plain(c, LIMITS.optionText), value: c })),
        },
      },
    ],
  };
}
