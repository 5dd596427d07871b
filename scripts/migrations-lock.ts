// Adds new db/migrations/*.sql files to db/migrations/SHA256SUMS (npm run migrations:lock).
// Run it after writing a migration and commit SHA256SUMS with the file. It never rewrites a
// line that is already there: a changed committed migration is reported and the script fails.
import { MANIFEST_NAME, checkManifest, lockNewMigrations } from '../src/db/migration-manifest.js';

try {
  const added = lockNewMigrations();
  for (const name of added) console.log(`locked ${name} in db/migrations/${MANIFEST_NAME}`);
  if (!added.length) console.log(`db/migrations/${MANIFEST_NAME} already lists every migration`);
  const problems = checkManifest();
  if (problems.length) throw new Error(problems.map((p) => p.message).join('\n'));
} catch (err) {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
