import { vi } from 'vitest';
import type { Deps } from '../../src/deps.js';

/**
 * Polls `condition` until it returns a truthy value and returns that value; throws, naming `what`,
 * when the deadline passes first. Use it instead of a fixed sleep: the test goes on as soon as the
 * signal is there, and a signal that never comes fails the test instead of passing it by chance.
 */
export async function until<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  options: { timeout?: number; interval?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeout ?? 5_000);
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.timeout ?? 5_000} ms waiting for ${options.what ?? 'a condition'}`);
    }
    await new Promise((r) => setTimeout(r, options.interval ?? 20));
  }
}

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Records the messages `deps.log` writes at the given levels (even when the logger is silent), so
 * a test can wait for the line that says a request was deliberately ignored instead of sleeping
 * and hoping nothing happened in the meantime.
 */
export function watchLog(deps: Deps, ...levels: Level[]) {
  const spies = levels.map((level) => vi.spyOn(deps.log, level));
  const messages = () =>
    spies.flatMap((spy) =>
      spy.mock.calls.map((args: unknown[]) => args.find((a): a is string => typeof a === 'string') ?? ''),
    );
  return {
    /** How many messages so far contain any of `texts`. */
    count: (...texts: string[]) => messages().filter((m) => texts.some((t) => m.includes(t))).length,
    restore: () => spies.forEach((spy) => spy.mockRestore()),
  };
}

/** The two places Chorus drops a repeated Slack delivery without doing its work again. */
export const SLACK_REPEAT_DROPPED = [
  'replayed Slack request ignored', // the edge: a signature already seen (or recorded by the listener side)
  'duplicate event delivery ignored', // the listeners: an event_id already handled (a Slack retry)
];
