import { randomBytes } from 'node:crypto';
import { asciiBytes, formatCheckpointBody, formatSignatureLine, leafHash } from '@ggzy/contracts';
import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../audit/audit.js';
import type { Database } from '../db/database.js';
import type { Executor } from '../db/tables.js';
import { createKeyStore } from '../keys/key-store.js';
import { platformMigrations } from '../migrations/index.js';
import { databaseTargets } from '../testing/databases.js';
import { startCheckpointer } from './checkpointer.js';
import { encodeEntry } from './entry.js';
import { sha256, sm3 } from './hashes.js';
import { transparencyMigrations } from './index.js';
import { LogService } from './log-service.js';
import { keyHashOf, platformCheckpointSigner, sm2CheckpointSigner } from './signer.js';
import { databaseLogSource, verifyCheckpoints, verifyLog } from './verifier.js';
import { sm2 } from '../crypto/gm/index.js';

const migrations = { ...platformMigrations, ...transparencyMigrations };
const quiet = { error: () => undefined, warn: () => undefined };

/**
 * The verifier against a log tampered with the way a DBA could: triggers disabled inside the
 * test (`alter table … disable trigger …`), then one byte, one column, one row or the order
 * changed. The log: 43 entries, checkpoints at 20 and 40, 3 entries not yet checkpointed. Each
 * tampering happens in a transaction that is rolled back after the verifier has run in it, so
 * every test starts from the intact log.
 */
