import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import {
  DEFAULT_TIME,
  MAX_WEEKS,
  WEEKDAYS,
  WEEKS_OF_MONTH,
  describeCadence,
  parseCadence,
} from '../../schedule/cadence.js';
import { previewCadence, type CadencePreview } from '../../schedule/cadence.preview.js';
import { cadencePreviewInput } from '../../schedule/cadence.schema.js';

/** The picker's rhythms: none (runs by hand), the plain ones, and custom cron. */
const RHYTHMS = [
  { value: 'none', label: 'No schedule (open runs by hand)' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'weeks', label: 'Every N weeks' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'quarterly', label: 'Quarterly (Jan, Apr, Jul, Oct)' },
  { value: 'cron', label: 'Custom (cron expression)' },
] as const;
type Rhythm = (typeof RHYTHMS)[number]['value'];

/** What the picker shows: one value per control. */
export interface PickerValues {
  rhythm: Rhythm;
  every: number;
  weekday: string;
  week: string;
  time: string;
  cron: string;
}

const text = (v: unknown): string =>
  typeof v === 'string' ? v.trim() : Array.isArray(v) ? String(v[0] ?? '').trim() : '';
const two = (n: number) => String(n).padStart(2, '0');
const DEFAULT_HHMM = `${two(DEFAULT_TIME.hour)}:${two(DEFAULT_TIME.minute)}`;

/** The picker's controls for a stored (or posted) cadence; text no plain form reads stays in the cron box. */
export function pickerValues(cadence: string | null | undefined): PickerValues {
  const base: PickerValues = {
    rhythm: 'none',
    every: 2,
    weekday: 'monday',
    week: 'first',
    time: DEFAULT_HHMM,
    cron: '',
  };
  if (!cadence) return base;
  const parsed = parseCadence(cadence);
  if (!parsed.ok) return { ...base, rhythm: 'cron', cron: cadence };
  const c = parsed.cadence;
  if (c.kind === 'cron') return { ...base, rhythm: 'cron', cron: c.expression };
  const common = { weekday: WEEKDAYS[c.weekday], time: `${two(c.hour)}:${two(c.minute)}` };
  if (c.kind === 'weekly')
    return { ...base, ...common, rhythm: c.every === 1 ? 'weekly' : 'weeks', every: c.every === 1 ? 2 : c.every };
  return { ...base, ...common, rhythm: c.kind, week: c.week === 'last' ? 'last' : WEEKS_OF_MONTH[c.week - 1] };
}

/**
 * The cadence text the picker's posted controls spell (`every 3 weeks on tuesday 09:30`), for the
 * same schema as `POST /api/v1/surveys` to check. A form without `rhythm` (scripts, older pages)
 * sends `cadence` as typed. Custom cron with an empty box is an error, not a silent "no schedule".
 */
export function cadenceFromForm(form: Record<string, unknown>): string | null {
  if (form.rhythm === undefined) return text(form.cadence) || null;
  const rhythm = text(form.rhythm);
  const time = text(form.cadence_time) || DEFAULT_HHMM;
  const weekday = text(form.cadence_weekday) || 'monday';
  switch (rhythm) {
    case 'none':
      return null;
    case 'weekly':
      return `weekly on ${weekday} ${time}`;
    case 'weeks':
      return `every ${text(form.cadence_every) || '2'} weeks on ${weekday} ${time}`;
    case 'monthly':
    case 'quarterly':
      return `${rhythm} on the ${text(form.cadence_week) || 'first'} ${weekday} ${time}`;
    case 'cron':
      return text(form.cadence_cron) || 'cron';
    default:
      return `"${rhythm}"`;
  }
}

/** The controls of the picker, with the options of each select marked. */
export function pickerView(values: PickerValues) {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  return {
    ...values,
    rhythms: RHYTHMS.map((r) => ({ ...r, selected: r.value === values.rhythm })),
    weekdays: [...WEEKDAYS.slice(1), WEEKDAYS[0]].map((d) => ({
      value: d,
      label: cap(d),
      selected: d === values.weekday,
    })),
    weeks: WEEKS_OF_MONTH.map((w) => ({ value: w, label: cap(w), selected: w === values.week })),
    everyOptions: Array.from({ length: MAX_WEEKS - 1 }, (_, i) => i + 2).map((n) => ({
      value: n,
      selected: n === values.every,
    })),
  };
}

/**
 * The next five runs for the editor (rendered on the page, so it works without JavaScript), or
 * the reason there are none: a cadence, time zone or start date the API would refuse.
 */
export function editorPreview(
  deps: Deps,
  values: { cadence: string | null; timezone: string; starts_on: string | null },
  surveyKey: string | null,
): { preview: CadencePreview | null; problem: string | null } {
  const parsed = cadencePreviewInput.safeParse({
    cadence: values.cadence ?? '',
    timezone: values.timezone,
    starts_on: values.starts_on ?? '',
    survey: surveyKey ?? undefined,
  });
  if (!parsed.success) return { preview: null, problem: parsed.error.issues[0]?.message ?? 'cannot be read' };
  try {
    return { preview: previewCadence(deps, parsed.data), problem: null };
  } catch (err) {
    if (err instanceof AppError) return { preview: null, problem: err.details[0]?.message ?? err.message };
    throw err;
  }
}

/** A stored cadence for people on the survey lists ("Every 2 weeks on Tuesday at 09:30"), or null. */
export function scheduleLabel(cadence: string | null): string | null {
  if (!cadence) return null;
  const parsed = parseCadence(cadence);
  return parsed.ok ? describeCadence(parsed.cadence) : cadence;
}
