import { z } from 'zod';

/** A friction report as Slack (command, shortcut) and other adapters submit it. */
export const frictionInput = z.object({
  text: z.string().trim().min(3, 'tell us a little more (at least 3 characters)').max(2000, 'at most 2,000 characters'),
  category: z
    .string()
    .trim()
    .max(100)
    .nullish()
    .transform((v) => v || null),
  source: z.enum(['slack_command', 'slack_shortcut', 'web', 'api']),
});
export type FrictionInput = z.input<typeof frictionInput>;
