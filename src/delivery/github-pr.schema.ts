import { z } from 'zod';

// The fields of GitHub's `pull_request` and `pull_request_review` payloads that Chorus reads. As in
// github.schema.ts, a field of another type becomes undefined instead of failing the delivery.
const text = z.string().optional().catch(undefined);
const nullableText = z.string().nullable().optional().catch(undefined);
const count = z.number().int().nonnegative().optional().catch(undefined);
const githubId = z.union([z.number(), z.string()]).optional().catch(undefined);
const part = <T extends z.ZodRawShape>(shape: T) => z.object(shape).optional().catch(undefined);

const user = part({ login: text, id: githubId });
const repository = part({ full_name: text, name: text });

/** The pull request object both events carry. */
const pullRequest = part({
  number: z.number().int().optional().catch(undefined),
  state: text,
  draft: z.boolean().optional().catch(undefined),
  merged: z.boolean().nullable().optional().catch(undefined),
  created_at: text,
  updated_at: text,
  closed_at: nullableText,
  merged_at: nullableText,
  merge_commit_sha: nullableText,
  additions: count,
  deletions: count,
  user,
  head: part({ ref: text, sha: text, repo: z.object({ full_name: text }).nullable().optional().catch(undefined) }),
});

/** `pull_request` deliveries. */
export const githubPullRequestPayload = z
  .object({ action: text, number: z.number().int().optional().catch(undefined), repository, pull_request: pullRequest })
  .catch({});
export type GithubPullRequestPayload = z.infer<typeof githubPullRequestPayload>;

/** `pull_request_review` deliveries. */
export const githubReviewPayload = z
  .object({
    action: text,
    repository,
    pull_request: pullRequest,
    review: part({ id: githubId, state: text, submitted_at: nullableText, user }),
  })
  .catch({});
export type GithubReviewPayload = z.infer<typeof githubReviewPayload>;
