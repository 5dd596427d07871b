import type { Db } from '../db/open.js';
import type { Deps } from '../deps.js';
import { invalid, zodDetails } from '../errors.js';
import { readSetting, writeSetting } from '../settings/settings.repo.js';
import { compileTaxonomy, tagText, type Matcher } from './match.js';
import { sentimentOf } from './sentiment.js';
import { DEFAULT_TAXONOMY, defaultOwner, type Taxonomy, type ThemeDef, type ThemeOwner } from './taxonomy.js';
import { taxonomyInput } from './themes.schema.js';
import { themesRepo, type SourceComment } from './themes.repo.js';

interface SyncState {
  version: number;
  responseId: number;
  reportId: number;
  at: string;
}
const SYNC_KEY = 'themes_sync';
const matchers = new WeakMap<Db, Matcher>();

/**
 * The taxonomy in force: the highest stored version, else the built-in default (version 1). A
 * theme stored without an owner (versions saved before owners existed) gets its default owner.
 */
export function currentTaxonomy(deps: Deps): Taxonomy {
  const row = themesRepo(deps.db).latestTaxonomy();
  if (!row) return DEFAULT_TAXONOMY;
  const stored = (JSON.parse(row.taxonomy) as { themes: Array<Omit<ThemeDef, 'owner'> & { owner?: ThemeOwner }> })
    .themes;
  return {
    version: row.version,
    themes: stored.map((th) => ({ ...th, owner: th.owner ?? defaultOwner(th.key) })),
  };
}

/** The compiled matcher of a taxonomy, kept per database until the version changes. */
export function matcherFor(deps: Deps, taxonomy: Taxonomy): Matcher {
  const cached = matchers.get(deps.db);
  if (cached && cached.version === taxonomy.version) return cached;
  const m = compileTaxonomy(taxonomy);
  matchers.set(deps.db, m);
  return m;
}

const tagOne = (c: SourceComment, m: Matcher) => ({
  ...c,
  version: m.version,
  themes: tagText(c.text, m),
  sentiment: sentimentOf(c.text),
});

/**
 * Brings the per-comment tag cache up to date: new or changed survey responses (by id and
 * updated_at) and new friction reports are tagged incrementally; a taxonomy version change
 * retags everything in one transaction. Cheap when nothing changed (three indexed look-ups).
 */
export function syncCommentTags(deps: Deps): { tagged: number } {
  const repo = themesRepo(deps.db);
  const taxonomy = currentTaxonomy(deps);
  const state = readSetting<SyncState>(deps.db, SYNC_KEY);
  const marks = repo.watermarks();
  if (state && state.version === taxonomy.version && !repo.hasStaleVersion(taxonomy.version)) {
    const changed = repo.changedResponseIds(state.responseId, state.at);
    if (changed.length === 0 && marks.reportId <= state.reportId) return { tagged: 0 };
    const m = matcherFor(deps, taxonomy);
    let tagged = 0;
    deps.db.transaction(() => {
      for (const id of changed) {
        repo.deleteForResponse(id);
        for (const c of repo.answersOfResponse(id)) {
          repo.insertTagged(tagOne(c, m));
          tagged++;
        }
      }
      for (const c of repo.reportsAfter(state.reportId)) {
        repo.deleteForReport(c.reportId!);
        repo.insertTagged(tagOne(c, m));
        tagged++;
      }
      writeSetting(
        deps.db,
        SYNC_KEY,
        { version: taxonomy.version, ...marks, at: deps.now().toISOString() },
        deps.now(),
      );
    })();
    return { tagged };
  }
  return retagAll(deps, taxonomy);
}

/** Re-tags every comment with `taxonomy` (call inside or outside a transaction). */
function retagAll(deps: Deps, taxonomy: Taxonomy): { tagged: number } {
  const repo = themesRepo(deps.db);
  const m = matcherFor(deps, taxonomy);
  let tagged = 0;
  deps.db.transaction(() => {
    const marks = repo.watermarks();
    repo.deleteAll();
    const answers = [...repo.allAnswers()];
    for (const c of answers) {
      repo.insertTagged(tagOne(c, m));
      tagged++;
    }
    for (const c of repo.reportsAfter(0)) {
      repo.insertTagged(tagOne(c, m));
      tagged++;
    }
    writeSetting(deps.db, SYNC_KEY, { version: taxonomy.version, ...marks, at: deps.now().toISOString() }, deps.now());
  })();
  return { tagged };
}

/**
 * Saves an edited taxonomy as a new version and recomputes every comment's tags in the same
 * transaction, so reports never mix versions. Bad input → 422 naming the field.
 */
export function saveTaxonomy(
  deps: Deps,
  body: unknown,
  author: string | null,
): { version: number; themes: number; recomputed: number } {
  const parsed = taxonomyInput.safeParse(body);
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const repo = themesRepo(deps.db);
  let result = { version: 0, themes: parsed.data.themes.length, recomputed: 0 };
  deps.db.transaction(() => {
    const current = currentTaxonomy(deps);
    const ownerNow = new Map(current.themes.map((th) => [th.key, th.owner]));
    // A theme sent without an owner keeps the one it has, else gets its default (never a silent claim).
    const themes: ThemeDef[] = parsed.data.themes.map((th) => ({
      ...th,
      owner: th.owner ?? ownerNow.get(th.key) ?? defaultOwner(th.key),
    }));
    const version = current.version + 1;
    repo.insertTaxonomy(version, JSON.stringify({ themes }), author, deps.now().toISOString());
    const { tagged } = retagAll(deps, { version, themes });
    result = { ...result, version, recomputed: tagged };
  })();
  return result;
}
