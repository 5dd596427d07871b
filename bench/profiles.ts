/** The knobs of the synthetic org. */
export interface Profile {
  name: string;
  seed: string;
  /** Developers (active people), spread over the leaf teams with uneven sizes. */
  headcount: number;
  /** Teams in total, over `depth` levels (people sit in the leaf teams). */
  teams: number;
  depth: number;
  /** Weekly pulse runs, ending at `endsAt`. */
  weeks: number;
  /** Mean response rate per run (each team gets its own rate around it). */
  responseRate: number;
  /** Share of responses with a free-text comment. */
  commentRate: number;
  /** Production deployments in the history window, each with 1–4 new commits. */
  deployments: number;
  commitsPerDeployment: [number, number];
  services: number;
  incidents: number;
  /** Days of daily cost per leaf team, ending at `endsAt`. */
  costDays: number;
  /** Friction reports (Slack /chorus friction, web). */
  frictionReports: number;
  /** The end of generated history (a Monday); reports are measured on windows before it. */
  endsAt: string;
  /**
   * Benchmark repetitions: report calls, ingestion batches, form posts, autocannon seconds and
   * connections, and the fixed arrival rate (requests/s) of the second Slack load.
   */
  bench: {
    reportRuns: number;
    ingestBatches: number;
    batchSize: number;
    responseBatches: number;
    formPosts: number;
    loadSeconds: number;
    loadConnections: number;
    slackRate: number;
  };
}

const ENDS_AT = '2026-11-23T00:00:00.000Z';

/** Built-in profiles: tiny (tests), small (a minute on a laptop), large (the 10,000-developer org). */
export const PROFILES: Record<string, Profile> = {
  tiny: {
    name: 'tiny',
    seed: 'chorus-tiny',
    headcount: 90,
    teams: 9,
    depth: 3,
    weeks: 8,
    responseRate: 0.6,
    commentRate: 0.3,
    deployments: 1500,
    commitsPerDeployment: [1, 4],
    services: 12,
    incidents: 40,
    costDays: 56,
    frictionReports: 20,
    endsAt: ENDS_AT,
    bench: {
      reportRuns: 3,
      ingestBatches: 2,
      batchSize: 200,
      responseBatches: 2,
      formPosts: 20,
      loadSeconds: 1,
      loadConnections: 10,
      slackRate: 50,
    },
  },
  small: {
    name: 'small',
    seed: 'chorus-small',
    headcount: 500,
    teams: 12,
    depth: 3,
    weeks: 26,
    responseRate: 0.6,
    commentRate: 0.3,
    deployments: 50_000,
    commitsPerDeployment: [1, 4],
    services: 40,
    incidents: 1_000,
    costDays: 182,
    frictionReports: 300,
    endsAt: ENDS_AT,
    bench: {
      reportRuns: 15,
      ingestBatches: 5,
      batchSize: 1000,
      responseBatches: 5,
      formPosts: 200,
      loadSeconds: 3,
      loadConnections: 50,
      slackRate: 200,
    },
  },
  large: {
    name: 'large',
    seed: 'chorus-large',
    headcount: 10_000,
    teams: 120,
    depth: 3,
    weeks: 104,
    responseRate: 0.6,
    commentRate: 0.3,
    deployments: 1_000_000,
    commitsPerDeployment: [1, 4],
    services: 360,
    incidents: 20_000,
    costDays: 730,
    frictionReports: 5_000,
    endsAt: ENDS_AT,
    bench: {
      reportRuns: 30,
      ingestBatches: 10,
      batchSize: 1000,
      responseBatches: 10,
      formPosts: 500,
      loadSeconds: 10,
      loadConnections: 50,
      slackRate: 200,
    },
  },
};

/** A profile by name, or an error listing the known ones. */
export function profileByName(name: string): Profile {
  const p = PROFILES[name];
  if (!p) throw new Error(`Unknown profile "${name}"; use one of ${Object.keys(PROFILES).join(', ')}`);
  return p;
}
