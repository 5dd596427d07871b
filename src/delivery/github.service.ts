import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { getDefinitions } from './definitions.service.js';
import { deliveryRepo } from './delivery.repo.js';
import {
  githubDeploymentPayload,
  githubPushPayload,
  type GithubDeploymentPayload,
  type GithubPushPayload,
} from './github.schema.js';
import { pushForFlow } from './flow.service.js';
import { handlePullRequest, handleReview } from './github-pr.service.js';
import { storeDeployments, type DeploymentRecord } from './ingest.service.js';

/** Checks `X-Hub-Signature-256` (sha256=<hex HMAC of the raw body>) in constant time. */
export function verifyGithubSignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What the webhook answers: 200 when the event was used, 202 when it was ignored. */
export interface WebhookOutcome {
  status: 200 | 202;
  body: {
    event: string;
    outcome: string;
    duplicate?: boolean;
    deployment?: string;
    commits?: number;
    pull_request?: string;
    review?: string;
  };
}

const iso = (v: unknown): string | null => {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

function serviceFor(deps: Deps, repository: GithubDeploymentPayload['repository']) {
  const dir = directoryRepo(deps.db);
  for (const name of [repository?.full_name, repository?.name]) {
    if (name) {
      const s = dir.serviceByName(name);
      if (s) return s;
    }
  }
  return undefined;
}

/** The change set of a deployed sha: the commits of the push that produced it, plus the sha itself. */
export function changeSet(deps: Deps, sha: string, headTime: string | null) {
  const push = deliveryRepo(deps.db).pushByAfter(sha);
  const shas = push ? (JSON.parse(push.commitShas) as string[]) : [];
  const commits = shas.filter((s) => s !== sha).map((s) => ({ sha: s, committedAt: null as string | null }));
  commits.push({ sha, committedAt: headTime });
  return { commits, author: push?.pusherEmail ?? null };
}

function deploymentFrom(deps: Deps, payload: GithubDeploymentPayload, event: string): DeploymentRecord | string {
  const defs = getDefinitions(deps);
  const service = serviceFor(deps, payload.repository);
  if (!service) {
    const fullName = payload.repository?.full_name ?? '';
    const name = payload.repository?.name ?? '';
    return `no service named "${fullName || name}" or "${name}"; create one with POST /api/v1/services`;
  }
  let base: Omit<DeploymentRecord, 'serviceId' | 'teamId' | 'commits' | 'author' | 'headSha'> & {
    headSha: string;
    headTime: string | null;
  };
  if (event === 'deployment_status') {
    const state = payload.deployment_status?.state;
    const status = state === 'success' ? 'success' : state === 'failure' || state === 'error' ? 'failure' : null;
    if (!status) return `deployment state "${state ?? ''}" is not finished`;
    const sha = payload.deployment?.sha ?? '';
    const finishedAt = iso(payload.deployment_status?.updated_at ?? payload.deployment_status?.created_at);
    if (!sha || !finishedAt || payload.deployment?.id === undefined) return 'deployment without id, sha or time';
    base = {
      externalId: `github-deployment-${payload.deployment.id}`,
      environment:
        payload.deployment_status?.environment ?? payload.deployment?.environment ?? defs.production_environment,
      status,
      version: payload.deployment.payload?.version ?? null,
      headSha: sha,
      startedAt: iso(payload.deployment?.created_at),
      finishedAt,
      failureReason: status === 'failure' ? payload.deployment_status?.description || null : null,
      unplanned: 0,
      source: 'github',
      headTime: null,
    };
  } else {
    const run = payload.workflow_run;
    if (payload.action !== 'completed' || run?.status !== 'completed') return 'workflow run not completed';
    const name = payload.workflow?.name || run.name || '';
    if (!new RegExp(defs.deploy_workflow_pattern, 'i').test(name))
      return `workflow "${name}" does not match the deploy pattern`;
    const c = run.conclusion ?? '';
    const status =
      c === 'success' ? 'success' : ['failure', 'timed_out', 'startup_failure'].includes(c) ? 'failure' : null;
    if (!status) return `workflow conclusion "${c}" is not a deployment outcome`;
    const finishedAt = iso(run.updated_at);
    if (!run.head_sha || !finishedAt || run.id === undefined) return 'workflow run without id, sha or time';
    base = {
      externalId: `github-run-${run.id}-${run.run_attempt ?? 1}`,
      environment: defs.production_environment,
      status,
      version: null,
      headSha: run.head_sha,
      startedAt: iso(run.run_started_at),
      finishedAt,
      failureReason: status === 'failure' ? `workflow ${c}` : null,
      unplanned: 0,
      source: 'github',
      headTime: iso(run.head_commit?.timestamp),
    };
  }
  const { headTime, ...row } = base;
  const set = changeSet(deps, row.headSha, headTime);
  return {
    ...row,
    serviceId: service.id,
    teamId: service.teamId,
    author: set.author,
    commits: set.commits,
    commitsMode: 'add',
  };
}

/** Stores a push (GitHub's, or GitLab's in the same shape): its commits, and the change set of deployments of its head. */
export function storePush(deps: Deps, payload: GithubPushPayload): WebhookOutcome['body'] | string {
  const ref = payload.ref ?? '';
  const commits = payload.commits ?? [];
  if (!ref.startsWith('refs/heads/') || commits.length === 0 || !payload.after) return 'push without branch commits';
  const repo = deliveryRepo(deps.db);
  const env = getDefinitions(deps).production_environment;
  const ids: number[] = [];
  const shas: string[] = [];
  for (const c of commits) {
    if (c?.id === undefined) continue;
    shas.push(c.id);
    ids.push(repo.upsertCommit(c.id, iso(c.timestamp)));
  }
  repo.upsertPush(
    payload.after,
    payload.repository?.full_name ?? '',
    ref,
    payload.pusher?.email ?? null,
    shas,
    deps.now().toISOString(),
  );
  for (const d of repo.deploymentsByHeadSha(payload.after)) repo.addDeploymentCommits(d.id, ids);
  repo.refreshCommits(ids, env);
  pushForFlow(deps, {
    after: payload.after,
    before: payload.before ?? null,
    repository: payload.repository?.full_name ?? '',
    ref,
  });
  return { event: 'push', outcome: 'stored', commits: ids.length };
}

/**
 * A copy of a parsed payload without own keys that change how a value turns into text
 * (`toString`, `valueOf`, `toJSON`, `__proto__`, `constructor`): GitHub never sends them, and a
 * hostile payload with them would make `String(x)` throw instead of being ignored.
 */
export function withoutConversionKeys(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) return value.map((v) => withoutConversionKeys(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'toString' || k === 'valueOf' || k === 'toJSON' || k === '__proto__' || k === 'constructor') continue;
    out[k] = withoutConversionKeys(v, depth + 1);
  }
  return out;
}

