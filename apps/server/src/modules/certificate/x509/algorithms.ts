import { ecSpki, signatureAlgorithmIdentifier } from '@ggzy/contracts/asn1';
import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import {
  children,
  DerError,
  type DerNode,
  parseDer,
  readOctetAlignedBitString,
  readOid,
  TAG,
} from '../../../platform/crypto/gm/der.js';
import { sm2, sm3 } from '../../../platform/crypto/gm/index.js';
import { OID } from './oids.js';

/**
 * The two key types the platform CA certifies and accepts: SM2 (GM/T 0015 profile; signatures
 * SM2-with-SM3 with the GM/T 0009 default ID) and ECDSA P-256 (ecdsa-with-SHA256) for clients
 * that only have WebCrypto. Anything else is refused.
 */
export type KeyAlgorithm = 'SM2' | 'P-256';

export interface PublicKeyInfo {
  algorithm: KeyAlgorithm;
  /** The SubjectPublicKeyInfo DER. */
  spki: Uint8Array;
  /** The uncompressed point 04‖x‖y. */
  point: Uint8Array;
}

export class UnsupportedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedKeyError';
  }
}

export const SIGNATURE_ALGORITHM: Record<KeyAlgorithm, string> = { SM2: OID.sm2WithSm3, 'P-256': OID.ecdsaWithSha256 };

export function parseSpki(node: DerNode | undefined): PublicKeyInfo {
  const [algorithm, key] = children(node, TAG.SEQUENCE, 'SubjectPublicKeyInfo');
  const [type, parameters] = children(algorithm, TAG.SEQUENCE, 'public key algorithm');
  const typeOid = readOid(type, 'public key algorithm');
  if (typeOid !== OID.ecPublicKey) throw new UnsupportedKeyError(`public key algorithm ${typeOid} is not supported (SM2 or ECDSA P-256 only)`);
  if (parameters?.tag !== TAG.OID) throw new UnsupportedKeyError('EC keys must name their curve');
  const curve = readOid(parameters, 'named curve');
  const point = readOctetAlignedBitString(key, 'subjectPublicKey');
  if (!node) throw new DerError('SubjectPublicKeyInfo is missing');
  if (curve === OID.sm2Curve) {
    let normalised: string;
    try {
      normalised = sm2.normalisePublicKey(point);
    } catch {
      throw new UnsupportedKeyError('the SM2 public key is not a point of sm2p256v1');
    }
    return { algorithm: 'SM2', spki: spkiFor('SM2', Buffer.from(normalised, 'hex')), point: new Uint8Array(Buffer.from(normalised, 'hex')) };
  }
  if (curve === OID.prime256v1) {
    if (point.length !== 65 || point[0] !== 0x04) throw new UnsupportedKeyError('P-256 keys must be uncompressed points');
    try {
      createPublicKey({ key: Buffer.from(node.bytes), format: 'der', type: 'spki' }); // checks the point is on the curve
    } catch {
      throw new UnsupportedKeyError('the P-256 public key is not a point of the curve');
    }
    return { algorithm: 'P-256', spki: node.bytes, point };
  }
  throw new UnsupportedKeyError(`curve ${curve} is not supported (SM2 or P-256 only)`);
}

export function spkiFor(algorithm: KeyAlgorithm, point: Uint8Array): Uint8Array {
  return ecSpki(algorithm, point);
}

export function parseSpkiBytes(spki: Uint8Array): PublicKeyInfo {
  return parseSpki(parseDer(spki));
}

/** Leftmost 160 bits of SM3 (SM2 keys) or SHA-256 (P-256 keys) of the key bits (RFC 7093 method 1). */
export function keyIdentifier(publicKey: PublicKeyInfo): Uint8Array {
  const digest = publicKey.algorithm === 'SM2' ? sm3(publicKey.point) : new Uint8Array(createHash('sha256').update(publicKey.point).digest());
  return digest.subarray(0, 20);
}

