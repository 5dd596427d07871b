import { handleGithubDelivery, verifyGithubSignature } from '../../delivery/github.service.js';
import { badRequest, unauthorized, unavailable } from '../../errors.js';
import type { RouteDef } from '../route.js';
import { rawBodyOf } from '../raw-body.js';

/** GitHub webhooks: signature-checked, mapped onto deployments and commits. */
export const githubWebhook: RouteDef[] = [
  {
    method: 'post',
    path: '/webhooks/github',
    policy: 'public',
    csrf: 'none',
    rateLimit: 'webhook',
    summary: 'GitHub webhook deliveries (deployment_status, workflow_run, push); X-Hub-Signature-256 checked',
    handler: (req, res, deps) => {
      const secret = deps.config.githubWebhookSecret;
      if (!secret) {
        throw unavailable(
          'GitHub webhooks are off: set GITHUB_WEBHOOK_SECRET to the secret configured on the GitHub webhook',
          'webhook_not_configured',
        );
      }
      const raw = rawBodyOf(req);
      if (!verifyGithubSignature(secret, raw ?? Buffer.alloc(0), req.get('x-hub-signature-256'))) {
        throw unauthorized(
          'X-Hub-Signature-256 is missing or does not match the body signed with GITHUB_WEBHOOK_SECRET',
          'bad_signature',
        );
      }
      if (!raw || !req.body || typeof req.body !== 'object')
        throw badRequest('Send the webhook with content type application/json');
      const event = req.get('x-github-event') ?? '';
      const outcome = handleGithubDelivery(deps, event, req.get('x-github-delivery') ?? undefined, req.body);
      res.status(outcome.status).json(outcome.body);
    },
  },
];
