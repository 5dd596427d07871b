import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCS = ['README.md', 'SECURITY.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter((f) =>
  f.endsWith('.md'),
);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (file: string): Set<string> =>
  new Set(
    readFileSync(file, 'utf8')
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((line) => /^#{1,6}\s/.test(line))
      .map((line) => slug(line.replace(/^#+\s*/, ''))),
  );

/** Relative Markdown links `[text](target)` outside code blocks. */
function linksOf(text: string): string[] {
  const prose = text.replace(/```[\s\S]*?```/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t));
}

describe('documentation shipped with the code', () => {
  it('has the API, metrics and architecture docs, linked from the README', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const doc of ['docs/api.md', 'docs/metrics.md', 'docs/architecture.md']) {
      expect(existsSync(join(ROOT, doc)), doc).toBe(true);
      expect(readme).toContain(`](${doc})`);
    }
  });

  it('points at nothing outside the repository (no ../shared, no brief)', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.(ts|mjs|js|md|hbs|sql|yaml)$/.test(entry.name) && /\.\.\/shared\//.test(readFileSync(path, 'utf8')))
          offenders.push(relative(ROOT, path));
      }
    };
    for (const dir of ['src', 'views', 'docs', 'bench', 'scripts', 'db', 'slack']) {
      if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
    }
    for (const file of ['README.md', 'SECURITY.md'])
      if (/\.\.\/shared\//.test(readFileSync(join(ROOT, file), 'utf8'))) offenders.push(file);
    expect(offenders).toEqual([]);
  });

  it('every relative link resolves to a file in the repository, and every #anchor to a heading', () => {
    const broken: string[] = [];
    for (const doc of DOCS) {
      const from = join(ROOT, doc);
      for (const target of linksOf(readFileSync(from, 'utf8'))) {
        const [path, anchor] = target.split('#');
        const file = path ? resolve(dirname(from), path) : from;
        if (!file.startsWith(ROOT + '/') || !existsSync(file)) broken.push(`${doc}: ${target}`);
        else if (anchor && file.endsWith('.md') && !anchorsOf(file).has(anchor))
          broken.push(`${doc}: ${target} (anchor)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the link checker is real: a missing file and a missing anchor are caught', () => {
    expect(linksOf('see [x](docs/nope.md) and [y](docs/api.md#no-such-heading) and [z](https://example.com)')).toEqual([
      'docs/nope.md',
      'docs/api.md#no-such-heading',
    ]);
    expect(anchorsOf(join(ROOT, 'docs/api.md')).has('no-such-heading')).toBe(false);
    expect(anchorsOf(join(ROOT, 'docs/api.md')).has('ingestion-batches')).toBe(true);
  });
});

describe('docs/api.md covers the route table', () => {
  it('names every /api/v1 route and webhook with its method', async () => {
    const { routeTable } = await import('../../src/web/routes.js');
    const lines = readFileSync(join(ROOT, 'docs/api.md'), 'utf8').split('\n');
    const missing = routeTable
      .filter((r) => r.path.startsWith('/api/v1/') || r.path.startsWith('/webhooks/'))
      .filter((r) => {
        const path = new RegExp(`\`(${r.method.toUpperCase()} )?${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[?\`]`);
        return !lines.some((line) => path.test(line) && line.includes(r.method.toUpperCase()));
      })
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing, 'document these routes in docs/api.md').toEqual([]);
  });
});
