import { describe, expect, it } from 'vitest';
import { routeTable } from '../../src/web/routes.js';

const POLICIES = new Set([
  'public',
  'api:admin',
  'api:ingest',
  'api:read',
  'page:viewer',
  'page:analyst',
  'page:admin',
]);

describe('route table', () => {
  it('gives every route an explicit, known policy', () => {
    const missing = routeTable.filter((r) => !POLICIES.has(r.policy)).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it('keeps API routes behind API policies and writes behind admin or ingest', () => {
    for (const r of routeTable) {
      if (r.path.startsWith('/api/')) expect(r.policy, `${r.method} ${r.path}`).toMatch(/^api:/);
      if (r.path.startsWith('/api/') && r.method !== 'get')
        expect(r.policy, `${r.method} ${r.path}`).not.toBe('api:read');
      if (r.path.startsWith('/admin')) expect(r.policy, `${r.method} ${r.path}`).toBe('page:admin');
    }
  });

  it('has no duplicate method + path pairs', () => {
    const keys = routeTable.map((r) => `${r.method} ${r.path}`);
    expect(keys.length).toBe(new Set(keys).size);
  });
});
