import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { invalid, zodDetails } from '../errors.js';
import { getDefinitions } from './definitions.service.js';
import { deliveryRepo } from './delivery.repo.js';
import { withoutConversionKeys, type WebhookOutcome as BaseOutcome } from './github.service.js';
import { relinkIncidents } from './incident-links.service.js';
import { refreshReworkRanges } from './ingest.service.js';
import { pagerdutyRepo, type MappedService } from './pagerduty.repo.js';
import { pagerdutyMappingsInput, pagerdutyPayload, type PagerdutyPayload } from './pagerduty.schema.js';
import { platformTime } from './repository-service.js';

/**
 * Checks `X-PagerDuty-Signature`: one or more comma-separated `v1=<hex HMAC-SHA256 of the raw body>`
 * (several while a secret rotates); any match passes. Each comparison is constant-time.
 */
export function verifyPagerdutySignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  let ok = false;
  for (const part of header.split(',')) {
    const given = Buffer.from(part.trim());
    if (given.length === expected.length && timingSafeEqual(given, expected)) ok = true;
  }
  return ok;
}

/** What the webhook answers (200 used, 202 ignored), naming the incident it wrote. */
export interface WebhookOutcome {
  status: BaseOutcome['status'];
  body: BaseOutcome['body'] & { incident?: string };
}

/** The incident events Chorus maps; every other event type is answered 202. */
const EVENTS = ['incident.triggered', 'incident.acknowledged', 'incident.resolved', 'incident.reopened'];

type Data = NonNullable<PagerdutyPayload['event']['data']>;

/** The Chorus service of a PagerDuty service: the admin mapping (id, then name), else the same name. */
export function serviceForPagerduty(deps: Deps, service: Data['service']): MappedService | undefined {
  const repo = pagerdutyRepo(deps.db);
  for (const key of [service?.id, service?.summary]) {
    if (!key) continue;
    const m = repo.mapped(key);
    if (m) return m;
  }
  if (!service?.summary) return undefined;
  const s = directoryRepo(deps.db).serviceByName(service.summary);
  return s ? { id: s.id, teamId: s.teamId, name: s.name } : undefined;
}

/** Priority (e.g. "P1") when the account uses priorities, else urgency ("high" / "low"). */
const severityOf = (d: Data): string | null => d.priority?.summary || d.urgency || null;

function handle(deps: Deps, p: PagerdutyPayload): WebhookOutcome {
  const event = p.event.event_type;
  const ignored = (why: string): WebhookOutcome => ({ status: 202, body: { event, outcome: `ignored: ${why}` } });
  if (!EVENTS.includes(event)) return ignored('event type not used');
  const d = p.event.data;
  const openedAt = platformTime(d?.created_at);
  if (!d?.id || !openedAt) return ignored('incident without id or created_at');
  const service = serviceForPagerduty(deps, d.service);
  if (!service) {
    const name = d.service?.summary ?? d.service?.id ?? '';
    return ignored(`no Chorus service named "${name}" and no PagerDuty mapping for it`);
  }
  const externalId = `pagerduty-${d.id}`;
  const repo = deliveryRepo(deps.db);
  const existing = pagerdutyRepo(deps.db).incident(externalId);
  const occurredAt = platformTime(p.event.occurred_at) ?? deps.now().toISOString();
  let resolvedAt = existing?.resolvedAt ?? null;
  if (event === 'incident.resolved') resolvedAt = occurredAt < openedAt ? openedAt : occurredAt;
  if (event === 'incident.reopened') resolvedAt = null;
  const row = {
    externalId,
    teamId: service.teamId,
    serviceId: service.id,
    openedAt,
    resolvedAt,
    severity: severityOf(d) ?? existing?.severity ?? null,
    deploymentRef: existing?.deploymentRef ?? null,
    reason: existing?.reason ?? null,
  };
  const now = deps.now().toISOString();
  if (existing) repo.updateIncident(existing.id, row, now);
  else repo.insertIncident(row, now);
  const ranges: Array<[number, string]> = [];
  relinkIncidents(deps, [externalId], ranges);
  refreshReworkRanges(deps, ranges, getDefinitions(deps).production_environment);
  return { status: 200, body: { event, outcome: existing ? 'updated' : 'stored', incident: externalId } };
}

/**
 * Maps one PagerDuty V3 delivery onto an incident, once per event id (`event.id`): a redelivery
 * answers the first outcome and changes nothing. Atomic.
 */
export function handlePagerdutyDelivery(deps: Deps, body: unknown): WebhookOutcome {
  const parsed = pagerdutyPayload.safeParse(withoutConversionKeys(body));
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const p = parsed.data;
  const key = `pagerduty:${p.event.id}`;
  const repo = deliveryRepo(deps.db);
  return deps.db.transaction((): WebhookOutcome => {
    const seen = repo.deliveryOutcome(key);
    if (seen) return { status: 200, body: { event: p.event.event_type, outcome: seen, duplicate: true } };
    const result = handle(deps, p);
    // An event ignored for want of a service is not recorded: after a mapping, a redelivery counts.
    if (result.status === 200 || !result.body.outcome.startsWith('ignored: no Chorus service'))
      repo.recordDelivery(key, p.event.event_type, result.body.outcome, deps.now().toISOString());
    return result;
  })();
}

/** GET /api/v1/pagerduty/services. */
export function listPagerdutyMappings(deps: Deps) {
  return {
    mappings: pagerdutyRepo(deps.db)
      .list()
      .map((m) => ({ pagerduty_service: m.pagerdutyService, service: m.service })),
  };
}

/** PUT /api/v1/pagerduty/services: replaces the whole mapping; unknown Chorus services are a 422. */
export function replacePagerdutyMappings(deps: Deps, body: unknown) {
  const parsed = pagerdutyMappingsInput.safeParse(body ?? {});
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const dir = directoryRepo(deps.db);
  const problems: Array<{ field: string; message: string }> = [];
  const seen = new Set<string>();
  const rows = parsed.data.mappings.map((m, i) => {
    const s = dir.serviceByName(m.service);
    if (!s) problems.push({ field: `mappings.${i}.service`, message: `unknown service "${m.service}"` });
    const k = m.pagerduty_service.toLowerCase();
    if (seen.has(k))
      problems.push({ field: `mappings.${i}.pagerduty_service`, message: `"${m.pagerduty_service}" is mapped twice` });
    seen.add(k);
    return { pagerdutyService: m.pagerduty_service, serviceId: s?.id ?? 0 };
  });
  if (problems.length) throw invalid(problems);
  deps.db.transaction(() => pagerdutyRepo(deps.db).replace(rows, deps.now().toISOString()))();
  return listPagerdutyMappings(deps);
}
