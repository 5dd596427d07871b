import { parseBatch } from '../batch.js';
import type { Deps } from '../deps.js';
import { attributeKeyUpdate } from './attributes.schema.js';
import { attributesRepo, type AttributeRow, type PersonAttributes } from './attributes.repo.js';
import { tenureBand, TENURE_BANDS, TENURE_KEY } from './tenure.js';

/** An attribute key as admins see it: where it comes from, how varied it is, whether it slices reports. */
export interface AttributeKeyInfo {
  key: string;
  label: string | null;
  reportable: boolean;
  /** true for `tenure`, computed from start dates at each response. */
  derived: boolean;
  /** People who carry the key now (for `tenure`: who have a start date). */
  people: number;
  /** Distinct values among people now (for `tenure`: bands present today). */
  distinctValues: number;
  updatedAt: string | null;
}

/**
 * The attribute keys that may slice reports (`segment=`, `by=`), sorted. Keys not declared
 * reportable are kept on people and snapshots but never used to filter or break down.
 */
export function reportableKeys(deps: Deps): string[] {
  return attributesRepo(deps.db)
    .keys()
    .filter((k) => k.reportable)
    .map((k) => k.key);
}

/** Every key seen on people or declared, plus `tenure`, with its counts and reportable flag. */
export function listAttributeKeys(deps: Deps): AttributeKeyInfo[] {
  const repo = attributesRepo(deps.db);
  const declared = new Map(repo.keys().map((k) => [k.key, k]));
  const stats = new Map(repo.keyStats().map((s) => [s.key, s]));
  const now = deps.now();
  const bands = new Set<string>();
  let withStart = 0;
  for (const p of repo.peopleAttributes().values()) {
    if (!p.startDate) continue;
    withStart++;
    const band = tenureBand(p.startDate, now);
    if (band) bands.add(band);
  }
  const keys = [...new Set([TENURE_KEY, ...declared.keys(), ...stats.keys()])].sort();
  return keys.map((key) => {
    const d = declared.get(key);
    const s = stats.get(key);
    const derived = key === TENURE_KEY;
    return {
      key,
      label: d?.label ?? null,
      reportable: d?.reportable ?? false,
      derived,
      people: derived ? withStart : (s?.people ?? 0),
      distinctValues: derived ? bands.size : (s?.distinctValues ?? 0),
      updatedAt: d?.updatedAt ?? null,
    };
  });
}

/**
 * Declares which keys may slice reports (`PUT /api/v1/attributes`, the admin page): one object or
 * `{"attributes": [...]}` of `{key, reportable, label?}`, all or nothing. Returns the keys after.
 */
export function updateAttributeKeys(deps: Deps, body: unknown): AttributeKeyInfo[] {
  const items = parseBatch(attributeKeyUpdate, body, 'attributes');
  const repo = attributesRepo(deps.db);
  const now = deps.now().toISOString();
  deps.db.transaction(() => {
    for (const item of items) repo.upsertKey(item.key, item.reportable, item.label || null, now);
  })();
  return listAttributeKeys(deps);
}

/** A reportable key and the values it takes in stored responses, for filter bars. */
export interface SegmentOption {
  key: string;
  label: string;
  values: string[];
}

/**
 * The reportable keys with the values seen in response snapshots (tenure bands in their order),
 * for a page's filter bar. No counts: a value's existence is not a figure about people.
 */
export function segmentOptions(deps: Deps): SegmentOption[] {
  const repo = attributesRepo(deps.db);
  return repo
    .keys()
    .filter((k) => k.reportable)
    .map((k) => {
      const seen = repo.responseValues(k.key);
      const values = k.key === TENURE_KEY ? TENURE_BANDS.filter((b) => seen.includes(b)) : seen;
      return { key: k.key, label: k.label ?? k.key.replace(/_/g, ' '), values };
    });
}

/**
 * The snapshot a response or friction report stores: the person's attributes plus `tenure` from
 * their start date at `submittedAt` (none without a start date, or before it). With `onlyKeys`,
 * other keys are left out (fully anonymous surveys keep only the reportable ones).
 */
export function snapshotRows(
  person: PersonAttributes | undefined,
  submittedAt: string | Date,
  onlyKeys?: ReadonlySet<string>,
): AttributeRow[] {
  if (!person) return [];
  const rows: AttributeRow[] = Object.entries(person.attributes).map(([key, value]) => ({ key, value }));
  const band = tenureBand(person.startDate, submittedAt);
  if (band) rows.push({ key: TENURE_KEY, value: band });
  return onlyKeys ? rows.filter((r) => onlyKeys.has(r.key)) : rows;
}

/** The snapshot of a person (by id) at `submittedAt`; see snapshotRows. */
export function personSnapshot(
  deps: Deps,
  personId: number,
  submittedAt: string | Date,
  options: { onlyReportable?: boolean } = {},
): AttributeRow[] {
  const person = attributesRepo(deps.db).personAttributes(personId);
  const only = options.onlyReportable ? new Set(reportableKeys(deps)) : undefined;
  return snapshotRows(person, submittedAt, only);
}

/** Stores a response's snapshot, replacing an earlier one (call inside the response's transaction). */
export function writeResponseSnapshot(deps: Deps, responseId: number, rows: AttributeRow[]): void {
  attributesRepo(deps.db).replaceResponseSnapshot(responseId, rows);
}

/** Stores a friction report's snapshot (call inside the report's transaction). */
export function writeFrictionSnapshot(deps: Deps, reportId: number, rows: AttributeRow[]): void {
  attributesRepo(deps.db).insertFrictionSnapshot(reportId, rows);
}

/** The people given, each with their current attributes and start date (admin lists and exports). */
export function withAttributes<T extends { id: number }>(deps: Deps, people: T[]): Array<T & PersonAttributes> {
  const stored = attributesRepo(deps.db).peopleAttributes();
  return people.map((p) => ({ ...p, ...(stored.get(p.id) ?? { attributes: {}, startDate: null }) }));
}
