import { z } from 'zod';
import { keySchema } from '../directory/directory.schema.js';
import { formatCadence, parseCadence } from '../schedule/cadence.js';
import { parseLocalDate } from '../schedule/local-time.js';
import { isTimeZone } from '../time-zone.js';
import { QUESTION_TYPES } from './question-bank.js';
import { questionTranslationsInput, translationProblems } from '../i18n/translations.schema.js';

const text = (max: number) =>
  z.string({ message: 'is required' }).trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
const intIn = (min: number, max: number) =>
  z
    .number({ message: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

/** A dimension tag: any snake_case name; the four DevEx core dimensions feed the DevEx score (api.md). */
const dimensionSchema = z
  .string({ message: 'must be a snake_case name such as feedback_loops' })
  .trim()
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, 'must be a snake_case name such as feedback_loops');

/** One question of a survey definition. */
export const surveyQuestionInput = z
  .object({
    key: keySchema,
    text: text(500),
    type: z.enum(QUESTION_TYPES, { message: `must be one of ${QUESTION_TYPES.join(', ')}` }),
    dimension: dimensionSchema.nullish(),
    options: z.array(text(200)).max(20, 'may list at most 20 options').nullish(),
    help: z.string().trim().max(500).nullish(),
    /** Default: every type but free text is required. */
    required: z.boolean({ message: 'must be true or false' }).optional(),
    /** Rotating questions are asked round-robin, `rotate_count` per run; the rest every run. */
    rotating: z.boolean({ message: 'must be true or false' }).optional(),
    /** {locale: {text, options}}; absent: keep the stored translations. */
    translations: questionTranslationsInput.optional(),
  })
  .superRefine((q, ctx) => {
    for (const p of translationProblems(q)) ctx.addIssue({ code: 'custom', ...p });
    if (q.type === 'choice' && (!q.options || q.options.length < 2)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice question needs at least two options' });
    }
    if (q.options && new Set(q.options).size !== q.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must be distinct' });
    }
  });
export type SurveyQuestionInput = z.output<typeof surveyQuestionInput>;

/**
 * A survey definition (survey as code). Fields left out keep their current value on update, or
 * take the defaults on create.
 */
export const surveyInput = z
  .object({
    key: keySchema.refine((k) => k !== 'new', '"new" is reserved; choose another key'),
    name: text(200),
    kind: z.enum(['pulse', 'snapshot', 'event'], { message: 'must be pulse, snapshot or event' }).optional(),
    cadence: z
      .string({
        message: 'must be a cron expression, a plain rhythm such as "every 2 weeks on tuesday 09:30", or null',
      })
      .trim()
      .max(100, 'must be at most 100 characters')
      .nullish()
      .transform((v, ctx) => {
        if (v === '') return null;
        if (v === null || v === undefined) return v;
        // Stored in its canonical form, so the editor's picker can read it back.
        const parsed = parseCadence(v);
        if (parsed.ok) return formatCadence(parsed.cadence);
        ctx.addIssue({ code: 'custom', message: parsed.message });
        return z.NEVER;
      }),
    /** The first day runs may open (YYYY-MM-DD, survey's time zone); every-N-weeks rhythms count from it. */
    starts_on: z
      .string({ message: 'must be a date YYYY-MM-DD or null' })
      .trim()
      .nullish()
      .transform((v) => (v === '' ? null : v))
      .refine((v) => v == null || parseLocalDate(v) !== null, 'must be a date YYYY-MM-DD, e.g. 2026-03-24'),
    timezone: z
      .string({ message: 'must be an IANA time zone such as Europe/Berlin' })
      .trim()
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
      .optional(),
    audience: z.array(keySchema, { message: 'must be a list of team keys' }).max(500).optional(),
    open_days: intIn(1, 90).optional(),
    anonymity_threshold: intIn(3, 1000).optional(),
    fully_anonymous: z.boolean({ message: 'must be true or false' }).optional(),
    rotate_count: intIn(0, 50).optional(),
    reminders: z
      .array(
        z
          .number({ message: 'must be hours after opening' })
          .positive('must be more than 0 hours')
          .max(90 * 24),
        {
          message: 'must be a list of at most two offsets in hours',
        },
      )
      .max(2, 'at most two reminders')
      .optional(),
    intro: z.string().trim().max(2000, 'must be at most 2,000 characters').nullish(),
    active: z.boolean({ message: 'must be true or false' }).optional(),
    questions: z
      .array(surveyQuestionInput, { message: 'must be a list of questions' })
      .min(1, 'a survey needs at least one question')
      .max(60, 'at most 60 questions'),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.questions.forEach((q, i) => {
      if (seen.has(q.key))
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: `"${q.key}" appears twice` });
      seen.add(q.key);
    });
    if (s.reminders && s.open_days && s.reminders.some((h) => h >= s.open_days! * 24)) {
      ctx.addIssue({
        code: 'custom',
        path: ['reminders'],
        message: `reminders must fall inside the ${s.open_days}-day open window`,
      });
    }
  });
export type SurveyInput = z.output<typeof surveyInput>;

/** Body of `POST /api/v1/surveys/:key/runs`. */
export const openRunInput = z.object({
  teams: z.array(keySchema, { message: 'must be a list of team keys' }).max(500).optional(),
  opens_at: z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 instant')
    .optional(),
  closes_at: z
    .string()
    .trim()
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 instant')
    .optional(),
});
