import { createHash } from 'node:crypto';
import {
  bitString,
  boolean,
  children,
  contextTag,
  DerError,
  type DerNode,
  explicit,
  fromPemAll,
  hex,
  ia5String,
  implicit,
  integer,
  integerBytes,
  octetString,
  oid,
  parseDer,
  readBitString,
  readBoolean,
  readOctetAlignedBitString,
  readOctetString,
  readOid,
  readSmallInteger,
  readTime,
  sequence,
  TAG,
  time,
  toPem,
  unsignedInteger,
} from '../../../platform/crypto/gm/der.js';
import { parseSpki, type PublicKeyInfo, readSignatureAlgorithm, type Signer, signatureAlgorithmIdentifier } from './algorithms.js';
import { type DistinguishedName, parseName } from './name.js';
import { OID } from './oids.js';

/** Key usage bits of RFC 5280 §4.2.1.3, in bit order. */
export const KEY_USAGES = [
  'digitalSignature',
  'nonRepudiation',
  'keyEncipherment',
  'dataEncipherment',
  'keyAgreement',
  'keyCertSign',
  'cRLSign',
  'encipherOnly',
  'decipherOnly',
] as const;
export type KeyUsage = (typeof KEY_USAGES)[number];

/** Extensions this code understands; an unknown one marked critical makes the certificate unusable (RFC 5280 §4.2). */
const UNDERSTOOD = new Set<string>([
  OID.basicConstraints,
  OID.keyUsage,
  OID.subjectKeyIdentifier,
  OID.authorityKeyIdentifier,
  OID.cRLDistributionPoints,
  OID.subjectAltName,
  OID.certificatePolicies,
  OID.authorityInfoAccess,
  OID.extKeyUsage,
]);

export interface ParsedCertificate {
  der: Uint8Array;
  /** The exact signed bytes. */
  tbs: Uint8Array;
  version: number;
  /** Lower-case hex of the serial's unsigned value (leading zero octets dropped). */
  serial: string;
  signatureAlgorithm: string;
  signature: Uint8Array;
  issuer: DistinguishedName;
  subject: DistinguishedName;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  basicConstraints: { ca: boolean; pathLength: number | undefined } | undefined;
  keyUsage: ReadonlySet<KeyUsage> | undefined;
  subjectKeyId: Uint8Array | undefined;
  authorityKeyId: Uint8Array | undefined;
  crlDistributionPoints: string[];
  /** OIDs of critical extensions this code does not process. */
  unknownCriticalExtensions: string[];
  /** SHA-256 of the DER, lower-case hex. */
  fingerprint: string;
  /** Issuer and subject are the same name. */
  selfIssued: boolean;
}

export class CertificateFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CertificateFormatError';
  }
}

export function fingerprintOf(der: Uint8Array): string {
  return createHash('sha256').update(der).digest('hex');
}

export function serialHex(bytes: Uint8Array): string {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start += 1;
  return hex(bytes.subarray(start));
}

export function parseCertificate(der: Uint8Array): ParsedCertificate {
  try {
    return parse(der);
  } catch (error) {
    if (error instanceof CertificateFormatError) throw error;
    throw new CertificateFormatError(error instanceof Error ? error.message : String(error));
  }
}

