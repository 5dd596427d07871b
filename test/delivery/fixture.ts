/** A small hand-computed delivery fixture (window 2026-03-01 … 2026-03-15, two weeks). */
export const TEAMS = {
  teams: [
    { key: 'eng', name: 'Engineering' },
    { key: 'payments', name: 'Payments', parent: 'eng' },
    { key: 'search', name: 'Search', parent: 'eng' },
  ],
};

const c = (sha: string, committed_at: string) => ({ sha, committed_at });

export const DEPLOYMENTS = {
  deployments: [
    // payments-api does not exist yet: created for the known team.
    {
      id: 'd1',
      service: 'payments-api',
      team: 'payments',
      finished_at: '2026-03-02T10:00:00Z',
      version: 'v1',
      commits: [c('c1', '2026-03-01T10:00:00Z'), c('c2', '2026-03-02T08:00:00Z')],
    },
    {
      id: 'd2',
      service: 'payments-api',
      finished_at: '2026-03-02T12:00:00Z',
      status: 'failure',
      failure_reason: 'Flaky tests',
      commits: [c('c3', '2026-03-02T11:00:00Z')],
    },
    // Redeploys c1 (counted once, at d1) and ships c3; rework (within 24 h after d2).
    {
      id: 'd3',
      service: 'payments-api',
      finished_at: '2026-03-02T14:00:00Z',
      version: 'v2',
      commits: [c('c3', '2026-03-02T11:00:00Z'), c('c1', '2026-03-01T10:00:00Z')],
    },
    // Same version again; an incident names it → a failure.
    {
      id: 'd4',
      service: 'payments-api',
      finished_at: '2026-03-03T09:00:00+00:00',
      version: 'v2',
      commits: [c('c4', '2026-03-03T03:00:00Z')],
    },
    {
      id: 'd5',
      service: 'payments-api',
      finished_at: '2026-03-04T09:00:00Z',
      status: 'rolled_back',
      failure_reason: '  flaky TESTS ',
      commits: [c('c5', '2026-03-04T08:00:00Z')],
    },
    {
      id: 'd6',
      service: 'payments-api',
      environment: 'staging',
      finished_at: '2026-03-04T10:00:00Z',
      commits: [c('c5', '2026-03-04T08:00:00Z')],
    },
    {
      id: 'd7',
      service: 'payments-api',
      finished_at: '2026-03-10T09:00:00Z',
      unplanned: true,
      author: 'Dev@Acme.example',
      commits: [c('c5', '2026-03-04T08:00:00Z'), c('c6', '2026-03-10T10:00:00Z')],
    },
    {
      id: 'd8',
      service: 'payments-api',
      finished_at: '2026-02-28T09:00:00Z',
      commits: [c('c0', '2026-02-27T09:00:00Z')],
    },
    {
      id: 'd9',
      service: 'payments-api',
      finished_at: '2026-03-15T00:00:00Z',
      commits: [c('c7', '2026-03-14T00:00:00Z')],
    },
    {
      id: 's1',
      service: 'search-api',
      team: 'search',
      finished_at: '2026-03-05T10:00:00Z',
      commits: [c('c8', '2026-03-05T00:00:00Z')],
    },
  ],
};

export const INCIDENTS = {
  incidents: [
    {
      id: 'i1',
      service: 'payments-api',
      opened_at: '2026-03-03T10:00:00Z',
      resolved_at: '2026-03-03T12:30:00Z',
      deployment_id: 'd4',
      reason: 'Config',
    },
    {
      id: 'i2',
      service: 'payments-api',
      opened_at: '2026-03-05T00:00:00Z',
      resolved_at: '2026-03-05T10:00:00Z',
      severity: 'sev2',
    },
    { id: 'i3', team: 'payments', opened_at: '2026-03-06T00:00:00Z' },
    { id: 'i4', team: 'payments', opened_at: '2026-02-27T00:00:00Z', resolved_at: '2026-02-27T05:00:00Z' },
    {
      id: 'i5',
      team: 'payments',
      opened_at: '2026-03-02T12:30:00Z',
      resolved_at: '2026-03-02T13:30:00Z',
      deployment_id: 'd2',
      reason: 'Database',
    },
  ],
};

export const WINDOW = 'from=2026-03-01&to=2026-03-15';
