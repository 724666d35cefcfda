import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/tables.js';
import { type Principal, type RequestContext } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { type Authority, CA_FOR, type CaName, type CaRoot, createAuthority, newSerial, wholeSeconds } from './authority.js';
import { certificateError } from './certificate.errors.js';
import { certificateRepository as repo } from './certificate.repository.js';
import { createTrust, type Trust } from './trust.js';
import { detectSignatureFormat, type KeyAlgorithm, keyIdentifier, SIGNATURE_ALGORITHM, UnsupportedKeyError, verifySignature } from './x509/algorithms.js';
import { type ChainProblem, signedBy, validateChain } from './x509/chain.js';
import { CsrFormatError, decodeCsr, parseCsr, verifyCsr } from './x509/csr.js';
import type { RevocationReason } from './x509/crl.js';
import { encodeName, formatName } from './x509/name.js';
import { subjectFor } from './x509/subject.js';
import {
  buildCertificate,
  CertificateFormatError,
  certificateToPem,
  decodeCertificates,
  extensions,
  type KeyUsage,
  parseCertificate,
  type ParsedCertificate,
} from './x509/x509.js';

/** Why a certificate or signature is not accepted (API vocabulary). */
export type Reason = 'chain' | 'expired' | 'notYetValid' | 'revoked' | 'keyUsage' | 'signature';
export type SignatureFormat = 'der' | 'raw';
export type CertificatePurpose = 'signing' | 'encryption';
export type ChallengePurpose = 'login' | 'bind';


/** The document a signature is over: its bytes, or its digest (then the digest bytes are what was signed). */
export type DocumentContent = { data: Uint8Array } | { digest: Uint8Array; digestAlgorithm: 'sm3' | 'sha256' };

export interface DocumentSignatureInput {
  /** PEM (leaf first; further blocks are intermediates) or base64 DER. */
  certificate: string;
  chain?: readonly string[];
  signature: Uint8Array;
  signatureFormat?: SignatureFormat;
  content: DocumentContent;
}

export interface CertificateInfo {
  serial: string;
  subject: string;
  issuer: string;
  algorithm: KeyAlgorithm;
  notBefore: string;
  notAfter: string;
  fingerprint: string;
}

export interface DocumentSignatureResult {
  valid: boolean;
  reasons: Reason[];
  /** 'platform': issued by this platform's CA; 'recognised': by an imported foreign root; null: neither. */
  source: 'platform' | 'recognised' | null;
  certificate: CertificateInfo;
  holder: { userId: string; displayName: string } | null;
  checkedAt: string;
}

const VALIDITY_DAYS = 730;
const MAX_VALID_PER_USER = 20;
const CHALLENGE_TTL_MS = 2 * 60_000;
const MAX_CHAIN = 5;

const USAGES: Record<CertificatePurpose, KeyUsage[]> = {
  signing: ['digitalSignature', 'nonRepudiation'],
  // GM/T 0015 encryption certificates (the SM2 key that sealed bids are wrapped to).
  encryption: ['keyEncipherment', 'dataEncipherment', 'keyAgreement'],
};

/** The exact text a client signs (UTF-8) to answer a challenge. */
export function challengeText(purpose: ChallengePurpose, nonce: string): string {
  return `ggzy certificate ${purpose}: ${nonce}`;
}

export function certificateInfo(certificate: ParsedCertificate): CertificateInfo {
  return {
    serial: certificate.serial,
    subject: certificate.subject.text,
    issuer: certificate.issuer.text,
    algorithm: certificate.publicKey.algorithm,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    fingerprint: certificate.fingerprint,
  };
}

interface IssuedRowLike {
  serial: string;
  ca: string;
  user_id: string;
  purpose: string;
  algorithm: string;
  subject: string;
  fingerprint: string;
  certificate_der: Buffer;
  not_before: Date;
  not_after: Date;
  issued_at: Date;
  revoked_at: Date | null;
  revocation_reason: string | null;
}

