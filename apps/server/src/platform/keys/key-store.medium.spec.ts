import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/database.js';
import { platformMigrations } from '../migrations/index.js';
import { databaseTargets } from '../testing/databases.js';
import { createKeyStore } from './key-store.js';

describe.each(databaseTargets())('key store on $name', (target) => {
  let database: Database;
  beforeAll(async () => {
    database = await target.open(platformMigrations);
  });
  afterAll(() => database?.close());

  it('creates a key once; later calls and other nodes get the same key', async () => {
    const kek = randomBytes(32);
    let generated = 0;
    const generate = () => {
      generated += 1;
      return { algorithm: 'SM2', publicKey: `pub-${generated}`, privateKey: `priv-${generated}` };
    };
    const nodeA = createKeyStore(database.db, kek, () => new Date());
    const nodeB = createKeyStore(database.db, kek, () => new Date());
    const [a, b] = await Promise.all([nodeA.getOrCreate('log', generate), nodeB.getOrCreate('log', generate)]);
    expect(a.publicKey).toBe(b.publicKey);
    expect(a.privateKey).toBe(b.privateKey);
    expect((await nodeA.getOrCreate('log', generate)).privateKey).toBe(a.privateKey);
  });

  it('never stores the private key in clear', async () => {
    const store = createKeyStore(database.db, randomBytes(32), () => new Date());
    await store.getOrCreate('ca', () => ({ algorithm: 'SM2', publicKey: 'p', privateKey: 'very-secret-private-key' }));
    const row = await database.db.selectFrom('platform.key').selectAll().where('name', '=', 'ca').executeTakeFirstOrThrow();
    expect(row.sealed_private_key).not.toContain('very-secret');
  });

  it('refuses to open keys with another key-encryption key', async () => {
    const other = createKeyStore(database.db, randomBytes(32), () => new Date());
    await expect(other.getOrCreate('ca', () => ({ algorithm: 'SM2', publicKey: 'x', privateKey: 'y' }))).rejects.toThrow(/integrity/);
  });
});
