import { z } from 'zod';
import { DAY_MS } from '../units.js';

export const THEME_STATUSES = ['new', 'acknowledged', 'planned', 'shipped'] as const;
export type ThemeStatus = (typeof THEME_STATUSES)[number];

/** Delivery metrics a theme can be linked to for its before/after view. */
export const LINKABLE_METRICS = [
  'lead_time_hours',
  'deployment_frequency',
  'change_failure_rate',
  'time_to_restore_hours',
] as const;
export type LinkableMetric = (typeof LINKABLE_METRICS)[number];
const LINKABLE_METRICS_TEXT = LINKABLE_METRICS.join(', ');

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => (v ? v : undefined));

/** A "you said, we did" update on a theme (web form and API). */
export const loopUpdateInput = z.object({
  title: z.string().trim().min(1, 'is required').max(140, 'at most 140 characters'),
  body: z.string().trim().min(1, 'is required').max(2000, 'at most 2,000 characters'),
  status: z.enum(THEME_STATUSES, { message: 'must be new, acknowledged, planned or shipped' }),
  owner: optionalText(120),
  slack_channel: optionalText(80).pipe(
    z
      .string()
      .regex(/^[#A-Za-z0-9_-]+$/, 'a channel name or id')
      .optional(),
  ),
  question_key: optionalText(64),
  /** The survey whose question is linked (default: the pulse survey that holds the question). */
  survey_key: optionalText(64),
  metric_key: z
    .union([z.literal(''), z.enum(LINKABLE_METRICS, { message: `one of ${LINKABLE_METRICS_TEXT}` })])
    .optional()
    .transform((v) => (v ? v : undefined)),
  /**
   * E-mail the update (e-mail must be on): a list of addresses, or "default" for the configured
   * list (CHORUS_MAIL_UPDATES_TO). Absent: not e-mailed.
   */
  email_to: z
    .union(
      [
        z.literal('default'),
        z
          .array(
            z
              .string()
              .trim()
              .toLowerCase()
              .pipe(z.email({ message: 'must be an e-mail address' })),
          )
          .min(1, 'name at least one address')
          .max(500, 'at most 500 addresses'),
      ],
      { message: 'must be a list of e-mail addresses or "default"' },
    )
    .optional(),
  /** When it shipped (defaults to now when the status becomes shipped); stored as the Monday of its UTC week. */
  shipped_at: optionalText(40).pipe(
    z
      .string()
      .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date')
      .optional(),
  ),
});
export type LoopUpdateInput = z.output<typeof loopUpdateInput>;

/** The Monday 00:00 UTC on or before an instant: a ship date always names a whole week. */
export function shipWeek(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const day = Math.floor(ms / DAY_MS);
  return new Date((day - ((day + 3) % 7)) * DAY_MS).toISOString();
}
