import { z } from 'zod';
import { pagerdutyMappingsInput, pagerdutyPayload } from '../../delivery/pagerduty.schema.js';
import {
  handlePagerdutyDelivery,
  listPagerdutyMappings,
  replacePagerdutyMappings,
  verifyPagerdutySignature,
} from '../../delivery/pagerduty.service.js';
import { badRequest, unauthorized, unavailable } from '../../errors.js';
import { githubOutcome } from '../openapi/responses.js';
import { rawBodyOf } from '../raw-body.js';
import type { RouteDef } from '../route.js';

const mappings = z.object({
  mappings: z.array(
    z.object({
      pagerduty_service: z.string().describe('a PagerDuty service id (PF9KMXH) or name, case-insensitive'),
      service: z.string().describe('the Chorus service its incidents belong to'),
    }),
  ),
});

/** PagerDuty V3 webhooks (signature-checked) onto incidents, and the PagerDuty → Chorus service mapping. */
export const pagerdutyApi: RouteDef[] = [
  {
    method: 'post',
    path: '/webhooks/pagerduty',
    policy: 'public',
    csrf: 'none',
    rateLimit: 'webhook',
    summary: 'PagerDuty V3 webhook deliveries (incident events); X-PagerDuty-Signature checked',
    handler: (req, res, deps) => {
      const secret = deps.config.pagerdutyWebhookSecret;
      if (!secret) {
        throw unavailable(
          'PagerDuty webhooks are off: set PAGERDUTY_WEBHOOK_SECRET to the webhook subscription’s signing secret',
          'webhook_not_configured',
        );
      }
      const raw = rawBodyOf(req);
      if (!verifyPagerdutySignature(secret, raw ?? Buffer.alloc(0), req.get('x-pagerduty-signature'))) {
        throw unauthorized(
          'X-PagerDuty-Signature is missing or no v1= value matches the body signed with PAGERDUTY_WEBHOOK_SECRET',
          'bad_signature',
        );
      }
      if (!raw || !req.body || typeof req.body !== 'object')
        throw badRequest('Send the webhook with content type application/json');
      const outcome = handlePagerdutyDelivery(deps, req.body);
      res.status(outcome.status).json(outcome.body);
    },
    openapi: {
      description:
        'PagerDuty V3 webhook subscription deliveries, authenticated by `X-PagerDuty-Signature` (one or more ' +
        'comma-separated `v1=<hex HMAC-SHA256 of the raw body>` with `PAGERDUTY_WEBHOOK_SECRET`; any match ' +
        'passes, each compared in constant time). `incident.triggered`, `incident.acknowledged`, ' +
        '`incident.resolved` and `incident.reopened` become incidents `pagerduty-<incident id>`: opened at ' +
        '`created_at`, resolved at the resolve event’s `occurred_at` (reopened clears it), severity = the ' +
        'priority (P1…) or else the urgency. The PagerDuty service names the Chorus service through the ' +
        'mapping (`PUT /api/v1/pagerduty/services`), else by the same name. Other events answer 202; a ' +
        'repeated `event.id` is answered without a change.',
      headers: z.object({
        'X-PagerDuty-Signature': z.string().describe('v1=<hex HMAC-SHA256>[,v1=…]'),
      }),
      body: pagerdutyPayload.describe("PagerDuty's V3 webhook payload: the fields Chorus reads"),
      response: githubOutcome.extend({ incident: z.string().optional() }),
      alsoAnswers: { 202: 'an event type Chorus does not use, or a service Chorus does not know, ignored' },
      errors: {
        401: 'X-PagerDuty-Signature missing or wrong',
        503: 'PAGERDUTY_WEBHOOK_SECRET is not set: webhooks are off',
      },
    },
  },
  {
    method: 'get',
    path: '/api/v1/pagerduty/services',
    policy: 'api:read',
    summary: 'The PagerDuty service → Chorus service mapping',
    handler: (_req, res, deps) => res.json(listPagerdutyMappings(deps)),
    openapi: {
      description:
        'Where PagerDuty incidents go when the PagerDuty service name is not a Chorus service name. A service ' +
        'without a mapping goes to the Chorus service of the same name.',
      response: mappings,
    },
  },
  {
    method: 'put',
    path: '/api/v1/pagerduty/services',
    policy: 'api:admin',
    summary: 'Replace the PagerDuty service → Chorus service mapping',
    handler: (req, res, deps) => res.json(replacePagerdutyMappings(deps, req.body)),
    openapi: {
      description:
        'Replaces the whole mapping. Each `service` must be a Chorus service (422 naming ' +
        '`mappings.<i>.service`); a PagerDuty service may appear once. Incidents already stored keep their service.',
      body: pagerdutyMappingsInput,
      response: mappings,
    },
  },
];
