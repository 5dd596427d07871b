import type { z } from 'zod';
import { invalid, zodDetails, type ErrorDetail } from './errors.js';

export const MAX_BATCH = 10_000;

/** The answer of every ingestion route. */
export interface BatchResult {
  accepted: number;
  duplicates: number;
}

/**
 * Accepts one object or `{ "<plural>": [ ... ] }` (or a bare array, for CLI files), validates every
 * item, and throws one 422 listing each bad item's fields. Nothing is stored by callers unless
 * every item is valid.
 */
export function parseBatch<S extends z.ZodType>(schema: S, body: unknown, plural: string): z.output<S>[] {
  let items: unknown[];
  if (Array.isArray(body)) items = body;
  else if (body && typeof body === 'object' && plural in body) {
    const list = (body as Record<string, unknown>)[plural];
    if (!Array.isArray(list)) throw invalid([{ field: plural, message: 'must be an array' }]);
    items = list;
  } else if (body && typeof body === 'object') items = [body];
  else throw invalid([{ field: '(body)', message: `must be a JSON object or {"${plural}": [...]}` }]);
  if (items.length === 0) throw invalid([{ field: plural, message: 'must contain at least one item' }]);
  if (items.length > MAX_BATCH) {
    throw invalid([
      { field: plural, message: `has ${items.length} items; at most ${MAX_BATCH} are accepted per request` },
    ]);
  }
  const details: ErrorDetail[] = [];
  const out: z.output<S>[] = [];
  items.forEach((item, index) => {
    const parsed = schema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
    else details.push(...zodDetails(parsed.error, index));
  });
  if (details.length) throw invalid(details.slice(0, 1000));
  return out;
}

/** Collects per-item problems found after parsing (unknown references and the like). */
export class BatchProblems {
  readonly details: ErrorDetail[] = [];
  add(index: number, field: string, message: string): void {
    if (this.details.length < 1000) this.details.push({ index, field, message });
  }
  /** Throws the 422 when any problem was found. */
  throwIfAny(): void {
    if (this.details.length) throw invalid(this.details);
  }
}
