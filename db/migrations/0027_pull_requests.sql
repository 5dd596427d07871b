-- Pull-request flow (GitHub pull requests, GitLab merge requests): where time waits between the
-- first commit and production. One row per pull request, kept current from webhook deliveries;
-- the report reads the stage times from these columns (see docs/metrics.md "Pull-request flow").
-- Times are ISO 8601 UTC text (toISOString) so they sort as text.

CREATE TABLE pull_requests (
  id               INTEGER PRIMARY KEY,
  external_id      TEXT NOT NULL UNIQUE,           -- github:<owner/repo>#<number> | gitlab:<group/project>!<iid>
  source           TEXT NOT NULL CHECK (source IN ('github', 'gitlab')),
  service_id       INTEGER NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
  team_id          INTEGER NOT NULL REFERENCES teams(id) ON DELETE RESTRICT,
  number           INTEGER,                        -- the PR number / MR iid, for people to find it
  author_login     TEXT,                           -- the platform login (not a Chorus person); NULL when unknown
  author_ref       TEXT,                           -- the platform's user id, compared with reviewers'
  head_repository  TEXT,                           -- where the branch lives (a fork may differ from the service's repo)
  head_ref         TEXT,                           -- refs/heads/<branch>: the pushes that carry its commits
  state            TEXT NOT NULL CHECK (state IN ('open', 'closed', 'merged')),
  draft            INTEGER NOT NULL DEFAULT 0 CHECK (draft IN (0, 1)),
  ever_draft       INTEGER NOT NULL DEFAULT 0 CHECK (ever_draft IN (0, 1)),
  opened_at        TEXT NOT NULL,
  ready_at         TEXT,                           -- first time it left draft (NULL: never a draft, or not seen)
  merged_at        TEXT,
  closed_at        TEXT,
  additions        INTEGER,
  deletions        INTEGER,
  merge_commit_sha TEXT,
  -- Kept current at write time:
  first_commit_at  TEXT,                           -- earliest committed_at of its commits known from pushes
  first_review_at  TEXT,                           -- first review by someone other than the author
  approved_at      TEXT,                           -- first approval by someone other than the author
  snapshot_at      TEXT,                           -- the platform's updated_at of the newest snapshot applied
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL
);
-- Flow reports scan merged pull requests by merge time per team, service or org.
CREATE INDEX pull_requests_team_merged ON pull_requests(team_id, merged_at) WHERE merged_at IS NOT NULL;
CREATE INDEX pull_requests_service_merged ON pull_requests(service_id, merged_at) WHERE merged_at IS NOT NULL;
CREATE INDEX pull_requests_merged ON pull_requests(merged_at) WHERE merged_at IS NOT NULL;
-- A push to a branch refreshes the first commit of the pull requests of that branch.
CREATE INDEX pull_requests_head ON pull_requests(head_repository, head_ref);

-- Every head sha a pull request has had: where the walk back through pushes starts, and where the
-- walk of another pull request on a reused branch stops.
CREATE TABLE pull_request_heads (
  pull_request_id INTEGER NOT NULL REFERENCES pull_requests(id) ON DELETE CASCADE,
  sha             TEXT NOT NULL,
  PRIMARY KEY (pull_request_id, sha)
) WITHOUT ROWID;
CREATE INDEX pull_request_heads_sha ON pull_request_heads(sha);

-- Reviews (GitHub pull_request_review, GitLab approvals): one row per review id, so a redelivery
-- changes nothing.
CREATE TABLE pull_request_reviews (
  pull_request_id INTEGER NOT NULL REFERENCES pull_requests(id) ON DELETE CASCADE,
  review_ref      TEXT NOT NULL,                  -- the platform's review id (GitLab: approval:<user id>)
  reviewer_ref    TEXT,                           -- the reviewer's platform user id
  reviewer_login  TEXT,
  state           TEXT NOT NULL,                  -- approved | changes_requested | commented | dismissed
  submitted_at    TEXT NOT NULL,
  PRIMARY KEY (pull_request_id, review_ref)
) WITHOUT ROWID;

-- Pushes remember the sha before them, so the commits of a branch can be walked back push by push.
ALTER TABLE github_pushes ADD COLUMN before_sha TEXT;
CREATE INDEX github_pushes_branch ON github_pushes(repository, ref);
