import { KeyObject } from 'node:crypto';
import { sm2 as lib } from 'sm-crypto-v2';
import {
  children,
  concat,
  DerError,
  fromHex,
  hex,
  integerBytes,
  octetString,
  parseDer,
  readOctetString,
  sequence,
  TAG,
  unsignedInteger,
} from './der.js';
import { sm3 } from './sm3.js';

/**
 * SM2 (GB/T 32918 / GM/T 0003) on the recommended curve sm2p256v1: key pairs, signatures with
 * the GM/T 0009 distinguishing ID, and public-key encryption (C1‖C3‖C2).
 *
 * This module owns the SM2 formulas' inputs — Z_A, e = SM3(Z_A‖M), DER and ASN.1 encodings,
 * range checks — and uses sm-crypto-v2 only for the curve arithmetic, so the library can be
 * swapped without touching callers.
 *
 * Two Node traps (security.md §4) are kept out by design:
 * - Pitfall 1: `generateKeyPairSync('ec', { namedCurve: 'SM2' })` keys sign **ECDSA** over the
 *   SM2 curve with `crypto.sign('sm3', …)`, not SM2. No function here accepts a Node KeyObject;
 *   keys are raw scalars/points (hex or bytes) and every signature is SM2 by construction.
 * - Pitfall 2: OpenSSL-typed SM2 keys in Node sign with an EMPTY ID. Here the ID is explicit
 *   and defaults to GM/T 0009's `1234567812345678`.
 */

/** GM/T 0009-2012 default distinguishing identifier. */
export const DEFAULT_USER_ID = '1234567812345678';

/** sm2p256v1 domain parameters (GB/T 32918.5). */
export const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
} as const;

/** A private key: 32-byte scalar as 64 hex characters or bytes. */
export type Sm2PrivateKey = string | Uint8Array;
/** A public key: uncompressed point 04‖x‖y (130 hex characters or 65 bytes); compressed 02/03‖x accepted. */
export type Sm2PublicKey = string | Uint8Array;

export interface Sm2KeyPair {
  /** 64 lower-case hex characters. */
  privateKey: string;
  /** Uncompressed point, 130 lower-case hex characters starting with 04. */
  publicKey: string;
}

export interface SignOptions {
  /** Distinguishing ID (UTF-8 text or bytes); GM/T 0009 default when omitted. `''` is OpenSSL's default. */
  userId?: string | Uint8Array;
}

export class Sm2KeyError extends TypeError {
  constructor(message: string) {
    super(message);
    this.name = 'Sm2KeyError';
  }
}

// ---------------------------------------------------------------------------------------------
// Keys

export function generateKeyPair(): Sm2KeyPair {
  const pair = lib.generateKeyPairHex();
  return { privateKey: pair.privateKey.padStart(64, '0').toLowerCase(), publicKey: normalisePublicKey(pair.publicKey) };
}

export function publicKeyOf(privateKey: Sm2PrivateKey): string {
  return normalisePublicKey(lib.getPublicKeyFromPrivateKey(privateKeyHex(privateKey)));
}

/** The private key as 64 hex characters, checked to be in [1, n − 2] (GB/T 32918.1 §6.1). */
export function privateKeyHex(key: Sm2PrivateKey): string {
  refuseKeyObject(key);
  const text = typeof key === 'string' ? key : key instanceof Uint8Array ? hex(key) : undefined;
  if (text === undefined || !/^[0-9a-fA-F]{64}$/.test(text)) throw new Sm2KeyError('An SM2 private key is 32 bytes (64 hex characters)');
  const d = BigInt(`0x${text}`);
  if (d < 1n || d > CURVE.n - 2n) throw new Sm2KeyError('The SM2 private key is out of range [1, n-2]');
  return text.toLowerCase();
}

/** The public key as uncompressed 04‖x‖y hex, checked to be a point of sm2p256v1 other than O. */
export function normalisePublicKey(key: Sm2PublicKey): string {
  refuseKeyObject(key);
  const text = typeof key === 'string' ? key : key instanceof Uint8Array ? hex(key) : undefined;
  if (text === undefined || !/^(04[0-9a-fA-F]{128}|0[23][0-9a-fA-F]{64})$/.test(text)) {
    throw new Sm2KeyError('An SM2 public key is an uncompressed (04‖x‖y) or compressed (02/03‖x) point');
  }
  const x = BigInt(`0x${text.slice(2, 66)}`);
  const { p, a, b } = CURVE;
  if (x >= p) throw new Sm2KeyError('The SM2 public key is not a point of the curve sm2p256v1');
  const rhs = (((modPow(x, 3n, p) + a * x) % p) + b) % p;
  let y: bigint;
  if (text.startsWith('04')) {
    y = BigInt(`0x${text.slice(66)}`);
    if (y >= p || (y * y) % p !== rhs) throw new Sm2KeyError('The SM2 public key is not a point of the curve sm2p256v1');
  } else {
    // p ≡ 3 (mod 4): the square root is rhs^((p+1)/4).
    y = modPow(rhs, (p + 1n) / 4n, p);
    if ((y * y) % p !== rhs) throw new Sm2KeyError('The SM2 public key is not a point of the curve sm2p256v1');
    if ((y & 1n) !== BigInt(text.startsWith('03') ? 1 : 0)) y = p - y;
  }
  // h = 1 on sm2p256v1: every affine point of the curve is in the group of order n.
  return `04${x.toString(16).padStart(64, '0')}${y.toString(16).padStart(64, '0')}`;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
  }
  return result;
}

