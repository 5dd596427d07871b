import { TRANSLATED_LOCALES } from '../../i18n/locales.js';
import { BANK_TRANSLATIONS, type QuestionTranslations } from '../../surveys/question-bank.translations.js';
import type { Deps } from '../../deps.js';
import { listTeams } from '../../directory/directory.service.js';
import type { ErrorDetail } from '../../errors.js';
import {
  CORE_DIMENSIONS,
  CORE_ITEMS,
  QUESTION_BANK,
  QUESTION_TYPES,
  requiredByDefault,
  type QuestionType,
} from '../../surveys/question-bank.js';
import type { presentSurvey } from '../../surveys/surveys.service.js';
import { cadenceFromForm, editorPreview, pickerValues, pickerView } from './survey-editor.cadence.js';
import { questionRowView, type QuestionRow } from './survey-editor.questions.js';

type Definition = ReturnType<typeof presentSurvey>;

/** Questions an admin can pick: the survey's own (its current wording) and then the rest of the bank. */
export function candidateQuestions(current: Definition | null): QuestionRow[] {
  const own: QuestionRow[] = (current?.questions ?? []).map((q) => ({
    key: q.key,
    text: q.text,
    type: q.type,
    dimension: q.dimension,
    options: q.options,
    help: q.help,
    required: q.required,
    rotating: q.rotating,
    selected: true,
    inBank: QUESTION_BANK.some((b) => b.key === q.key),
    translations: q.translations,
  }));
  const rest: QuestionRow[] = QUESTION_BANK.filter((b) => !own.some((o) => o.key === b.key)).map((b) => ({
    key: b.key,
    text: b.text,
    type: b.type,
    dimension: b.dimension,
    options: b.options ?? null,
    help: b.help ?? null,
    required: requiredByDefault(b.type),
    rotating: false,
    // A new survey starts with the eight core DevEx items; an existing one with its own questions.
    selected: !current && CORE_ITEMS.includes(b.key),
    inBank: true,
    translations: BANK_TRANSLATIONS[b.key] ?? {},
  }));
  return [...own, ...rest];
}

const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [];
const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '';
/** Numbers typed into a form: blank = not given; anything not numeric is passed on for zod to name. */
const num = (v: unknown): number | string | undefined => {
  const t = text(v);
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
};
/** A choice question's options, one per line; other types keep none. */
const optionLines = (v: unknown): string[] =>
  text(v)
    .split(/\r?\n/)
    .map((o) => o.trim())
    .filter((o) => o !== '');
/** The dimension picked: a core dimension from the select, or the custom name typed beside it. */
function dimensionFrom(choice: unknown, custom: unknown): string | null {
  const c = text(choice);
  if (c === 'custom') return text(custom);
  return c === '' ? null : c;
}
const asType = (v: unknown, fallback: QuestionType): QuestionType => {
  const t = text(v);
  return (QUESTION_TYPES as readonly string[]).includes(t) ? (t as QuestionType) : fallback;
};

/** One question as posted under a prefix (`q.<key>.` for a listed question, `new_` for the one being added). */
function postedQuestion(form: Record<string, unknown>, prefix: string, base: QuestionRow): QuestionRow {
  const type = asType(form[`${prefix}type`], base.type);
  return {
    ...base,
    text: text(form[`${prefix}text`]),
    type,
    dimension: dimensionFrom(form[`${prefix}dimension`], form[`${prefix}dimension_custom`]),
    options: type === 'choice' ? optionLines(form[`${prefix}options`]) : null,
    help: text(form[`${prefix}help`]) || null,
    translations: postedTranslations(form, prefix, type, base.translations),
  };
}

/**
 * A question's translations as posted (`<prefix>tr.<locale>.text`, `.options` one per line); a
 * language left blank has none. Languages the editor does not show are kept; a form without the
 * translation fields (older clients, scripts) keeps the stored ones.
 */
function postedTranslations(
  form: Record<string, unknown>,
  prefix: string,
  type: QuestionType,
  base: QuestionTranslations | undefined,
): QuestionTranslations | undefined {
  if (form[`${prefix}tr`] === undefined) return base;
  const out: QuestionTranslations = Object.fromEntries(
    Object.entries(base ?? {}).filter(([l]) => !(TRANSLATED_LOCALES as readonly string[]).includes(l)),
  );
  for (const locale of TRANSLATED_LOCALES) {
    const t = text(form[`${prefix}tr.${locale}.text`]);
    const options = optionLines(form[`${prefix}tr.${locale}.options`]);
    const help = base?.[locale]?.help;
    if (t || options.length)
      out[locale] = { text: t, ...(type === 'choice' || options.length ? { options } : {}), ...(help ? { help } : {}) };
  }
  return out;
}

/**
 * The editor's question rows as posted, in the posted order. A form without `row` fields (older
 * clients, scripts) picks questions by key only and keeps their current wording.
 */
