import { registerImporter } from '../cli/importers.js';
import { ingestCosts, ingestDeployments, ingestIncidents } from './ingest.service.js';

/**
 * CSV `commits` column: `sha@committed_at` pairs separated by ";" (or whitespace), e.g.
 * `a1b2c3@2026-03-01T10:00:00Z;d4e5f6@2026-03-01T11:30:00Z`. A pair without "@" keeps the
 * text as the sha so validation names the field.
 */
export function parseCommitsCell(cell: string): Array<{ sha: string; committed_at: string }> {
  return cell
    .split(/[;\s]+/)
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('@');
      return at < 0 ? { sha: pair, committed_at: '' } : { sha: pair.slice(0, at), committed_at: pair.slice(at + 1) };
    });
}

registerImporter('deployments', {
  plural: 'deployments',
  fromCsvRow: ({ commits, ...row }) => ({ ...row, ...(commits ? { commits: parseCommitsCell(commits) } : {}) }),
  run: (deps, items) => ingestDeployments(deps, { deployments: items }, 'import'),
});

registerImporter('incidents', {
  plural: 'incidents',
  run: (deps, items) => ingestIncidents(deps, { incidents: items }),
});

registerImporter('costs', {
  plural: 'costs',
  run: (deps, items) => ingestCosts(deps, { costs: items }),
});
