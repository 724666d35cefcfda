import {
  bitString,
  children,
  contextTag,
  DerError,
  enumerated,
  explicit,
  implicit,
  integer,
  integerBytes,
  octetString,
  oid,
  parseDer,
  readEnumerated,
  readInteger,
  readOctetAlignedBitString,
  readSmallInteger,
  readTime,
  sequence,
  TAG,
  time,
  unsignedInteger,
} from '../../../platform/crypto/gm/der.js';
import { readSignatureAlgorithm, type Signer, signatureAlgorithmIdentifier } from './algorithms.js';
import { type DistinguishedName, parseName } from './name.js';
import { OID } from './oids.js';
import { readExtensionList, serialHex } from './x509.js';

/**
 * RFC 5280 §5 CRLs (v2). Reason codes are those of §5.3.1; `removeFromCRL` (delta CRLs only)
 * and `certificateHold` (the platform has no "unhold") are not offered.
 */
export const REVOCATION_REASON_NAMES = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
] as const;
export type RevocationReason = (typeof REVOCATION_REASON_NAMES)[number];
export const REVOCATION_REASONS: Record<RevocationReason, number> = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  privilegeWithdrawn: 9,
};

export interface RevokedEntry {
  /** Serial as unsigned hex. */
  serial: string;
  revokedAt: Date;
  reason: RevocationReason;
}

export interface CrlInput {
  issuer: Uint8Array;
  authorityKeyId: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date;
  crlNumber: bigint;
  revoked: readonly RevokedEntry[];
}

export function buildCrl(input: CrlInput, signer: Signer): Uint8Array {
  const algorithm = signatureAlgorithmIdentifier(signer.signatureOid);
  const entries = input.revoked.map((entry) =>
    sequence(
      unsignedInteger(Buffer.from(entry.serial.length % 2 ? `0${entry.serial}` : entry.serial, 'hex')),
      time(entry.revokedAt),
      // RFC 5280 §5.3.1: omit the reason code rather than write "unspecified".
      ...(entry.reason === 'unspecified'
        ? []
        : [sequence(sequence(oid(OID.reasonCode), octetString(enumerated(REVOCATION_REASONS[entry.reason]))))]),
    ),
  );
  const tbs = sequence(
    integer(1),
    algorithm,
    input.issuer,
    time(input.thisUpdate),
    time(input.nextUpdate),
    ...(entries.length > 0 ? [sequence(...entries)] : []),
    explicit(
      0,
      sequence(
        sequence(oid(OID.authorityKeyIdentifier), octetString(sequence(implicit(0, false, input.authorityKeyId)))),
        sequence(oid(OID.cRLNumber), octetString(integer(input.crlNumber))),
      ),
    ),
  );
  return sequence(tbs, algorithm, bitString(signer.sign(tbs)));
}

export interface ParsedCrl {
  tbs: Uint8Array;
  signatureAlgorithm: string;
  signature: Uint8Array;
  issuer: DistinguishedName;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  crlNumber: bigint | undefined;
  revoked: Array<{ serial: string; revokedAt: Date; reasonCode: number | undefined }>;
}

export function parseCrl(der: Uint8Array): ParsedCrl {
  const [tbsNode, algorithm, signature, extra] = children(parseDer(der), TAG.SEQUENCE, 'CertificateList');
  if (extra) throw new DerError('CertificateList has extra fields');
  const fields = children(tbsNode, TAG.SEQUENCE, 'TBSCertList');
  let i = 0;
  if (fields[0]?.tag === TAG.INTEGER) {
    if (readSmallInteger(fields[0], 'version') !== 1) throw new DerError('CRL version must be v2');
    i += 1;
  }
  const innerAlgorithm = readSignatureAlgorithm(fields[i], 'signature');
  const signatureAlgorithm = readSignatureAlgorithm(algorithm, 'signatureAlgorithm');
  if (innerAlgorithm !== signatureAlgorithm) throw new DerError('the two signature algorithm fields differ');
  const issuer = parseName(fields[i + 1], 'issuer');
  const thisUpdate = readTime(fields[i + 2], 'thisUpdate');
  let cursor = i + 3;
  let nextUpdate: Date | undefined;
  const maybeNext = fields[cursor];
  if (maybeNext && (maybeNext.tag === TAG.UTC_TIME || maybeNext.tag === TAG.GENERALIZED_TIME)) {
    nextUpdate = readTime(maybeNext, 'nextUpdate');
    cursor += 1;
  }
  const revoked: ParsedCrl['revoked'] = [];
  if (fields[cursor]?.tag === TAG.SEQUENCE) {
    for (const entry of children(fields[cursor], TAG.SEQUENCE, 'revokedCertificates')) {
      const [serial, date, entryExtensions] = children(entry, TAG.SEQUENCE, 'revoked certificate');
      const reason = entryExtensions ? readExtensionList(entryExtensions).find((e) => e.oid === OID.reasonCode) : undefined;
      revoked.push({
        serial: serialHex(integerBytes(serial, 'userCertificate')),
        revokedAt: readTime(date, 'revocationDate'),
        reasonCode: reason ? readEnumerated(parseDer(reason.value), 'reasonCode') : undefined,
      });
    }
    cursor += 1;
  }
  let crlNumber: bigint | undefined;
  const extensionsNode = fields[cursor];
  if (extensionsNode?.tag === contextTag(0, true)) {
    const number = readExtensionList(extensionsNode.children[0]).find((e) => e.oid === OID.cRLNumber);
    if (number) crlNumber = readInteger(parseDer(number.value), 'cRLNumber');
  }
  return {
    tbs: tbsNode?.bytes ?? new Uint8Array(0),
    signatureAlgorithm,
    signature: readOctetAlignedBitString(signature, 'signatureValue'),
    issuer,
    thisUpdate,
    nextUpdate,
    crlNumber,
    revoked,
  };
}
