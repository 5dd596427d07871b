import { THEME_OWNERS, type ThemeOwner } from './taxonomy.js';

/**
 * Who can fix the friction (metrics.md → "Who owns a theme"): theme figures summed by the owner of
 * each theme, so a platform team claims only what it owns. Pure.
 */

/** How reports name each owner. */
export const OWNER_LABELS: Readonly<Record<ThemeOwner, string>> = {
  platform: 'The platform can fix',
  shared: 'Shared with others',
  other: 'Others own',
};

/** One owner's part of the friction. */
export interface OwnerShare {
  owner: ThemeOwner;
  label: string;
  /** Keys of its themes that were mentioned by at least k people (shown), largest first. */
  themes: string[];
  /** Sum of those themes' commenters (a comment can carry several themes). */
  mentions: number;
  /** Its share of all shown theme mentions; null when there are none. */
  share_of_mentions: number | null;
}

const round = (v: number, d = 4) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Theme mentions per owner: each shown theme's commenters (hidden themes count 0, as in the value
 * model's attribution) added up by owner, and each owner's share of the total. Always all three
 * owners, in the order platform, shared, other.
 */
export function frictionByOwner(
  themes: ReadonlyArray<{ key: string; owner: ThemeOwner; respondents: number | null }>,
): OwnerShare[] {
  const total = themes.reduce((s, t) => s + Math.max(0, t.respondents ?? 0), 0);
  return THEME_OWNERS.map((owner) => {
    const mine = themes
      .filter((t) => t.owner === owner && (t.respondents ?? 0) > 0)
      .sort((a, b) => (b.respondents ?? 0) - (a.respondents ?? 0));
    const mentions = mine.reduce((s, t) => s + (t.respondents ?? 0), 0);
    return {
      owner,
      label: OWNER_LABELS[owner],
      themes: mine.map((t) => t.key),
      mentions,
      share_of_mentions: total > 0 ? round(mentions / total) : null,
    };
  });
}

/** A point estimate with its band. */
interface Band {
  estimate: number;
  low: number;
  high: number;
}

/** One owner's part of the estimated capacity cost. */
export interface OwnerCapacity {
  owner: ThemeOwner;
  label: string;
  share_of_mentions: number;
  hours: Band | null;
  cost: Band | null;
}

const addBands = (a: Band | null, b: Band | null, digits: number): Band | null =>
  a === null
    ? b
    : b === null
      ? a
      : {
          estimate: round(a.estimate + b.estimate, digits),
          low: round(a.low + b.low, digits),
          high: round(a.high + b.high, digits),
        };

/**
 * The value model's per-theme attribution summed by owner (platform, shared, other): what the
 * platform can fix is only the capacity attributed to its own themes. An estimate, like the
 * attribution it adds up.
 */
export function capacityByOwner(
  attribution: ReadonlyArray<{ key: string; share_of_mentions: number; hours: Band | null; cost: Band | null }>,
  ownerOf: (key: string) => ThemeOwner,
): OwnerCapacity[] {
  return THEME_OWNERS.map((owner) => {
    const mine = attribution.filter((t) => ownerOf(t.key) === owner);
    return {
      owner,
      label: OWNER_LABELS[owner],
      share_of_mentions: round(mine.reduce((s, t) => s + t.share_of_mentions, 0)),
      hours: mine.reduce<Band | null>((acc, t) => addBands(acc, t.hours, 1), null),
      cost: mine.reduce<Band | null>((acc, t) => addBands(acc, t.cost, 0), null),
    };
  });
}
