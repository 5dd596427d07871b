import type { Db } from '../db/open.js';
import { perDatabase } from '../db/per-database.js';

/** A person's attributes and start date as stored on `people`. */
export interface PersonAttributes {
  attributes: Record<string, string>;
  startDate: string | null;
}

/** One row of `attribute_keys`. */
export interface AttributeKeyRow {
  key: string;
  label: string | null;
  reportable: boolean;
  updatedAt: string;
}

/** One attribute of a snapshot (a response's or a friction report's). */
export interface AttributeRow {
  key: string;
  value: string;
}

const parse = (json: string): Record<string, string> => JSON.parse(json) as Record<string, string>;

function build(db: Db) {
  const q = {
    person: db.prepare('SELECT attributes, start_date AS startDate FROM people WHERE id = ?'),
    people: db.prepare('SELECT id, attributes, start_date AS startDate FROM people'),
    setAttributes: db.prepare('UPDATE people SET attributes = ? WHERE email = ? AND attributes IS NOT ?'),
    setStartDate: db.prepare('UPDATE people SET start_date = ? WHERE email = ? AND start_date IS NOT ?'),
    keys: db.prepare('SELECT key, label, reportable, updated_at AS updatedAt FROM attribute_keys ORDER BY key'),
    upsertKey: db.prepare(
      `INSERT INTO attribute_keys (key, label, reportable, updated_at) VALUES (@key, @label, @reportable, @now)
       ON CONFLICT (key) DO UPDATE SET label = COALESCE(@label, attribute_keys.label), reportable = @reportable,
         updated_at = @now`,
    ),
    keyStats: db.prepare(
      `SELECT j.key AS key, COUNT(DISTINCT j.value) AS distinctValues, COUNT(*) AS people
       FROM people p, json_each(p.attributes) j GROUP BY j.key ORDER BY j.key`,
    ),
    withStartDate: db.prepare('SELECT COUNT(*) AS n FROM people WHERE start_date IS NOT NULL'),
    responseValues: db.prepare(
      'SELECT DISTINCT value FROM response_attributes WHERE key = ? ORDER BY value COLLATE NOCASE',
    ),
    deleteResponseSnapshot: db.prepare('DELETE FROM response_attributes WHERE response_id = ?'),
    insertResponseAttribute: db.prepare('INSERT INTO response_attributes (response_id, key, value) VALUES (?, ?, ?)'),
    responseSnapshot: db.prepare('SELECT key, value FROM response_attributes WHERE response_id = ? ORDER BY key'),
    insertFrictionAttribute: db.prepare(
      'INSERT INTO friction_report_attributes (report_id, key, value) VALUES (?, ?, ?)',
    ),
    frictionSnapshot: db.prepare('SELECT key, value FROM friction_report_attributes WHERE report_id = ? ORDER BY key'),
  };
  return {
    personAttributes: (personId: number): PersonAttributes | undefined => {
      const r = q.person.get(personId) as { attributes: string; startDate: string | null } | undefined;
      return r ? { attributes: parse(r.attributes), startDate: r.startDate } : undefined;
    },
    /** Every person's attributes by person id. */
    peopleAttributes: (): Map<number, PersonAttributes> =>
      new Map(
        (q.people.all() as Array<{ id: number; attributes: string; startDate: string | null }>).map((r) => [
          r.id,
          { attributes: parse(r.attributes), startDate: r.startDate },
        ]),
      ),
    /** Replaces a person's attributes (keys sorted, so equal objects store equal text). */
    setAttributes: (email: string, attributes: Record<string, string>) => {
      const sorted = Object.fromEntries(Object.entries(attributes).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      const json = JSON.stringify(sorted);
      q.setAttributes.run(json, email, json);
    },
    setStartDate: (email: string, startDate: string | null) => q.setStartDate.run(startDate, email, startDate),
    keys: () =>
      (q.keys.all() as Array<Omit<AttributeKeyRow, 'reportable'> & { reportable: number }>).map((r) => ({
        ...r,
        reportable: r.reportable === 1,
      })) as AttributeKeyRow[],
    upsertKey: (key: string, reportable: boolean, label: string | null, now: string) =>
      q.upsertKey.run({ key, label, reportable: reportable ? 1 : 0, now }),
    /** Per attribute key seen on people: how many distinct values and how many people carry it. */
    keyStats: () => q.keyStats.all() as Array<{ key: string; distinctValues: number; people: number }>,
    peopleWithStartDate: () => (q.withStartDate.get() as { n: number }).n,
    /** The distinct values of `key` among stored response snapshots. */
    responseValues: (key: string) => (q.responseValues.all(key) as Array<{ value: string }>).map((r) => r.value),
    replaceResponseSnapshot: (responseId: number, rows: AttributeRow[]) => {
      q.deleteResponseSnapshot.run(responseId);
      for (const r of rows) q.insertResponseAttribute.run(responseId, r.key, r.value);
    },
    responseSnapshot: (responseId: number) => q.responseSnapshot.all(responseId) as AttributeRow[],
    insertFrictionSnapshot: (reportId: number, rows: AttributeRow[]) => {
      for (const r of rows) q.insertFrictionAttribute.run(reportId, r.key, r.value);
    },
    frictionSnapshot: (reportId: number) => q.frictionSnapshot.all(reportId) as AttributeRow[],
  };
}

/** All SQL for people attributes, reportable keys and the attribute snapshots of responses and reports. */
export const attributesRepo = perDatabase(build);
