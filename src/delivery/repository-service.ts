import type { Deps } from '../deps.js';
import { directoryRepo, type Service } from '../directory/directory.repo.js';

/**
 * The Chorus service a repository (GitHub) or project (GitLab) maps to: the first of its names,
 * most specific first (`owner/repo`, then `repo`), that names a service. Services are created with
 * POST /api/v1/services; nothing is created from a webhook.
 */
export function serviceForRepository(deps: Deps, names: Array<string | undefined | null>): Service | undefined {
  const dir = directoryRepo(deps.db);
  for (const name of names) {
    if (name) {
      const s = dir.serviceByName(name);
      if (s) return s;
    }
  }
  return undefined;
}

/** The "ignored" reason when no service matches, naming what was tried. */
export const noServiceReason = (names: Array<string | undefined | null>) =>
  `no service named ${[...new Set(names.filter(Boolean))].map((n) => `"${n}"`).join(' or ') || '""'}; create one with POST /api/v1/services`;

/** An ISO instant from a platform time (ISO text, epoch seconds, or GitLab's "2021-04-28 21:50:00 +0200" / "… UTC"). */
export function platformTime(v: unknown): string | null {
  if (typeof v === 'number') {
    const d = new Date(v < 1e11 ? v * 1000 : v);
    return Number.isNaN(d.getTime()) ? null : d.toISOString();
  }
  if (typeof v !== 'string' || v === '') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)\s*(UTC|Z|[+-]\d{2}:?\d{2})?$/.exec(v.trim());
  const text = m
    ? `${m[1]}T${m[2]}${!m[3] || m[3] === 'UTC' ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3]}`
    : v;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