/**
 * Pitfall 1 guard. A KeyObject of type 'ec' on the SM2 curve is the trap (Node would make
 * ECDSA with it); one of OpenSSL's 'sm2' type signs with an empty ID. Neither is accepted:
 * export the raw key (e.g. with `privateKeyFromPkcs8`) and pass that.
 */
function refuseKeyObject(key: unknown): void {
  if (key instanceof KeyObject || (typeof key === 'object' && key !== null && 'asymmetricKeyType' in key)) {
    throw new Sm2KeyError(
      'Node KeyObjects are refused for SM2: a Node-generated EC key on the SM2 curve signs ECDSA, not SM2 (security.md §4, Pitfall 1). Pass the raw key (hex or bytes).',
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Z_A and e

const fieldBytes = (value: bigint) => fromHex(value.toString(16).padStart(64, '0'));

function userIdBytes(userId: string | Uint8Array | undefined): Uint8Array {
  const id = userId === undefined ? new TextEncoder().encode(DEFAULT_USER_ID) : typeof userId === 'string' ? new TextEncoder().encode(userId) : userId;
  if (id.length * 8 > 0xffff) throw new RangeError('The SM2 user ID is at most 8191 bytes');
  return id;
}

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), ENTL = bit length of ID in 2 bytes. */
export function computeZA(publicKey: Sm2PublicKey, userId?: string | Uint8Array): Uint8Array {
  const point = fromHex(normalisePublicKey(publicKey));
  const id = userIdBytes(userId);
  const entl = id.length * 8;
  return sm3(
    concat([
      Uint8Array.of(entl >> 8, entl & 0xff),
      id,
      fieldBytes(CURVE.a),
      fieldBytes(CURVE.b),
      fieldBytes(CURVE.gx),
      fieldBytes(CURVE.gy),
      point.subarray(1, 33),
      point.subarray(33, 65),
    ]),
  );
}

/** e = SM3(Z_A ‖ M), the value the signature equations use. */
export function messageDigest(message: Uint8Array, publicKey: Sm2PublicKey, userId?: string | Uint8Array): Uint8Array {
  return sm3(concat([computeZA(publicKey, userId), message]));
}

// ---------------------------------------------------------------------------------------------
// Signatures

function requireBytes(message: unknown): asserts message is Uint8Array {
  if (!(message instanceof Uint8Array)) throw new TypeError('Sign and verify bytes (Uint8Array); encode text explicitly');
}

/** Signs `message` (the message itself, not a hash) and returns r‖s (64 bytes). */
export function signRaw(message: Uint8Array, privateKey: Sm2PrivateKey, options: SignOptions & { publicKey?: Sm2PublicKey } = {}): Uint8Array {
  requireBytes(message);
  const d = privateKeyHex(privateKey);
  const publicKey = options.publicKey === undefined ? publicKeyOf(d) : normalisePublicKey(options.publicKey);
  const e = messageDigest(message, publicKey, options.userId);
  return fromHex(lib.doSignature(e, d, { hash: false, der: false }).padStart(128, '0'));
}

/** Signs `message` and returns the DER SEQUENCE { r INTEGER, s INTEGER } used in X.509, CMS and GM/T 0009. */
export function sign(message: Uint8Array, privateKey: Sm2PrivateKey, options: SignOptions & { publicKey?: Sm2PublicKey } = {}): Uint8Array {
  return signatureRawToDer(signRaw(message, privateKey, options));
}

/** Verifies an r‖s signature; false for anything malformed. */
export function verifyRaw(message: Uint8Array, signature: Uint8Array, publicKey: Sm2PublicKey, options: SignOptions = {}): boolean {
  requireBytes(message);
  refuseKeyObject(publicKey);
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  const r = BigInt(`0x${hex(signature.subarray(0, 32))}`);
  const s = BigInt(`0x${hex(signature.subarray(32))}`);
  // GB/T 32918.2 §7.1 B1/B2: r, s ∈ [1, n-1], checked here rather than left to the library.
  if (r < 1n || r >= CURVE.n || s < 1n || s >= CURVE.n) return false;
  let key: string;
  try {
    key = normalisePublicKey(publicKey);
  } catch {
    return false;
  }
  const e = messageDigest(message, key, options.userId);
  try {
    return lib.doVerifySignature(e, hex(signature), key, { hash: false, der: false });
  } catch {
    return false;
  }
}

/** Verifies a DER signature (strict DER); false for anything malformed. */
export function verify(message: Uint8Array, signature: Uint8Array, publicKey: Sm2PublicKey, options: SignOptions = {}): boolean {
  requireBytes(message);
  refuseKeyObject(publicKey);
  let raw: Uint8Array;
  try {
    raw = signatureDerToRaw(signature);
  } catch {
    return false;
  }
  return verifyRaw(message, raw, publicKey, options);
}

/** DER SEQUENCE { r, s } → r‖s (32 + 32 bytes). Throws on anything but strict DER with 0 < r, s < 2^256. */
export function signatureDerToRaw(der: Uint8Array): Uint8Array {
  const [r, s, extra] = children(parseDer(der), TAG.SEQUENCE, 'SM2 signature');
  if (extra) throw new DerError('SM2 signature has extra fields');
  return concat([scalar32(integerBytes(r, 'r')), scalar32(integerBytes(s, 's'))]);
}

/** r‖s → DER SEQUENCE { r, s }. */
export function signatureRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length !== 64) throw new RangeError('A raw SM2 signature is 64 bytes (r‖s)');
  return sequence(unsignedInteger(raw.subarray(0, 32)), unsignedInteger(raw.subarray(32)));
}

