import type { Deps } from '../../src/deps.js';
import type { RouteDef } from '../../src/web/route.js';
import type { apiClient } from '../helpers/server.js';
import { fillPath } from './route-calls.js';
import { XSS_PAYLOADS } from './xss-payloads.js';

type Api = ReturnType<typeof apiClient>;

export interface XssContext {
  stored: { teams: number; people: number; services: number };
  /** Every GET page of the route table, with real keys where it has parameters, plus reflected-query probes. */
  pagePaths: (routes: RouteDef[]) => string[];
}

/**
 * Stores every payload wherever user text enters Chorus: team, person and service names (and,
 * as those features exist, survey comments, friction reports, theme labels, Slack display names).
 */
export async function seedXssData(_deps: Deps, api: Api, _base: string): Promise<XssContext> {
  const stored = { teams: 0, people: 0, services: 0 };
  await api.post('/api/v1/teams', { key: 'xss-root', name: 'Root' });
  for (const [i, payload] of XSS_PAYLOADS.entries()) {
    const team = await api.post('/api/v1/teams', { key: `xss-${i}`, name: payload, parent: i % 3 === 0 ? 'xss-root' : undefined });
    if (team.status === 200) stored.teams++;
    const person = await api.post('/api/v1/people', { email: `xss${i}@test.example`, name: payload, team: `xss-${i}`, slack_user_id: `U0XSS${i}` });
    if (person.status === 200) stored.people++;
    const service = await api.post('/api/v1/services', { name: payload, team: `xss-${i}` });
    if (service.status === 200) stored.services++;
  }
  const reflected = encodeURIComponent(XSS_PAYLOADS[3]);
  return {
    stored,
    pagePaths: (routes) => {
      const out: string[] = [];
      for (const r of routes) {
        if (r.method !== 'get' || r.path.startsWith('/api/') || r.path.startsWith('/webhooks/') || r.path.startsWith('/slack/')) continue;
        const path = fillPath(r.path, r.path.startsWith('/teams') ? 'xss-0' : 'zz-dummy');
        out.push(path);
        out.push(`${path}?team=xss-0&next=${reflected}&q=${reflected}&from=${reflected}&to=2026-13-45&format=${reflected}`);
      }
      out.push(`/login?next=${reflected}`, `/no-such-page-${reflected}`, '/teams/xss-root', '/teams/xss-1');
      return [...new Set(out)];
    },
  };
}