export function postedRows(form: Record<string, unknown>, current: Definition | null): QuestionRow[] {
  const candidates = candidateQuestions(current);
  const ticked = new Set(list(form.questions));
  const rotating = new Set(list(form.rotating));
  const keys = list(form.row);
  if (keys.length === 0)
    return candidates.map((c) => ({ ...c, selected: ticked.has(c.key), rotating: rotating.has(c.key) }));
  const required = new Set(list(form.required));
  const rows = keys
    .filter((key, i) => keys.indexOf(key) === i)
    .map((key) => {
      const base = candidates.find((c) => c.key === key) ?? {
        ...blankQuestion(),
        key,
        inBank: false,
      };
      return {
        ...postedQuestion(form, `q.${key}.`, base),
        required: required.has(key),
        rotating: rotating.has(key),
        selected: ticked.has(key),
      };
    });
  // Bank items are always offered, even when a client left their rows out.
  return [...rows, ...candidates.filter((c) => c.inBank && !rows.some((r) => r.key === c.key))];
}

/** An empty custom question (the "add a question" fields). */
const blankQuestion = (): QuestionRow => ({
  key: '',
  text: '',
  type: 'likert5',
  dimension: null,
  options: null,
  help: null,
  required: true,
  rotating: false,
  selected: true,
  inBank: false,
});

/** The custom question being added, as posted. */
export function postedNewQuestion(form: Record<string, unknown>): QuestionRow {
  return {
    ...postedQuestion(form, 'new_', blankQuestion()),
    key: text(form.new_key),
    required: form.new_required === 'on',
  };
}

/** Turns the editor's survey fields and question rows into the same body `POST /api/v1/surveys` takes. */
export function editorBody(form: Record<string, unknown>, key: string, rows: QuestionRow[]) {
  const reminders = [num(form.reminder_1), num(form.reminder_2)].filter((r) => r !== undefined);
  return {
    key,
    name: text(form.name),
    kind: text(form.kind) || undefined,
    cadence: cadenceFromForm(form),
    timezone: text(form.timezone) || 'UTC',
    starts_on: text(form.starts_on) || null,
    audience: list(form.audience),
    open_days: num(form.open_days),
    anonymity_threshold: num(form.anonymity_threshold),
    fully_anonymous: form.fully_anonymous === 'on',
    rotate_count: num(form.rotate_count) ?? 0,
    reminders,
    intro: text(form.intro) || null,
    active: form.active === 'on',
    questions: rows
      .filter((r) => r.selected)
      .map((r) => ({
        key: r.key,
        text: r.text,
        type: r.type,
        dimension: r.dimension,
        options: r.options,
        help: r.help,
        required: r.required,
        rotating: r.rotating,
        ...(r.translations ? { translations: r.translations } : {}),
      })),
  };
}
export type EditorBody = ReturnType<typeof editorBody>;

/**
 * Field → message for the editor. Survey fields by name (`reminders.0` at reminders); a question's
 * problem at `q.<key>.<field>` next to that question (the index is among the ticked rows).
 */
export function editorErrors(details: ErrorDetail[], body: EditorBody): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) {
    const [field, index, ...rest] = d.field.split('.');
    let name = field;
    if (field === 'questions' && index !== undefined) {
      const key = body.questions[Number(index)]?.key;
      // A translation's problem stays with its language (translations.de.options); others by field.
      const sub = rest[0] === 'translations' ? rest.slice(0, 3).join('.') : rest[0];
      name = key !== undefined ? `q.${key}.${sub ?? 'text'}` : 'questions';
    }
    if (!(name in out)) out[name] = d.message;
  }
  return out;
}

/** A new survey's schedule until the admin picks another. */
const NEW_CADENCE = 'weekly on monday 10:00';

/** The editor's view model: survey fields, audience, question rows (with their errors) and the row being added. */
export function editorView(
  deps: Deps,
  body: Omit<EditorBody, 'questions'> | Definition | null,
  rows: QuestionRow[],
  errors: Record<string, string>,
  added: QuestionRow = blankQuestion(),
) {
  const audience = new Set(body?.audience ?? []);
  const reminders: Array<number | string> = body?.reminders ?? [];
  const schedule = {
    cadence: body ? body.cadence : NEW_CADENCE,
    timezone: body?.timezone ?? 'UTC',
    starts_on: body?.starts_on ?? null,
  };
  return {
    // The schedule picker and the next five run dates, computed here so the page works without JavaScript.
    picker: pickerView(pickerValues(schedule.cadence)),
    cadencePreview: editorPreview(deps, schedule, body?.key ?? null),
    values: body
      ? { ...body, reminder_1: reminders[0] ?? '', reminder_2: reminders[1] ?? '' }
      : {
          key: '',
          name: '',
          kind: 'pulse',
          cadence: NEW_CADENCE,
          timezone: 'UTC',
          starts_on: null,
          open_days: 5,
          anonymity_threshold: 5,
          rotate_count: 0,
          reminder_1: 48,
          reminder_2: '',
          intro: '',
          // A new survey starts paused: nothing goes out until an admin has looked at it.
          active: false,
          fully_anonymous: false,
        },
    teams: listTeams(deps).map((t) => ({ key: t.key, name: t.name, checked: audience.has(t.key) })),
    questions: rows.map((r, i) =>
      questionRowView(r, `q.${r.key}.`, errors, { first: i === 0, last: i === rows.length - 1 }),
    ),
    tickedCount: rows.filter((r) => r.selected).length,
    added: questionRowView(added, 'new_', errors, { first: true, last: true }),
    coreDimensions: CORE_DIMENSIONS,
    kinds: ['pulse', 'snapshot', 'event'].map((k) => ({ value: k, selected: (body?.kind ?? 'pulse') === k })),
  };
}
