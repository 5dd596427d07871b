import type { BatchResult } from '../batch.js';
import { parseBatch } from '../batch.js';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { moduleLogger } from '../log.js';
import { openRun } from '../surveys/runs.service.js';
import { eventsRepo } from './events.repo.js';
import { eventInput } from './events.schema.js';
import { decideRule } from './rules.js';
import { HOUR_MS } from '../units.js';

/** Events older than this are stored but never trigger a survey (history imports, late retries). */
const STALE_MS = 24 * HOUR_MS;

/** A stored event waiting for its rules. */
interface NewEvent {
  id: number;
  name: string;
  personId: number | null;
  occurredAt: string;
}

/**
 * Stores platform events (one or `{events: [...]}`), then applies the event rules to the new ones:
 * a rule that fires opens a one-person run of its survey; the outbox DMs it. Events for people not
 * in the directory are kept (outcome `unknown_person`) rather than failing the batch: platforms
 * send events for bots and contractors, and a whole batch must not bounce for them.
 */
export function ingestEvents(deps: Deps, body: unknown, options: { random?: () => number } = {}): BatchResult {
  const items = parseBatch(eventInput, body, 'events');
  const repo = eventsRepo(deps.db);
  const people = directoryRepo(deps.db);
  const now = deps.now().toISOString();
  const fresh: NewEvent[] = [];
  let duplicates = 0;
  deps.db.transaction(() => {
    for (const e of items) {
      const person = e.email ? people.personByEmail(e.email) : people.personBySlackId(e.slack_user_id!);
      const occurredAt = e.timestamp ? new Date(e.timestamp).toISOString() : now;
      const identity = e.email ? `email:${e.email}` : `slack:${e.slack_user_id}`;
      const id = repo.insertEvent({
        name: e.name,
        identity,
        personId: person?.active ? person.id : null,
        occurredAt,
        metadata: JSON.stringify(e.metadata ?? {}),
        now,
      });
      if (id === undefined) duplicates++;
      else fresh.push({ id, name: e.name, personId: person?.active ? person.id : null, occurredAt });
    }
    // Custom metrics read events: new ones are report input (platform_events has no trigger of its own).
    if (fresh.length) deps.db.prepare('UPDATE data_version SET version = version + 1 WHERE id = 1').run();
  })();
  applyRules(deps, fresh, options.random ?? Math.random);
  return { accepted: items.length - duplicates, duplicates };
}

/** Runs the rules of each new event; records what happened on the event row. */
function applyRules(deps: Deps, events: NewEvent[], random: () => number): void {
  const repo = eventsRepo(deps.db);
  const log = moduleLogger(deps.log, 'events');
  for (const event of events) {
    const rules = repo.activeRulesFor(event.name);
    if (!rules.length) {
      repo.setOutcome(event.id, 'no_rule');
      continue;
    }
    if (!event.personId) {
      repo.setOutcome(event.id, 'unknown_person');
      continue;
    }
    const now = deps.now();
    if (now.getTime() - new Date(event.occurredAt).getTime() > STALE_MS) {
      repo.setOutcome(event.id, 'stale');
      continue;
    }
    const outcomes: string[] = [];
    for (const rule of rules) {
      const decision = decideRule(rule, now, repo.lastFired(rule.id, event.personId), random);
      if (!decision.fire) {
        outcomes.push(decision.outcome);
        continue;
      }
      try {
        const run = openRun(deps, rule.surveyKey, {
          trigger: 'event',
          personIds: [event.personId],
          opensAt: decision.opensAt.toISOString(),
        });
        repo.setFired(rule.id, event.personId, now.toISOString());
        outcomes.push(`fired:${run.runId}`);
      } catch (err) {
        log.error(
          { rule: rule.id, survey: rule.surveyKey, err: (err as Error).message },
          'event rule could not open its survey',
        );
        outcomes.push('error');
      }
    }
    repo.setOutcome(event.id, outcomes.join(','));
  }
}