function issuedDto(row: IssuedRowLike, now: Date) {
  return {
    serial: row.serial,
    ca: row.ca as CaName,
    algorithm: row.algorithm as KeyAlgorithm,
    purpose: row.purpose as CertificatePurpose,
    subject: row.subject,
    fingerprint: row.fingerprint,
    notBefore: row.not_before.toISOString(),
    notAfter: row.not_after.toISOString(),
    issuedAt: row.issued_at.toISOString(),
    status: row.revoked_at ? ('revoked' as const) : row.not_after.getTime() < now.getTime() ? ('expired' as const) : ('valid' as const),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revocationReason: (row.revocation_reason as RevocationReason | null) ?? null,
    certificatePem: certificateToPem(new Uint8Array(row.certificate_der)),
  };
}

function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

interface Assessment {
  certificate: ParsedCertificate;
  reasons: Reason[];
  problems: ChainProblem[];
  source: 'platform' | 'recognised' | null;
  /** Holder: the issued-certificate record (platform) or the active binding (recognised). */
  holderId: string | null;
}

function parseInput(certificate: string, chain: readonly string[] = []): { leaf: ParsedCertificate; intermediates: ParsedCertificate[] } {
  try {
    const [leafDer, ...rest] = decodeCertificates(certificate);
    const others = [...rest, ...chain.flatMap((c) => decodeCertificates(c))];
    if (!leafDer) throw new CertificateFormatError('no certificate');
    if (others.length > MAX_CHAIN) throw new CertificateFormatError(`at most ${MAX_CHAIN} chain certificates`);
    return { leaf: parseCertificate(leafDer), intermediates: others.map(parseCertificate) };
  } catch (error) {
    if (error instanceof CertificateFormatError || error instanceof UnsupportedKeyError) {
      throw certificateError('CERTIFICATE_INVALID', { reason: error.message });
    }
    throw error;
  }
}

function checkSignature(certificate: ParsedCertificate, message: Uint8Array, signature: Uint8Array, declared?: SignatureFormat): boolean {
  const format = detectSignatureFormat(signature, declared);
  return verifySignature(certificate.publicKey, SIGNATURE_ALGORITHM[certificate.publicKey.algorithm], message, signature, format);
}

const refuse = (reason: string) => certificateError('TRUSTED_ROOT_INVALID', { reason });

