import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseCsvRecords } from '../csv-records.js';

/** Reads a .json (object, array, or {plural: [...]}) or .csv (header row) file into records. */
export function readRecords(file: string, plural: string): unknown[] {
  const text = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  if (ext === '.json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new Error(`${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    if (Array.isArray(body)) return body;
    if (body && typeof body === 'object' && Array.isArray((body as Record<string, unknown>)[plural])) {
      return (body as Record<string, unknown[]>)[plural];
    }
    return [body];
  }
  // The admin people page parses pasted CSV with the same function, so both accept the same files.
  if (ext === '.csv') return parseCsvRecords(text).map((r) => r.record);
  throw new Error(`${file}: only .json and .csv files can be imported`);
}
