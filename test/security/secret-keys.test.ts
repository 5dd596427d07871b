import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hmac, sha256 } from '../../src/auth/crypto.js';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/deps.js';
import { createLogger } from '../../src/log.js';
import { createShare, openShare } from '../../src/reports/share.service.js';
import { deriveKeys, secretStoredInDatabase, type SecretKeys } from '../../src/settings/secret.js';
import { deleteSetting, readSetting } from '../../src/settings/settings.repo.js';
import { importedRespondent } from '../../src/surveys/import.service.js';
import { respondentPseudonym } from '../../src/privacy/pseudonym.js';
import { submitResponse } from '../../src/surveys/responses.service.js';
import { runsRepo } from '../../src/surveys/runs.repo.js';
import { invitationForToken, openRun, runLinks } from '../../src/surveys/runs.service.js';
import { openWorkspace } from '../../src/workspace.js';
import { loginSession, startServer } from '../helpers/server.js';

// Issue 12, finding 7: one key per purpose (HKDF), and a clean upgrade of databases whose
// pseudonyms and links were made with the master secret itself.
const NOW = new Date('2026-03-02T10:00:00.000Z');
const WINDOW = { from: '2026-01-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', days: 59 };
const silent = createLogger('silent');

const dirs: string[] = [];
const workspaces: Deps[] = [];
afterEach(() => {
  for (const d of workspaces.splice(0)) d.db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function dbPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chorus-keys-'));
  dirs.push(dir);
  return join(dir, 'chorus.sqlite');
}
function open(path: string, env: Record<string, string> = {}, now = NOW): Deps {
  const deps = openWorkspace(loadConfig({ CHORUS_DB: path, LOG_LEVEL: 'silent', ...env }), {
    log: silent,
    now: () => now,
  });
  workspaces.push(deps);
  return deps;
}
function close(deps: Deps) {
  deps.db.close();
  workspaces.splice(workspaces.indexOf(deps), 1);
}

/** A team with two people; returns their ids. */
function directory(deps: Deps): number[] {
  const at = NOW.toISOString();
  const team = deps.db
    .prepare(`INSERT INTO teams (key, name, created_at, updated_at) VALUES ('core', 'Core', ?, ?)`)
    .run(at, at).lastInsertRowid;
  const person = deps.db.prepare(
    `INSERT INTO people (email, name, team_id, active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)`,
  );
  return ['ana@test.example', 'ben@test.example'].map((email) =>
    Number(person.run(email, email, team, at, at).lastInsertRowid),
  );
}

/** Valid answers to every question of a run. */
function answersFor(deps: Deps, runId: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const q of runsRepo(deps.db).questions(runId)) {
    if (q.type === 'likert5') values[q.key] = 4;
    else if (q.type === 'scale0_10') values[q.key] = 8;
    else if (q.type === 'hours_lost') values[q.key] = '2-4';
    else if (q.type === 'choice') values[q.key] = q.options?.[0];
    else values[q.key] = 'fine';
  }
  return values;
}
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/s/') + 3);
const legacyPseudonym = (master: string, personId: number) => hmac(master, `person:${personId}`);

describe('deriveKeys', () => {
  it('derives a different key for every purpose, none equal to the master, stable for one master', () => {
    const master = 'master-secret-0123456789abcdef';
    const keys = deriveKeys(master);
    const values = [keys.pseudonym, keys.cookie, keys.share, keys.invitation];
    expect(new Set([...values, master]).size).toBe(5);
    for (const v of values) expect(v).toMatch(/^[0-9a-f]{64}$/);
    expect(deriveKeys(master)).toEqual(keys);
    const other = deriveKeys('another-master-secret-0123456');
    for (const purpose of ['pseudonym', 'cookie', 'share', 'invitation'] as const)
      expect(other[purpose]).not.toBe(keys[purpose]);
    expect(keys.legacy).toBeUndefined();
  });
});

