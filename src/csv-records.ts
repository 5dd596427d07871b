import { parse } from 'csv-parse/sync';

/** One CSV record with the line of the file it starts on (1 = the header). */
export interface CsvRecord {
  line: number;
  record: Record<string, string>;
}

/**
 * Parses CSV text with a header row into records, the way `chorus import` reads .csv files:
 * cells trimmed, empty lines skipped, a byte-order mark ignored, and empty cells left out so
 * optional fields fall back to their defaults. Throws csv-parse's error on malformed CSV.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const rows: Array<{ record: Record<string, string>; info: { lines: number } }> = parse(text, {
    columns: true,
    skip_empty_lines: true,
    trim: true,
    bom: true,
    info: true,
  });
  return rows.map(({ record, info }) => ({
    // info.lines is the line a record ends on; a quoted cell may span several lines, so count back.
    line: info.lines - Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0),
    record: Object.fromEntries(Object.entries(record).filter(([, v]) => v !== '')),
  }));
}

/** The header row's column names (trimmed), or [] when the text has none. */
export function csvColumns(text: string): string[] {
  const first: string[][] = parse(text, { to_line: 1, trim: true, bom: true, skip_empty_lines: true });
  return first[0] ?? [];
}