function parse(der: Uint8Array): ParsedCertificate {
  const [tbsNode, outerAlgorithm, signatureNode, extra] = children(parseDer(der), TAG.SEQUENCE, 'Certificate');
  if (extra) throw new DerError('Certificate has extra fields');
  const fields = children(tbsNode, TAG.SEQUENCE, 'TBSCertificate');
  let index = 0;
  let version = 1;
  if (fields[0]?.tag === contextTag(0, true)) {
    version = readSmallInteger(fields[0].children[0], 'version') + 1;
    index += 1;
  }
  if (version !== 3) throw new CertificateFormatError(`X.509 v${version} certificates are not accepted (v3 only)`);
  const serialBytes = integerBytes(fields[index], 'serialNumber');
  if ((serialBytes[0] ?? 0) & 0x80) throw new CertificateFormatError('negative serial number');
  const innerAlgorithm = readSignatureAlgorithm(fields[index + 1], 'signature');
  const issuer = parseName(fields[index + 2], 'issuer');
  const [notBeforeNode, notAfterNode] = children(fields[index + 3], TAG.SEQUENCE, 'validity');
  const subject = parseName(fields[index + 4], 'subject');
  const publicKey = parseSpki(fields[index + 5]);
  const signatureAlgorithm = readSignatureAlgorithm(outerAlgorithm, 'signatureAlgorithm');
  if (innerAlgorithm !== signatureAlgorithm) throw new CertificateFormatError('the two signature algorithm fields differ');

  const extensions = parseExtensions(fields.slice(index + 6));
  const result: ParsedCertificate = {
    der,
    tbs: tbsNode?.bytes ?? new Uint8Array(0),
    version,
    serial: serialHex(serialBytes),
    signatureAlgorithm,
    signature: readOctetAlignedBitString(signatureNode, 'signatureValue'),
    issuer,
    subject,
    notBefore: readTime(notBeforeNode, 'notBefore'),
    notAfter: readTime(notAfterNode, 'notAfter'),
    publicKey,
    basicConstraints: undefined,
    keyUsage: undefined,
    subjectKeyId: undefined,
    authorityKeyId: undefined,
    crlDistributionPoints: [],
    unknownCriticalExtensions: [],
    fingerprint: fingerprintOf(der),
    selfIssued: hex(issuer.der) === hex(subject.der),
  };
  for (const extension of extensions) {
    const value = parseDer(extension.value);
    switch (extension.oid) {
      case OID.basicConstraints: {
        const [first, second] = children(value, TAG.SEQUENCE, 'basicConstraints');
        const ca = first?.tag === TAG.BOOLEAN ? readBoolean(first, 'cA') : false;
        const lengthNode = first?.tag === TAG.INTEGER ? first : second;
        result.basicConstraints = { ca, pathLength: lengthNode ? readSmallInteger(lengthNode, 'pathLenConstraint') : undefined };
        break;
      }
      case OID.keyUsage:
        result.keyUsage = decodeKeyUsage(value);
        break;
      case OID.subjectKeyIdentifier:
        result.subjectKeyId = readOctetString(value, 'subjectKeyIdentifier');
        break;
      case OID.authorityKeyIdentifier: {
        const keyId = children(value, TAG.SEQUENCE, 'authorityKeyIdentifier').find((n) => n.tag === contextTag(0, false));
        result.authorityKeyId = keyId?.value;
        break;
      }
      case OID.cRLDistributionPoints:
        result.crlDistributionPoints = decodeDistributionPoints(value);
        break;
      default:
        if (extension.critical && !UNDERSTOOD.has(extension.oid)) result.unknownCriticalExtensions.push(extension.oid);
    }
  }
  return result;
}

interface RawExtension {
  oid: string;
  critical: boolean;
  value: Uint8Array;
}

function parseExtensions(rest: DerNode[]): RawExtension[] {
  const wrapper = rest.find((n) => n.tag === contextTag(3, true));
  if (rest.some((n) => n.tag !== contextTag(3, true) && n.tag !== contextTag(1, false) && n.tag !== contextTag(2, false))) {
    throw new DerError('unexpected field in TBSCertificate');
  }
  if (!wrapper) return [];
  return readExtensionList(wrapper.children[0]);
}

export function readExtensionList(node: DerNode | undefined): RawExtension[] {
  const seen = new Set<string>();
  return children(node, TAG.SEQUENCE, 'extensions').map((ext) => {
    const [idNode, second, third] = children(ext, TAG.SEQUENCE, 'extension');
    const id = readOid(idNode, 'extnID');
    if (seen.has(id)) throw new DerError(`extension ${id} appears twice`);
    seen.add(id);
    const critical = second?.tag === TAG.BOOLEAN ? readBoolean(second, 'critical') : false;
    if (second?.tag === TAG.BOOLEAN && !critical) throw new DerError('DER omits critical=FALSE');
    const value = readOctetString(second?.tag === TAG.BOOLEAN ? third : second, 'extnValue');
    return { oid: id, critical, value };
  });
}

