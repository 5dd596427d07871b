import type { Deps } from '../deps.js';
import { directoryRepo, type Person } from '../directory/directory.repo.js';

/** What every listener gets besides Bolt's arguments. */
export interface SlackContext {
  deps: Deps;
}

/** The active directory person linked to a Slack user, if any. */
export function personForSlackUser(ctx: SlackContext, slackUserId: string): Person | undefined {
  const person = directoryRepo(ctx.deps.db).personBySlackId(slackUserId);
  return person?.active ? person : undefined;
}
