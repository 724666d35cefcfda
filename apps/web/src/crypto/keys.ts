import { sm2 } from 'sm-crypto-v2';
import {
  children,
  contextTag,
  DerError,
  ecSpki,
  explicit,
  integer,
  KEY_OIDS,
  octetString,
  oid,
  parseDer,
  readOctetAlignedBitString,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
  bitString,
  TAG,
  unsignedInteger,
  type EcKeyAlgorithm,
} from '@ggzy/contracts/asn1';
import { base64UrlToBytes, equalBytes, hex, hexToBytes, ownBytes } from './encoding';

/**
 * Key pairs made and used in the page. SM2 (国密, GM/T 0003 on sm2p256v1) runs in JavaScript
 * with sm-crypto-v2 and signs with the GM/T 0009 default user ID; ECDSA P-256 runs in Web Crypto.
 * Private keys leave this module only as PKCS#8 bytes, which the caller encrypts at once
 * (pkcs8.ts); nothing here talks to the server.
 */
export type KeyAlgorithm = EcKeyAlgorithm;

/** GM/T 0009-2012 default distinguishing identifier, the one the platform verifies with. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

export type PrivateKeyHandle =
  | { algorithm: 'SM2'; /** 64 hex characters */ privateKey: string; /** 04‖x‖y */ publicPoint: Uint8Array }
  | { algorithm: 'P-256'; privateKey: CryptoKey; publicPoint: Uint8Array };

export class KeyFileError extends Error {
  constructor(
    readonly reason: 'notPkcs8' | 'unsupportedKey' | 'mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;

export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<PrivateKeyHandle> {
  if (algorithm === 'SM2') {
    const pair = sm2.generateKeyPairHex();
    return { algorithm, privateKey: pair.privateKey.padStart(64, '0'), publicPoint: hexToBytes(pair.publicKey) };
  }
  const pair = await crypto.subtle.generateKey(P256, true, ['sign', 'verify']);
  const publicPoint = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  return { algorithm, privateKey: pair.privateKey, publicPoint };
}

export function spkiOf(key: PrivateKeyHandle): Uint8Array {
  return ecSpki(key.algorithm, key.publicPoint);
}

/** Signs `message` (the message itself, not its hash): SM2 with SM3 and the default ID, or ECDSA with SHA-256. Returns r‖s (64 bytes). */
export async function signRaw(key: PrivateKeyHandle, message: Uint8Array): Promise<Uint8Array> {
  if (key.algorithm === 'SM2') {
    const signature = sm2.doSignature(message, key.privateKey, {
      hash: true,
      publicKey: hex(key.publicPoint),
      userId: SM2_DEFAULT_USER_ID,
      der: false,
    });
    return hexToBytes(signature.padStart(128, '0'));
  }
  return new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, ownBytes(message)));
}

/** r‖s → DER SEQUENCE { r INTEGER, s INTEGER }, as X.509 and PKCS#10 carry signatures. */
export function rawSignatureToDer(raw: Uint8Array): Uint8Array {
  if (raw.length !== 64) throw new RangeError('A raw signature is 64 bytes (r‖s)');
  return sequence(unsignedInteger(raw.subarray(0, 32)), unsignedInteger(raw.subarray(32)));
}

/** Verifies an r‖s SM2 signature with the default ID (used to check a key against its certificate). */
export function sm2VerifyRaw(message: Uint8Array, signature: Uint8Array, publicPoint: Uint8Array): boolean {
  try {
    return sm2.doVerifySignature(message, hex(signature), hex(publicPoint), { hash: true, der: false, userId: SM2_DEFAULT_USER_ID });
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// PKCS#8 PrivateKeyInfo (unencrypted; always wrapped by pkcs8.ts before it leaves memory)

/** PrivateKeyInfo { 0, { id-ecPublicKey, curve }, ECPrivateKey { 1, d, [1] publicKey } } — what OpenSSL writes for SM2. */
export async function toPrivateKeyInfo(key: PrivateKeyHandle): Promise<Uint8Array> {
  if (key.algorithm === 'P-256') return new Uint8Array(await crypto.subtle.exportKey('pkcs8', key.privateKey));
  const ecPrivateKey = sequence(integer(1), octetString(hexToBytes(key.privateKey)), explicit(1, bitString(key.publicPoint)));
  return sequence(integer(0), sequence(oid(KEY_OIDS.ecPublicKey), oid(KEY_OIDS.sm2Curve)), octetString(ecPrivateKey));
}

/** Reads a PrivateKeyInfo (as in a decrypted key file): SM2 or P-256 keys only. */
export async function fromPrivateKeyInfo(der: Uint8Array): Promise<PrivateKeyHandle> {
  let curve: string;
  let ecPrivateKey: Uint8Array;
  try {
    const [version, algorithm, wrapped] = children(parseDer(der), TAG.SEQUENCE, 'PrivateKeyInfo');
    if (readSmallInteger(version, 'version') > 1) throw new DerError('unsupported PrivateKeyInfo version');
    const [type, parameters] = children(algorithm, TAG.SEQUENCE, 'AlgorithmIdentifier');
    if (readOid(type, 'algorithm') !== KEY_OIDS.ecPublicKey) throw new KeyFileError('unsupportedKey', 'not an EC key');
    curve = readOid(parameters, 'namedCurve');
    ecPrivateKey = readOctetString(wrapped, 'privateKey');
  } catch (error) {
    if (error instanceof KeyFileError) throw error;
    throw new KeyFileError('notPkcs8', error instanceof Error ? error.message : String(error));
  }
  if (curve === KEY_OIDS.prime256v1) {
    let privateKey: CryptoKey;
    try {
      privateKey = await crypto.subtle.importKey('pkcs8', ownBytes(der), P256, true, ['sign']);
    } catch (error) {
      throw new KeyFileError('notPkcs8', error instanceof Error ? error.message : String(error));
    }
    const jwk = await crypto.subtle.exportKey('jwk', privateKey);
    const x = base64UrlToBytes(jwk.x ?? '');
    const y = base64UrlToBytes(jwk.y ?? '');
    const publicPoint = new Uint8Array(65);
    publicPoint[0] = 0x04;
    publicPoint.set(x, 1);
    publicPoint.set(y, 33);
    return { algorithm: 'P-256', privateKey, publicPoint };
  }
  if (curve !== KEY_OIDS.sm2Curve) throw new KeyFileError('unsupportedKey', `curve ${curve} is not SM2 or P-256`);
  try {
    const [ecVersion, d, ...rest] = children(parseDer(ecPrivateKey), TAG.SEQUENCE, 'ECPrivateKey');
    if (readSmallInteger(ecVersion, 'ECPrivateKey version') !== 1) throw new DerError('unsupported ECPrivateKey version');
    const scalar = readOctetString(d, 'privateKey');
    if (scalar.length !== 32) throw new DerError('an SM2 private key is 32 bytes');
    const privateKey = hex(scalar);
    const publicPoint = hexToBytes(sm2.getPublicKeyFromPrivateKey(privateKey).padStart(130, '0'));
    const embedded = rest.find((node) => node.tag === contextTag(1, true));
    if (embedded && !equalBytes(readOctetAlignedBitString(embedded.children[0], 'publicKey'), publicPoint)) {
      throw new DerError('the embedded public key does not match the private key');
    }
    return { algorithm: 'SM2', privateKey, publicPoint };
  } catch (error) {
    throw new KeyFileError('notPkcs8', error instanceof Error ? error.message : String(error));
  }
}
