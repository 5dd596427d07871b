import { z } from 'zod';
import type { Deps } from '../deps.js';
import { invalid, zodDetails } from '../errors.js';
import { currentTaxonomy, saveTaxonomy } from './taxonomy.service.js';

/** An emerging phrase made a theme of its own (the /themes page, analysts and admins). */
const promoteInput = z.object({
  phrase: z
    .string({ message: 'is required' })
    .trim()
    .toLowerCase()
    .min(3, 'is required')
    .max(120, 'at most 120 characters'),
  label: z.string({ message: 'is required' }).trim().min(1, 'is required').max(80, 'at most 80 characters'),
});

/** A theme key from a label: lower-case words joined by _, unique in the taxonomy. */
function keyFor(label: string, taken: Set<string>): string {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .replace(/^([^a-z])/, 't_$1')
      .slice(0, 40) || 'theme';
  let key = base.length >= 2 ? base : `${base}_theme`;
  for (let i = 2; taken.has(key); i++) key = `${base}_${i}`;
  return key;
}

/**
 * Promotes an emerging phrase to a theme: a new taxonomy version with one more theme matching
 * that phrase, every comment re-tagged in the same transaction (as any taxonomy edit). A phrase an
 * existing theme already lists is a 422 naming `phrase`.
 */
export function promoteEmergingPhrase(
  deps: Deps,
  body: unknown,
  author: string | null,
): { key: string; version: number; recomputed: number } {
  const parsed = promoteInput.safeParse(body ?? {});
  if (!parsed.success) throw invalid(zodDetails(parsed.error));
  const { phrase, label } = parsed.data;
  const taxonomy = currentTaxonomy(deps);
  const owner = taxonomy.themes.find((t) => [...t.keywords, ...t.phrases].some((p) => p.toLowerCase() === phrase));
  if (owner) throw invalid([{ field: 'phrase', message: `is already part of the theme "${owner.label}"` }]);
  const key = keyFor(label, new Set(taxonomy.themes.map((t) => t.key)));
  const saved = saveTaxonomy(
    deps,
    {
      themes: [
        ...taxonomy.themes,
        {
          key,
          label,
          definition: `Comments mentioning “${phrase}” (promoted from an emerging phrase).`,
          keywords: [],
          phrases: [phrase],
          exclude: [],
        },
      ],
    },
    author,
  );
  return { key, version: saved.version, recomputed: saved.recomputed };
}
