import { responseAttributesInput } from '../attributes/attributes.schema.js';
import { z } from 'zod';
import { keySchema } from '../directory/directory.schema.js';
import { invalid, type ErrorDetail } from '../errors.js';
import type { QuestionType } from './question-bank.js';
import { HOURS_BUCKETS } from '../metrics/survey-stats.js';

/** Hours-lost buckets (metrics.md): one definition, kept with the statistics that use it. */
export { HOURS_BUCKETS } from '../metrics/survey-stats.js';

export const MAX_TEXT_ANSWER = 2000;

/** The parts of a question the validator needs. */
export interface AnswerableQuestion {
  key: string;
  type: QuestionType;
  options: string[] | null;
  required: boolean;
}

/** A stored answer: `num` for likert/scale/hours midpoint, `text` for label/choice/free text; both null = not applicable. */
export interface AnswerValue {
  num: number | null;
  text: string | null;
}

/** Strings from web forms and CSV files count as numbers when they are plain integers. */
const integerIn = (min: number, max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : v),
    z.number({ message }).int(message).min(min, message).max(max, message),
  );

/** "Skipped": absent, undefined or an empty string (an untouched form field). */
const isSkipped = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v.trim() === '');

const schemaCache = new Map<string, z.ZodType<AnswerValue>>();

/** The one zod schema for a single answer of each question type (web, Slack and import share it). */
function answerSchema(q: Pick<AnswerableQuestion, 'type' | 'options'>): z.ZodType<AnswerValue> {
  // Built once per type and option list: imports validate hundreds of thousands of answers.
  const cacheKey = `${q.type}|${q.type === 'choice' ? JSON.stringify(q.options ?? []) : ''}`;
  let schema = schemaCache.get(cacheKey);
  if (!schema) {
    schema = buildAnswerSchema(q);
    if (schemaCache.size < 1000) schemaCache.set(cacheKey, schema);
  }
  return schema;
}

function buildAnswerSchema(q: Pick<AnswerableQuestion, 'type' | 'options'>): z.ZodType<AnswerValue> {
  switch (q.type) {
    case 'likert5':
      return z.union(
        [
          z.union([z.null(), z.literal('na')]).transform((): AnswerValue => ({ num: null, text: null })),
          integerIn(1, 5, 'must be a whole number from 1 to 5, or null for "not applicable"').transform(
            (n): AnswerValue => ({ num: n, text: null }),
          ),
        ],
        { message: 'must be a whole number from 1 to 5, or null for "not applicable"' },
      );
    case 'scale0_10':
      return integerIn(0, 10, 'must be a whole number from 0 to 10').transform((n): AnswerValue => ({
        num: n,
        text: null,
      }));
    case 'hours_lost': {
      const message = `must be one of ${HOURS_BUCKETS.map((b) => `"${b.label}"`).join(', ')}`;
      return z
        .preprocess((v) => (v === 0 ? '0' : typeof v === 'string' ? v.trim() : v), z.string({ message }))
        .transform((label, ctx): AnswerValue => {
          const bucket = HOURS_BUCKETS.find((b) => b.label === label);
          if (!bucket) {
            ctx.addIssue({ code: 'custom', message });
            return z.NEVER;
          }
          return { num: bucket.midpoint, text: bucket.label };
        });
    }
    case 'choice': {
      const options = q.options ?? [];
      const message = `must be one of: ${options.map((o) => `"${o}"`).join(', ')}`;
      return z
        .string({ message })
        .refine((v) => options.includes(v), message)
        .transform((v): AnswerValue => ({ num: null, text: v }));
    }
    case 'text':
      return z
        .string({ message: 'must be text' })
        .trim()
        .max(MAX_TEXT_ANSWER, `must be at most ${MAX_TEXT_ANSWER.toLocaleString('en-US')} characters`)
        .transform((v): AnswerValue => ({ num: null, text: v }));
  }
}

/**
 * Validates answers against a run's (or survey's) questions. Skipped items are left out of the
 * result; with `enforceRequired` a skipped required item is an error. Throws one 422 whose
 * details name `${prefix}${questionKey}` (plus `index` for batch items).
 */
export function validateAnswers(
  questions: AnswerableQuestion[],
  answers: unknown,
  options: { enforceRequired: boolean; prefix?: string; index?: number },
): Map<string, AnswerValue> {
  const prefix = options.prefix ?? '';
  const details: ErrorDetail[] = [];
  const add = (field: string, message: string) =>
    details.push(options.index === undefined ? { field, message } : { index: options.index, field, message });
  const out = new Map<string, AnswerValue>();
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) {
    add(prefix.replace(/\.$/, '') || 'answers', 'must be an object of {question key: value}');
    throw invalid(details);
  }
  const given = answers as Record<string, unknown>;
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) add(prefix + key, 'is not a question of this survey');
  }
  for (const q of questions) {
    const value = given[q.key];
    if (isSkipped(value)) {
      if (options.enforceRequired && q.required) {
        add(
          prefix + q.key,
          q.type === 'likert5' ? 'Please choose an answer, or "Not applicable"' : 'Please answer this question',
        );
      }
      continue;
    }
    const parsed = answerSchema(q).safeParse(value);
    if (parsed.success) out.set(q.key, parsed.data);
    else add(prefix + q.key, parsed.error.issues[0]?.message ?? 'is not a valid answer');
  }
  if (details.length) throw invalid(details);
  return out;
}

/** An ISO 8601 instant (date-time with Z or an offset), normalized to UTC. */
const instant = z
  .string({ message: 'is required' })
  .trim()
  .refine(
    (v) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)),
    {
      message: 'must be an ISO 8601 instant such as 2026-03-02T14:00:00Z',
    },
  )
  .transform((v) => new Date(v).toISOString());

/** One imported historical response (`POST /api/v1/surveys/:key/responses`, `chorus import responses`). */
export const responseImportItem = z.object({
  respondent: z
    .string({ message: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(320, 'must be at most 320 characters'),
  team: keySchema,
  submitted_at: instant,
  answers: z.record(z.string(), z.unknown(), { message: 'must be an object of {question key: value}' }),
  id: z
    .union([z.string().trim().min(1).max(200), z.number().int()], { message: 'must be a string or an integer' })
    .transform(String)
    .optional(),
  /** Only from the CLI, where one file may name the survey per record. */
  survey: keySchema.optional(),
  /** The respondent's attributes when they answered; absent: a known person's current ones. */
  attributes: responseAttributesInput.optional(),
});
export type ResponseImportItem = z.output<typeof responseImportItem>;

export { instant as instantSchema };
