import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log.js';

const SOURCE = new URL('./listener-worker.ts', import.meta.url);
const TSX_ENTRY = new URL('./listener-worker.mjs', import.meta.url);
// Inside the project, so the bundle's package imports resolve from its node_modules.
const CACHE_DIR = new URL('../../node_modules/.cache/chorus/', import.meta.url);

/**
 * The listener thread's entry: its TypeScript bundled by esbuild into one ES module (packages stay
 * imports), written once per content under node_modules/.cache/chorus. The thread then runs plain
 * JavaScript: tsx's loader in a worker costs a hooks thread of its own and ~30 MB of RSS. Falls
 * back to the tsx entry when the bundle cannot be built or written.
 */
export async function listenerEntry(log: Logger): Promise<URL> {
  try {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [fileURLToPath(SOURCE)],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].text;
    const name = `slack-listener-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`;
    const file = new URL(name, CACHE_DIR);
    if (!existsSync(file)) {
      mkdirSync(CACHE_DIR, { recursive: true });
      // Written aside and renamed: several processes (test files, a second instance) may race here.
      const partial = new URL(`${name}.${process.pid}.partial`, CACHE_DIR);
      writeFileSync(partial, code);
      renameSync(partial, file);
    }
    return file;
  } catch (err) {
    log.warn(
      { module: 'slack', err: (err as Error).message },
      'Slack listener bundle not built; the listener thread loads its TypeScript through tsx',
    );
    return TSX_ENTRY;
  }
}