/**
 * Maps one GitHub delivery onto deployments and commits, once per X-GitHub-Delivery (natural ids
 * make a redelivery under a new delivery id harmless too). Atomic.
 */
export function handleGithubDelivery(
  deps: Deps,
  event: string,
  deliveryId: string | undefined,
  body: unknown,
): WebhookOutcome {
  const repo = deliveryRepo(deps.db);
  const payload = withoutConversionKeys(body);
  return deps.db.transaction((): WebhookOutcome => {
    const seen = deliveryId ? repo.deliveryOutcome(deliveryId) : undefined;
    if (seen) return { status: 200, body: { event, outcome: seen, duplicate: true } };
    let result: WebhookOutcome;
    if (event === 'push') {
      const r = storePush(deps, githubPushPayload.parse(payload));
      result =
        typeof r === 'string' ? { status: 202, body: { event, outcome: `ignored: ${r}` } } : { status: 200, body: r };
    } else if (event === 'deployment_status' || event === 'workflow_run') {
      const rec = deploymentFrom(deps, githubDeploymentPayload.parse(payload), event);
      if (typeof rec === 'string') result = { status: 202, body: { event, outcome: `ignored: ${rec}` } };
      else {
        const dup = storeDeployments(deps, [rec]);
        result = {
          status: 200,
          body: {
            event,
            outcome: dup ? 'updated' : 'stored',
            deployment: rec.externalId,
            commits: rec.commits?.length ?? 0,
          },
        };
      }
    } else if (event === 'pull_request' || event === 'pull_request_review') {
      const r = event === 'pull_request' ? handlePullRequest(deps, payload) : handleReview(deps, payload);
      result =
        typeof r === 'string' ? { status: 202, body: { event, outcome: `ignored: ${r}` } } : { status: 200, body: r };
    } else {
      result = { status: 202, body: { event, outcome: 'ignored: event not used' } };
    }
    if (deliveryId) repo.recordDelivery(deliveryId, event, result.body.outcome, deps.now().toISOString());
    return result;
  })();
}
