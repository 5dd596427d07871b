import { stringify } from 'csv-stringify/sync';
import type { Request, Response } from 'express';

export type CsvRow = Record<string, string | number | boolean | null | undefined>;

/** Flattens nested objects into dotted columns (arrays of primitives joined with "; "). */
export function flatten(value: unknown, prefix = '', out: CsvRow = {}): CsvRow {
  if (value === null || value === undefined || typeof value !== 'object') {
    out[prefix || 'value'] = value as CsvRow[string];
  } else if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) out[prefix] = value.join('; ');
    else value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
  return out;
}

/** A cell a spreadsheet would read as a formula: starts with =, +, -, @, tab or carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number written as text ("-0.12", "+3", "1e-3"): a spreadsheet reads it as that number. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Neutralises a text cell against CSV formula injection (OWASP): a cell starting with a formula
 * character gets a leading single quote, so Excel, LibreOffice and Sheets show it as text instead of
 * running it. Text that is only a number stays as it is: it cannot run anything.
 */
export function neutraliseCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** The most decimal places a CSV number keeps. */
const CSV_DECIMALS = 4;

/**
 * A number as a CSV cell: integers as they are; any other number rounded to at most
 * `CSV_DECIMALS` decimal places, trailing zeros dropped (47.37920050242995 → 47.3792, 0.25 → 0.25).
 * Four places keep a rate or share to a hundredth of a percentage point and hours to under a
 * second, without the float noise of the computation. Not finite → empty cell.
 */
export function csvNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  if (Number.isInteger(n)) return String(n);
  const rounded = Number(n.toFixed(CSV_DECIMALS));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

/**
 * CSV text with a header row; columns are the union of the rows' keys in first-seen order. Every
 * text cell and header goes through neutraliseCell; numbers stay numbers (a negative one too),
 * rounded by csvNumber.
 */
export function toCsv(rows: CsvRow[]): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows)
    for (const k of Object.keys(row))
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
  if (columns.length === 0) columns.push('value');
  return stringify(rows, {
    header: true,
    columns: columns.map((key) => ({ key, header: neutraliseCell(key) })),
    cast: {
      boolean: (b) => (b ? 'true' : 'false'),
      string: neutraliseCell,
      number: csvNumber,
    },
  });
}

/**
 * Answers a report as JSON, or as CSV with `?format=csv`. `rows` turns the report into table rows
 * (one per team, question, theme…); by default the report is flattened into one row.
 */
export function sendReport<T>(
  req: Request,
  res: Response,
  report: T,
  rows?: (report: T) => CsvRow[],
  filename = 'report',
): void {
  if (req.query.format === 'csv') {
    const csv = toCsv(rows ? rows(report) : [flatten(report)]);
    res.type('text/csv; charset=utf-8').attachment(`${filename}.csv`).send(csv);
    return;
  }
  res.json(report);
}
