import { bitString, implicit, integer, oid, sequence, setOf, utf8String } from './der.js';

/**
 * PKCS#10 certification requests (RFC 2986) for the two key types the platform CA certifies —
 * SM2 (GM/T 0015: id-ecPublicKey on sm2p256v1, SM2-with-SM3 with the GM/T 0009 default ID) and
 * ECDSA P-256 (ecdsa-with-SHA256) — built the same way by the browser (keys made in the page),
 * by client tools and by the server's tests. The signing itself is the caller's: a callback
 * that returns the DER signature over the CertificationRequestInfo bytes.
 */
export const KEY_OIDS = {
  ecPublicKey: '1.2.840.10045.2.1',
  /** sm2p256v1 (GM/T 0006). */
  sm2Curve: '1.2.156.10197.1.301',
  prime256v1: '1.2.840.10045.3.1.7',
  /** SM2 signature with SM3. */
  sm2WithSm3: '1.2.156.10197.1.501',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
} as const;

export type EcKeyAlgorithm = 'SM2' | 'P-256';

/** The signature algorithm the platform expects with each key type. */
export const SIGNATURE_OID: Readonly<Record<EcKeyAlgorithm, string>> = {
  SM2: KEY_OIDS.sm2WithSm3,
  'P-256': KEY_OIDS.ecdsaWithSha256,
};

/** SubjectPublicKeyInfo of an EC key: id-ecPublicKey with the named curve, and the uncompressed point 04‖x‖y. */
export function ecSpki(algorithm: EcKeyAlgorithm, point: Uint8Array): Uint8Array {
  return sequence(
    sequence(oid(KEY_OIDS.ecPublicKey), oid(algorithm === 'SM2' ? KEY_OIDS.sm2Curve : KEY_OIDS.prime256v1)),
    bitString(point),
  );
}

/** The AlgorithmIdentifier of a signature; parameters absent (RFC 5758, and as OpenSSL writes SM2-with-SM3). */
export function signatureAlgorithmIdentifier(signatureOid: string): Uint8Array {
  return sequence(oid(signatureOid));
}

/** A Name with one CN (UTF8String); the platform ignores a request's subject, so this is all a client needs. */
export function commonNameSubject(commonName: string): Uint8Array {
  return sequence(setOf(sequence(oid(KEY_OIDS.commonName), utf8String(commonName))));
}

/**
 * CertificationRequest ::= SEQUENCE { CertificationRequestInfo, AlgorithmIdentifier, BIT STRING },
 * CertificationRequestInfo ::= SEQUENCE { version 0, subject Name, SubjectPublicKeyInfo, [0] attributes (empty) }.
 */
export async function buildCertificationRequest(input: {
  /** The DER Name. */
  subject: Uint8Array;
  /** The DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  signatureOid: string;
  /** The DER signature (SEQUENCE { r, s }) over the CertificationRequestInfo bytes it is given. */
  sign: (info: Uint8Array) => Uint8Array | Promise<Uint8Array>;
}): Promise<Uint8Array> {
  const info = sequence(integer(0), input.subject, input.spki, implicit(0, true, new Uint8Array(0)));
  return sequence(info, signatureAlgorithmIdentifier(input.signatureOid), bitString(await input.sign(info)));
}
