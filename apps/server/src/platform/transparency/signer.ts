import { checkpointKeyHash, fromHex } from '@ggzy/contracts';
import { sm2 } from '../crypto/gm/index.js';
import type { KeyStore } from '../keys/key-store.js';
import { sm3 } from './hashes.js';

/**
 * What the log needs of a signature scheme, and nothing more: checkpoints are signed through
 * this, so the log does not depend on how SM2 is implemented (platform/crypto/gm today, an HSM
 * or a 密码机 over SDF/SKF tomorrow).
 */
export interface CheckpointSigner {
  /** 'SM2': SM2 signature with SM3 and the GM/T 0009 default ID, DER-encoded. */
  readonly algorithm: 'SM2';
  /** Uncompressed public key 04‖x‖y. */
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export interface CheckpointVerifier {
  readonly algorithm: 'SM2';
  readonly publicKey: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** The key store's name of the checkpoint signing key. */
export const CHECKPOINT_KEY_NAME = 'log.checkpoint.sm2';

export function sm2CheckpointSigner(keyPair: { privateKey: string; publicKey: string }): CheckpointSigner {
  const publicKey = fromHex(sm2.normalisePublicKey(keyPair.publicKey));
  return {
    algorithm: 'SM2',
    publicKey,
    sign: (message) => sm2.sign(message, keyPair.privateKey, { publicKey }),
  };
}

export function sm2CheckpointVerifier(publicKeyHex: string): CheckpointVerifier {
  const publicKey = fromHex(sm2.normalisePublicKey(publicKeyHex));
  return { algorithm: 'SM2', publicKey, verify: (message, signature) => sm2.verify(message, signature, publicKey) };
}

/** The platform's checkpoint signer, its key created in the key store on first use. */
export async function platformCheckpointSigner(keys: KeyStore): Promise<CheckpointSigner> {
  const key = await keys.getOrCreate(CHECKPOINT_KEY_NAME, () => ({ algorithm: 'SM2', ...sm2.generateKeyPair() }));
  if (key.algorithm !== 'SM2') throw new Error(`The key ${CHECKPOINT_KEY_NAME} is ${key.algorithm}, not SM2`);
  return sm2CheckpointSigner(key);
}

/** The 4-byte key hash that names this key in a checkpoint's signature line. */
export function keyHashOf(keyName: string, publicKey: Uint8Array): Uint8Array {
  return checkpointKeyHash(sm3, keyName, publicKey);
}
