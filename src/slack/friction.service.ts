import { personSnapshot, writeFrictionSnapshot } from '../attributes/attributes.service.js';
import type { Deps } from '../deps.js';
import { directoryRepo } from '../directory/directory.repo.js';
import { invalid, zodDetails } from '../errors.js';
import { respondentPseudonym } from '../privacy/pseudonym.js';
import { syncCommentTags } from '../themes/taxonomy.service.js';
import { unknownSlackUser } from './errors.js';
import { frictionInput, type FrictionInput } from './friction.schema.js';
import { slackRepo } from './slack.repo.js';

/**
 * Records a friction report from a Slack user under their pseudonym and team (the same pseudonym
 * their survey answers carry) and attributes, for the themes engine. Returns the report id.
 */
export function recordFriction(deps: Deps, slackUserId: string, input: FrictionInput): number {
  const parsed = frictionInput.safeParse(input);
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const person = directoryRepo(deps.db).personBySlackId(slackUserId);
  if (!person || !person.active) throw unknownSlackUser();
  const now = deps.now().toISOString();
  return deps.db.transaction(() => {
    const id = slackRepo(deps.db).insertFriction(
      { teamId: person.teamId, respondent: respondentPseudonym(deps.keys.pseudonym, person.id), ...parsed.data },
      now,
    );
    // The reporter's attributes and tenure now, as a response keeps them (docs/metrics.md).
    writeFrictionSnapshot(deps, id, personSnapshot(deps, person.id, now));
    // Tagged with the themes as it is stored, never when a report is read.
    syncCommentTags(deps);
    return id;
  })();
}
