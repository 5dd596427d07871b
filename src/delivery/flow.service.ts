import type { Deps } from '../deps.js';
import { flowRepo, type PullRequestRow, type PullRequestWrite } from './flow.repo.js';

/** What one webhook delivery says about a pull request (GitHub) or merge request (GitLab). */
export interface PullRequestSnapshot {
  externalId: string;
  source: 'github' | 'gitlab';
  serviceId: number;
  teamId: number;
  number: number | null;
  authorLogin: string | null;
  authorRef: string | null;
  headRepository: string | null;
  headRef: string | null;
  headSha: string | null;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
  /** Evidence that it was a draft at some point (opened as one, converted to one). */
  everDraft: boolean;
  /** Evidence of when it became ready for review (opened ready, or left draft); null when this delivery does not say. */
  readyAt: string | null;
  openedAt: string;
  mergedAt: string | null;
  closedAt: string | null;
  /** undefined: this delivery does not carry sizes (keep the stored ones). */
  additions?: number | null;
  deletions?: number | null;
  mergeCommitSha: string | null;
  /** The platform's updated_at: an older snapshot delivered late never overwrites a newer one. */
  snapshotAt: string | null;
}

const ZERO_SHA = /^0+$/;
const earliest = (a: string | null, b: string | null) => (a === null ? b : b === null ? a : a < b ? a : b);
/** How many pushes the walk back along a branch follows at most (a guard against cycles and huge histories). */
const MAX_PUSHES = 1000;

/**
 * The stored row after applying a snapshot. Facts that only happen once keep their first value
 * (merged, the merge commit, first ready time, ever a draft); the rest follow the newest snapshot.
 */
function merge(existing: PullRequestRow | undefined, s: PullRequestSnapshot): PullRequestWrite {
  const newer = !existing || !existing.snapshotAt || !s.snapshotAt || s.snapshotAt >= existing.snapshotAt;
  const mergedAt = existing?.mergedAt ?? s.mergedAt;
  const latest = {
    serviceId: s.serviceId,
    teamId: s.teamId,
    headRepository: s.headRepository ?? existing?.headRepository ?? null,
    headRef: s.headRef ?? existing?.headRef ?? null,
    state: s.state,
    draft: s.draft ? 1 : 0,
    closedAt: s.closedAt,
    additions: s.additions === undefined ? (existing?.additions ?? null) : s.additions,
    deletions: s.deletions === undefined ? (existing?.deletions ?? null) : s.deletions,
    snapshotAt: s.snapshotAt,
  };
  const base = newer || !existing ? latest : { ...existing };
  return {
    externalId: s.externalId,
    source: s.source,
    serviceId: base.serviceId,
    teamId: base.teamId,
    number: s.number ?? existing?.number ?? null,
    authorLogin: s.authorLogin ?? existing?.authorLogin ?? null,
    authorRef: s.authorRef ?? existing?.authorRef ?? null,
    headRepository: base.headRepository,
    headRef: base.headRef,
    state: mergedAt ? 'merged' : base.state,
    draft: mergedAt ? 0 : base.draft,
    everDraft: existing?.everDraft || s.everDraft || s.draft ? 1 : 0,
    openedAt: existing?.openedAt && existing.openedAt < s.openedAt ? existing.openedAt : s.openedAt,
    readyAt: earliest(existing?.readyAt ?? null, s.readyAt),
    mergedAt,
    closedAt: mergedAt ? (existing?.closedAt ?? s.closedAt ?? mergedAt) : base.closedAt,
    additions: base.additions,
    deletions: base.deletions,
    mergeCommitSha: existing?.mergeCommitSha ?? s.mergeCommitSha,
    snapshotAt: base.snapshotAt,
  };
}

/**
 * Stores one snapshot of a pull request (insert or update by external id), records its head sha
 * and recomputes its first commit. Call inside a transaction. Returns its id and whether it existed.
 */
export function storePullRequest(deps: Deps, s: PullRequestSnapshot): { id: number; existed: boolean } {
  const repo = flowRepo(deps.db);
  const now = deps.now().toISOString();
  const existing = repo.byExternal(s.externalId);
  const row = merge(existing, s);
  let id: number;
  if (existing) {
    id = existing.id;
    repo.update(id, row, now);
  } else id = repo.insert(row, now);
  if (s.headSha) repo.addHead(id, s.headSha);
  refreshFirstCommit(deps, id);
  repo.refreshReviews(id);
  repo.bumpDataVersion();
  return { id, existed: existing !== undefined };
}

/** Records one review (idempotent by review id) and recomputes first review and approval. Returns whether it was new. */
export function storeReview(
  deps: Deps,
  prId: number,
  review: {
    reviewRef: string;
    reviewerRef: string | null;
    reviewerLogin: string | null;
    state: string;
    submittedAt: string;
  },
): boolean {
  const repo = flowRepo(deps.db);
  const existed = repo.reviewExists(prId, review.reviewRef);
  repo.upsertReview({ prId, ...review });
  repo.refreshReviews(prId);
  repo.bumpDataVersion();
  return !existed;
}

/**
 * The first commit of a pull request: walk back from each head sha it has had through the pushes
 * to its branch (a push's `before` is the previous tip), collecting their commits; stop at a new
 * branch (before = 000…), a push to another branch, or the head of another pull request (a reused
 * branch). The earliest commit time among them is the first commit.
 */
export function refreshFirstCommit(deps: Deps, prId: number): void {
  const repo = flowRepo(deps.db);
  const pr = repo.byId(prId);
  if (!pr) return;
  const visited = new Set<string>();
  const shas = new Set<string>();
  for (const head of repo.headsOf(prId)) {
    let sha: string | null = head;
    while (sha && !ZERO_SHA.test(sha) && !visited.has(sha) && visited.size < MAX_PUSHES) {
      visited.add(sha);
      const push = repo.push(sha);
      if (!push || push.repository !== pr.headRepository || push.ref !== pr.headRef) break;
      for (const c of JSON.parse(push.commitShas) as string[]) shas.add(c);
      sha = push.beforeSha;
      if (sha && repo.isHeadOfOther(sha, prId)) break;
    }
  }
  repo.setFirstCommit(prId, shas.size ? repo.earliestCommit([...shas]) : null);
}

/** After a push: remember its `before` and refresh the first commit of the pull requests of that branch. */
export function pushForFlow(
  deps: Deps,
  push: { after: string; before: string | null; repository: string; ref: string },
) {
  const repo = flowRepo(deps.db);
  repo.setPushBefore(push.after, push.before);
  const ids = repo.pullRequestsOnBranch(push.repository, push.ref);
  for (const id of ids) refreshFirstCommit(deps, id);
  if (ids.length) repo.bumpDataVersion();
}
