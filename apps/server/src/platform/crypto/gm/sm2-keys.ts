import {
  bitString,
  children,
  contextTag,
  DerError,
  explicit,
  fromHex,
  hex,
  integer,
  octetString,
  oid,
  parseDer,
  readOctetAlignedBitString,
  readOctetString,
  readOid,
  readSmallInteger,
  sequence,
  TAG,
} from './der.js';
import { normalisePublicKey, privateKeyHex, publicKeyOf, type Sm2PrivateKey, type Sm2PublicKey } from './sm2.js';

/**
 * Standard containers for SM2 keys (GM/T 0015 / GM/T 0010): SubjectPublicKeyInfo and PKCS#8
 * with algorithm id-ecPublicKey and the named curve sm2p256v1 (OID 1.2.156.10197.1.301).
 * A PKCS#8 made here imports into Node/OpenSSL as an SM2-typed key (security.md §4 Pitfall 2).
 */
export const OID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const OID_SM2_CURVE = '1.2.156.10197.1.301';

const algorithmIdentifier = () => sequence(oid(OID_EC_PUBLIC_KEY), oid(OID_SM2_CURVE));

export function publicKeyToSpki(publicKey: Sm2PublicKey): Uint8Array {
  return sequence(algorithmIdentifier(), bitString(fromHex(normalisePublicKey(publicKey))));
}

/** The uncompressed public key (hex) from an SM2 SubjectPublicKeyInfo; throws for any other key. */
export function publicKeyFromSpki(spki: Uint8Array): string {
  const [algorithm, key, extra] = children(parseDer(spki), TAG.SEQUENCE, 'SubjectPublicKeyInfo');
  if (extra) throw new DerError('SubjectPublicKeyInfo has extra fields');
  checkAlgorithm(algorithm);
  return normalisePublicKey(readOctetAlignedBitString(key, 'subjectPublicKey'));
}

export function privateKeyToPkcs8(privateKey: Sm2PrivateKey): Uint8Array {
  const d = privateKeyHex(privateKey);
  const ecPrivateKey = sequence(integer(1), octetString(fromHex(d)), explicit(1, bitString(fromHex(publicKeyOf(d)))));
  return sequence(integer(0), algorithmIdentifier(), octetString(ecPrivateKey));
}

/** The private scalar (hex) from an unencrypted SM2 PKCS#8 PrivateKeyInfo. */
export function privateKeyFromPkcs8(pkcs8: Uint8Array): string {
  const [version, algorithm, wrapped] = children(parseDer(pkcs8), TAG.SEQUENCE, 'PrivateKeyInfo');
  if (readSmallInteger(version, 'version') > 1) throw new DerError('unsupported PrivateKeyInfo version');
  checkAlgorithm(algorithm);
  const [ecVersion, d, ...rest] = children(parseDer(readOctetString(wrapped, 'privateKey')), TAG.SEQUENCE, 'ECPrivateKey');
  if (readSmallInteger(ecVersion, 'ECPrivateKey version') !== 1) throw new DerError('unsupported ECPrivateKey version');
  const scalar = readOctetString(d, 'privateKey');
  if (scalar.length !== 32) throw new DerError('an SM2 private key is 32 bytes');
  const key = privateKeyHex(hex(scalar));
  const embedded = rest.find((node) => node.tag === contextTag(1, true));
  if (embedded) {
    const publicKey = normalisePublicKey(readOctetAlignedBitString(embedded.children[0], 'publicKey'));
    if (publicKey !== publicKeyOf(key)) throw new DerError('the embedded public key does not match the private key');
  }
  return key;
}

function checkAlgorithm(node: Parameters<typeof children>[0]): void {
  const [algorithm, curve] = children(node, TAG.SEQUENCE, 'AlgorithmIdentifier');
  if (readOid(algorithm, 'algorithm') !== OID_EC_PUBLIC_KEY) throw new DerError('not an EC key');
  if (readOid(curve, 'namedCurve') !== OID_SM2_CURVE) throw new DerError('not a key on the SM2 curve');
}
