import type { Deps } from '../deps.js';
import { resolveTeamScope } from '../directory/directory.service.js';
import { isHidden, periodMode, reasonOf, suppressSmallGroups, type HiddenReason } from '../privacy/index.js';
import { surveysRepo } from '../surveys/surveys.repo.js';
import { i18nRepo } from './i18n.repo.js';

/** How many answered in one language; a group under the threshold is hidden like any other. */
export type LanguageCount =
  | { locale: string; suppressed: false; respondents: number }
  | { locale: string; suppressed: true; suppressed_reason: HiddenReason; respondents: null };

/** What a results report carries to count its languages (only shown reports get counts). */
interface ShownReport {
  survey: string;
  team: string | null;
  from: string;
  to: string;
  threshold: number;
  suppressed: boolean;
}

/**
 * Respondents of a results report by the language they answered in (`und` = not recorded:
 * imported answers and those given before languages were kept). A person who answered in two
 * languages in the window counts in both. The groups are siblings under the report's group, so
 * the privacy rules hide every language under the threshold and, when needed, the next-smallest
 * ones, so that no hidden group is the report's respondents minus the shown ones. None for a
 * hidden report, and none for callers who see whole weeks (the exact windows of API tokens only).
 */
export function languageCounts(deps: Deps, report: ShownReport): LanguageCount[] | undefined {
  // Whole-week callers (sessions, share links) get none: a language is not judged week by week, so
  // two windows a week apart could be subtracted to show one week's small language group.
  if (report.suppressed || periodMode() === 'weekly') return undefined;
  const survey = surveysRepo(deps.db).byKey(report.survey);
  if (!survey) return undefined;
  const scope = resolveTeamScope(deps, report.team);
  const rows = i18nRepo(deps.db).respondentLanguages(
    survey.id,
    report.from,
    report.to,
    scope.team ? scope.teamIds : undefined,
  );
  const who = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = who.get(r.locale) ?? new Set<string>();
    set.add(r.who);
    who.set(r.locale, set);
  }
  const groups = [...who].map(([locale, set]) => ({ key: locale, respondents: set.size }));
  const union = (keys: readonly string[]) => new Set(keys.flatMap((k) => [...(who.get(k) ?? [])])).size;
  const status = suppressSmallGroups(groups, report.threshold, 'shown', union);
  return groups
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((g): LanguageCount => {
      const s = status.get(g.key)!;
      return isHidden(s)
        ? { locale: g.key, suppressed: true, suppressed_reason: reasonOf(s)!, respondents: null }
        : { locale: g.key, suppressed: false, respondents: g.respondents };
    });
}