function scalar32(integer: Uint8Array): Uint8Array {
  if ((integer[0] ?? 0) & 0x80) throw new DerError('negative integer');
  const trimmed = integer[0] === 0 ? integer.subarray(1) : integer;
  if (trimmed.length > 32) throw new DerError('integer longer than 32 bytes');
  const out = new Uint8Array(32);
  out.set(trimmed, 32 - trimmed.length);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Encryption (GB/T 32918.4-2016: C1‖C3‖C2, C1 = 04‖x‖y)

export type CiphertextEncoding = 'c1c3c2' | 'asn1';

/** Encrypts to `publicKey`; the default output is C1‖C3‖C2 with C1 uncompressed (04‖x‖y). */
export function encrypt(plaintext: Uint8Array, publicKey: Sm2PublicKey, options: { encoding?: CiphertextEncoding } = {}): Uint8Array {
  requireBytes(plaintext);
  if (plaintext.length === 0) throw new RangeError('SM2 encryption of an empty message is not defined');
  const key = normalisePublicKey(publicKey);
  // Mode 1 = C1C3C2; the library leaves the 04 prefix off C1.
  const raw = concat([Uint8Array.of(0x04), fromHex(lib.doEncrypt(Uint8Array.from(plaintext), key, 1))]);
  return options.encoding === 'asn1' ? ciphertextToAsn1(raw) : raw;
}

/** Decrypts; throws when the ciphertext is malformed or its C3 check fails. */
export function decrypt(ciphertext: Uint8Array, privateKey: Sm2PrivateKey, options: { encoding?: CiphertextEncoding } = {}): Uint8Array {
  requireBytes(ciphertext);
  const raw = options.encoding === 'asn1' ? ciphertextFromAsn1(ciphertext) : ciphertext;
  if (raw.length < 1 + 64 + 32 + 1 || raw[0] !== 0x04) throw new Error('SM2 ciphertext: expected 04‖x‖y‖C3‖C2');
  let plain: Uint8Array | string | number[];
  try {
    plain = lib.doDecrypt(hex(raw.subarray(1)), privateKeyHex(privateKey), 1, { output: 'array' });
  } catch {
    throw new Error('SM2 decryption failed');
  }
  // The library answers an empty *array* (not a Uint8Array) when C3 does not match.
  if (!(plain instanceof Uint8Array) || plain.length !== raw.length - 97) throw new Error('SM2 decryption failed (C3 check)');
  return plain;
}

/** C1‖C3‖C2 → GM/T 0009 SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING, cipherText OCTET STRING }. */
export function ciphertextToAsn1(raw: Uint8Array): Uint8Array {
  if (raw.length < 98 || raw[0] !== 0x04) throw new RangeError('SM2 ciphertext: expected 04‖x‖y‖C3‖C2');
  return sequence(
    unsignedInteger(raw.subarray(1, 33)),
    unsignedInteger(raw.subarray(33, 65)),
    octetString(raw.subarray(65, 97)),
    octetString(raw.subarray(97)),
  );
}

/** GM/T 0009 ASN.1 ciphertext → C1‖C3‖C2. */
export function ciphertextFromAsn1(der: Uint8Array): Uint8Array {
  const [x, y, c3, c2, extra] = children(parseDer(der), TAG.SEQUENCE, 'SM2 ciphertext');
  if (extra) throw new DerError('SM2 ciphertext has extra fields');
  const hash = readOctetString(c3, 'C3');
  if (hash.length !== 32) throw new DerError('C3 is 32 bytes');
  return concat([Uint8Array.of(0x04), scalar32(integerBytes(x, 'x')), scalar32(integerBytes(y, 'y')), hash, readOctetString(c2, 'C2')]);
}
