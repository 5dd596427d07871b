/**
 * Runs the kill test (test/security/kill-harness.ts) several times in a row:
 *   npm run test:kill -- --runs 20 [--cycles 3]
 * Each run: a fresh database, `cycles` SIGKILL/restart rounds under streaming writes, then a check
 * that every acknowledged item is stored exactly once. Exits 1 when any run finds a problem.
 */
import { parseArgs } from 'node:util';
import { killTest } from '../test/security/kill-harness.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, cycles: { type: 'string', default: '3' } },
});
const runs = Number(values.runs);
const cycles = Number(values.cycles);
let failed = 0;
const totals = { people: 0, responses: 0, deployments: 0, inFlight: 0, kills: 0 };
for (let run = 1; run <= runs; run++) {
  const report = await killTest({ cycles });
  totals.people += report.acknowledged.people;
  totals.responses += report.acknowledged.responses;
  totals.deployments += report.acknowledged.deployments;
  totals.inFlight += report.inFlight;
  totals.kills += report.cycles;
  const ok = report.problems.length === 0;
  if (!ok) failed++;
  console.log(
    `run ${run}/${runs}: ${ok ? 'ok' : 'FAILED'} in ${report.seconds.toFixed(1)} s — acknowledged ${JSON.stringify(report.acknowledged)}, ${report.inFlight} requests cut off by the kills and re-sent${ok ? '' : `\n  ${report.problems.slice(0, 20).join('\n  ')}`}`,
  );
}
console.log(
  `${runs - failed}/${runs} runs lost nothing and stored nothing twice (${totals.kills} SIGKILLs; acknowledged ${totals.people} people, ${totals.responses} responses, ${totals.deployments} deployments; ${totals.inFlight} cut-off requests re-sent).`,
);
process.exit(failed ? 1 : 0);
