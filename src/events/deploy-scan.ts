import type { Db } from '../db/open.js';
import type { Deps } from '../deps.js';
import { getDefinitions } from '../delivery/definitions.service.js';
import { readSetting, writeSetting } from '../settings/settings.repo.js';
import { ingestEvents } from './events.service.js';

const CURSOR = 'events.deploy_scan_rowid';

/** The columns of the delivery part's deployments table, when it exists. */
function deploymentColumns(db: Db): Set<string> {
  return new Set(
    (db.prepare(`SELECT name FROM pragma_table_info('deployments')`).all() as Array<{ name: string }>).map(
      (c) => c.name,
    ),
  );
}

/**
 * Turns production deployments (the environment name in the org's definitions) ingested since
 * the last scan whose `author` is a known person into `deploy.finished` events (decoupled from the delivery ingestion: a scan by rowid). The first
 * scan only sets the cursor, so history never triggers surveys. Returns the events created.
 */
export function scanDeployments(deps: Deps): number {
  const cols = deploymentColumns(deps.db);
  if (!cols.has('author') || !cols.has('finished_at')) return 0;
  const cursor = readSetting<number>(deps.db, CURSOR);
  const max = (deps.db.prepare('SELECT COALESCE(MAX(rowid), 0) AS m FROM deployments').get() as { m: number }).m;
  if (cursor === undefined) {
    writeSetting(deps.db, CURSOR, max, deps.now());
    return 0;
  }
  if (max <= cursor) return 0;
  const idCol = cols.has('external_id') ? 'd.external_id' : cols.has('id') ? 'd.id' : 'd.rowid';
  const extra = ['status', 'environment', 'version']
    .filter((c) => cols.has(c))
    .map((c) => `, d.${c} AS ${c}`)
    .join('');
  const rows = deps.db
    .prepare(
      `SELECT d.rowid AS rid, ${idCol} AS deploymentId, p.email AS email, d.finished_at AS finishedAt${extra}
     FROM deployments d JOIN people p ON p.email = d.author COLLATE NOCASE AND p.active = 1
     WHERE d.rowid > ? AND d.rowid <= ? AND d.environment = ? ORDER BY d.rowid`,
    )
    .all(cursor, max, getDefinitions(deps).production_environment) as Array<
    Record<string, unknown> & { rid: number; email: string; finishedAt: string }
  >;
  writeSetting(deps.db, CURSOR, max, deps.now());
  if (!rows.length) return 0;
  const events = rows.map(({ rid: _rid, email, finishedAt, ...metadata }) => ({
    name: 'deploy.finished',
    email,
    timestamp: new Date(finishedAt).toISOString(),
    metadata,
  }));
  ingestEvents(deps, { events });
  return events.length;
}