function decodeKeyUsage(node: DerNode): Set<KeyUsage> {
  const { bytes } = readBitString(node, 'keyUsage');
  const usages = new Set<KeyUsage>();
  KEY_USAGES.forEach((usage, bit) => {
    const byte = bytes[bit >> 3];
    if (byte !== undefined && byte & (0x80 >> (bit & 7))) usages.add(usage);
  });
  return usages;
}

function decodeDistributionPoints(node: DerNode): string[] {
  const urls: string[] = [];
  for (const point of children(node, TAG.SEQUENCE, 'cRLDistributionPoints')) {
    for (const field of children(point, TAG.SEQUENCE, 'DistributionPoint')) {
      if (field.tag !== contextTag(0, true)) continue;
      for (const name of field.children) {
        if (name.tag !== contextTag(0, true)) continue;
        for (const general of name.children) if (general.tag === contextTag(6, false)) urls.push(new TextDecoder().decode(general.value));
      }
    }
  }
  return urls;
}

// ---------------------------------------------------------------------------------------------
// Building

export function encodeKeyUsage(usages: readonly KeyUsage[]): Uint8Array {
  const bits = usages.map((u) => KEY_USAGES.indexOf(u));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array((highest >> 3) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  // DER: named bit lists drop trailing zero bits.
  const unused = 7 - (highest & 7);
  return bitString(bytes, unused);
}

function encodeExtension(extensionOid: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? sequence(oid(extensionOid), boolean(true), octetString(value)) : sequence(oid(extensionOid), octetString(value));
}

export const extensions = {
  basicConstraints: (ca: boolean, pathLength?: number) =>
    encodeExtension(OID.basicConstraints, true, sequence(...(ca ? [boolean(true)] : []), ...(pathLength === undefined ? [] : [integer(pathLength)]))),
  keyUsage: (usages: readonly KeyUsage[]) => encodeExtension(OID.keyUsage, true, encodeKeyUsage(usages)),
  subjectKeyIdentifier: (id: Uint8Array) => encodeExtension(OID.subjectKeyIdentifier, false, octetString(id)),
  authorityKeyIdentifier: (id: Uint8Array) => encodeExtension(OID.authorityKeyIdentifier, false, sequence(implicit(0, false, id))),
  crlDistributionPoints: (urls: readonly string[]) =>
    encodeExtension(
      OID.cRLDistributionPoints,
      false,
      sequence(...urls.map((url) => sequence(explicit(0, implicit(0, true, implicit(6, false, parseDer(ia5String(url)).value)))))),
    ),
};

export interface CertificateTemplate {
  serial: Uint8Array;
  /** Name DER of the issuer (the CA's subject) and of the subject. */
  issuer: Uint8Array;
  subject: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  publicKey: PublicKeyInfo;
  /** Encoded Extension elements (see `extensions`). */
  extensions: readonly Uint8Array[];
}

/** Builds and signs an X.509 v3 certificate; returns its DER. */
export function buildCertificate(template: CertificateTemplate, signer: Signer): Uint8Array {
  const algorithm = signatureAlgorithmIdentifier(signer.signatureOid);
  const tbs = sequence(
    explicit(0, integer(2)),
    unsignedInteger(template.serial),
    algorithm,
    template.issuer,
    sequence(time(template.notBefore), time(template.notAfter)),
    template.subject,
    template.publicKey.spki,
    explicit(3, sequence(...template.extensions)),
  );
  return sequence(tbs, algorithm, bitString(signer.sign(tbs)));
}

export function certificateToPem(der: Uint8Array): string {
  return toPem('CERTIFICATE', der);
}

/**
 * Certificates from client input: PEM (one or more blocks) or base64 DER of one certificate.
 */
export function decodeCertificates(text: string): Uint8Array[] {
  if (text.includes('-----BEGIN')) {
    const blocks = fromPemAll(text, 'CERTIFICATE');
    if (blocks.length === 0) throw new CertificateFormatError('no CERTIFICATE PEM block');
    return blocks;
  }
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw new CertificateFormatError('neither PEM nor base64 DER');
  return [new Uint8Array(Buffer.from(compact, 'base64'))];
}
