import { startBenchServer } from './server-app.js';

/**
 * Child-process entry of the bench server (so its peak RSS can be read from /proc/<pid>/status):
 * `tsx bench/server.ts <db file> <slack api url>` prints one `READY {"base": …}` line.
 */
const [dbPath, slackApiUrl] = process.argv.slice(2);
const server = await startBenchServer({ dbPath, slackApiUrl });
process.stdout.write(`READY ${JSON.stringify({ base: server.base, openMs: server.openMs, pid: process.pid })}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
