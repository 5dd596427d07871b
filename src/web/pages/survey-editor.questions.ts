import { zodDetails } from '../../errors.js';
import { CORE_DIMENSIONS, QUESTION_TYPES, type QuestionType } from '../../surveys/question-bank.js';
import { surveyQuestionInput } from '../../surveys/surveys.schema.js';
import type { QuestionTranslations } from '../../surveys/question-bank.translations.js';
import { LOCALE_NAMES, TRANSLATED_LOCALES } from '../../i18n/locales.js';

/** One question row of the survey editor: ticked rows are the survey's questions, in row order. */
export interface QuestionRow {
  key: string;
  text: string;
  type: QuestionType;
  dimension: string | null;
  options: string[] | null;
  help: string | null;
  required: boolean;
  rotating: boolean;
  selected: boolean;
  inBank: boolean;
  /** {locale: {text, options, help}}; absent: the stored ones are kept. */
  translations?: QuestionTranslations;
}

const TYPE_LABELS: Record<QuestionType, string> = {
  likert5: 'Agree–disagree (5 points)',
  scale0_10: '0–10 scale',
  hours_lost: 'Hours lost (buckets)',
  choice: 'Choice (options below)',
  text: 'Free text',
};

/** A question row for the template: its fields, selects, move buttons and the errors shown beside it. */
export function questionRowView(
  row: QuestionRow,
  prefix: string,
  errors: Record<string, string>,
  place: { first: boolean; last: boolean },
) {
  const isCore = row.dimension !== null && (CORE_DIMENSIONS as readonly string[]).includes(row.dimension);
  const error = (field: string) => errors[`${prefix}${field}`];
  const rowErrors = {
    key: error('key'),
    text: error('text'),
    type: error('type'),
    dimension: error('dimension'),
    options: error('options'),
    help: error('help'),
  };
  const translations = TRANSLATED_LOCALES.map((locale) => {
    const t = row.translations?.[locale];
    return {
      locale,
      name: LOCALE_NAMES[locale],
      text: t?.text ?? '',
      optionsText: (t?.options ?? []).join('\n'),
      errors: {
        text: error(`translations.${locale}.text`),
        options: error(`translations.${locale}.options`),
      },
    };
  });
  // Field ids: keys may hold "." which CSS selectors and label targets handle poorly.
  const id = `${prefix}`.replace(/[^a-z0-9_-]/gi, '-');
  return {
    ...row,
    prefix,
    id,
    errors: rowErrors,
    hasError: Object.values(rowErrors).some(Boolean) || translations.some((t) => t.errors.text || t.errors.options),
    translations,
    translated: translations.filter((t) => t.text).length,
    optionsText: (row.options ?? []).join('\n'),
    types: QUESTION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t], selected: row.type === t })),
    dimensions: [
      { value: '', label: 'None (not in any score)', selected: row.dimension === null },
      ...CORE_DIMENSIONS.map((d) => ({ value: d, label: d.replace(/_/g, ' '), selected: row.dimension === d })),
      { value: 'custom', label: 'Custom (name it beside)', selected: row.dimension !== null && !isCore },
    ],
    dimensionCustom: isCore ? '' : (row.dimension ?? ''),
    ...place,
  };
}

/** What a button in the editor asked for: save, move a row, remove a row, or add the new question. */
export type EditorOp = { kind: 'save' } | { kind: 'add' } | { kind: 'up' | 'down' | 'remove'; key: string };

/** Parses the `op` button value (`up:<key>`, `down:<key>`, `remove:<key>`, `add`; anything else saves). */
export function editorOp(value: unknown): EditorOp {
  const v = typeof value === 'string' ? value : '';
  if (v === 'add') return { kind: 'add' };
  const m = /^(up|down|remove):(.+)$/.exec(v);
  return m ? { kind: m[1] as 'up' | 'down' | 'remove', key: m[2] } : { kind: 'save' };
}

/** Moves or removes one row; the list is a draft until the admin saves it. */
export function rearrange(rows: QuestionRow[], op: { kind: 'up' | 'down' | 'remove'; key: string }): QuestionRow[] {
  const i = rows.findIndex((r) => r.key === op.key);
  if (i < 0) return rows;
  const next = [...rows];
  if (op.kind === 'remove') {
    // A bank item is not deleted: it goes back to the bank, unticked, at the end of the list.
    const [removed] = next.splice(i, 1);
    return removed.inBank ? [...next, { ...removed, selected: false, rotating: false }] : next;
  }
  const j = op.kind === 'up' ? i - 1 : i + 1;
  if (j < 0 || j >= next.length) return rows;
  [next[i], next[j]] = [next[j], next[i]];
  return next;
}

/**
 * Adds the custom question to the draft after checking it with the API's own question schema,
 * or answers the errors to show beside its fields (`new_<field>`).
 */
export function addQuestion(
  rows: QuestionRow[],
  added: QuestionRow,
): { rows: QuestionRow[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const parsed = surveyQuestionInput.safeParse({
    key: added.key,
    text: added.text,
    type: added.type,
    dimension: added.dimension,
    options: added.options,
    help: added.help,
  });
  if (!parsed.success) {
    for (const d of zodDetails(parsed.error)) {
      const field = `new_${d.field.split('.')[0]}`;
      if (!(field in errors)) errors[field] = d.message;
    }
  } else if (rows.some((r) => r.key === parsed.data.key)) {
    errors.new_key = `"${parsed.data.key}" is already a question of this survey or the bank; choose another key`;
  }
  if (Object.keys(errors).length) return { rows, errors };
  // It joins the asked questions (after the last ticked row), not the unticked bank items below them.
  const at = rows.reduce((last, r, i) => (r.selected ? i + 1 : last), 0);
  const row = { ...added, key: parsed.data!.key, selected: true, inBank: false };
  return { rows: [...rows.slice(0, at), row, ...rows.slice(at)], errors };
}