export function createCertificateService(deps: { db: Executor; clock: Clock; keys: KeyStore; logger: FastifyBaseLogger }) {
  const { db, clock } = deps;
  const authority: Authority = createAuthority(deps);
  const trust: Trust = createTrust(db);

  /**
   * Chain to the platform roots or a recognised root, validity on the server clock, revocation
   * (platform certificates: by the issued record, looked up by fingerprint), key usage, holder.
   */
  async function assess(input: { certificate: string; chain?: readonly string[] }, usage: 'login' | 'document', at: Date): Promise<Assessment> {
    const { leaf, intermediates } = parseInput(input.certificate, input.chain);
    const platformRoots = await authority.roots();
    const anchors = [platformRoots.sm2.anchor, platformRoots.p256.anchor, ...(await trust.anchors())];
    const result = validateChain({ leaf, intermediates, anchors, at });
    const reasons = new Set<Reason>();
    for (const problem of result.problems) {
      reasons.add(problem.code === 'expired' ? 'expired' : problem.code === 'notYetValid' ? 'notYetValid' : 'chain');
    }
    const usages = leaf.keyUsage;
    const usable: KeyUsage[] = usage === 'login' ? ['digitalSignature'] : ['digitalSignature', 'nonRepudiation'];
    if (usages && !usable.some((u) => usages.has(u))) reasons.add('keyUsage');
    let holderId: string | null = null;
    const source = result.anchor?.source ?? null;
    if (source === 'platform') {
      const issued = await repo.findIssuedByFingerprint(db, leaf.fingerprint);
      if (!issued) reasons.add('chain');
      else {
        holderId = issued.user_id;
        if (issued.revoked_at && issued.revoked_at.getTime() <= at.getTime()) reasons.add('revoked');
      }
    } else if (source === 'recognised') {
      holderId = (await repo.findActiveBindingByFingerprint(db, leaf.fingerprint))?.user_id ?? null;
    }
    return { certificate: leaf, reasons: [...reasons], problems: result.problems, source, holderId };
  }

  // -------------------------------------------------------------------------------------------
  // Issuing

  /** Loads (or creates) the CA roots; routes call this before opening a command's transaction. */
  async function ready(): Promise<Record<CaName, CaRoot>> {
    return authority.roots();
  }

  async function issue(
    tx: Executor,
    principal: Principal,
    input: { csr: string; purpose?: CertificatePurpose; crlBaseUrl: string },
    ctx: RequestContext,
  ): Promise<CommandResult> {
    const platformRoots = await ready();
    let csr;
    try {
      csr = parseCsr(decodeCsr(input.csr));
    } catch (error) {
      if (error instanceof UnsupportedKeyError) throw certificateError('KEY_ALGORITHM_UNSUPPORTED', { reason: error.message });
      if (error instanceof CsrFormatError) throw certificateError('CSR_INVALID', { reason: error.message });
      throw error;
    }
    if (!verifyCsr(csr)) throw certificateError('CSR_SIGNATURE_INVALID');
    const purpose = input.purpose ?? 'signing';
    if (purpose === 'encryption' && csr.publicKey.algorithm !== 'SM2') throw certificateError('ENCRYPTION_NEEDS_SM2');
    const holder = await repo.findHolder(tx, principal.userId);
    if (!holder) throw certificateError('HOLDER_NOT_FOUND');
    const now = clock.now();
    const { count } = await repo.countValidIssued(tx, principal.userId, now);
    if (Number(count) >= MAX_VALID_PER_USER) throw certificateError('TOO_MANY_CERTIFICATES', { limit: MAX_VALID_PER_USER });

    const ca = CA_FOR[csr.publicKey.algorithm];
    const root = platformRoots[ca];
    const notBefore = wholeSeconds(now);
    const notAfter = new Date(Math.min(notBefore.getTime() + VALIDITY_DAYS * 86_400_000, root.certificate.notAfter.getTime()));
    const subject = subjectFor({
      displayName: holder.display_name,
      entity: holder.kind ? { kind: holder.kind, name: holder.entity_name ?? '', uscc: holder.uscc, citizenIdMasked: holder.citizen_id_masked } : null,
    });
    const der = buildCertificate(
      {
        serial: newSerial(),
        issuer: root.certificate.subject.der,
        subject: encodeName(subject),
        notBefore,
        notAfter,
        publicKey: csr.publicKey,
        extensions: [
          extensions.basicConstraints(false),
          extensions.keyUsage(USAGES[purpose]),
          extensions.subjectKeyIdentifier(keyIdentifier(csr.publicKey)),
          extensions.authorityKeyIdentifier(root.keyId),
          extensions.crlDistributionPoints([`${input.crlBaseUrl}/api/ca/crl?ca=${ca}`]),
        ],
      },
      root.signer,
    );
    const certificate = parseCertificate(der);
    const row = {
      serial: certificate.serial,
      ca,
      user_id: principal.userId,
      purpose,
      algorithm: certificate.publicKey.algorithm,
      subject: formatName(subject),
      fingerprint: certificate.fingerprint,
      certificate_der: Buffer.from(der),
      not_before: notBefore,
      not_after: notAfter,
      issued_at: now,
    };
    await repo.insertIssued(tx, row);
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'certificate.issue',
      target: `certificate:${certificate.serial}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { algorithm: certificate.publicKey.algorithm, purpose, fingerprint: certificate.fingerprint, subject: row.subject },
      at: now,
    });
    return { statusCode: 201, body: { ...issuedDto({ ...row, revoked_at: null, revocation_reason: null }, now), chainPem: [root.pem] } };
  }

  async function listMine(principal: Principal) {
    const now = clock.now();
    const rows = await repo.listIssued(db, { userId: principal.userId, limit: 100 });
    return rows.map((row) => issuedDto(row, now));
  }

  async function listIssued(filter: { userId?: string; before?: string; limit: number }) {
    const now = clock.now();
    const rows = await repo.listIssued(db, filter);
    return rows.map((row) => ({ id: row.id, userId: row.user_id, ...issuedDto(row, now) }));
  }

  // -------------------------------------------------------------------------------------------
  // Revocation, status, CRL, roots

  async function revoke(tx: Executor, principal: Principal, serial: string, reason: RevocationReason, ctx: RequestContext): Promise<CommandResult> {
    const now = clock.now();
    const row = await repo.findIssuedBySerial(tx, serial);
    if (!row) throw certificateError('CERTIFICATE_NOT_FOUND');
    if (row.revoked_at) throw certificateError('ALREADY_REVOKED', { at: row.revoked_at.toISOString() });
    const updated = await repo.revokeIssued(tx, serial, now, reason, principal.userId);
    if (updated.numUpdatedRows === 0n) throw certificateError('ALREADY_REVOKED', { at: now.toISOString() });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'certificate.revoke',
      target: `certificate:${serial}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { reason, holder: row.user_id, fingerprint: row.fingerprint },
      at: now,
    });
    authority.invalidateCrl(row.ca as CaName);
    return { statusCode: 200, body: issuedDto({ ...row, revoked_at: now, revocation_reason: reason }, now) };
  }

  /** OCSP-like answer for one serial: good / revoked / unknown (not issued by this platform). */
  async function status(serial: string) {
    const now = clock.now();
    const row = await repo.findIssuedBySerial(db, serial);
    const base = { serial, checkedAt: now.toISOString() };
    if (!row) return { ...base, status: 'unknown' as const, revokedAt: null, reason: null, notBefore: null, notAfter: null };
    const revoked = row.revoked_at !== null && row.revoked_at.getTime() <= now.getTime();
    return {
      ...base,
      status: revoked ? ('revoked' as const) : ('good' as const),
      revokedAt: revoked ? (row.revoked_at?.toISOString() ?? null) : null,
      reason: revoked ? ((row.revocation_reason as RevocationReason | null) ?? 'unspecified') : null,
      notBefore: row.not_before.toISOString(),
      notAfter: row.not_after.toISOString(),
    };
  }

  async function roots() {
    const all = await ready();
    return Object.values(all).map((root) => ({
      ca: root.ca,
      ...certificateInfo(root.certificate),
      pem: root.pem,
    }));
  }

  // -------------------------------------------------------------------------------------------
  // Challenges, certificate sign-in, bindings

  async function createChallenge(purpose: ChallengePurpose) {
    const now = clock.now();
    const nonce = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + CHALLENGE_TTL_MS);
    await db.transaction().execute(async (tx) => {
      await repo.deleteExpiredChallenges(tx, now);
      await repo.insertChallenge(tx, { nonce, purpose, expires_at: expiresAt, created_at: now });
    });
    return { nonce, purpose, challenge: challengeText(purpose, nonce), expiresAt: expiresAt.toISOString() };
  }

  async function consumeChallenge(nonce: string, purpose: ChallengePurpose): Promise<boolean> {
    const row = await repo.consumeChallenge(db, nonce, purpose);
    return row !== undefined && row.expires_at.getTime() > clock.now().getTime();
  }

  interface ProofInput {
    nonce: string;
    certificate: string;
    chain?: readonly string[];
    signature: string;
    signatureFormat?: SignatureFormat;
  }

  /** Challenge + certificate assessment + signature: proves the caller holds the certificate's key. */
  async function proveHolding(input: ProofInput, purpose: ChallengePurpose, ctx: RequestContext): Promise<Assessment> {
    const now = clock.now();
    const fail = async (reason: string, assessment?: Assessment) => {
      await recordAudit(db, {
        actorId: assessment?.holderId ?? null,
        actorName: assessment?.certificate.subject.text.slice(0, 200) ?? null,
        action: `certificate.${purpose}`,
        target: assessment ? `certificate:${assessment.certificate.fingerprint}` : null,
        outcome: 'failure',
        ip: ctx.ip,
        detail: { reason },
        at: now,
      });
    };
    if (!(await consumeChallenge(input.nonce, purpose))) {
      await fail('challenge');
      throw certificateError('CHALLENGE_INVALID');
    }
    const assessment = await assess(input, 'login', now);
    if (assessment.reasons.length > 0) {
      await fail(assessment.reasons.join(','), assessment);
      throw certificateError('CERTIFICATE_REJECTED', { reasons: assessment.reasons.join(', ') }, { reasons: assessment.reasons, problems: assessment.problems });
    }
    const message = new TextEncoder().encode(challengeText(purpose, input.nonce));
    if (!checkSignature(assessment.certificate, message, decodeBase64(input.signature), input.signatureFormat)) {
      await fail('signature', assessment);
      throw certificateError('SIGNATURE_INVALID');
    }
    return assessment;
  }

  /**
   * Certificate sign-in: the user id to open a session for. Platform certificates map to their
   * issued record's holder, recognised ones to the account that bound them.
   */
  async function signIn(input: ProofInput, ctx: RequestContext): Promise<{ userId: string; certificate: CertificateInfo; source: string }> {
    const assessment = await proveHolding(input, 'login', ctx);
    const now = clock.now();
    if (!assessment.holderId) {
      await recordAudit(db, {
        actorId: null,
        actorName: assessment.certificate.subject.text.slice(0, 200),
        action: 'certificate.login',
        target: `certificate:${assessment.certificate.fingerprint}`,
        outcome: 'failure',
        ip: ctx.ip,
        detail: { reason: 'not bound' },
        at: now,
      });
      throw certificateError('CERTIFICATE_NOT_BOUND');
    }
    const holder = await repo.findHolder(db, assessment.holderId);
    if (holder?.status !== 'active') {
      await recordAudit(db, {
        actorId: assessment.holderId,
        actorName: holder?.username ?? null,
        action: 'certificate.login',
        target: `certificate:${assessment.certificate.fingerprint}`,
        outcome: 'failure',
        ip: ctx.ip,
        detail: { reason: holder?.status ?? 'no account' },
        at: now,
      });
      throw certificateError('ACCOUNT_INACTIVE');
    }
    return { userId: assessment.holderId, certificate: certificateInfo(assessment.certificate), source: assessment.source ?? 'none' };
  }

  /** Checks a binding request outside any transaction (challenge, trust reads, signature checks). */
  async function prepareBinding(input: ProofInput, ctx: RequestContext): Promise<ParsedCertificate> {
    const assessment = await proveHolding(input, 'bind', ctx);
    if (assessment.source === 'platform') throw certificateError('BINDING_NOT_NEEDED');
    if (assessment.holderId) throw certificateError('BINDING_EXISTS');
    return assessment.certificate;
  }

  async function bind(tx: Executor, principal: Principal, certificate: ParsedCertificate, ctx: RequestContext): Promise<CommandResult> {
    const now = clock.now();
    if (await repo.findActiveBindingByFingerprint(tx, certificate.fingerprint)) throw certificateError('BINDING_EXISTS');
    const row = await repo.insertBinding(tx, {
      user_id: principal.userId,
      fingerprint: certificate.fingerprint,
      subject: certificate.subject.text,
      issuer: certificate.issuer.text,
      serial: certificate.serial,
      certificate_der: Buffer.from(certificate.der),
      not_after: certificate.notAfter,
      created_at: now,
    });
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'certificate.bind',
      target: `binding:${row.id}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { fingerprint: certificate.fingerprint, subject: certificate.subject.text, issuer: certificate.issuer.text },
      at: now,
    });
    return { statusCode: 201, body: bindingDto(row) };
  }

  async function listBindings(principal: Principal) {
    return (await repo.listBindings(db, principal.userId)).map(bindingDto);
  }

  async function removeBinding(tx: Executor, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
    const now = clock.now();
    const removed = await repo.removeBinding(tx, id, principal.roles.includes('admin') ? null : principal.userId, now);
    if (!removed) throw certificateError('BINDING_NOT_FOUND');
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'certificate.unbind',
      target: `binding:${id}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { holder: removed.user_id, fingerprint: removed.fingerprint },
      at: now,
    });
    return { statusCode: 204, body: null };
  }

  // -------------------------------------------------------------------------------------------
  // Mutual recognition

  async function prepareTrustedRoot(input: { certificate: string }): Promise<ParsedCertificate> {
    const platformRoots = await ready();
    const { leaf: root, intermediates } = parseInput(input.certificate);
    if (intermediates.length > 0) throw refuse('give exactly one root certificate');
    if (!root.selfIssued || !signedBy(root, root)) throw refuse('not a self-signed root certificate');
    if (!root.basicConstraints?.ca) throw refuse('not a CA certificate (basicConstraints cA is not set)');
    if (root.keyUsage && !root.keyUsage.has('keyCertSign')) throw refuse('its key usage does not allow certificate signing');
    if (root.unknownCriticalExtensions.length > 0) throw refuse(`unknown critical extension ${root.unknownCriticalExtensions.join(', ')}`);
    const now = clock.now();
    if (root.notAfter.getTime() < now.getTime()) throw refuse('it has expired');
    if ([platformRoots.sm2, platformRoots.p256].some((r) => r.certificate.fingerprint === root.fingerprint)) throw refuse('it is one of this platform’s own roots');
    return root;
  }

  async function addTrustedRoot(tx: Executor, principal: Principal, root: ParsedCertificate, name: string | undefined, ctx: RequestContext): Promise<CommandResult> {
    const now = clock.now();
    if (await repo.findActiveTrustedRootByFingerprint(tx, root.fingerprint)) throw certificateError('TRUSTED_ROOT_EXISTS');
    const row = await repo.insertTrustedRoot(tx, {
      name: name?.trim() || root.subject.text,
      subject: root.subject.text,
      algorithm: root.publicKey.algorithm,
      fingerprint: root.fingerprint,
      certificate_der: Buffer.from(root.der),
      not_before: root.notBefore,
      not_after: root.notAfter,
      added_by: principal.userId,
      added_at: now,
    });
    await repo.bumpTrustGeneration(tx);
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'certificate.trustedRoot.add',
      target: `trustedRoot:${row.id}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { subject: root.subject.text, fingerprint: root.fingerprint },
      at: now,
    });
    trust.invalidate();
    return { statusCode: 201, body: trustedRootDto(row) };
  }

  async function listTrustedRoots() {
    return (await repo.listActiveTrustedRoots(db)).map(trustedRootDto);
  }

  async function removeTrustedRoot(tx: Executor, principal: Principal, id: string, ctx: RequestContext): Promise<CommandResult> {
    const now = clock.now();
    const removed = await repo.removeTrustedRoot(tx, id, now, principal.userId);
    if (!removed) throw certificateError('TRUSTED_ROOT_NOT_FOUND');
    await repo.bumpTrustGeneration(tx);
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'certificate.trustedRoot.remove',
      target: `trustedRoot:${id}`,
      outcome: 'success',
      ip: ctx.ip,
      detail: { subject: removed.subject, fingerprint: removed.fingerprint },
      at: now,
    });
    trust.invalidate();
    return { statusCode: 204, body: null };
  }

  // -------------------------------------------------------------------------------------------
  // Document signatures

  /**
   * Verifies a signature made on the client over a document (or over its SM3/SHA-256 digest):
   * certificate chain (platform or recognised root), validity now, revocation, key usage, and
   * the signature itself (SM2 with the GM/T 0009 default ID, or ECDSA P-256 with SHA-256).
   */
  async function verifyDocumentSignature(input: DocumentSignatureInput): Promise<DocumentSignatureResult> {
    const now = clock.now();
    const assessment = await assess(input, 'document', now);
    const message = 'data' in input.content ? input.content.data : input.content.digest;
    const reasons = [...assessment.reasons];
    if (!checkSignature(assessment.certificate, message, input.signature, input.signatureFormat)) reasons.push('signature');
    const holder = assessment.holderId ? await repo.findHolder(db, assessment.holderId) : undefined;
    return {
      valid: reasons.length === 0,
      reasons,
      source: assessment.source,
      certificate: certificateInfo(assessment.certificate),
      holder: holder ? { userId: holder.id, displayName: holder.display_name } : null,
      checkedAt: now.toISOString(),
    };
  }

  return {
    ready,
    issue,
    listMine,
    listIssued,
    revoke,
    status,
    crl: authority.crl,
    roots,
    createChallenge,
    signIn,
    prepareBinding,
    bind,
    listBindings,
    removeBinding,
    prepareTrustedRoot,
    addTrustedRoot,
    listTrustedRoots,
    removeTrustedRoot,
    verifyDocumentSignature,
  };
}

export type CertificateService = ReturnType<typeof createCertificateService>;

function bindingDto(row: { id: string; fingerprint: string; subject: string; issuer: string; serial: string; not_after: Date; created_at: Date }) {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    subject: row.subject,
    issuer: row.issuer,
    serial: row.serial,
    notAfter: row.not_after.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

function trustedRootDto(row: {
  id: string;
  name: string;
  subject: string;
  algorithm: string;
  fingerprint: string;
  certificate_der: Buffer;
  not_before: Date;
  not_after: Date;
  added_at: Date;
}) {
  return {
    id: row.id,
    name: row.name,
    subject: row.subject,
    algorithm: row.algorithm as KeyAlgorithm,
    fingerprint: row.fingerprint,
    notBefore: row.not_before.toISOString(),
    notAfter: row.not_after.toISOString(),
    addedAt: row.added_at.toISOString(),
    pem: certificateToPem(new Uint8Array(row.certificate_der)),
  };
}
