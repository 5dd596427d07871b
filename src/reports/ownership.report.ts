import { OWNER_LABELS, type OwnerCapacity, type OwnerShare } from '../themes/ownership.js';
import type { ThemeOwner } from '../themes/taxonomy.js';
import { THEME_OWNERS } from '../themes/taxonomy.js';

/** One line of the "who can fix it" split on the leadership page. */
export interface OwnershipLine {
  owner: ThemeOwner;
  label: string;
  share_of_mentions: number | null;
  mentions: number;
  themes: Array<{ key: string; label: string }>;
  capacity_cost: { estimate: number; low: number; high: number } | null;
  capacity_hours: { estimate: number; low: number; high: number } | null;
}

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 100)}%`);
const money = (v: number) => `$${Math.round(v).toLocaleString('en-US')}`;
/**
 * Friction and its estimated capacity cost split by who can fix it (platform, shared, other), from
 * the themes report's `by_owner` and the value model's `attribution.by_owner`, with one sentence
 * that says what the platform owns and what it does not.
 */
export function ownershipSummary(
  byOwner: readonly OwnerShare[],
  capacity: readonly OwnerCapacity[],
  themeLabels: ReadonlyMap<string, string>,
  threshold: number,
): { lines: OwnershipLine[]; sentence: string } {
  const lines: OwnershipLine[] = THEME_OWNERS.map((owner) => {
    const share = byOwner.find((o) => o.owner === owner);
    const cap = capacity.find((o) => o.owner === owner);
    return {
      owner,
      label: OWNER_LABELS[owner],
      share_of_mentions: share?.share_of_mentions ?? null,
      mentions: share?.mentions ?? 0,
      themes: (share?.themes ?? []).map((key) => ({ key, label: themeLabels.get(key) ?? key })),
      capacity_cost: cap?.cost ?? null,
      capacity_hours: cap?.hours ?? null,
    };
  });
  const [platform, shared, other] = lines;
  if (lines.every((l) => l.mentions === 0))
    return {
      lines,
      sentence: `No friction theme was mentioned by at least ${threshold} people, so nothing can be split into what the platform can fix and what others own.`,
    };
  const names = (l: OwnershipLine) => (l.themes.length ? ` (${l.themes.map((t) => t.label).join('; ')})` : '');
  const cost = (l: OwnershipLine) =>
    l.capacity_cost && l.capacity_cost.estimate > 0
      ? `, an estimated ${money(l.capacity_cost.estimate)} of capacity`
      : '';
  return {
    lines,
    sentence:
      `The platform can fix ${pct(platform.share_of_mentions)} of friction-theme mentions${names(platform)}${cost(platform)}; ` +
      `${pct(shared.share_of_mentions)} is shared with others${names(shared)}, and ` +
      `${pct(other.share_of_mentions)} is for others to fix${names(other)}${cost(other)}. ` +
      'The platform claims only its own part.',
  };
}
