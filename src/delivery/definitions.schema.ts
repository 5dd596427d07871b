import { z } from 'zod';

/** The label keys an org may rename (shown on every report instead of the defaults). */
export const LABEL_KEYS = [
  'deployment_frequency',
  'versions',
  'lead_time',
  'change_failure_rate',
  'time_to_restore',
  'failed_deployment_recovery',
  'rework_rate',
] as const;
export type LabelKey = (typeof LABEL_KEYS)[number];

export const DEFAULT_LABELS: Record<LabelKey, string> = {
  deployment_frequency: 'Deployment frequency',
  versions: 'Versions released',
  lead_time: 'Lead time for changes',
  change_failure_rate: 'Change failure rate',
  time_to_restore: 'Time to restore',
  failed_deployment_recovery: 'Failed deployment recovery time',
  rework_rate: 'Deployment rework rate',
};

export const TIER_YEARS = [2024, 2023, 2022] as const;

const reasonText = z.string().trim().min(1, 'is required').max(100, 'must be at most 100 characters');

/** One failure reason of the taxonomy and the spellings that mean the same reason. */
export const failureReasonInput = z.object({
  reason: reasonText,
  aliases: z.array(reasonText).max(50, 'at most 50 aliases').default([]),
});

const validRegex = (v: string) => {
  try {
    new RegExp(v, 'i');
    return true;
  } catch {
    return false;
  }
};

const eventName = z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters');

/** One metric the org defines over POST /api/v1/events (docs/metrics.md "Custom metrics"). */
export const customMetricInput = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be 1–40 lowercase letters, digits or "_", starting with a letter'),
    label: z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'),
    unit: z.string().trim().max(30, 'must be at most 30 characters').default(''),
    better: z.enum(['lower', 'higher'], { message: 'must be "lower" or "higher"' }),
    kind: z.enum(['duration', 'count', 'ratio'], { message: 'must be "duration", "count" or "ratio"' }),
    start_event: eventName,
    end_event: eventName.nullish().transform((v) => v ?? null),
    match: z
      .string()
      .trim()
      .regex(/^[\w.-]{1,64}$/, 'must be a metadata key: 1–64 letters, digits, "_", "-", "."')
      .nullish()
      .transform((v) => v ?? null),
    // The survey side of an org-page association with this metric: "devex_score" or a dimension key.
    associate_with: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be "devex_score" or a survey dimension key')
      .nullish()
      .transform((v) => v || null),
  })
  .superRefine((m, ctx) => {
    if (m.kind !== 'count' && !m.end_event)
      ctx.addIssue({ code: 'custom', path: ['end_event'], message: `is required for a ${m.kind} metric` });
    if (m.kind === 'duration' && !m.match)
      ctx.addIssue({ code: 'custom', path: ['match'], message: 'is required for a duration metric' });
  });
export type CustomMetric = z.output<typeof customMetricInput>;

/** Every definition an org owns; a PUT may send any subset (the rest keep their values). */
export const definitionsInput = z.object({
  labels: z
    .partialRecord(z.enum(LABEL_KEYS), z.string().trim().min(1, 'is required').max(80, 'must be at most 80 characters'))
    .optional(),
  headline: z.enum(['deployments', 'versions'], { message: 'must be "deployments" or "versions"' }).optional(),
  production_environment: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(64, 'must be at most 64 characters')
    .regex(/^[\w.:-]+$/, 'may only contain letters, digits, "_", "-", ".", ":"')
    .optional(),
  failure_reasons: z.array(failureReasonInput).max(200, 'at most 200 reasons').optional(),
  tier_year: z.coerce
    .number()
    .int()
    .refine((y) => (TIER_YEARS as readonly number[]).includes(y), `must be one of ${TIER_YEARS.join(', ')}`)
    .optional(),
  deploy_workflow_pattern: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(200)
    .refine(validRegex, 'must be a valid regular expression')
    .optional(),
  // Which editions, industries and sizes exist is read from the shipped data (definitions.service.ts).
  benchmark_edition: z.coerce.string().trim().min(1, 'is required').max(16, 'must be at most 16 characters').optional(),
  benchmark_industry: z.string().trim().min(1, 'is required').max(64, 'must be at most 64 characters').optional(),
  benchmark_org_size: z
    .string()
    .trim()
    .max(64, 'must be at most 64 characters')
    .nullable()
    .transform((v) => (v ? v : null))
    .optional(),
  // Hours before an incident opened in which the service's latest successful production deployment
  // is inferred as its cause; null turns inferred links off (docs/metrics.md "Incident links").
  incident_link_hours: z
    .preprocess(
      (v) => (v === '' ? null : typeof v === 'string' ? Number(v) : v),
      z
        .number({ message: 'must be a number of hours, or null to turn inferred links off' })
        .gt(0, 'must be more than 0 hours')
        .max(720, 'must be at most 720 hours')
        .nullable(),
    )
    .optional(),
  custom_metrics: z
    .array(customMetricInput)
    .max(50, 'at most 50 custom metrics')
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((m, i) => {
        if (seen.has(m.key)) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `"${m.key}" is used twice` });
        seen.add(m.key);
      });
    })
    .optional(),
});
export type DefinitionsInput = z.output<typeof definitionsInput>;

/** The definitions in force (defaults filled in). */
export interface Definitions {
  labels: Record<LabelKey, string>;
  headline: 'deployments' | 'versions';
  production_environment: string;
  failure_reasons: Array<{ reason: string; aliases: string[] }>;
  tier_year: number;
  deploy_workflow_pattern: string;
  /** DORA Quick Check edition the benchmark compares with. */
  benchmark_edition: string;
  /** Industry key of that edition's industry file (`all` = every industry). */
  benchmark_industry: string;
  /** Organization size key of that edition's size file, or null for no size comparison. */
  benchmark_org_size: string | null;
  /** Inferred incident links: hours before the incident; null = off (only explicit links). */
  incident_link_hours: number | null;
  /** The org's own metrics over platform events. */
  custom_metrics: CustomMetric[];
}

export const DEFAULT_DEFINITIONS: Definitions = {
  labels: { ...DEFAULT_LABELS },
  headline: 'deployments',
  production_environment: 'production',
  failure_reasons: [],
  tier_year: 2024,
  deploy_workflow_pattern: '^(deploy|release)',
  benchmark_edition: '2025',
  benchmark_industry: 'all',
  benchmark_org_size: null,
  incident_link_hours: null,
  custom_metrics: [],
};
