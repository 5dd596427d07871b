import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';

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
  if (ext === '.csv') {
    const rows: Record<string, string>[] = parse(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
    // Empty cells mean "not given", so optional fields fall back to their defaults.
    return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '')));
  }
  throw new Error(`${file}: only .json and .csv files can be imported`);
}
