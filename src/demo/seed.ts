import { updateAttributeKeys } from '../attributes/attributes.service.js';
import { createUser } from '../auth/auth.service.js';
import type { Deps } from '../deps.js';
import { upsertPeople, upsertServices, upsertTeams } from '../directory/directory.service.js';
import { readSetting, writeSetting } from '../settings/settings.repo.js';
import { DEMO_TEAMS, demoPeople, DEMO_SERVICES } from './org.js';
import { DEMO_REPORTABLE } from './people-attributes.js';
import { seededRandom } from './random.js';
import { seedSurveys } from './surveys.js';
import { seedDelivery } from './delivery.js';
import { seedLoop } from './loop.js';
import { seedPullRequests } from './pull-requests.js';
import { seedCustomMetrics } from './custom-metrics.js';
import { seedSlackDemo } from '../slack/demo.js';
import { syncCommentTags } from '../themes/taxonomy.service.js';

export { seededRandom };

export interface DemoContext {
  deps: Deps;
  random: () => number;
  /** "Today" of the demo: data runs up to here. */
  today: Date;
}

/** Each part of the product adds its demo data here, in order (one line per part). */
const seeders: Array<{ name: string; run: (ctx: DemoContext) => void }> = [
  { name: 'directory', run: seedDirectory },
  { name: 'surveys', run: seedSurveys },
  { name: 'delivery', run: seedDelivery },
  { name: 'loop', run: seedLoop },
  { name: 'slack', run: seedSlackDemo },
  { name: 'pull requests', run: seedPullRequests },
  { name: 'custom metrics', run: seedCustomMetrics },
];

/** Fills an empty database with the demo org once; a no-op when already seeded. */
export function seedDemo(deps: Deps): boolean {
  if (readSetting<boolean>(deps.db, 'demo_seeded')) return false;
  const ctx: DemoContext = { deps, random: seededRandom(20260301), today: deps.now() };
  for (const seeder of seeders) {
    deps.log.info({ module: 'demo', part: seeder.name }, 'seeding demo data');
    seeder.run(ctx);
  }
  // The seeders write answers and reports straight to the tables: tag them as any write does.
  syncCommentTags(deps);
  writeSetting(deps.db, 'demo_seeded', true, deps.now());
  writeSetting(deps.db, 'workspace_name', 'Acme Engineering', deps.now());
  return true;
}

function seedDirectory({ deps, today }: DemoContext): void {
  upsertTeams(deps, { teams: DEMO_TEAMS });
  upsertPeople(deps, { people: demoPeople(today) });
  updateAttributeKeys(deps, { attributes: DEMO_REPORTABLE.map((k) => ({ ...k, reportable: true })) });
  upsertServices(deps, { services: DEMO_SERVICES });
  createUser(deps, { email: 'admin@demo.chorus', password: 'demo-admin', role: 'admin' });
  createUser(deps, { email: 'pm@demo.chorus', password: 'demo-analyst', role: 'analyst' });
  createUser(deps, { email: 'cto@demo.chorus', password: 'demo-viewer', role: 'viewer' });
}
