import { z } from 'zod';
import { gitlabDeploymentPayload, gitlabMergeRequestPayload, gitlabPushPayload } from '../../delivery/gitlab.schema.js';
import { handleGitlabDelivery, verifyGitlabToken } from '../../delivery/gitlab.service.js';
import { badRequest, unauthorized, unavailable } from '../../errors.js';
import { githubOutcome } from '../openapi/responses.js';
import type { RouteDef } from '../route.js';

/** GitLab webhooks: X-Gitlab-Token checked, mapped onto deployments, commits and pull requests. */
export const gitlabWebhook: RouteDef[] = [
  {
    method: 'post',
    path: '/webhooks/gitlab',
    policy: 'public',
    csrf: 'none',
    rateLimit: 'webhook',
    summary: 'GitLab webhook deliveries (Deployment, Merge request and Push events); X-Gitlab-Token checked',
    handler: (req, res, deps) => {
      const secret = deps.config.gitlabWebhookSecret;
      if (!secret) {
        throw unavailable(
          'GitLab webhooks are off: set GITLAB_WEBHOOK_SECRET to the secret token configured on the GitLab webhook',
          'webhook_not_configured',
        );
      }
      if (!verifyGitlabToken(secret, req.get('x-gitlab-token'))) {
        throw unauthorized('X-Gitlab-Token is missing or is not GITLAB_WEBHOOK_SECRET', 'bad_signature');
      }
      if (!req.body || typeof req.body !== 'object')
        throw badRequest('Send the webhook with content type application/json');
      const deliveryId = req.get('idempotency-key') || req.get('x-gitlab-event-uuid') || undefined;
      const outcome = handleGitlabDelivery(deps, req.get('x-gitlab-event') ?? '', deliveryId, req.body);
      res.status(outcome.status).json(outcome.body);
    },
    openapi: {
      description:
        'GitLab project or group webhook deliveries, authenticated by `X-Gitlab-Token` = `GITLAB_WEBHOOK_SECRET` ' +
        '(compared in constant time). Deployment events (`success`, `failed`, `canceled`) become deployments ' +
        '`gitlab-deployment-<id>`, Push events commits, Merge request events (`open`, `reopen`, `update`, ' +
        '`approval`, `approved`, `merge`, `close`) pull requests; the project `path_with_namespace` names the ' +
        'service. Other events answer 202; a repeated `Idempotency-Key` / `X-Gitlab-Event-UUID` is recorded once.',
      headers: z.object({
        'X-Gitlab-Token': z.string().describe('the secret token of the webhook, equal to GITLAB_WEBHOOK_SECRET'),
        'X-Gitlab-Event': z
          .string()
          .describe('Deployment Hook, Push Hook, Merge Request Hook; anything else is ignored (202)'),
        'X-Gitlab-Event-UUID': z.string().optional().describe('event id; a repeated one is answered without a change'),
        'Idempotency-Key': z.string().optional().describe('retry key (GitLab 17.4+); preferred over the event UUID'),
      }),
      body: z
        .union([gitlabDeploymentPayload, gitlabMergeRequestPayload, gitlabPushPayload])
        .describe("GitLab's webhook payload: the fields Chorus reads (GitLab sends many more)"),
      response: githubOutcome,
      alsoAnswers: { 202: 'an event or action Chorus does not use, ignored' },
      errors: {
        401: 'X-Gitlab-Token missing or wrong',
        503: 'GITLAB_WEBHOOK_SECRET is not set: webhooks are off',
      },
    },
  },
];
