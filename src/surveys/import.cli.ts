import { registerImporter } from '../cli/importers.js';
import { ATTRIBUTE_COLUMN_PREFIX } from '../directory/people-import.service.js';
import { importResponses } from './import.service.js';

const FIXED_COLUMNS = new Set(['respondent', 'team', 'submitted_at', 'id', 'survey']);

/**
 * `chorus import responses <file> [--survey KEY]`: JSON records as the API takes them, or CSV rows
 * with columns respondent, team, submitted_at, id (optional), survey (optional), attr_<key> columns
 * (optional: the respondent's attributes then) and one column per question key; an empty cell
 * means the question was skipped.
 */
registerImporter('responses', {
  plural: 'responses',
  fromCsvRow: (row, columns) => {
    const answers: Record<string, string> = {};
    const record: Record<string, unknown> = { answers };
    const attributes: Record<string, string> = {};
    // With attr_<key> columns each row carries its whole set (as people files do); without, the person's own.
    if (columns.some((c) => c.startsWith(ATTRIBUTE_COLUMN_PREFIX))) record.attributes = attributes;
    for (const [column, value] of Object.entries(row)) {
      if (FIXED_COLUMNS.has(column)) record[column] = value;
      else if (column.startsWith(ATTRIBUTE_COLUMN_PREFIX))
        attributes[column.slice(ATTRIBUTE_COLUMN_PREFIX.length)] = value;
      else answers[column] = value;
    }
    return record;
  },
  run: (deps, items) => importResponses(deps, null, { responses: items }),
});
