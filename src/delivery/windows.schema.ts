import { z } from 'zod';
import { keySchema } from '../directory/directory.schema.js';
import { isTimeZone } from '../time-zone.js';

const NAMES: Record<string, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };
const weekday = z.union(
  [
    z.number().int().min(1).max(7),
    z
      .string()
      .trim()
      .toLowerCase()
      .transform((v, ctx) => {
        const n = NAMES[v.slice(0, 3)] ?? (/^[1-7]$/.test(v) ? Number(v) : undefined);
        if (n === undefined) {
          ctx.addIssue({ code: 'custom', message: 'must be a weekday (1 = Monday … 7, or mon … sun)' });
          return z.NEVER;
        }
        return n;
      }),
  ],
  { message: 'must be a weekday (1 = Monday … 7, or mon … sun)' },
);
const time = z
  .string({ message: 'is required' })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (24 h)');

/** A deployment window for a team or a service (exactly one). */
export const windowInput = z
  .object({
    team: keySchema.optional(),
    service: z.string().trim().min(1).max(200).optional(),
    weekdays: z.preprocess(
      (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : v),
      z.array(weekday, { message: 'must list weekdays' }).min(1, 'must name at least one weekday').max(7),
    ),
    start: time,
    end: time,
    timezone: z
      .string({ message: 'is required' })
      .trim()
      .min(1, 'is required')
      .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin'),
    label: z.string().trim().max(100).optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.team === !v.service)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'give either team or service' });
    if (v.start === v.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must differ from start' });
  });
export type WindowInput = z.output<typeof windowInput>;