describe('a new database', () => {
  it('keys pseudonyms, cookies, share and survey links with derived keys only', () => {
    const deps = open(dbPath());
    const master = readSetting<string>(deps.db, 'server_secret')!;
    expect(readSetting<{ pseudonyms: string }>(deps.db, 'key_scheme')?.pseudonyms).toBe('hkdf');
    expect(deps.keys).toEqual(deriveKeys(master));

    const [ana] = directory(deps);
    const { runId } = openRun(deps, 'pulse', { teams: [] });
    submitResponse(deps, { runId, personId: ana, answers: answersFor(deps, runId), source: 'web' });
    const stored = deps.db.prepare('SELECT respondent FROM responses').pluck().get();
    expect(stored).toBe(respondentPseudonym(deps.keys.pseudonym, ana));
    expect(stored).not.toBe(legacyPseudonym(master, ana));

    // A survey link made with the master secret (the old way) opens nothing.
    const link = runLinks(deps, runId).find((l) => l.email === 'ana@test.example')!;
    const nonce = deps.db.prepare('SELECT nonce FROM invitations WHERE person_id = ?').pluck().get(ana) as string;
    const oldWay = createHmac('sha256', master).update(`invitation:${runId}:${ana}:${nonce}`).digest('base64url');
    expect(invitationForToken(deps, tokenOf(link.url))?.personId).toBe(ana);
    expect(invitationForToken(deps, oldWay)).toBeUndefined();

    // A share link signed with the master secret is refused even if its hash were stored.
    const share = createShare(deps, {}, WINDOW, null);
    expect(openShare(deps, share.token).report).toBe('leadership');
    const [random, expiry] = share.token.split('.');
    const masterSigned = `${random}.${expiry}.${hmac(master, `share:${random}.${expiry}`).slice(0, 32)}`;
    deps.db.prepare('UPDATE report_shares SET token_hash = ?').run(sha256(masterSigned));
    expect(() => openShare(deps, masterSigned)).toThrow(/was not found/);
  });
});

describe('upgrading a database made with the master secret as the only key', () => {
  /**
   * Builds the database the previous version left: every purpose keyed with the master secret,
   * no key_scheme. The services themselves write it, given keys that are all the master secret.
   */
  function oldDatabase(path: string) {
    const fresh = open(path);
    const master = readSetting<string>(fresh.db, 'server_secret')!;
    deleteSetting(fresh.db, 'key_scheme');
    const all: SecretKeys = { pseudonym: master, cookie: master, share: master, invitation: master };
    const old: Deps = { ...fresh, keys: all };
    const [ana, ben] = directory(old);
    const { runId } = openRun(old, 'pulse', { teams: [] });
    submitResponse(old, { runId, personId: ana, answers: answersFor(old, runId), source: 'web' });
    const anaLink = runLinks(old, runId).find((l) => l.email === 'ana@test.example')!.url;
    const share = createShare(old, {}, WINDOW, 'admin@test.example');
    const imported = importedRespondent(old, 'external-respondent-7');
    close(fresh);
    return { master, ana, ben, runId, anaLink, share, imported };
  }

  it('keeps stored pseudonyms matching: same person, same pseudonym; one response per run', () => {
    const path = dbPath();
    const before = oldDatabase(path);
    const deps = open(path);
    const scheme = readSetting<{ pseudonyms: string; legacy_runs: string[] }>(deps.db, 'key_scheme')!;
    expect(scheme.pseudonyms).toBe('master');
    expect(scheme.legacy_runs).toEqual([before.runId]);
    expect(deps.keys.pseudonym).toBe(before.master);
    // Cookies, share links and new survey links use derived keys all the same.
    const derived = deriveKeys(before.master);
    expect(deps.keys.cookie).toBe(derived.cookie);
    expect(deps.keys.share).toBe(derived.share);
    expect(deps.keys.invitation).toBe(derived.invitation);

    const oldPseudonym = legacyPseudonym(before.master, before.ana);
    // Answering the same run again replaces the answer (one per person and run).
    const again = submitResponse(deps, {
      runId: before.runId,
      personId: before.ana,
      answers: answersFor(deps, before.runId),
      source: 'web',
    });
    expect(again.replaced).toBe(true);
    // A later run: the same pseudonym, so the person's history lines up.
    const { runId: next } = openRun(deps, 'pulse', { teams: [] });
    submitResponse(deps, { runId: next, personId: before.ana, answers: answersFor(deps, next), source: 'slack' });
    const rows = deps.db.prepare('SELECT run_id AS runId, respondent FROM responses ORDER BY id').all();
    expect(rows).toEqual([
      { runId: before.runId, respondent: oldPseudonym },
      { runId: next, respondent: oldPseudonym },
    ]);
    // The weekly privacy tables count that person once: one respondent key for both responses.
    expect(deps.db.prepare('SELECT COUNT(*) FROM respondent_keys').pluck().get()).toBe(1);
    // Imported respondents (not recomputable from the database) keep their pseudonym too.
    expect(importedRespondent(deps, 'external-respondent-7')).toBe(before.imported);
  });

  it('keeps links made before the switch working, and makes new ones with derived keys', () => {
    const path = dbPath();
    const before = oldDatabase(path);
    const deps = open(path);
    // The survey link already sent opens the invitation, and listing the run's links gives it again.
    expect(invitationForToken(deps, tokenOf(before.anaLink))?.personId).toBe(before.ana);
    expect(runLinks(deps, before.runId).find((l) => l.email === 'ana@test.example')!.url).toBe(before.anaLink);
    // A run opened after the switch: links from the invitation key, which open their invitation.
    const { runId } = openRun(deps, 'pulse', { teams: [] });
    const link = runLinks(deps, runId).find((l) => l.email === 'ben@test.example')!;
    const nonce = deps.db
      .prepare('SELECT nonce FROM invitations WHERE run_id = ? AND person_id = ?')
      .pluck()
      .get(runId, before.ben) as string;
    expect(tokenOf(link.url)).toBe(
      createHmac('sha256', deps.keys.invitation)
        .update(`invitation:${runId}:${before.ben}:${nonce}`)
        .digest('base64url'),
    );
    expect(invitationForToken(deps, tokenOf(link.url))?.personId).toBe(before.ben);
    // The share link made before still opens; a new one is signed with the share key.
    expect(openShare(deps, before.share.token).createdBy).toBe('admin@test.example');
    const share = createShare(deps, {}, WINDOW, null);
    const [random, expiry, signature] = share.token.split('.');
    expect(signature).toBe(hmac(deps.keys.share, `share:${random}.${expiry}`).slice(0, 32));
    expect(openShare(deps, share.token).report).toBe('leadership');
  });

  it('decides once: a restart (even at another time) keeps the recorded scheme', () => {
    const path = dbPath();
    const before = oldDatabase(path);
    close(open(path));
    const later = open(path, {}, new Date('2027-01-01T00:00:00.000Z'));
    expect(later.keys.pseudonym).toBe(before.master);
    expect([...later.keys.legacy!.runs]).toEqual([before.runId]);
  });
});

