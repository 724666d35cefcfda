import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Executor } from '../db/tables.js';
import { openSecret, sealSecret } from './seal.js';

/**
 * The platform's own long-lived keys (the CA key, the log's checkpoint key, …). They live in the
 * database so that every node of a cluster signs with the same key, with the private part sealed
 * by the key-encryption key (KEK), which never enters the database: it comes from
 * KEY_ENCRYPTION_KEY, or, when that is unset, from `DATA_DIR/keys/kek` (created once, mode 0600).
 */
export interface KeyTable {
  name: string;
  algorithm: string;
  public_key: string;
  sealed_private_key: string;
  created_at: Date;
}

declare module '../db/tables.js' {
  interface Tables {
    'platform.key': KeyTable;
  }
}

export interface KeyPairText {
  /** Algorithm label, e.g. 'SM2' or 'P-256'. */
  algorithm: string;
  publicKey: string;
  privateKey: string;
}

export interface KeyStore {
  /**
   * The key named `name`; created with `generate` the first time. When several nodes race,
   * the first insert wins and every node returns that key.
   */
  getOrCreate(name: string, generate: () => KeyPairText | Promise<KeyPairText>): Promise<KeyPairText & { createdAt: Date }>;
}

export function createKeyStore(db: Executor, kek: Buffer, now: () => Date): KeyStore {
  const cache = new Map<string, KeyPairText & { createdAt: Date }>();
  return {
    async getOrCreate(name, generate) {
      const cached = cache.get(name);
      if (cached) return cached;
      let row = await db.selectFrom('platform.key').selectAll().where('name', '=', name).executeTakeFirst();
      if (!row) {
        const fresh = await generate();
        await db
          .insertInto('platform.key')
          .values({
            name,
            algorithm: fresh.algorithm,
            public_key: fresh.publicKey,
            sealed_private_key: sealSecret(kek, Buffer.from(fresh.privateKey, 'utf8')),
            created_at: now(),
          })
          .onConflict((c) => c.column('name').doNothing())
          .execute();
        row = await db.selectFrom('platform.key').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
      }
      const key = {
        algorithm: row.algorithm,
        publicKey: row.public_key,
        privateKey: openSecret(kek, row.sealed_private_key).toString('utf8'),
        createdAt: row.created_at,
      };
      cache.set(name, key);
      return key;
    },
  };
}

/** The KEK from settings, or from the data directory's key file, created on first use. */
export function loadKeyEncryptionKey(settings: { KEY_ENCRYPTION_KEY?: string; dataDir: string }): Buffer {
  if (settings.KEY_ENCRYPTION_KEY) return Buffer.from(settings.KEY_ENCRYPTION_KEY, 'hex');
  const dir = join(settings.dataDir, 'keys');
  const path = join(dir, 'kek');
  try {
    return Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const kek = randomBytes(32);
  writeFileSync(path, kek.toString('hex'), { mode: 0o600, flag: 'wx' });
  return kek;
}
