import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';

describe('transactions take the write lock when they begin', () => {
  it('lets a read-then-write transaction finish while another connection commits (a CLI backup, the Slack thread)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'chorus-open-')), 'db.sqlite');
    const server = openDatabase(file);
    const other = openDatabase(file);
    other.pragma('busy_timeout = 0');
    server.exec('CREATE TABLE t (x INTEGER)');
    const count = () => server.prepare('SELECT count(*) AS n FROM t').get() as { n: number };

    // Chorus's default: the other writer has to wait (here: is refused at once), the request succeeds.
    const tx = server.transaction(() => {
      count();
      expect(() => other.prepare('INSERT INTO t VALUES (1)').run()).toThrow(/SQLITE_BUSY|locked/);
      server.prepare('INSERT INTO t VALUES (2)').run();
    });
    expect(() => tx()).not.toThrow();

    // better-sqlite3's own default, DEFERRED: the other commit slips in between the read and the
    // write, and the transaction fails at once (SQLITE_BUSY, whatever the busy timeout) — the 500
    // a server request used to answer while `chorus backup` recorded its audit entry.
    const deferred = server.transaction(() => {
      count();
      other.prepare('INSERT INTO t VALUES (3)').run();
      server.prepare('INSERT INTO t VALUES (4)').run();
    });
    expect(() => deferred.deferred()).toThrow(/SQLITE_BUSY|locked/);
    expect(count().n).toBe(2);
    server.close();
    other.close();
  });
});