describe('moving the secret out of the database', () => {
  it('CHORUS_SECRET equal to the stored secret removes the stored copy; pseudonyms still match', () => {
    const path = dbPath();
    const first = open(path);
    const master = readSetting<string>(first.db, 'server_secret')!;
    expect(secretStoredInDatabase(first.db)).toBe(true);
    const [ana] = directory(first);
    const { runId } = openRun(first, 'pulse', { teams: [] });
    submitResponse(first, { runId, personId: ana, answers: answersFor(first, runId), source: 'web' });
    const keys = first.keys;
    close(first);

    const moved = open(path, { CHORUS_SECRET: master });
    expect(secretStoredInDatabase(moved.db)).toBe(false);
    expect(readSetting(moved.db, 'server_secret')).toBeUndefined();
    expect(moved.keys).toEqual(keys);
    expect(moved.db.prepare('SELECT respondent FROM responses').pluck().get()).toBe(
      respondentPseudonym(moved.keys.pseudonym, ana),
    );
  });

  it('a different CHORUS_SECRET leaves the stored secret in place (the old pseudonyms need it)', () => {
    const path = dbPath();
    const first = open(path);
    const master = readSetting<string>(first.db, 'server_secret');
    close(first);
    const other = open(path, { CHORUS_SECRET: 'a-different-secret-0123456789' });
    expect(readSetting(other.db, 'server_secret')).toBe(master);
    expect(secretStoredInDatabase(other.db)).toBe(true);
    expect(other.keys).toEqual(deriveKeys('a-different-secret-0123456789'));
  });
});

describe('admin page warning', () => {
  async function adminPage(deps: Deps): Promise<string> {
    const srv = await startServer(deps);
    try {
      const admin = await loginSession(srv.base, deps, 'admin');
      const page = await admin.get('/admin');
      expect(page.status).toBe(200);
      return page.text;
    } finally {
      await srv.close();
    }
  }

  it('warns while the secret is kept inside the database, and not once CHORUS_SECRET holds it', async () => {
    const path = dbPath();
    const inside = open(path);
    const master = readSetting<string>(inside.db, 'server_secret')!;
    const warned = await adminPage(inside);
    expect(warned).toContain('data-test="secret-warning"');
    expect(warned).toContain('The server secret is kept inside this database');
    expect(warned).toContain('CHORUS_SECRET');
    close(inside);

    const outside = open(path, { CHORUS_SECRET: master });
    expect(await adminPage(outside)).not.toContain('secret-warning');
  });

  it('warns when CHORUS_SECRET differs from a secret still stored in the database', async () => {
    const path = dbPath();
    close(open(path));
    const page = await adminPage(open(path, { CHORUS_SECRET: 'a-different-secret-0123456789' }));
    expect(page).toContain('An earlier server secret is still stored in this database');
  });
});