/** The AlgorithmIdentifier of a signature; parameters absent (RFC 5758, and as OpenSSL writes SM2-with-SM3). */
export { signatureAlgorithmIdentifier };

/** Reads a signature AlgorithmIdentifier; parameters must be absent or NULL. */
export function readSignatureAlgorithm(node: DerNode | undefined, what: string): string {
  const [type, parameters, extra] = children(node, TAG.SEQUENCE, what);
  if (extra || (parameters && parameters.tag !== TAG.NULL)) throw new DerError(`${what}: unexpected parameters`);
  return readOid(type, what);
}

const p256Keys = new WeakMap<Uint8Array, KeyObject>();
function p256KeyObject(publicKey: PublicKeyInfo): KeyObject {
  let key = p256Keys.get(publicKey.spki);
  if (!key) {
    key = createPublicKey({ key: Buffer.from(publicKey.spki), format: 'der', type: 'spki' });
    p256Keys.set(publicKey.spki, key);
  }
  return key;
}

/**
 * Checks a signature made with `signatureOid` over `data` (a TBS structure or a message).
 * `format` says how the signature value is encoded: 'der' as in X.509, CSRs, CMS; 'raw' r‖s as
 * WebCrypto (IEEE P1363) and sm-crypto produce by default.
 */
export function verifySignature(
  publicKey: PublicKeyInfo,
  signatureOid: string,
  data: Uint8Array,
  signature: Uint8Array,
  format: 'der' | 'raw' = 'der',
): boolean {
  if (signatureOid !== SIGNATURE_ALGORITHM[publicKey.algorithm]) return false;
  if (publicKey.algorithm === 'SM2') {
    return format === 'der' ? sm2.verify(data, signature, publicKey.point) : sm2.verifyRaw(data, signature, publicKey.point);
  }
  if (format === 'raw' && signature.length !== 64) return false;
  try {
    return nodeVerify('sha256', data, { key: p256KeyObject(publicKey), dsaEncoding: format === 'der' ? 'der' : 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}

/**
 * The encoding of a client's signature: explicit, or guessed — DER when the bytes parse as a
 * strict DER SEQUENCE of two INTEGERs, else raw r‖s when they are 64 bytes.
 */
export function detectSignatureFormat(signature: Uint8Array, declared?: 'der' | 'raw'): 'der' | 'raw' {
  if (declared) return declared;
  try {
    const node = parseDer(signature);
    if (node.tag === TAG.SEQUENCE && node.children.length === 2 && node.children.every((c) => c.tag === TAG.INTEGER)) return 'der';
  } catch {
    // not DER
  }
  return 'raw';
}

/** Something that signs TBS structures for the CA: the platform's root keys. */
export interface Signer {
  publicKey: PublicKeyInfo;
  signatureOid: string;
  /** Returns the DER signature value. */
  sign(data: Uint8Array): Uint8Array;
}

export function sm2Signer(privateKeyHex: string): Signer {
  const point = new Uint8Array(Buffer.from(sm2.publicKeyOf(privateKeyHex), 'hex'));
  return {
    publicKey: { algorithm: 'SM2', spki: spkiFor('SM2', point), point },
    signatureOid: OID.sm2WithSm3,
    sign: (data) => sm2.sign(data, privateKeyHex, { publicKey: point }),
  };
}

export function p256Signer(pkcs8Pem: string): Signer {
  const privateKey = createPrivateKey(pkcs8Pem);
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new UnsupportedKeyError('the P-256 CA key is not a prime256v1 EC key');
  }
  const spki = new Uint8Array(createPublicKey(privateKey).export({ format: 'der', type: 'spki' }));
  return {
    publicKey: parseSpkiBytes(spki),
    signatureOid: OID.ecdsaWithSha256,
    sign: (data) => new Uint8Array(nodeSign('sha256', data, { key: privateKey, dsaEncoding: 'der' })),
  };
}
