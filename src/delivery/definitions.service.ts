import type { Deps } from '../deps.js';
import { invalid, zodDetails } from '../errors.js';
import { readSetting, writeSetting } from '../settings/settings.repo.js';
import { benchmarkProblems } from './benchmark.service.js';
import { deliveryRepo } from './delivery.repo.js';
import { relinkAll } from './incident-links.service.js';
import { DEFAULT_DEFINITIONS, DEFAULT_LABELS, definitionsInput, type Definitions } from './definitions.schema.js';

const KEY = 'delivery_definitions';

/** The delivery definitions in force: stored values over the defaults. */
export function getDefinitions(deps: Pick<Deps, 'db'>): Definitions {
  const stored = readSetting<Partial<Definitions>>(deps.db, KEY) ?? {};
  return {
    ...DEFAULT_DEFINITIONS,
    ...stored,
    labels: { ...DEFAULT_LABELS, ...(stored.labels ?? {}) },
    failure_reasons: stored.failure_reasons ?? [],
    custom_metrics: stored.custom_metrics ?? [],
  };
}

/**
 * Changes some definitions (any subset of the fields). Changing the production environment name
 * recomputes every commit's first production deployment and every rework flag in the same
 * transaction, so reports never mix the old and the new definition.
 */
export function updateDefinitions(deps: Deps, body: unknown): Definitions {
  const parsed = definitionsInput.safeParse(body ?? {});
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const current = getDefinitions(deps);
  const input = parsed.data;
  const next: Definitions = {
    ...current,
    ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
    labels: { ...current.labels, ...(input.labels ?? {}) },
  };
  const seen = new Map<string, number>();
  const problems: Array<{ field: string; message: string }> = [];
  next.failure_reasons.forEach((r, i) => {
    for (const name of [r.reason, ...r.aliases]) {
      const key = normalizeReason(name);
      const owner = seen.get(key);
      if (owner !== undefined && owner !== i)
        problems.push({ field: `failure_reasons.${i}`, message: `"${name}" already belongs to reason ${owner}` });
      seen.set(key, i);
    }
  });
  problems.push(...benchmarkProblems(next));
  if (problems.length) throw invalid(problems);
  deps.db.transaction(() => {
    writeSetting(deps.db, KEY, next, deps.now());
    const envChanged = next.production_environment !== current.production_environment;
    const linksChanged = envChanged || next.incident_link_hours !== current.incident_link_hours;
    const repo = deliveryRepo(deps.db);
    if (envChanged) repo.refreshAllCommits(next.production_environment);
    if (linksChanged) relinkAll(deps, next.production_environment, next.incident_link_hours);
    if (linksChanged) repo.refreshAllRework(next.production_environment);
  })();
  return next;
}

/** Reasons group case-insensitively after trimming. */
export const normalizeReason = (reason: string): string => reason.trim().toLowerCase();

/** Maps any spelling to its canonical reason using the taxonomy and its aliases. */
export function reasonResolver(defs: Definitions): (reason: string | null | undefined) => string {
  const map = new Map<string, string>();
  for (const r of defs.failure_reasons) {
    const canonical = normalizeReason(r.reason);
    map.set(canonical, canonical);
    for (const a of r.aliases) map.set(normalizeReason(a), canonical);
  }
  return (reason) => {
    const key = reason ? normalizeReason(reason) : '';
    if (!key) return 'unspecified';
    return map.get(key) ?? key;
  };
}
