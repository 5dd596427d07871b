import type { Deps } from '../../deps.js';
import { listTeams } from '../../directory/directory.service.js';
import type { ErrorDetail } from '../../errors.js';
import { QUESTION_BANK, requiredByDefault, type QuestionType } from '../../surveys/question-bank.js';
import type { presentSurvey } from '../../surveys/surveys.service.js';

type Definition = ReturnType<typeof presentSurvey>;

interface Candidate {
  key: string;
  text: string;
  type: QuestionType;
  dimension: string | null;
  options: string[] | null;
  help: string | null;
  required: boolean;
  inBank: boolean;
}

/** Questions an admin can pick: the survey's own (its current wording) and then the rest of the bank. */
export function candidateQuestions(current: Definition | null): Candidate[] {
  const own: Candidate[] = (current?.questions ?? []).map((q) => ({
    key: q.key,
    text: q.text,
    type: q.type,
    dimension: q.dimension,
    options: q.options,
    help: q.help,
    required: q.required,
    inBank: QUESTION_BANK.some((b) => b.key === q.key),
  }));
  const rest: Candidate[] = QUESTION_BANK.filter((b) => !own.some((o) => o.key === b.key)).map((b) => ({
    key: b.key,
    text: b.text,
    type: b.type,
    dimension: b.dimension,
    options: b.options ?? null,
    help: b.help ?? null,
    required: requiredByDefault(b.type),
    inBank: true,
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

/** Turns the posted editor form into the same body `POST /api/v1/surveys` takes. */
export function editorBody(form: Record<string, unknown>, key: string, current: Definition | null) {
  const selected = list(form.questions);
  const rotating = new Set(list(form.rotating));
  const candidates = candidateQuestions(current);
  const reminders = [num(form.reminder_1), num(form.reminder_2)].filter((r) => r !== undefined);
  return {
    key,
    name: text(form.name),
    kind: text(form.kind) || undefined,
    cadence: text(form.cadence) || null,
    timezone: text(form.timezone) || 'UTC',
    audience: list(form.audience),
    open_days: num(form.open_days),
    anonymity_threshold: num(form.anonymity_threshold),
    fully_anonymous: form.fully_anonymous === 'on',
    rotate_count: num(form.rotate_count) ?? 0,
    reminders,
    intro: text(form.intro) || null,
    active: form.active === 'on',
    questions: candidates
      .filter((c) => selected.includes(c.key))
      .map((c) => ({
        key: c.key,
        text: c.text,
        type: c.type,
        dimension: c.dimension,
        options: c.options,
        help: c.help,
        required: c.required,
        rotating: rotating.has(c.key),
      })),
  };
}

/** Field → message for the editor: `reminders.0` shows at reminders, `questions.3.key` at questions. */
export function editorErrors(details: ErrorDetail[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of details) {
    const field = d.field.split('.')[0];
    if (!(field in out))
      out[field] = d.field.includes('.') && field === 'questions' ? `${d.field}: ${d.message}` : d.message;
  }
  return out;
}

/** The editor's view model from a definition (or the posted body after an error). */
export function editorView(
  deps: Deps,
  body: ReturnType<typeof editorBody> | Definition | null,
  current: Definition | null,
) {
  const selected = new Set((body?.questions ?? []).map((q) => q.key));
  const rotating = new Set((body?.questions ?? []).filter((q) => q.rotating).map((q) => q.key));
  const audience = new Set(body?.audience ?? []);
  const reminders: Array<number | string> = body?.reminders ?? [];
  return {
    values: body
      ? { ...body, reminder_1: reminders[0] ?? '', reminder_2: reminders[1] ?? '' }
      : {
          key: '',
          name: '',
          kind: 'pulse',
          cadence: '0 10 * * 1',
          timezone: 'UTC',
          open_days: 5,
          anonymity_threshold: 5,
          rotate_count: 0,
          reminder_1: 48,
          reminder_2: '',
          intro: '',
          active: true,
          fully_anonymous: false,
        },
    teams: listTeams(deps).map((t) => ({ key: t.key, name: t.name, checked: audience.has(t.key) })),
    questions: candidateQuestions(current).map((c) => ({
      ...c,
      selected: body ? selected.has(c.key) : true,
      rotating: rotating.has(c.key),
    })),
    kinds: ['pulse', 'snapshot', 'event'].map((k) => ({ value: k, selected: (body?.kind ?? 'pulse') === k })),
  };
}
