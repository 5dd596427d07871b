import { NOT_APPLICABLE, type FormQuestion } from './survey-modal.js';

/** The shape of `view.state.values` Slack sends with a view_submission. */
export type ViewStateValues = Record<
  string,
  Record<string, { type?: string; value?: string | null; selected_option?: { value: string } | null }>
>;

/**
 * Turns a submitted survey modal into the answers object submitResponse takes. Unanswered
 * questions are left out (skipped); "n/a" becomes null; choice indexes become the option text.
 * Values are passed through as-is otherwise: validation belongs to the survey service.
 */
export function answersFromState(questions: FormQuestion[], values: ViewStateValues): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const q of questions) {
    const state = Object.values(values[q.key] ?? {})[0];
    if (!state) continue;
    const raw = state.selected_option ? state.selected_option.value : state.value;
    if (raw === undefined || raw === null) continue;
    switch (q.type) {
      case 'likert5':
        answers[q.key] = raw === NOT_APPLICABLE ? null : Number(raw);
        break;
      case 'scale0_10':
        answers[q.key] = Number(raw);
        break;
      case 'choice': {
        const index = Number(raw);
        answers[q.key] = Number.isInteger(index) && q.options?.[index] !== undefined ? q.options[index] : raw;
        break;
      }
      case 'text':
        if (raw.trim()) answers[q.key] = raw.trim();
        break;
      default:
        answers[q.key] = raw;
    }
  }
  return answers;
}
