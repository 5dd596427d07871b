import { z } from 'zod';
import { localeSchema } from '../i18n/locales.js';
import { personAttributesInput, startDateInput } from '../attributes/attributes.schema.js';

/** Keys of teams, surveys and questions: short, URL-safe. */
export const keySchema = z
  .string({ message: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[a-z0-9][a-z0-9_.-]*$/i,
    'may only contain letters, digits, "_", "-" and "." and must start with a letter or digit',
  );

const name = z
  .string({ message: 'is required' })
  .trim()
  .min(1, 'is required')
  .max(200, 'must be at most 200 characters');

export const teamInput = z.object({
  key: keySchema,
  name,
  parent: keySchema.nullish(),
});
export type TeamInput = z.output<typeof teamInput>;

/** How a person is invited and reminded: auto = Slack when linked and Slack is on, else e-mail. */
const PERSON_CHANNELS = ['auto', 'slack', 'email'] as const;
export type PersonChannel = (typeof PERSON_CHANNELS)[number];

export const personInput = z.object({
  email: z
    .string({ message: 'is required' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'must be an e-mail address' }).max(254)),
  name,
  team: keySchema,
  slack_user_id: z
    .string()
    .trim()
    .regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a Slack user id such as U012AB3CD')
    .nullish(),
  active: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])], { message: 'must be true or false' })
    .transform((v) => (typeof v === 'boolean' ? v : ['true', '1', 'yes'].includes(v)))
    .default(true),
  /** Absent: keep the stored attributes; given: replace them all. */
  attributes: personAttributesInput.optional(),
  /** Absent: keep; null: clear. */
  start_date: startDateInput.optional(),
  /** BCP 47 language tag; absent: keep, null: clear. */
  locale: localeSchema.optional(),
  /** How invitations reach the person (auto, slack, email); absent or empty: keep (new people: auto). */
  channel: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : (v ?? undefined)),
    z.enum(PERSON_CHANNELS, { message: 'must be auto, slack or email' }).optional(),
  ),
});
export type PersonInput = z.output<typeof personInput>;

export const serviceInput = z.object({
  name: z
    .string({ message: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(200)
    .regex(/^[^\s].*$/, 'is required'),
  team: keySchema,
});
export type ServiceInput = z.output<typeof serviceInput>;
