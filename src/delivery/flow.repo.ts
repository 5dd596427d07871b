import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/open.js';
import type { ReportScope } from './report-scope.js';

/** A pull request as stored (camelCase). */
export interface PullRequestRow {
  id: number;
  externalId: string;
  source: 'github' | 'gitlab';
  serviceId: number;
  teamId: number;
  number: number | null;
  authorLogin: string | null;
  authorRef: string | null;
  headRepository: string | null;
  headRef: string | null;
  state: 'open' | 'closed' | 'merged';
  draft: number;
  everDraft: number;
  openedAt: string;
  readyAt: string | null;
  mergedAt: string | null;
  closedAt: string | null;
  additions: number | null;
  deletions: number | null;
  mergeCommitSha: string | null;
  snapshotAt: string | null;
}

export type PullRequestWrite = Omit<PullRequestRow, 'id'>;

/** A merged pull request with what its flow stages need (the deployment joined from its merge commit). */
export interface FlowRow {
  teamId: number;
  openedAt: string;
  firstCommitAt: string | null;
  readyAt: string | null;
  everDraft: number;
  firstReviewAt: string | null;
  mergedAt: string;
  deployedAt: string | null;
  additions: number | null;
  deletions: number | null;
}

const PR_COLS = `id, external_id AS externalId, source, service_id AS serviceId, team_id AS teamId, number,
  author_login AS authorLogin, author_ref AS authorRef, head_repository AS headRepository, head_ref AS headRef, state,
  draft, ever_draft AS everDraft, opened_at AS openedAt, ready_at AS readyAt, merged_at AS mergedAt, closed_at AS closedAt,
  additions, deletions, merge_commit_sha AS mergeCommitSha, snapshot_at AS snapshotAt`;
const WRITE_COLS = `external_id = @externalId, source = @source, service_id = @serviceId, team_id = @teamId, number = @number,
  author_login = @authorLogin, author_ref = @authorRef, head_repository = @headRepository, head_ref = @headRef, state = @state,
  draft = @draft, ever_draft = @everDraft, opened_at = @openedAt, ready_at = @readyAt, merged_at = @mergedAt,
  closed_at = @closedAt, additions = @additions, deletions = @deletions, merge_commit_sha = @mergeCommitSha,
  snapshot_at = @snapshotAt, updated_at = @now`;
// A reviewer is "someone else" when their id differs from the author's (logins when an id is missing).
const OTHER_REVIEWER = `COALESCE(r.reviewer_ref <> pull_requests.author_ref, r.reviewer_login <> pull_requests.author_login, 1)`;

function build(db: Db) {
  const p = (sql: string): Statement => db.prepare(sql);
  return {
    byExternal: p(`SELECT ${PR_COLS} FROM pull_requests WHERE external_id = ?`),
    byId: p(`SELECT ${PR_COLS} FROM pull_requests WHERE id = ?`),
    insert: p(`INSERT INTO pull_requests (external_id, source, service_id, team_id, number, author_login, author_ref,
        head_repository, head_ref, state, draft, ever_draft, opened_at, ready_at, merged_at, closed_at, additions, deletions,
        merge_commit_sha, snapshot_at, created_at, updated_at)
      VALUES (@externalId, @source, @serviceId, @teamId, @number, @authorLogin, @authorRef, @headRepository, @headRef, @state,
        @draft, @everDraft, @openedAt, @readyAt, @mergedAt, @closedAt, @additions, @deletions, @mergeCommitSha, @snapshotAt, @now, @now)`),
    update: p(`UPDATE pull_requests SET ${WRITE_COLS} WHERE id = @id`),
    addHead: p('INSERT OR IGNORE INTO pull_request_heads (pull_request_id, sha) VALUES (?, ?)'),
    headsOf: p('SELECT sha FROM pull_request_heads WHERE pull_request_id = ?').pluck(),
    headOfOther: p('SELECT 1 FROM pull_request_heads WHERE sha = ? AND pull_request_id <> ? LIMIT 1').pluck(),
    upsertReview:
      p(`INSERT INTO pull_request_reviews (pull_request_id, review_ref, reviewer_ref, reviewer_login, state, submitted_at)
      VALUES (@prId, @reviewRef, @reviewerRef, @reviewerLogin, @state, @submittedAt)
      ON CONFLICT (pull_request_id, review_ref) DO UPDATE SET reviewer_ref = excluded.reviewer_ref,
        reviewer_login = excluded.reviewer_login, state = excluded.state,
        submitted_at = MIN(submitted_at, excluded.submitted_at)`),
    reviewExists: p('SELECT 1 FROM pull_request_reviews WHERE pull_request_id = ? AND review_ref = ?').pluck(),
    refreshReviews: p(`UPDATE pull_requests SET
        first_review_at = (SELECT MIN(r.submitted_at) FROM pull_request_reviews r
          WHERE r.pull_request_id = pull_requests.id AND ${OTHER_REVIEWER}),
        approved_at = (SELECT MIN(r.submitted_at) FROM pull_request_reviews r
          WHERE r.pull_request_id = pull_requests.id AND r.state = 'approved' AND ${OTHER_REVIEWER})
      WHERE id = ?`),
    setFirstCommit: p('UPDATE pull_requests SET first_commit_at = ? WHERE id = ?'),
    onBranch: p('SELECT id FROM pull_requests WHERE head_repository = ? AND head_ref = ?').pluck(),
    push: p(`SELECT after_sha AS afterSha, before_sha AS beforeSha, repository, ref, commit_shas AS commitShas
      FROM github_pushes WHERE after_sha = ?`),
    setPushBefore: p('UPDATE github_pushes SET before_sha = ? WHERE after_sha = ?'),
    bumpDataVersion: p('UPDATE data_version SET version = version + 1 WHERE id = 1'),
    deployedCommitAfter: p(`SELECT sha FROM commits WHERE first_service_id = ? AND first_deployed_at > ?
      ORDER BY first_deployed_at LIMIT 1`).pluck(),
    earliestCommit: p(`SELECT MIN(committed_at) FROM commits WHERE sha IN (SELECT value FROM json_each(?))
      AND committed_at IS NOT NULL`).pluck(),
  };
}

