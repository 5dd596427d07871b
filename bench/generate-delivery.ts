import type { Deps } from '../src/deps.js';
import { getDefinitions } from '../src/delivery/definitions.service.js';
import { deliveryRepo } from '../src/delivery/delivery.repo.js';
import { FAILURE_REASONS } from './phrases.js';
import type { Org } from './generate-org.js';
import type { Profile } from './profiles.js';
import { Rng, weightedPicker } from './rng.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const CHUNK = 50_000;

/**
 * Production deployments over the history window, in time order, each shipping 1–4 new commits;
 * a failed or rolled-back deployment's commits ship again with the service's next deployment, so
 * "first successful deployment" is not simply "the deployment that carried the commit".
 * First deployment and lead time are written with each commit (the repo's rule, checked by a
 * test); incident links and rework come from the delivery repo's own bulk functions (deriveDelivery).
 */
export function generateDelivery(deps: Deps, p: Profile, rng: Rng, org: Org): void {
  const db = deps.db;
  const env = getDefinitions(deps).production_environment;
  const endMs = Date.parse(p.endsAt);
  const startMs = endMs - p.weeks * 7 * DAY;
  const span = endMs - startMs;
  const pickService = weightedPicker(org.services.map(() => rng.logNormal(1, 0.8)));
  const failRate = org.services.map(() => Math.min(0.35, Math.max(0.03, rng.normal(0.12, 0.06))));
  const leadMedianHours = org.services.map(() => rng.logNormal(20, 0.7));

  // Times and services first (typed arrays: a million deployments stay small), then sort by time.
  const n = p.deployments;
  const times = new Float64Array(n);
  const svc = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let t = startMs + Math.floor(rng.next() * span);
    const weekday = new Date(t).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng.chance(0.8)) t -= 2 * DAY; // quieter weekends
    times[i] = Math.max(startMs, t);
    svc[i] = pickService(rng);
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => times[a] - times[b] || a - b);

  const insertDeployment =
    db.prepare(`INSERT INTO deployments (id, external_id, service_id, team_id, environment, status, version,
      version_key, started_at, finished_at, failure_reason, unplanned, source, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?, ?)`);
  // (service, version) → deployment_versions.id, numbered in first-seen order as the repo's upsert does.
  const insertVersion = db.prepare('INSERT INTO deployment_versions (id, service_id, version) VALUES (?, ?, ?)');
  const versionKeys = new Map<string, number>();
  const versionKey = (serviceId: number, version: string) => {
    const key = `${serviceId}|${version}`;
    let id = versionKeys.get(key);
    if (id === undefined) {
      id = versionKeys.size + 1;
      versionKeys.set(key, id);
      insertVersion.run(id, serviceId, version);
    }
    return id;
  };
  const insertCommit =
    db.prepare(`INSERT INTO commits (id, sha, committed_at, first_deployment_id, first_deployed_at, first_team_id, first_service_id)
    VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const insertLink = db.prepare('INSERT INTO deployment_commits (deployment_id, commit_id) VALUES (?, ?)');
  // Commits waiting for a successful deployment of their service: [id, sha, committed_at].
  const pending = new Map<number, Array<[number, string, string]>>();
  const versionOf = new Int32Array(org.services.length);
  const failedIds: number[] = [];
  let commitId = 0;
  const [minCommits, maxCommits] = p.commitsPerDeployment;

  // Deployments are inserted in (finished_at, id) order, so a commit's first successful production
  // deployment is the first successful one that carries it: the commit row is written right then,
  // with the derived columns the delivery repo would compute (lead_hours by its SQL, below).
  db.pragma('foreign_keys = OFF');
  for (let start = 0; start < n; start += CHUNK) {
    db.transaction(() => {
      for (let k = start; k < Math.min(n, start + CHUNK); k++) {
        const i = order[k];
        const id = k + 1;
        const s = svc[i];
        const service = org.services[s];
        const finished = times[i];
        const roll = rng.next();
        const status = roll < failRate[s] * 0.7 ? 'failure' : roll < failRate[s] ? 'rolled_back' : 'success';
        if (status === 'success') versionOf[s]++;
        const reason = status !== 'success' && rng.chance(0.7) ? rng.pick(FAILURE_REASONS) : null;
        const finishedIso = iso(finished);
        const version = `${service.name}@${versionOf[s] + 1}`;
        insertDeployment.run(
          id,
          `dep-${id}`,
          service.id,
          service.teamId,
          env,
          status,
          version,
          versionKey(service.id, version),
          iso(finished - rng.int(3, 40) * 60_000),
          finishedIso,
          reason,
          rng.chance(0.02) ? 1 : 0,
          finishedIso,
          finishedIso,
        );
        if (status !== 'success') failedIds.push(id);
        const carried = pending.get(s) ?? [];
        for (let c = rng.int(minCommits, maxCommits); c > 0; c--) {
          commitId++;
          const committed = finished - Math.max(60_000, rng.logNormal(leadMedianHours[s], 1) * HOUR);
          carried.push([
            commitId,
            `${rng.hex(32)}${commitId.toString(16).padStart(8, '0')}`,
            iso(Math.floor(committed)),
          ]);
        }
        for (const [c] of carried) insertLink.run(id, c);
        if (status === 'success') {
          for (const [c, sha, at] of carried) insertCommit.run(c, sha, at, id, finishedIso, service.teamId, service.id);
          pending.set(s, []);
        } else {
          // A long failing streak gives up on its oldest commits: they never reach production.
          while (carried.length > 20) {
            const [c, sha, at] = carried.shift()!;
            insertCommit.run(c, sha, at, null, null, null, null);
          }
          pending.set(s, carried);
        }
      }
    })();
  }
  db.transaction(() => {
    for (const list of pending.values())
      for (const [c, sha, at] of list) insertCommit.run(c, sha, at, null, null, null, null);
    // The delivery repo's lead-time rule, verbatim.
    db.prepare(
      `UPDATE commits SET lead_hours = CASE WHEN first_deployed_at IS NULL OR committed_at IS NULL THEN NULL
      ELSE (unixepoch(first_deployed_at, 'subsec') - unixepoch(committed_at, 'subsec')) / 3600.0 END`,
    ).run();
  })();
  db.pragma('foreign_keys = ON');
  generateIncidents(deps, p, rng, org, n, failedIds);
  generateCosts(deps, p, rng, org);
}

/**
 * Incident links, failure keys and rework flags of every deployment, by the delivery repo's own
 * functions (run once the schema is complete: they are service code), as ingestion runs them.
 */
export function deriveDelivery(deps: Deps): void {
  const db = deps.db;
  const env = getDefinitions(deps).production_environment;
  const repo = deliveryRepo(db);
  db.transaction(() => {
    repo.refreshIncidentLinks(db.prepare('SELECT external_id FROM deployments ORDER BY id').pluck().all() as string[]);
    repo.refreshAllRework(env);
  })();
}

/** Incidents: most caused by a deployment (a failed one more often than not), resolved within hours. */
function generateIncidents(deps: Deps, p: Profile, rng: Rng, org: Org, deployments: number, failedIds: number[]): void {
  const db = deps.db;
  const deployment = db.prepare(
    'SELECT service_id AS serviceId, team_id AS teamId, finished_at AS finishedAt FROM deployments WHERE id = ?',
  );
  const insert =
    db.prepare(`INSERT INTO incidents (external_id, team_id, service_id, opened_at, resolved_at, severity, deployment_ref, reason, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const endMs = Date.parse(p.endsAt);
  const span = p.weeks * 7 * DAY;
  db.transaction(() => {
    for (let i = 1; i <= p.incidents; i++) {
      let teamId: number;
      let serviceId: number | null;
      let opened: number;
      let ref: string | null = null;
      if (rng.chance(0.7)) {
        const depId = failedIds.length && rng.chance(0.6) ? rng.pick(failedIds) : rng.int(1, deployments);
        const d = deployment.get(depId) as { serviceId: number; teamId: number; finishedAt: string };
        ({ teamId, serviceId } = d);
        opened = Date.parse(d.finishedAt) + rng.int(5, 600) * 60_000;
        ref = `dep-${depId}`;
      } else {
        const s = rng.pick(org.services);
        teamId = s.teamId;
        serviceId = rng.chance(0.8) ? s.id : null;
        opened = endMs - span + Math.floor(rng.next() * span);
      }
      const resolved = rng.chance(0.95) ? iso(opened + Math.floor(rng.logNormal(2.5, 1) * HOUR)) : null;
      const reason = rng.chance(0.6) ? rng.pick(FAILURE_REASONS) : null;
      insert.run(
        `inc-${i}`,
        teamId,
        serviceId,
        iso(opened),
        resolved,
        rng.pick(['sev1', 'sev2', 'sev3', 'sev3', 'sev4']),
        ref,
        reason,
        iso(opened),
        iso(opened),
      );
    }
  })();
}

/** Daily cost and utilization per leaf team (a second namespace for one team in four). */
function generateCosts(deps: Deps, p: Profile, rng: Rng, org: Org): void {
  const insert = deps.db
    .prepare(`INSERT INTO costs (team_id, date, namespace, cost, cpu_requested, cpu_used, memory_requested_gb,
      memory_used_gb, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const endMs = Date.parse(p.endsAt);
  const round2 = (x: number) => Math.round(x * 100) / 100;
  deps.db.transaction(() => {
    org.leafTeamIds.forEach((teamId, t) => {
      const base = rng.logNormal(300, 0.6);
      const namespaces = t % 4 === 0 ? ['', 'batch'] : [''];
      for (let d = p.costDays; d >= 1; d--) {
        const date = iso(endMs - d * DAY).slice(0, 10);
        for (const ns of namespaces) {
          const cpuReq = round2(base / 10);
          const util = Math.min(1, Math.max(0.05, rng.normal(0.45, 0.15)));
          insert.run(
            teamId,
            date,
            ns,
            round2(base * (0.8 + rng.next() * 0.4)),
            cpuReq,
            round2(cpuReq * util),
            round2(base / 5),
            round2((base / 5) * Math.min(1, util + 0.1)),
            `${date}T23:00:00.000Z`,
            `${date}T23:00:00.000Z`,
          );
        }
      }
    });
  })();
}
