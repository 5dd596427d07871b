import { directoryRepo } from '../directory/directory.repo.js';
import { flowRepo } from '../delivery/flow.repo.js';
import { storePullRequest, storeReview } from '../delivery/flow.service.js';
import { storePush } from '../delivery/github.service.js';
import { DEMO_SERVICES } from './org.js';
import { seededRandom } from './random.js';
import type { DemoContext } from './seed.js';
import { HOUR_MS } from '../units.js';

/**
 * Typical hours per stage by team. Checkout's reviews wait longest for pickup (its code-review
 * survey scores are the lowest in the demo); platform teams ship small changes quickly.
 */
const PROFILES: Record<string, { coding: number; pickup: number; review: number; size: number }> = {
  checkout: { coding: 20, pickup: 26, review: 14, size: 380 },
  payments: { coding: 16, pickup: 8, review: 10, size: 220 },
  search: { coding: 12, pickup: 6, review: 6, size: 160 },
  mobile: { coding: 30, pickup: 12, review: 18, size: 520 },
  growth: { coding: 8, pickup: 4, review: 3, size: 90 },
  web: { coding: 10, pickup: 7, review: 5, size: 140 },
  platform: { coding: 14, pickup: 3, review: 4, size: 120 },
  data: { coding: 22, pickup: 10, review: 9, size: 300 },
  identity: { coding: 18, pickup: 9, review: 12, size: 240 },
  sre: { coding: 6, pickup: 2, review: 2, size: 60 },
  security: { coding: 12, pickup: 5, review: 8, size: 110 },
};

const hex = (random: () => number) => Array.from({ length: 40 }, () => Math.floor(random() * 16).toString(16)).join('');

/**
 * Merged pull requests for every demo service over the last 90 days, through the same code as the
 * webhooks: the branch push (so coding is known), the pull request, a review by someone else, and
 * a merge commit that production deployed (an already deployed commit of the service). Its own
 * random stream, so the other seeders' data stay as they were.
 */
export function seedPullRequests({ deps, today }: DemoContext): void {
  const random = seededRandom(20260327);
  const vary = (mean: number) => mean * (0.25 + random() * 1.5);
  const dir = directoryRepo(deps.db);
  const repo = flowRepo(deps.db);
  deps.db.transaction(() => {
    let number = 0;
    for (const s of DEMO_SERVICES) {
      const service = dir.serviceByName(s.name);
      const p = PROFILES[s.team];
      if (!service || !p) continue;
      const repository = `acme/${s.name}`;
      for (let k = 0; k < 12; k++) {
        number++;
        const opened = today.getTime() - (3 + random() * 85) * 24 * HOUR_MS;
        const firstCommit = new Date(opened - vary(p.coding) * HOUR_MS).toISOString();
        const reviewed = opened + vary(p.pickup) * HOUR_MS;
        const merged = reviewed + vary(p.review) * HOUR_MS;
        if (merged >= today.getTime()) continue;
        const head = hex(random);
        const ref = `refs/heads/change-${number}`;
        storePush(deps, {
          ref,
          after: head,
          before: '0000000000000000000000000000000000000000',
          repository: { full_name: repository, name: s.name },
          commits: [{ id: head, timestamp: firstCommit }],
        });
        const mergedAt = new Date(merged).toISOString();
        const additions = Math.round(vary(p.size) * 0.8);
        const { id } = storePullRequest(deps, {
          externalId: `github:${repository}#${number}`,
          source: 'github',
          serviceId: service.id,
          teamId: service.teamId,
          number,
          authorLogin: `dev-${(number % 23) + 1}`,
          authorRef: String((number % 23) + 1),
          headRepository: repository,
          headRef: ref,
          headSha: head,
          state: 'merged',
          draft: false,
          everDraft: false,
          readyAt: new Date(opened).toISOString(),
          openedAt: new Date(opened).toISOString(),
          mergedAt,
          closedAt: mergedAt,
          additions,
          deletions: Math.round(additions * random() * 0.5),
          mergeCommitSha: repo.deployedCommitAfter(service.id, mergedAt),
          snapshotAt: mergedAt,
        });
        storeReview(deps, id, {
          reviewRef: `demo-${number}`,
          reviewerRef: '100',
          reviewerLogin: 'reviewer',
          state: 'approved',
          submittedAt: new Date(reviewed).toISOString(),
        });
      }
    }
  })();
}
