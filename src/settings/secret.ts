import { hkdfSync, randomBytes } from 'node:crypto';
import type { Db } from '../db/open.js';
import { deleteSetting, readSetting, writeSetting } from './settings.repo.js';

/**
 * Keys derived from the master secret, one per purpose (HKDF-SHA256), so no two uses share a key:
 * a value signed for one purpose (a cookie, a share link) is never a valid value for another (a
 * pseudonym, a survey link).
 */
export interface SecretKeys {
  /** Keys respondent pseudonyms: HMAC(pseudonym, "person:<id>"). */
  pseudonym: string;
  /** Signs cookies (session, CSRF double-submit). */
  cookie: string;
  /** Signs share links. */
  share: string;
  /** Derives personal survey-link tokens. */
  invitation: string;
  /**
   * Only on a database that held data made with the master secret itself (before per-purpose
   * keys): that secret, and the runs whose survey links were made with it (see decideScheme).
   */
  legacy?: { master: string; runs: ReadonlySet<string> };
}

/** What the database records about its keys (settings key `key_scheme`), written once. */
interface KeyScheme {
  version: 1;
  /** 'master': pseudonyms stay HMAC(master secret, …), as stored before per-purpose keys. */
  pseudonyms: 'hkdf' | 'master';
  /** Runs still open at the switch whose survey links were made with the master secret. */
  legacy_runs: string[];
  /** Share links existed that were signed with the master secret. */
  legacy_shares: boolean;
  since: string;
}

const SALT = 'chorus key derivation v1';

/** One 32-byte key (hex) for `purpose`, derived from the master secret. */
const derive = (master: string, purpose: string): string =>
  Buffer.from(hkdfSync('sha256', master, SALT, `chorus:${purpose}`, 32)).toString('hex');

/** The per-purpose keys of a master secret, with the legacy part a database's scheme asks for. */
export function deriveKeys(master: string, scheme?: Omit<KeyScheme, 'version' | 'since'>): SecretKeys {
  const keys: SecretKeys = {
    pseudonym: derive(master, 'pseudonym'),
    cookie: derive(master, 'cookie'),
    share: derive(master, 'share'),
    invitation: derive(master, 'invitation'),
  };
  if (!scheme || (scheme.pseudonyms === 'hkdf' && !scheme.legacy_runs.length && !scheme.legacy_shares)) return keys;
  return {
    ...keys,
    pseudonym: scheme.pseudonyms === 'master' ? master : keys.pseudonym,
    legacy: { master, runs: new Set(scheme.legacy_runs) },
  };
}

/**
 * How the database's existing data was keyed, decided on the first start with per-purpose keys.
 * Pseudonyms already stored keep their key (the master secret): those of imported respondents
 * (an e-mail not in the directory, an external id) cannot be recomputed, so re-keying would split
 * them from their own history; and re-keying changes nothing for a stolen backup (whoever holds the
 * master secret can derive any key). Links already sent keep working: runs still open and share
 * links are checked against the master secret too. Cookies are re-signed: everyone logs in again.
 */
function decideScheme(db: Db, now: Date): KeyScheme {
  const one = (sql: string) => db.prepare(sql).pluck().get() !== undefined;
  const pseudonymsStored =
    one('SELECT 1 FROM responses WHERE respondent IS NOT NULL LIMIT 1') ||
    one('SELECT 1 FROM friction_reports WHERE respondent IS NOT NULL LIMIT 1');
  const legacyRuns = db
    .prepare(
      `SELECT DISTINCT r.id FROM runs r JOIN invitations i ON i.run_id = r.id
       WHERE r.closes_at > ? AND i.nonce IS NOT NULL ORDER BY r.id`,
    )
    .pluck()
    .all(now.toISOString()) as string[];
  return {
    version: 1,
    pseudonyms: pseudonymsStored ? 'master' : 'hkdf',
    legacy_runs: legacyRuns,
    // report_shares comes with 0007; the bench generator decides its scheme on an older schema.
    legacy_shares:
      one(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_shares'`) &&
      one('SELECT 1 FROM report_shares LIMIT 1'),
    since: now.toISOString(),
  };
}

export interface ResolvedKeys {
  keys: SecretKeys;
  /** Things the operator should know, for the start-up log. */
  notices: Array<{ level: 'info' | 'warn'; message: string }>;
}

/** Whether a master secret is kept in the database, where any copy of the database carries it. */
export const secretStoredInDatabase = (db: Db): boolean => readSetting<string>(db, 'server_secret') !== undefined;

/**
 * The keys for this database: from CHORUS_SECRET when set, else from a master secret generated on
 * first start and kept in the database (so pseudonyms stay stable across restarts). When
 * CHORUS_SECRET equals the stored secret, the stored copy is removed: the secret then lives only
 * outside the database and its backups.
 */
export function resolveKeys(db: Db, fromEnv: string | undefined, now: Date): ResolvedKeys {
  const notices: ResolvedKeys['notices'] = [];
  const stored = readSetting<string>(db, 'server_secret');
  let master: string;
  if (fromEnv) {
    master = fromEnv;
    if (stored === fromEnv) {
      deleteSetting(db, 'server_secret');
      notices.push({
        level: 'info',
        message: 'CHORUS_SECRET equals the secret stored in the database: the stored copy was removed',
      });
    } else if (stored) {
      notices.push({
        level: 'warn',
        message:
          'CHORUS_SECRET differs from the secret stored in this database: answers keyed with the stored one will ' +
          'not match new ones. To keep them, set CHORUS_SECRET to the stored value (SECURITY.md, "Moving the secret")',
      });
    }
  } else {
    master = stored ?? randomBytes(32).toString('hex');
    if (!stored) writeSetting(db, 'server_secret', master, now);
    notices.push({
      level: 'warn',
      message:
        'the server secret is kept in the database: set CHORUS_SECRET outside it (SECURITY.md, "Moving the secret")',
    });
  }
  let scheme = readSetting<KeyScheme>(db, 'key_scheme');
  if (!scheme) {
    scheme = decideScheme(db, now);
    writeSetting(db, 'key_scheme', scheme, now);
  }
  return { keys: deriveKeys(master, scheme), notices };
}

/** The key of a run's survey links: the master secret for runs opened before per-purpose keys. */
export const invitationKey = (keys: SecretKeys, runId: string): string =>
  keys.legacy?.runs.has(runId) ? keys.legacy.master : keys.invitation;
