import { createHash, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../deps.js';
import { getDefinitions } from './definitions.service.js';
import { deliveryRepo } from './delivery.repo.js';
import { storePullRequest, storeReview, type PullRequestSnapshot } from './flow.service.js';
import { changeSet, storePush, withoutConversionKeys, type WebhookOutcome } from './github.service.js';
import {
  gitlabDeploymentPayload,
  gitlabMergeRequestPayload,
  gitlabPushPayload,
  type GitlabDeploymentPayload,
  type GitlabMergeRequestPayload,
} from './gitlab.schema.js';
import { storeDeployments, type DeploymentRecord } from './ingest.service.js';
import { noServiceReason, platformTime, serviceForRepository } from './repository-service.js';

/**
 * Checks `X-Gitlab-Token` against the secret in constant time. Both sides are hashed first, so
 * the comparison takes the same time whatever the length of what was sent.
 */
export function verifyGitlabToken(secret: string, header: string | undefined): boolean {
  if (!header) return false;
  const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();
  return timingSafeEqual(digest(header), digest(secret));
}

/** The `X-Gitlab-Event` values Chorus uses, and the event name it answers with. */
const EVENTS: Record<string, string> = {
  'Deployment Hook': 'deployment',
  'Push Hook': 'push',
  'Merge Request Hook': 'merge_request',
};

/** GitLab deployment status → Chorus status (running and created are not finished). */
const DEPLOYMENT_STATUS: Record<string, { status: 'success' | 'failure'; reason: string | null }> = {
  success: { status: 'success', reason: null },
  failed: { status: 'failure', reason: null },
  canceled: { status: 'failure', reason: 'canceled' },
};

/** The merge request actions that change what flow measures. */
const MERGE_REQUEST_ACTIONS = ['open', 'reopen', 'update', 'approved', 'approval', 'merge', 'close'];

type Project = GitlabDeploymentPayload['project'];
const projectNames = (p: Project) => {
  const path = p?.path_with_namespace;
  return [path, path?.split('/').pop(), p?.name];
};

function deploymentFrom(deps: Deps, payload: GitlabDeploymentPayload): DeploymentRecord | string {
  const names = projectNames(payload.project);
  const service = serviceForRepository(deps, names);
  if (!service) return noServiceReason(names);
  const mapped = DEPLOYMENT_STATUS[payload.status ?? ''];
  if (!mapped) return `deployment status "${payload.status ?? ''}" is not finished`;
  const finishedAt = platformTime(payload.status_changed_at);
  // The payload names the full sha only inside commit_url (…/-/commit/<sha>); short_sha otherwise.
  const sha = /\/commit\/([0-9a-f]{40})(?:[/?#]|$)/i.exec(payload.commit_url ?? '')?.[1] ?? payload.short_sha;
  if (payload.deployment_id === undefined || !finishedAt || !sha) return 'deployment without id, sha or time';
  const defs = getDefinitions(deps);
  const set = changeSet(deps, sha, null);
  const email = payload.user?.email;
  return {
    externalId: `gitlab-deployment-${payload.deployment_id}`,
    serviceId: service.id,
    teamId: service.teamId,
    // GitLab's tier says which environment is production, whatever its name.
    environment:
      payload.environment_tier === 'production'
        ? defs.production_environment
        : (payload.environment ?? defs.production_environment),
    status: mapped.status,
    version: null,
    headSha: sha,
    startedAt: null,
    finishedAt,
    failureReason: mapped.reason,
    unplanned: 0,
    author: email && email.includes('@') ? email : set.author,
    source: 'gitlab',
    commits: set.commits,
    commitsMode: 'add',
  };
}

function mergeRequestSnapshot(
  deps: Deps,
  payload: GitlabMergeRequestPayload,
  receivedAt: string,
): PullRequestSnapshot | string {
  const names = projectNames(payload.project);
  const service = serviceForRepository(deps, names);
  if (!service) return noServiceReason(names);
  const mr = payload.object_attributes;
  const path = payload.project?.path_with_namespace;
  const openedAt = platformTime(mr?.created_at);
  if (!mr || mr.iid === undefined || !openedAt || !path) return 'merge request without iid, created_at or project';
  const action = mr.action ?? '';
  const updatedAt = platformTime(mr.updated_at) ?? receivedAt;
  const merged = mr.state === 'merged' || action === 'merge';
  const draft = mr.draft ?? mr.work_in_progress ?? false;
  const leftDraft = payload.changes?.draft?.previous === true && payload.changes.draft.current === false;
  const authorRef = mr.author_id === undefined ? null : String(mr.author_id);
  const actorIsAuthor = authorRef !== null && payload.user?.id !== undefined && String(payload.user.id) === authorRef;
  return {
    externalId: `gitlab:${path}!${mr.iid}`,
    source: 'gitlab',
    serviceId: service.id,
    teamId: service.teamId,
    number: mr.iid,
    authorLogin: actorIsAuthor ? (payload.user?.username ?? null) : null,
    authorRef,
    headRepository: mr.source?.path_with_namespace ?? path,
    headRef: mr.source_branch ? `refs/heads/${mr.source_branch}` : null,
    headSha: mr.last_commit?.id ?? null,
    state: merged ? 'merged' : mr.state === 'closed' ? 'closed' : 'open',
    draft,
    everDraft: draft || payload.changes?.draft?.previous === true,
    readyAt: action === 'open' && !draft ? openedAt : leftDraft ? updatedAt : null,
    openedAt,
    // Older GitLab versions send no merged_at: the merge event's own update time is the merge.
    mergedAt: merged ? (platformTime(mr.merged_at) ?? (action === 'merge' ? updatedAt : null)) : null,
    closedAt: mr.state === 'closed' ? updatedAt : null,
    mergeCommitSha: merged ? (mr.merge_commit_sha ?? null) : null,
    snapshotAt: updatedAt,
  };
}

function handleMergeRequest(deps: Deps, payload: GitlabMergeRequestPayload): WebhookOutcome['body'] | string {
  const action = payload.object_attributes?.action ?? '';
  if (!MERGE_REQUEST_ACTIONS.includes(action)) return `merge request action "${action}" is not used`;
  const receivedAt = deps.now().toISOString();
  const snap = mergeRequestSnapshot(deps, payload, receivedAt);
  if (typeof snap === 'string') return snap;
  const { id, existed } = storePullRequest(deps, snap);
  if ((action === 'approved' || action === 'approval') && payload.user?.id !== undefined) {
    // An approval carries no time of its own: the time Chorus received it (the earliest, on redelivery).
    storeReview(deps, id, {
      reviewRef: `approval:${payload.user.id}`,
      reviewerRef: String(payload.user.id),
      reviewerLogin: payload.user.username ?? null,
      state: 'approved',
      submittedAt: receivedAt,
    });
  }
  return { event: 'merge_request', outcome: existed ? 'updated' : 'stored', pull_request: snap.externalId };
}

function handle(deps: Deps, event: string, payload: unknown): WebhookOutcome {
  const ignored = (why: string): WebhookOutcome => ({ status: 202, body: { event, outcome: `ignored: ${why}` } });
  if (event === 'deployment') {
    const rec = deploymentFrom(deps, gitlabDeploymentPayload.parse(payload));
    if (typeof rec === 'string') return ignored(rec);
    const dup = storeDeployments(deps, [rec]);
    const body = { event, outcome: dup ? 'updated' : 'stored', deployment: rec.externalId };
    return { status: 200, body: { ...body, commits: rec.commits?.length ?? 0 } };
  }
  if (event === 'push') {
    const p = gitlabPushPayload.parse(payload);
    const r = storePush(deps, {
      ref: p.ref,
      before: p.before,
      after: p.after,
      repository: { full_name: p.project?.path_with_namespace, name: p.project?.name },
      pusher: { email: p.user_email && p.user_email.includes('@') ? p.user_email : undefined },
      commits: p.commits?.map((c) => (c ? { id: c.id, timestamp: platformTime(c.timestamp) ?? undefined } : null)),
    });
    return typeof r === 'string' ? ignored(r) : { status: 200, body: { ...r, event } };
  }
  const r = handleMergeRequest(deps, gitlabMergeRequestPayload.parse(payload));
  return typeof r === 'string' ? ignored(r) : { status: 200, body: r };
}

/**
 * Maps one GitLab delivery onto deployments, commits and pull requests, once per delivery
 * (`Idempotency-Key`, else `X-Gitlab-Event-UUID`); natural ids make a redelivery under a new id
 * harmless too. Atomic.
 */
export function handleGitlabDelivery(
  deps: Deps,
  eventHeader: string,
  deliveryId: string | undefined,
  body: unknown,
): WebhookOutcome {
  const event = EVENTS[eventHeader];
  if (!event) return { status: 202, body: { event: eventHeader, outcome: 'ignored: event not used' } };
  const repo = deliveryRepo(deps.db);
  const key = deliveryId ? `gitlab:${deliveryId}` : undefined;
  const payload = withoutConversionKeys(body);
  return deps.db.transaction((): WebhookOutcome => {
    const seen = key ? repo.deliveryOutcome(key) : undefined;
    if (seen) return { status: 200, body: { event, outcome: seen, duplicate: true } };
    const result = handle(deps, event, payload);
    if (key) repo.recordDelivery(key, event, result.body.outcome, deps.now().toISOString());
    return result;
  })();
}
