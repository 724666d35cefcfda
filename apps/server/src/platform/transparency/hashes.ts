import { hash } from 'node:crypto';
import type { HashFn } from '@ggzy/contracts';

/**
 * The log's two hash variants, natively through node:crypto (OpenSSL). SM3 is the primary tree
 * (GM/T 0004, what checkpoints lead with); SHA-256 is the same tree over the same entries for
 * verifiers without SM3. Both return Buffers (Uint8Arrays) without copying. The one-shot
 * `crypto.hash` is about twice as fast as `createHash()…digest()` for the 65-byte inputs of
 * node hashes (≈ 2 µs instead of 4 µs for SM3), which is most of the cost of loading the tree.
 */
export const sm3: HashFn = (data) => hash('sm3', data, 'buffer');
export const sha256: HashFn = (data) => hash('sha256', data, 'buffer');

export const HASH_NAMES = ['sm3', 'sha256'] as const;
export type HashName = (typeof HASH_NAMES)[number];

export const HASHES: Record<HashName, HashFn> = { sm3, sha256 };

/** Digest width of both variants. */
export const HASH_BYTES = 32;
