import { createHmac, randomBytes } from 'node:crypto';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { openSecret, sealSecret } from '../../platform/keys/seal.js';

/**
 * The identity module's data key: seals personal data and second-factor secrets at rest
 * (SM4 + HMAC-SM3, GB/T 39786) and keys the blind index that finds a citizen id without storing
 * it in clear. The key itself lives sealed in the platform key store.
 */
export interface IdentityDataKey {
  seal(text: string): string;
  open(sealed: string): string;
  /** A keyed digest (HMAC-SM3) for equality lookups and uniqueness. */
  blindIndex(text: string): string;
}

export async function loadIdentityDataKey(keys: KeyStore): Promise<IdentityDataKey> {
  const stored = await keys.getOrCreate('identity.data', () => ({
    algorithm: 'SM4-CBC+HMAC-SM3',
    publicKey: '',
    privateKey: randomBytes(32).toString('hex'),
  }));
  const key = Buffer.from(stored.privateKey, 'hex');
  return {
    seal: (text) => sealSecret(key, Buffer.from(text, 'utf8')),
    open: (sealed) => openSecret(key, sealed).toString('utf8'),
    blindIndex: (text) => createHmac('sm3', key).update(text).digest('hex'),
  };
}
