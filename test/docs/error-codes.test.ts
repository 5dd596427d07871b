import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_CODES, conflict, gone, unauthorized } from '../../src/errors.js';

/** Every .ts file under a directory. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe('error codes', () => {
  it('are made only by the factories of src/errors.ts, never with an ad-hoc string', () => {
    const offenders = sources('src')
      .filter((file) => file !== join('src', 'errors.ts'))
      .filter((file) => readFileSync(file, 'utf8').includes('new AppError('));
    expect(offenders).toEqual([]);
  });

  it('are each listed in docs/api.md, so clients know what they may rely on', () => {
    const api = readFileSync('docs/api.md', 'utf8');
    const undocumented = Object.keys(ERROR_CODES).filter((code) => !api.includes(`\`${code}\``));
    expect(undocumented).toEqual([]);
  });

  it('keep their code while the status follows the situation', () => {
    // Submitting to a closed run is 410; closing an already closed run is a 409: same code.
    expect(gone('closed', 'run_closed')).toMatchObject({ code: 'run_closed', status: 410 });
    expect(conflict('closed', 'run_closed')).toMatchObject({ code: 'run_closed', status: 409 });
    const err = unauthorized('bad', 'bad_signature');
    expect(err).toBeInstanceOf(AppError);
    expect(err.withDetails([{ field: 'x', message: 'y' }])).toMatchObject({
      code: 'bad_signature',
      status: 401,
      message: 'bad',
      details: [{ field: 'x', message: 'y' }],
    });
  });
});
