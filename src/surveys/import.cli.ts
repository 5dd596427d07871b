import { registerImporter } from '../cli/importers.js';
import { importResponses } from './import.service.js';

const FIXED_COLUMNS = new Set(['respondent', 'team', 'submitted_at', 'id', 'survey']);

/**
 * `chorus import responses <file> [--survey KEY]`: JSON records as the API takes them, or CSV rows
 * with columns respondent, team, submitted_at, id (optional), survey (optional) and one column per
 * question key; an empty cell means the question was skipped.
 */
registerImporter('responses', {
  plural: 'responses',
  fromCsvRow: (row) => {
    const answers: Record<string, string> = {};
    const record: Record<string, unknown> = { answers };
    for (const [column, value] of Object.entries(row)) {
      if (FIXED_COLUMNS.has(column)) record[column] = value;
      else answers[column] = value;
    }
    return record;
  },
  run: (deps, items) => importResponses(deps, null, { responses: items }),
});
