import type { Db } from '../db/open.js';
import { readSetting } from '../settings/settings.repo.js';
import { anonymityThreshold } from './engine.js';

/** Org-wide setting that raises k for every survey (the stricter of it and the survey's own wins). */
export const THRESHOLD_SETTING = 'anonymity_threshold';

/**
 * The one threshold lookup: k for a survey (its own threshold and the org-wide setting, the
 * strictest wins, never below the minimum). Without a survey: the org-wide setting alone.
 */
export const thresholdFor = (db: Db, surveyThreshold?: number | null): number =>
  anonymityThreshold(surveyThreshold, readSetting<number>(db, THRESHOLD_SETTING));

/**
 * k for comments (themes, quotes), which mix every survey and friction reports: the setting and
 * every survey's own threshold, the strictest wins.
 */
export function commentThresholdFor(db: Db): number {
  const strictest = db.prepare('SELECT MAX(anonymity_threshold) FROM surveys').pluck().get() as number | null;
  return thresholdFor(db, strictest);
}
