import type { Db } from '../db/open.js';

/** An event rule row. */
export interface EventRule {
  id: number;
  eventName: string;
  surveyKey: string;
  sampleRate: number;
  cooldownHours: number;
  quietStart: string | null;
  quietEnd: string | null;
  timezone: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}
type RuleRow = Omit<EventRule, 'active'> & { active: number };

const RULE_COLS = `id, event_name AS eventName, survey_key AS surveyKey, sample_rate AS sampleRate, cooldown_hours AS cooldownHours,
  quiet_start AS quietStart, quiet_end AS quietEnd, timezone, active, created_at AS createdAt, updated_at AS updatedAt`;

/** New rule fields, camelCase. */
export interface RuleFields {
  eventName: string;
  surveyKey: string;
  sampleRate: number;
  cooldownHours: number;
  quietStart: string | null;
  quietEnd: string | null;
  timezone: string;
  active: boolean;
}

/** All SQL of platform events, event rules and cooldowns. */
export function eventsRepo(db: Db) {
  const q = {
    insertEvent: db.prepare(
      `INSERT OR IGNORE INTO platform_events (name, identity, person_id, occurred_at, metadata, created_at)
       VALUES (@name, @identity, @personId, @occurredAt, @metadata, @now)`,
    ),
    setOutcome: db.prepare(`UPDATE platform_events SET outcome = ? WHERE id = ?`),
    rulesFor: db.prepare(`SELECT ${RULE_COLS} FROM event_rules WHERE event_name = ? AND active = 1 ORDER BY id`),
    rules: db.prepare(`SELECT ${RULE_COLS} FROM event_rules ORDER BY event_name, id`),
    rule: db.prepare(`SELECT ${RULE_COLS} FROM event_rules WHERE id = ?`),
    insertRule: db.prepare(
      `INSERT INTO event_rules (event_name, survey_key, sample_rate, cooldown_hours, quiet_start, quiet_end, timezone, active, created_at, updated_at)
       VALUES (@eventName, @surveyKey, @sampleRate, @cooldownHours, @quietStart, @quietEnd, @timezone, @active, @now, @now)`,
    ),
    updateRule: db.prepare(
      `UPDATE event_rules SET event_name = @eventName, survey_key = @surveyKey, sample_rate = @sampleRate, cooldown_hours = @cooldownHours,
       quiet_start = @quietStart, quiet_end = @quietEnd, timezone = @timezone, active = @active, updated_at = @now WHERE id = @id`,
    ),
    deleteRule: db.prepare(`DELETE FROM event_rules WHERE id = ?`),
    lastFired: db.prepare(`SELECT last_fired_at AS at FROM event_cooldowns WHERE rule_id = ? AND person_id = ?`),
    setFired: db.prepare(
      `INSERT INTO event_cooldowns (rule_id, person_id, last_fired_at) VALUES (?, ?, ?)
       ON CONFLICT (rule_id, person_id) DO UPDATE SET last_fired_at = excluded.last_fired_at`,
    ),
    recent: db.prepare(`SELECT name, outcome, occurred_at AS occurredAt FROM platform_events ORDER BY id DESC LIMIT ?`),
    surveyExists: db.prepare(`SELECT 1 FROM surveys WHERE key = ?`),
  };
  const toRule = (r: RuleRow | undefined): EventRule | undefined => (r ? { ...r, active: r.active === 1 } : undefined);
  return {
    /** Inserts an event; returns its id, or undefined when the same event was already stored. */
    insertEvent: (e: {
      name: string;
      identity: string;
      personId: number | null;
      occurredAt: string;
      metadata: string;
      now: string;
    }) => {
      const info = q.insertEvent.run(e);
      return info.changes ? Number(info.lastInsertRowid) : undefined;
    },
    setOutcome: (id: number, outcome: string) => q.setOutcome.run(outcome, id),
    activeRulesFor: (name: string) => (q.rulesFor.all(name) as RuleRow[]).map((r) => toRule(r)!),
    rules: () => (q.rules.all() as RuleRow[]).map((r) => toRule(r)!),
    rule: (id: number) => toRule(q.rule.get(id) as RuleRow | undefined),
    insertRule: (f: RuleFields, now: string) =>
      Number(q.insertRule.run({ ...f, active: f.active ? 1 : 0, now }).lastInsertRowid),
    updateRule: (id: number, f: RuleFields, now: string) =>
      q.updateRule.run({ ...f, active: f.active ? 1 : 0, now, id }).changes > 0,
    deleteRule: (id: number) => q.deleteRule.run(id).changes > 0,
    lastFired: (ruleId: number, personId: number) =>
      (q.lastFired.get(ruleId, personId) as { at: string } | undefined)?.at ?? null,
    setFired: (ruleId: number, personId: number, at: string) => q.setFired.run(ruleId, personId, at),
    recentEvents: (limit = 20) =>
      q.recent.all(limit) as Array<{ name: string; outcome: string | null; occurredAt: string }>,
    surveyExists: (key: string) => Boolean(q.surveyExists.get(key)),
  };
}
