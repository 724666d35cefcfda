import { hex } from '../../../platform/crypto/gm/der.js';
import { verifySignature } from './algorithms.js';
import { sameBytes } from './name.js';
import type { ParsedCertificate } from './x509.js';

/**
 * Certification path validation (a pragmatic subset of RFC 5280 §6): builds the path from the
 * end-entity certificate through the supplied intermediates to a trust anchor by issuer name
 * (and key identifier when both sides carry one), checks every signature, the validity period
 * of every certificate at `at` (the server clock), CA flags, key usage for certificate signing,
 * path length constraints, and refuses unknown critical extensions. Pure: no I/O.
 */
export interface TrustAnchor {
  certificate: ParsedCertificate;
  /** 'platform': one of the platform's own roots; 'recognised': an imported foreign root. */
  source: 'platform' | 'recognised';
  /** For recognised roots, the trusted-root record id. */
  id: string;
}

export type ChainProblemCode =
  | 'untrusted'
  | 'chainSignature'
  | 'notCa'
  | 'notEndEntity'
  | 'pathLength'
  | 'criticalExtension'
  | 'expired'
  | 'notYetValid';

export interface ChainProblem {
  code: ChainProblemCode;
  /** Subject of the certificate the problem is about. */
  subject: string;
}

export type ChainResult =
  | { ok: true; anchor: TrustAnchor; path: ParsedCertificate[]; problems: [] }
  | { ok: false; anchor: TrustAnchor | undefined; path: ParsedCertificate[]; problems: ChainProblem[] };

const MAX_INTERMEDIATES = 4;

function issuedBy(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  if (!sameBytes(child.issuer.der, parent.subject.der)) return false;
  if (child.authorityKeyId && parent.subjectKeyId && !sameBytes(child.authorityKeyId, parent.subjectKeyId)) return false;
  return true;
}

/** Signature checks are the expensive part: a small memo by (certificate, issuer key) fingerprint pair. */
const verified = new Map<string, boolean>();
const MEMO_LIMIT = 10_000;

export function signedBy(child: ParsedCertificate, parent: ParsedCertificate): boolean {
  const key = `${child.fingerprint}:${hex(parent.publicKey.spki)}`;
  const known = verified.get(key);
  if (known !== undefined) return known;
  const ok = verifySignature(parent.publicKey, child.signatureAlgorithm, child.tbs, child.signature);
  if (verified.size >= MEMO_LIMIT) verified.clear();
  verified.set(key, ok);
  return ok;
}

export function validateChain(input: {
  leaf: ParsedCertificate;
  intermediates: readonly ParsedCertificate[];
  anchors: readonly TrustAnchor[];
  at: Date;
}): ChainResult {
  const { leaf, intermediates, anchors, at } = input;
  const problems: ChainProblem[] = [];
  const path: ParsedCertificate[] = [leaf];
  let anchor: TrustAnchor | undefined;
  let current = leaf;
  for (;;) {
    const candidates = anchors.filter((a) => issuedBy(current, a.certificate));
    anchor = candidates.find((a) => signedBy(current, a.certificate));
    if (anchor) break;
    const next = intermediates.find((i) => !path.includes(i) && issuedBy(current, i) && signedBy(current, i));
    if (!next || path.length > MAX_INTERMEDIATES) {
      const nameMatched = candidates.length > 0 || intermediates.some((i) => issuedBy(current, i));
      problems.push({ code: nameMatched ? 'chainSignature' : 'untrusted', subject: current.subject.text });
      return { ok: false, anchor: undefined, path, problems };
    }
    path.push(next);
    current = next;
  }

  if (leaf.basicConstraints?.ca) problems.push({ code: 'notEndEntity', subject: leaf.subject.text });
  // Issuers, from the one nearest the anchor down: CA flag, keyCertSign, path length.
  const issuers = path.slice(1);
  issuers.forEach((ca, index) => {
    if (!ca.basicConstraints?.ca || (ca.keyUsage && !ca.keyUsage.has('keyCertSign'))) problems.push({ code: 'notCa', subject: ca.subject.text });
    const below = index; // intermediates between this CA and the leaf
    if (ca.basicConstraints?.pathLength !== undefined && below > ca.basicConstraints.pathLength) {
      problems.push({ code: 'pathLength', subject: ca.subject.text });
    }
  });
  const anchorLimit = anchor.certificate.basicConstraints?.pathLength;
  if (anchorLimit !== undefined && issuers.length > anchorLimit) problems.push({ code: 'pathLength', subject: anchor.certificate.subject.text });

  for (const certificate of [...path, anchor.certificate]) {
    if (certificate.unknownCriticalExtensions.length > 0) problems.push({ code: 'criticalExtension', subject: certificate.subject.text });
    if (at.getTime() < certificate.notBefore.getTime()) problems.push({ code: 'notYetValid', subject: certificate.subject.text });
    if (at.getTime() > certificate.notAfter.getTime()) problems.push({ code: 'expired', subject: certificate.subject.text });
  }
  return problems.length === 0 ? { ok: true, anchor, path, problems: [] } : { ok: false, anchor, path, problems };
}
