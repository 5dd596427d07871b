import { describe, expect, it } from 'vitest';
import { routeName } from './route-calls.js';
import { apiWriteRoutes } from './fuzz/api-suite.js';
import { SAMPLES } from './fuzz/samples.js';

describe('fuzz coverage', () => {
  it('fuzzes every ingestion route of the contract', () => {
    const names = apiWriteRoutes.map(routeName);
    for (const r of [
      '/api/v1/teams',
      '/api/v1/people',
      '/api/v1/services',
      '/api/v1/deployments',
      '/api/v1/incidents',
      '/api/v1/costs',
      '/api/v1/events',
      '/api/v1/surveys',
      '/api/v1/surveys/:key/responses',
    ]) {
      expect(names).toContain(`POST ${r}`);
    }
  });

  it('names the API write routes that have no valid sample yet (they are fuzzed from {} only)', () => {
    const missing = apiWriteRoutes.map(routeName).filter((n) => !SAMPLES[n]);
    if (missing.length) console.warn(`add a sample to test/security/fuzz/samples.ts for: ${missing.join(', ')}`);
    expect(apiWriteRoutes.length - missing.length).toBeGreaterThanOrEqual(17);
  });
});
