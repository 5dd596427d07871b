import type { Deps } from '../deps.js';
import { segmentsRepo } from '../surveys/segments.repo.js';
import { parseBy, parseSegments, type SegmentFilter } from './reports.schema.js';

/** The attribute keys reports may be sliced by (declared reportable by an admin), sorted. */
const reportableAttributeKeys = (deps: Deps): string[] => segmentsRepo(deps.db).reportableKeys();

/**
 * `segment=` (repeatable) and `by=` of a report request, checked against the reportable keys:
 * malformed, unknown or not reportable → 422 naming `segment` or `by`.
 */
export function segmentRequest(
  deps: Deps,
  query: Record<string, unknown>,
): { segments: SegmentFilter; by: string | null } {
  const needed = query.segment !== undefined || query.by !== undefined;
  const keys = needed ? reportableAttributeKeys(deps) : [];
  return { segments: parseSegments(query.segment, keys), by: parseBy(query.by, keys) };
}
