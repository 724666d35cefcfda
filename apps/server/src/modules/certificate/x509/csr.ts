import { buildCertificationRequest } from '@ggzy/contracts/asn1';
import {
  children,
  contextTag,
  DerError,
  fromPemAll,
  parseDer,
  readOctetAlignedBitString,
  readSmallInteger,
  TAG,
  toPem,
} from '../../../platform/crypto/gm/der.js';
import { parseSpki, type PublicKeyInfo, readSignatureAlgorithm, verifySignature } from './algorithms.js';
import { type DistinguishedName, parseName } from './name.js';

/**
 * PKCS#10 certification requests (RFC 2986). The platform reads only the public key and checks
 * the request's signature (proof that the requester holds the private key); the subject of
 * the certificate comes from the platform's own records, never from the request.
 */
export interface ParsedCsr {
  der: Uint8Array;
  /** The exact signed CertificationRequestInfo bytes. */
  info: Uint8Array;
  subject: DistinguishedName;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

export class CsrFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsrFormatError';
  }
}

export function parseCsr(der: Uint8Array): ParsedCsr {
  try {
    const [infoNode, algorithm, signature, extra] = children(parseDer(der), TAG.SEQUENCE, 'CertificationRequest');
    if (extra) throw new DerError('CertificationRequest has extra fields');
    const [version, subject, spki, attributes] = children(infoNode, TAG.SEQUENCE, 'CertificationRequestInfo');
    if (readSmallInteger(version, 'version') !== 0) throw new CsrFormatError('unsupported CSR version');
    if (attributes && attributes.tag !== contextTag(0, true)) throw new DerError('bad attributes');
    return {
      der,
      info: infoNode?.bytes ?? new Uint8Array(0),
      subject: parseName(subject, 'subject'),
      publicKey: parseSpki(spki),
      signatureAlgorithm: readSignatureAlgorithm(algorithm, 'signatureAlgorithm'),
      signature: readOctetAlignedBitString(signature, 'signature'),
    };
  } catch (error) {
    if (error instanceof CsrFormatError || (error instanceof Error && error.name === 'UnsupportedKeyError')) throw error;
    throw new CsrFormatError(error instanceof Error ? error.message : String(error));
  }
}

/** True when the request is signed by the key it carries (SM2 with the default ID, or ECDSA P-256). */
export function verifyCsr(csr: ParsedCsr): boolean {
  return verifySignature(csr.publicKey, csr.signatureAlgorithm, csr.info, csr.signature);
}

/** PEM ("CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST") or base64 DER. */
export function decodeCsr(text: string): Uint8Array {
  if (text.includes('-----BEGIN')) {
    const [block] = [...fromPemAll(text, 'CERTIFICATE REQUEST'), ...fromPemAll(text, 'NEW CERTIFICATE REQUEST')];
    if (!block) throw new CsrFormatError('no CERTIFICATE REQUEST PEM block');
    return block;
  }
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new CsrFormatError('neither PEM nor base64 DER');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/**
 * Builds a CSR — what a client (browser, bidtool) does with its own key; used by the tests. The
 * encoding is `buildCertificationRequest` of @ggzy/contracts/asn1, which the browser uses too.
 * `sign` returns the DER signature over the CertificationRequestInfo bytes (SM2: default ID;
 * P-256: ECDSA-SHA256 converted to DER).
 */
export async function buildCsr(input: {
  subject: Uint8Array;
  publicKey: PublicKeyInfo;
  signatureOid: string;
  sign: (info: Uint8Array) => Uint8Array | Promise<Uint8Array>;
}): Promise<Uint8Array> {
  return buildCertificationRequest({
    subject: input.subject,
    spki: input.publicKey.spki,
    signatureOid: input.signatureOid,
    sign: input.sign,
  });
}

export function csrToPem(der: Uint8Array): string {
  return toPem('CERTIFICATE REQUEST', der);
}
