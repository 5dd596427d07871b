import type { Deps } from '../deps.js';
import { storePullRequest, storeReview, type PullRequestSnapshot } from './flow.service.js';
import {
  githubPullRequestPayload,
  githubReviewPayload,
  type GithubPullRequestPayload,
  type GithubReviewPayload,
} from './github-pr.schema.js';
import { noServiceReason, platformTime, serviceForRepository } from './repository-service.js';

/** The `pull_request` actions that change what flow measures; others are answered 202. */
export const PULL_REQUEST_ACTIONS = [
  'opened',
  'reopened',
  'ready_for_review',
  'converted_to_draft',
  'synchronize',
  'closed',
] as const;

/** What a used delivery answers (200); a string is the reason it was ignored (202). */
export interface PullRequestOutcome {
  event: string;
  outcome: string;
  pull_request: string;
  review?: string;
}

type Repository = GithubPullRequestPayload['repository'];
type PullRequest = GithubPullRequestPayload['pull_request'];

/** The snapshot of GitHub's pull request object, or why it cannot be used. */
function snapshotOf(deps: Deps, repository: Repository, pr: PullRequest, action: string): PullRequestSnapshot | string {
  const names = [repository?.full_name, repository?.name];
  const service = serviceForRepository(deps, names);
  if (!service) return noServiceReason(names);
  const openedAt = platformTime(pr?.created_at);
  if (!pr || pr.number === undefined || !openedAt || !repository?.full_name)
    return 'pull request without number, created_at or repository';
  const mergedAt = pr.merged === false ? null : platformTime(pr.merged_at);
  const draft = pr.draft === true;
  return {
    externalId: `github:${repository.full_name}#${pr.number}`,
    source: 'github',
    serviceId: service.id,
    teamId: service.teamId,
    number: pr.number,
    authorLogin: pr.user?.login ?? null,
    authorRef: pr.user?.id === undefined ? null : String(pr.user.id),
    headRepository: pr.head?.repo?.full_name ?? repository.full_name,
    headRef: pr.head?.ref ? `refs/heads/${pr.head.ref}` : null,
    headSha: pr.head?.sha ?? null,
    state: mergedAt ? 'merged' : pr.state === 'closed' ? 'closed' : 'open',
    draft,
    everDraft: draft || action === 'converted_to_draft',
    // Opened ready: ready since creation. Left draft: ready at the time of that change.
    readyAt:
      action === 'opened' && !draft ? openedAt : action === 'ready_for_review' ? platformTime(pr.updated_at) : null,
    openedAt,
    mergedAt,
    closedAt: platformTime(pr.closed_at),
    additions: pr.additions,
    deletions: pr.deletions,
    // GitHub's merge_commit_sha before a merge is a test merge; only the merged one is a real commit.
    mergeCommitSha: mergedAt ? (pr.merge_commit_sha ?? null) : null,
    snapshotAt: platformTime(pr.updated_at),
  };
}

/** Maps a `pull_request` delivery onto its pull request. Call inside a transaction. */
export function handlePullRequest(deps: Deps, body: unknown): PullRequestOutcome | string {
  const payload = githubPullRequestPayload.parse(body);
  const action = payload.action ?? '';
  if (!(PULL_REQUEST_ACTIONS as readonly string[]).includes(action))
    return `pull_request action "${action}" is not used`;
  const snap = snapshotOf(deps, payload.repository, payload.pull_request, action);
  if (typeof snap === 'string') return snap;
  const { existed } = storePullRequest(deps, snap);
  return { event: 'pull_request', outcome: existed ? 'updated' : 'stored', pull_request: snap.externalId };
}

/** Maps a submitted `pull_request_review` onto its pull request's reviews. Call inside a transaction. */
export function handleReview(deps: Deps, body: unknown): PullRequestOutcome | string {
  const payload: GithubReviewPayload = githubReviewPayload.parse(body);
  if (payload.action !== 'submitted') return `pull_request_review action "${payload.action ?? ''}" is not used`;
  const review = payload.review;
  const submittedAt = platformTime(review?.submitted_at);
  if (!review || review.id === undefined || !submittedAt) return 'review without id or submitted_at';
  // The review's pull request is a snapshot too (it may be the first Chorus hears of it); its
  // sizes are not part of it.
  const snap = snapshotOf(deps, payload.repository, { ...payload.pull_request, additions: undefined }, 'review');
  if (typeof snap === 'string') return snap;
  const { id } = storePullRequest(deps, { ...snap, additions: undefined, deletions: undefined });
  const isNew = storeReview(deps, id, {
    reviewRef: String(review.id),
    reviewerRef: review.user?.id === undefined ? null : String(review.user.id),
    reviewerLogin: review.user?.login ?? null,
    state: (review.state ?? 'commented').toLowerCase(),
    submittedAt,
  });
  return {
    event: 'pull_request_review',
    outcome: isNew ? 'stored' : 'updated',
    pull_request: snap.externalId,
    review: String(review.id),
  };
}
