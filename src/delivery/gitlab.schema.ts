import { z } from 'zod';

// The fields of GitLab's webhook payloads (doc/user/project/integrations/webhook_events.md) that
// Chorus reads. As for GitHub, a field of another type becomes undefined instead of failing the
// delivery; the service then answers 202 naming what was missing.
const text = z.string().optional().catch(undefined);
const nullableText = z.string().nullable().optional().catch(undefined);
const gitlabId = z.union([z.number(), z.string()]).optional().catch(undefined);
const flag = z.boolean().optional().catch(undefined);
const part = <T extends z.ZodRawShape>(shape: T) => z.object(shape).optional().catch(undefined);

const project = part({ id: gitlabId, name: text, path_with_namespace: text });
const user = part({ id: gitlabId, username: text, email: text });

/** `Deployment Hook` deliveries. */
export const gitlabDeploymentPayload = z
  .object({
    object_kind: text,
    status: text,
    status_changed_at: text,
    deployment_id: gitlabId,
    environment: text,
    environment_tier: text,
    project,
    short_sha: text,
    commit_url: text,
    user,
  })
  .catch({});
export type GitlabDeploymentPayload = z.infer<typeof gitlabDeploymentPayload>;

/** `Push Hook` deliveries. */
export const gitlabPushPayload = z
  .object({
    object_kind: text,
    before: text,
    after: text,
    ref: text,
    user_email: text,
    project,
    commits: z
      .array(z.object({ id: text, timestamp: text }).nullable().catch(null))
      .optional()
      .catch(undefined),
  })
  .catch({});
export type GitlabPushPayload = z.infer<typeof gitlabPushPayload>;

/** `Merge Request Hook` deliveries. */
export const gitlabMergeRequestPayload = z
  .object({
    object_kind: text,
    user,
    project,
    object_attributes: part({
      id: gitlabId,
      iid: z.number().int().optional().catch(undefined),
      action: text,
      state: text,
      created_at: text,
      updated_at: text,
      merged_at: nullableText,
      draft: flag,
      work_in_progress: flag,
      author_id: gitlabId,
      source_branch: text,
      merge_commit_sha: nullableText,
      source: part({ path_with_namespace: text }),
      last_commit: part({ id: text }),
    }),
    changes: part({
      draft: part({ previous: flag, current: flag }),
    }),
  })
  .catch({});
export type GitlabMergeRequestPayload = z.infer<typeof gitlabMergeRequestPayload>;