const cache = new WeakMap<Db, ReturnType<typeof build>>();
const statements = new WeakMap<Db, Map<string, Statement>>();
function stmt(db: Db, sql: string): Statement {
  let m = statements.get(db);
  if (!m) statements.set(db, (m = new Map<string, Statement>()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s;
}

/** All SQL of pull-request flow: writes from webhooks, the branch walk, and the report read. */
export function flowRepo(db: Db) {
  let q = cache.get(db);
  if (!q) cache.set(db, (q = build(db)));
  const s = q;
  return {
    byExternal: (externalId: string) => s.byExternal.get(externalId) as PullRequestRow | undefined,
    byId: (id: number) => s.byId.get(id) as PullRequestRow | undefined,
    insert: (pr: PullRequestWrite, now: string) => Number(s.insert.run({ ...pr, now }).lastInsertRowid),
    update: (id: number, pr: PullRequestWrite, now: string) => s.update.run({ ...pr, id, now }),
    addHead: (prId: number, sha: string) => s.addHead.run(prId, sha),
    headsOf: (prId: number) => s.headsOf.all(prId) as string[],
    /** Whether this sha was the head of another pull request (a reused branch's earlier work). */
    isHeadOfOther: (sha: string, prId: number) => s.headOfOther.get(sha, prId) === 1,
    reviewExists: (prId: number, reviewRef: string) => s.reviewExists.get(prId, reviewRef) === 1,
    upsertReview: (r: {
      prId: number;
      reviewRef: string;
      reviewerRef: string | null;
      reviewerLogin: string | null;
      state: string;
      submittedAt: string;
    }) => s.upsertReview.run(r),
    /** Recomputes first review and first approval by someone other than the author. */
    refreshReviews: (prId: number) => s.refreshReviews.run(prId),
    setFirstCommit: (prId: number, at: string | null) => s.setFirstCommit.run(at, prId),
    pullRequestsOnBranch: (repository: string, ref: string) => s.onBranch.all(repository, ref) as number[],
    push: (afterSha: string) =>
      s.push.get(afterSha) as
        | { afterSha: string; beforeSha: string | null; repository: string; ref: string | null; commitShas: string }
        | undefined,
    setPushBefore: (afterSha: string, beforeSha: string | null) => s.setPushBefore.run(beforeSha, afterSha),
    /**
     * Tells the report cache (migration 0010) that flow data changed: pull requests and their
     * reviews have no data_version triggers of their own, so every flow write calls this.
     */
    bumpDataVersion: () => s.bumpDataVersion.run(),
    /** The first commit of a service first deployed to production after an instant (the demo's merge commits). */
    deployedCommitAfter: (serviceId: number, after: string) =>
      (s.deployedCommitAfter.get(serviceId, after) as string | undefined) ?? null,
    earliestCommit: (shas: string[]) => (s.earliestCommit.get(JSON.stringify(shas)) as string | null) ?? null,
    /** Merged pull requests in scope by merge time, with the merge commit's first production deployment. */
    merged(scope: ReportScope): FlowRow[] {
      const where = [`p.merged_at >= @from AND p.merged_at < @to`];
      if (scope.teamIds) where.push('p.team_id IN (SELECT value FROM json_each(@teams))');
      if (scope.serviceId !== null) where.push('p.service_id = @service');
      return stmt(
        db,
        `SELECT p.team_id AS teamId, p.opened_at AS openedAt, p.first_commit_at AS firstCommitAt, p.ready_at AS readyAt,
          p.ever_draft AS everDraft, p.first_review_at AS firstReviewAt, p.merged_at AS mergedAt,
          c.first_deployed_at AS deployedAt, p.additions, p.deletions
        FROM pull_requests p LEFT JOIN commits c ON c.sha = p.merge_commit_sha
        WHERE ${where.join(' AND ')}`,
      ).all({
        from: scope.from.toISOString(),
        to: scope.to.toISOString(),
        ...(scope.teamIds ? { teams: JSON.stringify(scope.teamIds) } : {}),
        ...(scope.serviceId !== null ? { service: scope.serviceId } : {}),
      }) as FlowRow[];
    },
  };
}
