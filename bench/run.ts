import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench, writeResults } from './bench.js';
import { profileByName } from './profiles.js';

/**
 * `npm run bench [-- --profile small|large] [--json out.json] [--inprocess] [--readme]`: generates (or reuses)
 * the synthetic org, measures, prints the table with PASS/FAIL per target and writes the JSON
 * to bench/results/<profile>.json (and to --json when given).
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const profile = profileByName(option('profile') ?? 'small');
const started = performance.now();
const results = await runBench({
  profile,
  server: args.includes('--inprocess') ? 'inprocess' : 'child',
  log: (msg) => console.error(`[bench ${((performance.now() - started) / 1000).toFixed(0)} s] ${msg}`),
});
const m = results.machine;
console.log(
  `\nChorus bench — profile ${profile.name}, ${new Date().toISOString()}; ${m.cpus} × ${m.model}, Node ${m.node}; load average ${m.loadBefore.toFixed(1)} before, ${m.loadAfter.toFixed(1)} after\n`,
);
console.log(results.table);
console.log(
  `\nTargets (set for the large profile): ${results.allPass ? 'all PASS' : 'some FAIL'}; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
);
const out = join(fileURLToPath(new URL('.', import.meta.url)), 'results', `${profile.name}.json`);
writeResults(out, results);
const extra = option('json');
if (extra) writeResults(extra, results);
console.error(`results written to ${out}${extra ? ` and ${extra}` : ''}`);
if (args.includes('--readme')) {
  // Replaces the table between the markers of the main README.md (Performance) with this run's.
  const readme = join(fileURLToPath(new URL('..', import.meta.url)), 'README.md');
  const text = readFileSync(readme, 'utf8');
  const block =
    `<!-- BENCH-TABLE -->\nProfile \`${profile.name}\`, ${results.at.slice(0, 16).replace('T', ' ')} UTC, ${m.cpus} × ${m.model}, Node ${m.node}, ` +
    `load average ${m.loadBefore.toFixed(1)} → ${m.loadAfter.toFixed(1)} (other work on the machine skews every figure).\n\n${results.table}\n<!-- /BENCH-TABLE -->`;
  const full = /<!-- BENCH-TABLE -->[\s\S]*?<!-- \/BENCH-TABLE -->/;
  writeFileSync(
    readme,
    full.test(text) ? text.replace(full, () => block) : text.replace(/<!-- BENCH-TABLE:[^>]*-->/, () => block),
  );
  console.error(`table written to ${readme}`);
}
process.exit(0);
