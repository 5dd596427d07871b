import { z } from 'zod';

// The fields of GitHub's webhook payloads that Chorus reads, each with the type it is read as.
// GitHub sends far more (zod strips the rest). A field of another type becomes undefined instead
// of failing the delivery: the service then answers 202 "ignored: …" naming what was missing.
const text = z.string().optional().catch(undefined);
/** A time GitHub writes as an ISO string (or, in older payloads, epoch seconds). */
const time = z.union([z.string(), z.number()]).optional().catch(undefined);
const githubId = z.union([z.number(), z.string()]).optional().catch(undefined);
const part = <T extends z.ZodRawShape>(shape: T) => z.object(shape).optional().catch(undefined);

const repository = part({ full_name: text, name: text });

/** `deployment_status` and `workflow_run` deliveries (a body that is not an object reads as `{}`). */
export const githubDeploymentPayload = z
  .object({
    action: text,
    repository,
    deployment: part({
      id: githubId,
      sha: text,
      environment: text,
      created_at: time,
      payload: part({ version: text }),
    }),
    deployment_status: part({
      state: text,
      environment: text,
      description: text,
      created_at: time,
      updated_at: time,
    }),
    workflow: part({ name: text }),
    workflow_run: part({
      id: githubId,
      name: text,
      status: text,
      conclusion: text,
      head_sha: text,
      run_attempt: z.number().optional().catch(undefined),
      run_started_at: time,
      updated_at: time,
      head_commit: part({ timestamp: time }),
    }),
  })
  .catch({});
export type GithubDeploymentPayload = z.infer<typeof githubDeploymentPayload>;

/** `push` deliveries. Commits of another shape stay in the list (as null) but are skipped. */
export const githubPushPayload = z
  .object({
    ref: text,
    before: text,
    after: text,
    repository,
    pusher: part({ email: text }),
    commits: z
      .array(z.object({ id: text, timestamp: time }).nullable().catch(null))
      .optional()
      .catch(undefined),
  })
  .catch({});
export type GithubPushPayload = z.infer<typeof githubPushPayload>;
