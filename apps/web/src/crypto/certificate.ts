import {
  fromPemAll,
  children,
  contextTag,
  KEY_OIDS,
  parseDer,
  readInteger,
  readOctetAlignedBitString,
  readOid,
  readString,
  readTime,
  TAG,
  toPem,
  type DerNode,
} from '@ggzy/contracts/asn1';
import { looksLikePem } from './encoding';
import type { KeyAlgorithm } from './keys';

/**
 * Just enough X.509 reading for the page: which key a certificate certifies (to match it with the
 * key file and to pick the signature algorithm) and what to show the user. Trust is the
 * server's business: it checks the chain, validity and revocation at sign-in.
 */
export interface CertificateSummary {
  der: Uint8Array;
  pem: string;
  serial: string;
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  algorithm: KeyAlgorithm;
  publicPoint: Uint8Array;
}

export class CertificateFileError extends Error {
  constructor(
    readonly reason: 'format' | 'unsupportedKey',
    message: string,
  ) {
    super(message);
    this.name = 'CertificateFileError';
  }
}

const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.6': 'C',
  '2.5.4.8': 'ST',
  '2.5.4.7': 'L',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
};

function formatName(node: DerNode | undefined): string {
  const parts: string[] = [];
  for (const rdn of children(node, TAG.SEQUENCE, 'Name')) {
    for (const atv of children(rdn, TAG.SET, 'RDN')) {
      const [type, value] = children(atv, TAG.SEQUENCE, 'AttributeTypeAndValue');
      const attribute = readOid(type, 'attribute type');
      parts.push(`${ATTRIBUTE_NAMES[attribute] ?? attribute}=${readString(value, 'attribute value')}`);
    }
  }
  return parts.join(', ');
}

export function parseCertificate(der: Uint8Array): CertificateSummary {
  let fields: DerNode[];
  try {
    const [tbs] = children(parseDer(der), TAG.SEQUENCE, 'Certificate');
    fields = children(tbs, TAG.SEQUENCE, 'TBSCertificate');
  } catch (error) {
    throw new CertificateFileError('format', error instanceof Error ? error.message : String(error));
  }
  const offset = fields[0]?.tag === contextTag(0, true) ? 1 : 0;
  const [serialNode, , issuer, validity, subject, spki] = fields.slice(offset);
  try {
    const [notBefore, notAfter] = children(validity, TAG.SEQUENCE, 'Validity');
    const [algorithm, key] = children(spki, TAG.SEQUENCE, 'SubjectPublicKeyInfo');
    const [type, curveNode] = children(algorithm, TAG.SEQUENCE, 'AlgorithmIdentifier');
    if (readOid(type, 'algorithm') !== KEY_OIDS.ecPublicKey || curveNode?.tag !== TAG.OID) {
      throw new CertificateFileError('unsupportedKey', 'not an EC key');
    }
    const curve = readOid(curveNode, 'namedCurve');
    const keyAlgorithm: KeyAlgorithm | undefined =
      curve === KEY_OIDS.sm2Curve ? 'SM2' : curve === KEY_OIDS.prime256v1 ? 'P-256' : undefined;
    if (keyAlgorithm === undefined) throw new CertificateFileError('unsupportedKey', `curve ${curve} is not SM2 or P-256`);
    const serial = readInteger(serialNode, 'serialNumber');
    return {
      der,
      pem: toPem('CERTIFICATE', der),
      serial: serial.toString(16).padStart(2, '0'),
      subject: formatName(subject),
      issuer: formatName(issuer),
      notBefore: readTime(notBefore, 'notBefore'),
      notAfter: readTime(notAfter, 'notAfter'),
      algorithm: keyAlgorithm,
      publicPoint: readOctetAlignedBitString(key, 'subjectPublicKey'),
    };
  } catch (error) {
    if (error instanceof CertificateFileError) throw error;
    throw new CertificateFileError('format', error instanceof Error ? error.message : String(error));
  }
}

/**
 * A certificate file as picked: DER, or PEM whose first CERTIFICATE block is the holder's
 * certificate and any further blocks the intermediate CAs up to (not including) the root — the
 * usual "full chain" file of other CAs. The chain is sent along for the server to build the path.
 */
export function readCertificateFile(bytes: Uint8Array): { certificate: CertificateSummary; chain: string[] } {
  if (looksLikePem(bytes)) {
    const [leaf, ...rest] = fromPemAll(new TextDecoder().decode(bytes), 'CERTIFICATE');
    if (leaf === undefined) throw new CertificateFileError('format', 'no CERTIFICATE PEM block');
    return { certificate: parseCertificate(leaf), chain: rest.map((der) => toPem('CERTIFICATE', der)) };
  }
  return { certificate: parseCertificate(bytes), chain: [] };
}
