import { z } from 'zod';

const ref = z.looseObject({ id: z.string().optional(), summary: z.string().optional() }).nullish();

/** The fields Chorus reads from a PagerDuty V3 webhook payload (PagerDuty sends many more). */
export const pagerdutyPayload = z.looseObject({
  event: z.looseObject({
    id: z.string().min(1, 'is required'),
    event_type: z.string(),
    resource_type: z.string().optional(),
    occurred_at: z.string().optional(),
    data: z
      .looseObject({
        id: z.string().optional(),
        type: z.string().optional(),
        status: z.string().optional(),
        created_at: z.string().optional(),
        title: z.string().nullish(),
        service: ref,
        priority: ref,
        urgency: z.string().nullish(),
      })
      .nullish(),
  }),
});
export type PagerdutyPayload = z.output<typeof pagerdutyPayload>;

/** PUT /api/v1/pagerduty/services: the whole mapping (PagerDuty service id or name → Chorus service). */
export const pagerdutyMappingsInput = z.object({
  mappings: z
    .array(
      z.object({
        pagerduty_service: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
        service: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
      }),
    )
    .max(1000, 'at most 1000 mappings'),
});
