import { type Cipher, createCipheriv, createDecipheriv, type Decipher } from 'node:crypto';
import { sm4 as jsSm4 } from 'sm-crypto-v2';

/**
 * SM4 (GB/T 32907-2016) block cipher, natively through Node's OpenSSL 3.0 in ECB, CBC, CFB,
 * OFB and CTR modes.
 *
 * There is NO native SM4-GCM in Node 20 (`createCipheriv('sm4-gcm')` throws "Unknown cipher").
 * For authenticated encryption of large data use SM4-CTR + HMAC-SM3 (encrypt-then-MAC, with
 * independent keys) as in platform/keys/seal.ts and security.md §2.2. `sm4GcmEncrypt`/
 * `sm4GcmDecrypt` below run a pure-JS GCM (sm-crypto-v2, ≈ 2 MiB/s): for small payloads such
 * as wrapped keys, or interop with a client that produced SM4-GCM, only.
 */
export type Sm4Mode = 'ecb' | 'cbc' | 'cfb' | 'ofb' | 'ctr';

export interface Sm4Options {
  /** 16 bytes; required for every mode except ECB (for CTR: the initial counter block). */
  iv?: Uint8Array;
  /** PKCS#7 padding; only for ECB and CBC, on by default there. */
  padding?: boolean;
}

const KEY_BYTES = 16;

function algorithm(mode: Sm4Mode, key: Uint8Array, options: Sm4Options): { name: string; iv: Uint8Array | null; padding: boolean } {
  if (key.length !== KEY_BYTES) throw new RangeError('An SM4 key is 16 bytes');
  const blockMode = mode === 'ecb' || mode === 'cbc';
  if (!blockMode && options.padding) throw new RangeError(`SM4-${mode.toUpperCase()} is a stream mode and takes no padding`);
  if (mode === 'ecb') {
    if (options.iv) throw new RangeError('SM4-ECB takes no IV');
    return { name: 'sm4-ecb', iv: null, padding: options.padding ?? true };
  }
  if (options.iv?.length !== 16) throw new RangeError(`SM4-${mode.toUpperCase()} needs a 16-byte IV`);
  return { name: `sm4-${mode}`, iv: options.iv, padding: blockMode && (options.padding ?? true) };
}

/** A streaming SM4 cipher (update/final) for large inputs. */
export function createSm4Cipher(mode: Sm4Mode, key: Uint8Array, options: Sm4Options = {}): Cipher {
  const a = algorithm(mode, key, options);
  return createCipheriv(a.name, key, a.iv).setAutoPadding(a.padding);
}

export function createSm4Decipher(mode: Sm4Mode, key: Uint8Array, options: Sm4Options = {}): Decipher {
  const a = algorithm(mode, key, options);
  return createDecipheriv(a.name, key, a.iv).setAutoPadding(a.padding);
}

export function sm4Encrypt(mode: Sm4Mode, key: Uint8Array, plaintext: Uint8Array, options: Sm4Options = {}): Uint8Array {
  const cipher = createSm4Cipher(mode, key, options);
  return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final()]));
}

export function sm4Decrypt(mode: Sm4Mode, key: Uint8Array, ciphertext: Uint8Array, options: Sm4Options = {}): Uint8Array {
  const decipher = createSm4Decipher(mode, key, options);
  return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
}

export interface Sm4GcmSealed {
  ciphertext: Uint8Array;
  tag: Uint8Array;
}

/** SM4-GCM (RFC 8998) in pure JS — small payloads only, see above. 12-byte IV, 16-byte tag. */
export function sm4GcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array = new Uint8Array(0)): Sm4GcmSealed {
  if (key.length !== KEY_BYTES) throw new RangeError('An SM4 key is 16 bytes');
  if (iv.length !== 12) throw new RangeError('SM4-GCM takes a 12-byte IV');
  const sealed = jsSm4.encrypt(plaintext, key, { mode: 'gcm', iv, associatedData: aad, output: 'array', outputTag: true });
  if (!sealed.tag) throw new Error('SM4-GCM produced no tag');
  return { ciphertext: sealed.output, tag: sealed.tag };
}

/** Throws when the tag does not authenticate the ciphertext and AAD. */
export function sm4GcmDecrypt(key: Uint8Array, iv: Uint8Array, sealed: Sm4GcmSealed, aad: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (key.length !== KEY_BYTES) throw new RangeError('An SM4 key is 16 bytes');
  if (iv.length !== 12) throw new RangeError('SM4-GCM takes a 12-byte IV');
  if (sealed.tag.length !== 16) throw new RangeError('SM4-GCM tags are 16 bytes');
  try {
    return jsSm4.decrypt(sealed.ciphertext, key, { mode: 'gcm', iv, associatedData: aad, tag: sealed.tag, output: 'array' });
  } catch {
    throw new Error('SM4-GCM authentication failed');
  }
}
