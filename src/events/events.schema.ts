import { z } from 'zod';
import { isTimeZone } from '../time-zone.js';

const isoInstant = z
  .string()
  .trim()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date-time');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');

/** One platform event (POST /api/v1/events). */
export const eventInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.string().trim().toLowerCase().email().optional(),
    slack_user_id: z
      .string()
      .trim()
      .regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id like U0123ABCD')
      .optional(),
    timestamp: isoInstant.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((e) => e.email || e.slack_user_id, { message: 'email or slack_user_id is required', path: ['email'] });
export type EventInput = z.output<typeof eventInput>;

const timeZone = z.string().trim().refine(isTimeZone, 'must be an IANA time zone like Europe/Berlin');

/** An event rule (POST/PUT /api/v1/event-rules and the admin form). */
export const eventRuleInput = z
  .object({
    event: z.string().trim().min(1).max(200),
    survey: z.string().trim().min(1).max(100),
    sample_rate: z.coerce.number().min(0).max(1).default(1),
    cooldown_hours: z.coerce
      .number()
      .min(0)
      .max(24 * 366)
      .default(168),
    quiet_start: z
      .union([hhmm, z.literal('')])
      .nullish()
      .transform((v) => v || null),
    quiet_end: z
      .union([hhmm, z.literal('')])
      .nullish()
      .transform((v) => v || null),
    timezone: timeZone.default('UTC'),
    active: z
      .union([z.boolean(), z.enum(['true', 'false', 'on', '1', '0'])])
      .default(true)
      .transform((v) => v === true || v === 'true' || v === 'on' || v === '1'),
  })
  .refine((r) => Boolean(r.quiet_start) === Boolean(r.quiet_end), {
    message: 'set both quiet_start and quiet_end, or neither',
    path: ['quiet_end'],
  });
export type EventRuleInput = z.output<typeof eventRuleInput>;
