import { z } from 'zod';

/** A list of patterns: an array, or text with one pattern per line (forms). */
const patternList = z
  .union([z.array(z.string()), z.string()])
  .optional()
  .transform((v) => (typeof v === 'string' ? v.split(/\r?\n|,/) : (v ?? [])))
  .transform((list) => [...new Set(list.map((p) => p.trim().toLowerCase()).filter(Boolean))])
  .pipe(z.array(z.string().max(120, 'a pattern is at most 120 characters')).max(300, 'at most 300 patterns per theme'));

/** One theme of the taxonomy as admins edit it. */
const themeInput = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,48}$/, 'use 2–49 lower-case letters, digits or _ starting with a letter'),
    label: z.string().trim().min(1, 'is required').max(80),
    definition: z.string().trim().max(400).optional().default(''),
    keywords: patternList,
    phrases: patternList,
    exclude: patternList,
    /** Left out: the theme keeps its current owner, else the built-in default (taxonomy.service.ts). */
    owner: z.enum(['platform', 'shared', 'other'], 'choose platform, shared or other').optional(),
  })
  .refine((t) => t.keywords.length + t.phrases.length > 0, {
    message: 'give at least one keyword or phrase',
    path: ['keywords'],
  });
export type ThemeInput = z.output<typeof themeInput>;

/** The whole taxonomy (PUT /api/v1/themes/taxonomy). */
export const taxonomyInput = z
  .object({ themes: z.array(themeInput).min(1, 'at least one theme').max(100) })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.themes.forEach((th, i) => {
      if (seen.has(th.key))
        ctx.addIssue({ code: 'custom', path: ['themes', i, 'key'], message: `duplicate key "${th.key}"` });
      seen.add(th.key);
    });
  });
export type TaxonomyInput = z.output<typeof taxonomyInput>;

/** Query of GET /api/v1/themes and the /themes page (from/to are read by reportWindow). */
export const themesQuery = z.object({
  team: z
    .string()
    .trim()
    .max(64)
    .optional()
    .transform((v) => v || undefined),
});