describe.each(databaseTargets())('log verifier on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open(migrations);
    const keys = createKeyStore(database.db, randomBytes(32), () => new Date());
    const checkpointer = startCheckpointer({
      log: new LogService(database.db),
      signer: () => platformCheckpointSigner(keys),
      logger: quiet,
      intervalMs: 0,
      pollMs: 3_600_000,
    });
    try {
      for (let n = 0; n < 43; n += 1) {
        await recordAudit(database.db, {
          actorId: null,
          actorName: `user${n}`,
          action: 'identity.login',
          target: `user:${n}`,
          outcome: n % 5 === 0 ? 'failure' : 'success',
          ip: `10.0.0.${n}`,
          detail: { n },
          at: new Date(Date.UTC(2026, 10, 27, 10, 0, n)),
        });
        if (n === 19 || n === 39) await checkpointer.checkpointNow();
      }
    } finally {
      await checkpointer.stop();
    }
  });
  afterAll(() => database?.close());

  const verify = (db: Executor = database.db, options = {}) => verifyLog(databaseLogSource(db, target.name), options);

  class RolledBack extends Error {}

  /**
   * What a DBA can do: switch the append-only triggers off and change things. `check` runs in
   * the same transaction, which is then rolled back.
   */
  async function tampered(statements: RawBuilder<unknown>[], check: (tx: Executor) => Promise<void>): Promise<void> {
    await database.db
      .transaction()
      .execute(async (tx) => {
        await sql`alter table platform.audit_event disable trigger audit_event_append_only`.execute(tx);
        for (const statement of statements) await statement.execute(tx);
        await sql`alter table platform.audit_event enable trigger audit_event_append_only`.execute(tx);
        await check(tx);
        throw new RolledBack();
      })
      .catch((error: unknown) => {
        if (!(error instanceof RolledBack)) throw error;
      });
  }

  it('verifies an intact log: every entry, both checkpoints, and the entries not yet checkpointed', async () => {
    expect(await verify()).toMatchObject({ ok: true, entries: 43, checkpoints: 2, uncovered: 3 });
    expect(await verifyCheckpoints(databaseLogSource(database.db, target.name))).toMatchObject({ ok: true, checkpoints: 2 });
  });

  it('names the entry when one byte of it was edited in the database', async () => {
    await tampered([sql`update platform.audit_event set leaf = overlay(leaf placing '\\x5a'::bytea from 30 for 1) where id = 17`], async (tx) => {
      const report = await verify(tx);
      expect(report).toMatchObject({ ok: false, firstBadEntry: 17, entries: 17 });
      expect(report.problem).toMatch(/entry 17: its bytes do not hash to the stored SM3 leaf hash/);
    });
  });

  it('names the entry when an audit column was edited but not the logged bytes', async () => {
    await tampered([sql`update platform.audit_event set ip = '8.8.8.8' where id = 33`], async (tx) => {
      const report = await verify(tx);
      expect(report).toMatchObject({ ok: false, firstBadEntry: 33 });
      expect(report.problem).toMatch(/entry 33: the audit columns ip differ/);
    });
  });

  it('pins an edit that also rewrote the stored hashes to the range its checkpoint signed', async () => {
    // A careful forger: a valid entry with another address, its hashes recomputed, the column changed too.
    const row = await database.db.selectFrom('platform.audit_event').selectAll().where('id', '=', '12').executeTakeFirstOrThrow();
    const original = JSON.parse(row.leaf.toString('utf8')) as { nonce: string };
    const forged = encodeEntry(
      12,
      { actorId: null, actorName: 'user12', action: 'identity.login', target: 'user:12', outcome: 'success', ip: '6.6.6.6', detail: { n: 12 }, at: row.at },
      original.nonce,
    );
    await tampered(
      [sql`update platform.audit_event set ip = '6.6.6.6', leaf = ${forged.bytes}, leaf_sm3 = ${forged.leafSm3}, leaf_sha256 = ${forged.leafSha256} where id = 12`],
      async (tx) => {
        const report = await verify(tx);
        expect(report).toMatchObject({ ok: false, firstBadEntry: 0, entries: 20, checkpoints: 0 });
        expect(report.problem).toMatch(/checkpoint at tree size 20: the entries 0…19 do not give the signed roots/);
        // And a server (re)started on these data refuses to serve proofs.
        const restarted = new LogService(tx);
        await expect(restarted.ensure(43)).rejects.toThrow(/do not have the roots of the signed checkpoint at size 40/);
        await expect(restarted.ensure(1)).rejects.toThrow(/signed checkpoint/);
      },
    );
  });

  it('names a deleted entry', async () => {
    await tampered([sql`delete from platform.audit_event where id = 25`], async (tx) => {
      const report = await verify(tx);
      expect(report).toMatchObject({ ok: false, firstBadEntry: 25 });
      expect(report.problem).toMatch(/entry 25 is missing \(the next stored entry is 26\)/);
    });
  });

  it('names deleted entries at the end, covered by a checkpoint or only by the log head', async () => {
    await tampered([sql`delete from platform.audit_event where id >= 41`], async (tx) => {
      expect(await verify(tx)).toMatchObject({ ok: false, firstBadEntry: 41, problem: expect.stringMatching(/log head says 43 entries, but only 41/) });
    });
    await tampered([sql`delete from platform.audit_event where id >= 38`], async (tx) => {
      expect(await verify(tx)).toMatchObject({
        ok: false,
        firstBadEntry: 38,
        problem: expect.stringMatching(/checkpoint at tree size 40 was signed over 40 entries, but only 38/),
      });
    });
  });

  it('names swapped entries', async () => {
    await tampered(
      [
        sql`update platform.audit_event set id = 1000 where id = 5`,
        sql`update platform.audit_event set id = 5 where id = 9`,
        sql`update platform.audit_event set id = 9 where id = 1000`,
      ],
      async (tx) => {
        const report = await verify(tx);
        expect(report).toMatchObject({ ok: false, firstBadEntry: 5 });
        expect(report.problem).toMatch(/entry 5: its bytes were logged as entry 9 \(entries were moved or reordered\)/);
      },
    );
  });

  it('checks both leaf hashes against the stored bytes', async () => {
    const row = await database.db.selectFrom('platform.audit_event').select(['leaf', 'leaf_sm3', 'leaf_sha256']).where('id', '=', '3').executeTakeFirstOrThrow();
    expect(Buffer.from(leafHash(sm3, row.leaf)).equals(row.leaf_sm3)).toBe(true);
    expect(Buffer.from(leafHash(sha256, row.leaf)).equals(row.leaf_sha256)).toBe(true);
    await tampered([sql`update platform.audit_event set leaf_sha256 = ${Buffer.alloc(32)} where id = 3`], async (tx) => {
      expect(await verify(tx)).toMatchObject({ ok: false, firstBadEntry: 3, problem: expect.stringMatching(/SHA-256 leaf hash/) });
    });
  });

  it('refuses a log checked against a pinned key that is not its own, and a checkpoint signed by another key', async () => {
    const other = sm2.generateKeyPair();
    expect(await verify(database.db, { publicKey: other.publicKey })).toMatchObject({
      ok: false,
      checkpoints: 0,
      problem: expect.stringMatching(/checkpoint at tree size 20: the note is not signed by the log key/),
    });
    // A forger without the log key appends a checkpoint of their own (inserts are allowed; that is why notes are signed).
    const log = new LogService(database.db);
    await log.ensure(43);
    const signer = sm2CheckpointSigner(other);
    const body = formatCheckpointBody({ origin: 'ggzy/log', size: 43, rootSm3: log.trees.sm3.root(), rootSha256: log.trees.sha256.root(), timestamp: new Date().toISOString() });
    const note = `${body}\n${formatSignatureLine({ keyName: 'ggzy/log', keyHash: keyHashOf('ggzy/log', signer.publicKey), signature: signer.sign(asciiBytes(body)) })}`;
    await tampered(
      [
        sql`insert into platform.log_checkpoint (tree_size, root_sm3, root_sha256, signed_at, note)
            values (43, ${Buffer.from(log.trees.sm3.root())}, ${Buffer.from(log.trees.sha256.root())}, ${new Date(body.split('timestamp ')[1]?.trim() ?? '')}, ${note})`,
      ],
      async (tx) => {
        expect(await verify(tx)).toMatchObject({ ok: false, checkpoints: 2, problem: expect.stringMatching(/tree size 43: the note is not signed by the log key/) });
        expect(await verifyCheckpoints(databaseLogSource(tx, target.name))).toMatchObject({ ok: false, checkpoints: 2 });
      },
    );
  });
});
