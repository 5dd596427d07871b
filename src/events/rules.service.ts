import type { Deps } from '../deps.js';
import { invalid, notFound, zodDetails } from '../errors.js';
import { eventsRepo, type EventRule, type RuleFields } from './events.repo.js';
import { eventRuleInput } from './events.schema.js';

/** The JSON shape of a rule (snake_case, like every API field). */
export function ruleJson(r: EventRule) {
  return {
    id: r.id,
    event: r.eventName,
    survey: r.surveyKey,
    sample_rate: r.sampleRate,
    cooldown_hours: r.cooldownHours,
    quiet_start: r.quietStart,
    quiet_end: r.quietEnd,
    timezone: r.timezone,
    active: r.active,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

function parseRule(deps: Deps, body: unknown): RuleFields {
  const parsed = eventRuleInput.safeParse(body ?? {});
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const r = parsed.data;
  if (!eventsRepo(deps.db).surveyExists(r.survey))
    throw invalid([{ field: 'survey', message: `no survey with key "${r.survey}"` }]);
  return {
    eventName: r.event,
    surveyKey: r.survey,
    sampleRate: r.sample_rate,
    cooldownHours: r.cooldown_hours,
    quietStart: r.quiet_start,
    quietEnd: r.quiet_end,
    timezone: r.timezone,
    active: r.active,
  };
}

/** All event rules. */
export const listRules = (deps: Deps): EventRule[] => eventsRepo(deps.db).rules();

/** Creates a rule; 422 naming the field when invalid. */
export function createRule(deps: Deps, body: unknown): EventRule {
  const repo = eventsRepo(deps.db);
  const id = repo.insertRule(parseRule(deps, body), deps.now().toISOString());
  return repo.rule(id)!;
}

/** Replaces a rule's fields; 404 when it does not exist. */
export function updateRule(deps: Deps, id: number, body: unknown): EventRule {
  const repo = eventsRepo(deps.db);
  if (!repo.rule(id)) throw notFound(`Event rule ${id}`);
  repo.updateRule(id, parseRule(deps, body), deps.now().toISOString());
  return repo.rule(id)!;
}

/** Deletes a rule; 404 when it does not exist. */
export function deleteRule(deps: Deps, id: number): void {
  if (!eventsRepo(deps.db).deleteRule(id)) throw notFound(`Event rule ${id}`);
}

/** The latest platform events (the admin Slack page shows what arrived). */
export const recentEvents = (deps: Deps, limit: number) => eventsRepo(deps.db).recentEvents(limit);
