import { MAX_BATCH, type BatchResult } from '../batch.js';
import { csvColumns, parseCsvRecords } from '../csv-records.js';
import type { Deps } from '../deps.js';
import { AppError } from '../errors.js';
import { upsertPeople } from './directory.service.js';

/**
 * Columns a people CSV must have; the others (`slack_user_id`, `active`, `start_date`, and one
 * `attr_<key>` column per attribute) are optional.
 */
const PEOPLE_CSV_REQUIRED = ['email', 'name', 'team'] as const;

/** The prefix of attribute columns in people CSV files: `attr_role` holds the attribute `role`. */
export const ATTRIBUTE_COLUMN_PREFIX = 'attr_';

/**
 * Turns one people CSV row into the API's item: `attr_<key>` columns become `attributes.<key>`.
 * A file with attribute columns sets each person's whole set (an empty cell: no such attribute);
 * a file without any keeps the attributes already stored. An empty `start_date` keeps the stored date.
 */
export function peopleCsvRow(row: Record<string, string>, columns: readonly string[]): Record<string, unknown> {
  const hasAttributes = columns.some((c) => c.startsWith(ATTRIBUTE_COLUMN_PREFIX));
  const item: Record<string, unknown> = {};
  const attributes: Record<string, string> = {};
  for (const [column, value] of Object.entries(row)) {
    if (column.startsWith(ATTRIBUTE_COLUMN_PREFIX)) attributes[column.slice(ATTRIBUTE_COLUMN_PREFIX.length)] = value;
    else item[column] = value;
  }
  if (hasAttributes) item.attributes = attributes;
  return item;
}

/** One problem of an import, by CSV line (1 = the header) and record number (1 = first person). */
export interface CsvRowProblem {
  line: number;
  record: number;
  field: string;
  message: string;
}

/** A refused import: nothing was stored; `rows` lists every problem by line. */
export class CsvImportError extends AppError {
  constructor(
    message: string,
    readonly rows: CsvRowProblem[],
  ) {
    super(
      'validation_failed',
      message,
      422,
      rows.map((r) => ({ field: r.field, message: r.message, index: r.record - 1 })),
    );
  }
}

/**
 * Imports people from CSV text (header row: email, name, team, optional slack_user_id, active,
 * start_date and attr_<key> columns),
 * exactly as `chorus import people file.csv` does: the same parsing and the same `upsertPeople`
 * validation. All or nothing — any bad row and nothing is stored; errors name each row's line.
 */
export function importPeopleCsv(deps: Deps, text: string): BatchResult {
  if (text.trim() === '') throw new CsvImportError('Paste the CSV first.', [fileProblem('is empty')]);
  let records: ReturnType<typeof parseCsvRecords>;
  try {
    const missing = PEOPLE_CSV_REQUIRED.filter((c) => !csvColumns(text).includes(c));
    if (missing.length) {
      throw new CsvImportError('The header row lacks required columns.', [
        fileProblem(`the header row must name the columns email, name and team (missing: ${missing.join(', ')})`, 1),
      ]);
    }
    records = parseCsvRecords(text);
  } catch (err) {
    if (err instanceof AppError) throw err;
    // csv-parse names the line: "Invalid Record Length: columns length is 3, got 2 on line 4".
    throw new CsvImportError('The CSV could not be read.', [fileProblem((err as Error).message)]);
  }
  if (records.length === 0)
    throw new CsvImportError('The CSV has a header but no people.', [fileProblem('has no rows')]);
  if (records.length > MAX_BATCH) {
    throw new CsvImportError('Too many rows.', [
      fileProblem(`has ${records.length} rows; at most ${MAX_BATCH} per import (use the CLI for more)`),
    ]);
  }
  try {
    const columns = csvColumns(text);
    return upsertPeople(deps, { people: records.map((r) => peopleCsvRow(r.record, columns)) });
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
    const rows = err.details.map((d) => {
      const record = (d.index ?? 0) + 1;
      return { line: records[record - 1]?.line ?? 0, record, field: d.field, message: d.message };
    });
    throw new CsvImportError(
      `${rows.length} ${rows.length === 1 ? 'problem' : 'problems'}: nothing was imported.`,
      rows,
    );
  }
}

const fileProblem = (message: string, line = 0): CsvRowProblem => ({ line, record: 0, field: 'csv', message });
