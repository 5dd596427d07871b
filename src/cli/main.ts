import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { basename, extname } from 'node:path';
import { cliActor, recordAudit } from '../audit/audit.service.js';
import { createApiToken, createUser } from '../auth/auth.service.js';
import { MAX_BATCH } from '../batch.js';
import { ConfigError, loadConfig } from '../config.js';
import { csvColumns } from '../csv-records.js';
import type { Deps } from '../deps.js';
import { AppError, usage } from '../errors.js';
import { createLogger } from '../log.js';
import { openWorkspace } from '../workspace.js';
import { syncDirectoryFromSlack } from '../slack/directory-sync.js';
import { importers } from './importers.js';
import { readRecords } from './records.js';
import './register.js';

const HELP = `Usage: chorus <command> [options]   (npm run chorus -- <command>)

Commands:
  migrate                                   apply pending database migrations
  import <kind> <file.json|file.csv> [--survey KEY]
                                            kinds: ${Object.keys(importers).join(', ')}
  token create --role admin|ingest|viewer [--name NAME]
                                            prints the new API token on its last line
  user create --email E --password P --role admin|analyst|viewer
  slack-sync                                link people to Slack users by e-mail (users.list)
  backup <file>                             online backup of the database (safe while the server runs)
  help                                      this text

The database is CHORUS_DB (default: the demo workspace db/demo.sqlite).`;

type Out = { log: (s: string) => void; error: (s: string) => void };

/** Runs one CLI command; returns the process exit code. */
export async function runCli(argv: string[], out: Out = console, depsOverride?: Deps): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      email: { type: 'string' },
      password: { type: 'string' },
      survey: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, arg] = positionals;
  if (!command || command === 'help' || values.help) {
    out.log(HELP);
    return 0;
  }
  const deps = depsOverride ?? openWorkspace(loadConfig(), { log: createLogger('warn') });
  // Every change made here is in the audit log too, as `cli:<os user>` (no address).
  const audit = (action: string, target: string | null, details: Record<string, unknown> = {}) =>
    recordAudit(deps, { actor: cliActor(), action, target, details });
  try {
    switch (command) {
      case 'migrate':
        out.log('Database is migrated to the latest schema.');
        return 0;
      case 'token': {
        if (sub !== 'create') throw usage('usage: chorus token create --role admin|ingest|viewer');
        const created = createApiToken(deps, { role: values.role, name: values.name ?? `${values.role ?? ''} token` });
        audit('token.create', `token:${created.id}`, { role: created.role, name: values.name ?? null });
        out.log(`Created ${created.role} token #${created.id}. Store it now; it cannot be shown again:`);
        out.log(created.token);
        return 0;
      }
      case 'user': {
        if (sub !== 'create')
          throw usage('usage: chorus user create --email E --password P --role admin|analyst|viewer');
        const user = createUser(deps, { email: values.email, password: values.password, role: values.role });
        audit('user.create', user.email, { role: user.role, created: user.created });
        out.log(`${user.created ? 'Created' : 'Updated'} ${user.role} account ${user.email}.`);
        return 0;
      }
      case 'import': {
        const kind = sub;
        const file = arg;
        const importer = kind ? importers[kind] : undefined;
        if (!importer || !file) {
          throw usage(`usage: chorus import <kind> <file> — kinds: ${Object.keys(importers).join(', ')}`);
        }
        let records = readRecords(file, importer.plural);
        if (extname(file).toLowerCase() === '.csv' && importer.fromCsvRow) {
          const columns = csvColumns(readFileSync(file, 'utf8'));
          records = records.map((r) => importer.fromCsvRow!(r as Record<string, string>, columns));
        }
        if (values.survey) records = records.map((r) => ({ ...(r as object), survey: values.survey }));
        let accepted = 0;
        let duplicates = 0;
        for (let start = 0; start < records.length; start += MAX_BATCH) {
          try {
            const result = importer.run(deps, records.slice(start, start + MAX_BATCH));
            accepted += result.accepted;
            duplicates += result.duplicates;
          } catch (err) {
            if (err instanceof AppError) {
              for (const d of err.details.slice(0, 20)) {
                out.error(`  record ${d.index !== undefined ? start + d.index + 1 : '?'}: ${d.field}: ${d.message}`);
              }
              if (start > 0) out.error(`Records 1–${start} were imported; records from ${start + 1} on were not.`);
            }
            if (accepted + duplicates > 0)
              audit(`import.${kind}`, basename(file), {
                accepted,
                duplicates,
                complete: false,
                failed_from: start + 1,
              });
            throw err;
          }
        }
        audit(`import.${kind}`, basename(file), { accepted, duplicates, complete: true, survey: values.survey });
        out.log(`Imported ${accepted} ${kind} (${duplicates} already known, updated).`);
        return 0;
      }
      case 'slack-sync': {
        const r = await syncDirectoryFromSlack(deps);
        audit('slack.sync', null, { slack_users: r.slackUsers, matched: r.matched, linked: r.linked });
        out.log(
          `Synced from Slack: ${r.slackUsers} users, ${r.matched} matched by e-mail, ${r.linked} newly linked, ${r.unmatched} unmatched, ${r.locales} languages updated.`,
        );
        return 0;
      }
      case 'backup': {
        if (!sub) throw usage('usage: chorus backup <file>');
        await deps.db.backup(sub);
        audit('database.backup', basename(sub));
        out.log(
          `Backed up to ${sub}. Restore: stop Chorus, copy it over CHORUS_DB, delete CHORUS_DB-wal and CHORUS_DB-shm, start Chorus (SECURITY.md).`,
        );
        return 0;
      }
      default:
        out.error(`Unknown command "${command}".\n\n${HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof AppError || err instanceof ConfigError) {
      out.error(`Error: ${err.message}`);
      return err instanceof AppError && err.status === 2 ? 2 : 1;
    }
    if (err instanceof Error) {
      out.error(`Error: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    if (!depsOverride) deps.db.close();
  }
}

if (process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1])) {
  process.exit(await runCli(process.argv.slice(2)));
}
