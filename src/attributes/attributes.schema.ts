import { z } from 'zod';
import { isCalendarDate, TENURE_BANDS, TENURE_KEY } from './tenure.js';

/** Attribute keys are snake_case: a lower-case letter, then letters, digits and "_". */
const ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]*$/;
const MAX_ATTRIBUTE_KEY_LENGTH = 40;
const MAX_ATTRIBUTES = 20;
const MAX_ATTRIBUTE_VALUE_LENGTH = 100;

/** Why `key` cannot be an attribute key, or null when it can. */
function attributeKeyProblem(key: string): string | null {
  if (!ATTRIBUTE_KEY_PATTERN.test(key))
    return 'is not a valid attribute key: snake_case (a–z, 0–9 and "_"), starting with a letter';
  if (key.length > MAX_ATTRIBUTE_KEY_LENGTH) return `is too long: at most ${MAX_ATTRIBUTE_KEY_LENGTH} characters`;
  return null;
}

/**
 * An object of attribute key → text value. Each bad key or value is its own issue at the path of
 * that key, so a 422 names it (`attributes.Role`). `allowTenure` accepts `tenure` when its value is
 * one of the bands (history imported from another tool); people never set it: it is derived.
 * null stands for no attributes at all.
 */
function attributesObject(allowTenure: boolean) {
  return z.unknown().transform((input, ctx): Record<string, string> => {
    if (input === null) return {};
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'must be an object of {attribute key: text value}' });
      return z.NEVER;
    }
    const entries = Object.entries(input as Record<string, unknown>);
    if (entries.length > MAX_ATTRIBUTES) {
      ctx.addIssue({ code: 'custom', message: `has ${entries.length} keys; at most ${MAX_ATTRIBUTES} are allowed` });
    }
    const out: Record<string, string> = {};
    for (const [key, raw] of entries) {
      const fail = (message: string) => ctx.addIssue({ code: 'custom', message, path: [key] });
      const keyProblem = attributeKeyProblem(key);
      if (keyProblem) {
        fail(keyProblem);
        continue;
      }
      if (typeof raw !== 'string') {
        fail('must be text');
        continue;
      }
      const value = raw.trim();
      if (value === '') fail('must not be empty');
      else if (value.length > MAX_ATTRIBUTE_VALUE_LENGTH)
        fail(`must be at most ${MAX_ATTRIBUTE_VALUE_LENGTH} characters`);
      else if (key === TENURE_KEY && !allowTenure)
        fail('is derived from start_date at each response and cannot be set; send start_date instead');
      else if (key === TENURE_KEY && !(TENURE_BANDS as readonly string[]).includes(value))
        fail(`must be one of ${TENURE_BANDS.join(', ')}`);
      else out[key] = value;
    }
    return out;
  });
}
const ATTRIBUTES_DOC =
  'Object of attribute key (snake_case, ≤ 40 characters) → text value (1–100 characters), at most 20 keys; ' +
  'given, it replaces the stored set; null clears it';

/** A person's attributes (`POST /api/v1/people`, the CSV import, the admin form). */
export const personAttributesInput = attributesObject(false).describe(
  `${ATTRIBUTES_DOC}. \`tenure\` is derived from \`start_date\` and cannot be sent`,
);

/** The attributes sent with an imported response; `tenure` may be given as a band. */
export const responseAttributesInput = attributesObject(true).describe(
  `${ATTRIBUTES_DOC}. \`tenure\` may be one of ${TENURE_BANDS.join(', ')}; absent: the known person's current attributes`,
);

/** A start date, YYYY-MM-DD and a real date; null clears it. */
export const startDateInput = z
  .string({ message: 'must be a date YYYY-MM-DD' })
  .trim()
  .refine(isCalendarDate, { message: 'must be a real date written YYYY-MM-DD, such as 2024-03-18' })
  .nullable()
  .describe('The day the person started (YYYY-MM-DD), for the derived `tenure`; null clears it');

/** One change of `PUT /api/v1/attributes`: whether a key may slice reports, and its label. */
export const attributeKeyUpdate = z.object({
  key: z
    .string({ message: 'is required' })
    .trim()
    .superRefine((key, ctx) => {
      const problem = attributeKeyProblem(key);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  reportable: z.boolean({ message: 'must be true or false' }),
  label: z.string().trim().max(100, 'must be at most 100 characters').nullish(),
});
export type AttributeKeyUpdate = z.output<typeof attributeKeyUpdate>;
