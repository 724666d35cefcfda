import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { collectMigrations } from '../../platform/db/migrator.js';
import { createKeyStore } from '../../platform/keys/key-store.js';
import { platformMigrations } from '../../platform/migrations/index.js';
import { databaseTargets } from '../../platform/testing/databases.js';
import { identityModule } from '../identity/index.js';
import { createAuthority } from './authority.js';
import { certificateRepository as repo } from './certificate.repository.js';
import { certificateModule } from './index.js';
import { createTrust } from './trust.js';
import { makeCa } from './x509/testing.js';

const migrations = collectMigrations([
  { module: 'platform', migrations: platformMigrations },
  { module: 'identity', migrations: identityModule.migrations },
  { module: 'certificate', migrations: certificateModule.migrations },
]);

describe.each(databaseTargets())('certificate store on $name', (target) => {
  let database: Database;
  const clock = manualClock('2026-03-02T01:00:00Z');
  const logger = pino({ level: 'silent' });

  beforeAll(async () => {
    database = await target.open(migrations);
  });
  afterAll(() => database?.close());
  beforeEach(async () => {
    await database.db.deleteFrom('certificate.trusted_root').execute();
    await database.db.deleteFrom('certificate.challenge').execute();
  });

  it('creates each CA root once: two nodes starting together end up with the same key and certificate', async () => {
    const kek = randomBytes(32);
    const node = () => createAuthority({ db: database.db, clock, keys: createKeyStore(database.db, kek, () => clock.now()), logger });
    const [a, b] = await Promise.all([node().roots(), node().roots()]);
    for (const ca of ['sm2', 'p256'] as const) {
      expect(a[ca].certificate.fingerprint).toBe(b[ca].certificate.fingerprint);
      expect(a[ca].certificate.selfIssued).toBe(true);
    }
    expect(a.sm2.certificate.subject.text).toBe('C=CN, O=ggzy, CN=ggzy 贵州省公共资源交易平台 SM2 Root CA');
    const later = await node().roots();
    expect(later.sm2.certificate.fingerprint).toBe(a.sm2.certificate.fingerprint);
  });

  it('makes a trust change visible on every node at its next check (no cache outlives it)', async () => {
    const nodeA = createTrust(database.db);
    const nodeB = createTrust(database.db);
    expect(await nodeB.anchors()).toEqual([]);
    const root = makeCa('SM2', 'Foreign Root').certificate;
    const row = await database.db.transaction().execute(async (tx) => {
      const inserted = await repo.insertTrustedRoot(tx, {
        name: 'foreign',
        subject: root.subject.text,
        algorithm: 'SM2',
        fingerprint: root.fingerprint,
        certificate_der: Buffer.from(root.der),
        not_before: root.notBefore,
        not_after: root.notAfter,
        added_by: '00000000-0000-0000-0000-000000000000',
        added_at: clock.now(),
      });
      await repo.bumpTrustGeneration(tx);
      return inserted;
    });
    expect((await nodeA.anchors()).map((a) => a.certificate.fingerprint)).toEqual([root.fingerprint]);
    expect((await nodeB.anchors()).map((a) => a.certificate.fingerprint)).toEqual([root.fingerprint]);
    await database.db.transaction().execute(async (tx) => {
      await repo.removeTrustedRoot(tx, row.id, clock.now(), '00000000-0000-0000-0000-000000000000');
      await repo.bumpTrustGeneration(tx);
    });
    // Node B still holds the parsed root in memory; the generation check drops it.
    expect(await nodeB.anchors()).toEqual([]);
  });

  it('refuses a second active copy of the same recognised root (partial unique index)', async () => {
    const root = makeCa('P-256', 'Twice').certificate;
    const row = {
      name: 'x',
      subject: root.subject.text,
      algorithm: 'P-256',
      fingerprint: root.fingerprint,
      certificate_der: Buffer.from(root.der),
      not_before: root.notBefore,
      not_after: root.notAfter,
      added_by: '00000000-0000-0000-0000-000000000000',
      added_at: clock.now(),
    };
    await repo.insertTrustedRoot(database.db, row);
    await expect(repo.insertTrustedRoot(database.db, row)).rejects.toThrow(/duplicate key|unique/i);
  });

  it('lets exactly one of many concurrent presenters use a challenge', async () => {
    await repo.insertChallenge(database.db, { nonce: 'n1', purpose: 'login', expires_at: new Date(clock.now().getTime() + 60_000), created_at: clock.now() });
    const results = await Promise.all(Array.from({ length: 10 }, () => repo.consumeChallenge(database.db, 'n1', 'login')));
    expect(results.filter(Boolean)).toHaveLength(1);
    await repo.insertChallenge(database.db, { nonce: 'n2', purpose: 'bind', expires_at: new Date(clock.now().getTime() + 60_000), created_at: clock.now() });
    expect(await repo.consumeChallenge(database.db, 'n2', 'login')).toBeUndefined();
  });
});
