import { z } from 'zod';
import { keySchema } from '../directory/directory.schema.js';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 instant with a zone (Z or ±hh:mm), stored as UTC `toISOString()`. */
export const instant = z
  .string({ message: 'is required' })
  .trim()
  .refine(
    (v) => ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)),
    'must be an ISO 8601 time with a zone, e.g. 2026-03-02T14:00:00Z',
  )
  .transform((v) => new Date(v).toISOString());

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const flag = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])], { message: 'must be true or false' })
  .transform((v) => (typeof v === 'boolean' ? v : ['true', '1', 'yes'].includes(v)));
const amount = z.coerce
  .number({ message: 'must be a number' })
  .finite('must be a number')
  .min(0, 'must not be negative');

export const commitInput = z.object({
  sha: text(100),
  committed_at: instant,
});

export const deploymentInput = z.object({
  id: text(200),
  service: text(200),
  finished_at: instant,
  team: keySchema.optional(),
  /** Absent: the production environment name in force. */
  environment: text(64).optional(),
  version: text(200).optional(),
  status: z
    .enum(['success', 'failure', 'rolled_back'], { message: 'must be success, failure or rolled_back' })
    .default('success'),
  started_at: instant.optional(),
  failure_reason: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  unplanned: flag.default(false),
  author: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: 'must be an e-mail address' }).max(254))
    .optional(),
  commits: z.array(commitInput).max(5000, 'at most 5,000 commits per deployment').optional(),
});
export type DeploymentInput = z.output<typeof deploymentInput>;

export const incidentInput = z
  .object({
    id: text(200),
    opened_at: instant,
    service: text(200).optional(),
    team: keySchema.optional(),
    resolved_at: instant.nullish(),
    severity: z.union([text(50), z.number().transform(String)]).optional(),
    deployment_id: text(200).optional(),
    reason: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.service && !v.team)
      ctx.addIssue({ code: 'custom', path: ['service'], message: 'service or team is required' });
    if (v.resolved_at && v.resolved_at < v.opened_at)
      ctx.addIssue({ code: 'custom', path: ['resolved_at'], message: 'must not be before opened_at' });
  });
export type IncidentInput = z.output<typeof incidentInput>;

export const costInput = z.object({
  date: z
    .string({ message: 'is required' })
    .trim()
    .refine(
      (v) =>
        /^\d{4}-\d{2}-\d{2}$/.test(v) &&
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
        new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      'must be a date YYYY-MM-DD',
    ),
  team: keySchema,
  cost: amount,
  namespace: z.string().trim().max(200, 'must be at most 200 characters').default(''),
  cpu_requested: amount.optional(),
  cpu_used: amount.optional(),
  memory_requested_gb: amount.optional(),
  memory_used_gb: amount.optional(),
});
export type CostInput = z.output<typeof costInput>;
