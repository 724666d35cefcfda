import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import { sm2 } from '../../platform/crypto/gm/index.js';
import type { Executor } from '../../platform/db/tables.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import { certificateRepository as repo } from './certificate.repository.js';
import { type KeyAlgorithm, keyIdentifier, p256Signer, type Signer, sm2Signer } from './x509/algorithms.js';
import type { TrustAnchor } from './x509/chain.js';
import { buildCrl, type RevocationReason } from './x509/crl.js';
import { encodeName } from './x509/name.js';
import { OID } from './x509/oids.js';
import { buildCertificate, certificateToPem, extensions, fingerprintOf, parseCertificate, type ParsedCertificate } from './x509/x509.js';

/**
 * The platform CA: two self-signed roots, created on first use —
 * - 'sm2': SM2 key `ca.sm2` in the platform key store (sealed in the database), SM2-with-SM3,
 *   "CN=ggzy 贵州省公共资源交易平台 SM2 Root CA" (GM/T 0015 profile);
 * - 'p256': ECDSA P-256 key `ca.p256`, ecdsa-with-SHA256, for WebCrypto-only clients.
 * End-entity certificates are issued directly by the root of their key's algorithm (no
 * intermediate). The root certificates are stored in certificate.authority; when several nodes
 * start at once the first insert wins and every node uses that certificate.
 */
export type CaName = 'sm2' | 'p256';
export const CA_NAMES: readonly CaName[] = ['sm2', 'p256'];
export const CA_FOR: Record<KeyAlgorithm, CaName> = { SM2: 'sm2', 'P-256': 'p256' };

const ROOT_COMMON_NAME: Record<CaName, string> = {
  sm2: 'ggzy 贵州省公共资源交易平台 SM2 Root CA',
  p256: 'ggzy 贵州省公共资源交易平台 ECDSA P-256 Root CA',
};
const KEY_NAME: Record<CaName, string> = { sm2: 'ca.sm2', p256: 'ca.p256' };
const ROOT_YEARS = 20;
/** CRLs promise the next one within a day; the cached copy is rebuilt after 5 minutes or a local revocation. */
const CRL_NEXT_UPDATE_MS = 86_400_000;
const CRL_REBUILD_MS = 5 * 60_000;

export interface CaRoot {
  ca: CaName;
  signer: Signer;
  certificate: ParsedCertificate;
  pem: string;
  keyId: Uint8Array;
  anchor: TrustAnchor;
}

export function rootName(ca: CaName): Uint8Array {
  return encodeName([
    { oid: OID.countryName, value: 'CN' },
    { oid: OID.organizationName, value: 'ggzy' },
    { oid: OID.commonName, value: ROOT_COMMON_NAME[ca] },
  ]);
}

/** A positive 16-byte serial (first octet 01–7f): 127 random bits, never longer than 20 octets. */
export function newSerial(): Uint8Array {
  const bytes = new Uint8Array(randomBytes(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f || 0x01;
  return bytes;
}

export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

async function signerFor(ca: CaName, keys: KeyStore): Promise<Signer> {
  if (ca === 'sm2') {
    const key = await keys.getOrCreate(KEY_NAME.sm2, () => {
      const pair = sm2.generateKeyPair();
      return { algorithm: 'SM2', publicKey: pair.publicKey, privateKey: pair.privateKey };
    });
    return sm2Signer(key.privateKey);
  }
  const key = await keys.getOrCreate(KEY_NAME.p256, () => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    return {
      algorithm: 'P-256',
      publicKey: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      privateKey: pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    };
  });
  return p256Signer(key.privateKey);
}

function selfSignedRoot(ca: CaName, signer: Signer, now: Date): Uint8Array {
  const name = rootName(ca);
  const notBefore = wholeSeconds(now);
  const notAfter = new Date(notBefore);
  notAfter.setUTCFullYear(notAfter.getUTCFullYear() + ROOT_YEARS);
  return buildCertificate(
    {
      serial: newSerial(),
      issuer: name,
      subject: name,
      notBefore,
      notAfter,
      publicKey: signer.publicKey,
      extensions: [
        extensions.basicConstraints(true),
        extensions.keyUsage(['keyCertSign', 'cRLSign']),
        extensions.subjectKeyIdentifier(keyIdentifier(signer.publicKey)),
      ],
    },
    signer,
  );
}

export function createAuthority(deps: { db: Executor; clock: Clock; keys: KeyStore; logger: FastifyBaseLogger }) {
  let loading: Promise<Record<CaName, CaRoot>> | undefined;

  async function loadRoot(ca: CaName): Promise<CaRoot> {
    const signer = await signerFor(ca, deps.keys);
    let row = await repo.findAuthority(deps.db, ca);
    if (!row) {
      const der = selfSignedRoot(ca, signer, deps.clock.now());
      await repo.insertAuthority(deps.db, { ca, certificate_der: Buffer.from(der), fingerprint: fingerprintOf(der), created_at: deps.clock.now() });
      row = await repo.findAuthority(deps.db, ca);
      if (!row) throw new Error(`The ${ca} root certificate could not be stored`);
      deps.logger.info({ ca, fingerprint: row.fingerprint }, 'platform CA root certificate created');
    }
    const certificate = parseCertificate(new Uint8Array(row.certificate_der));
    if (Buffer.compare(Buffer.from(certificate.publicKey.spki), Buffer.from(signer.publicKey.spki)) !== 0) {
      throw new Error(`The stored ${ca} root certificate does not match the CA key ${KEY_NAME[ca]} in the key store`);
    }
    return {
      ca,
      signer,
      certificate,
      pem: certificateToPem(certificate.der),
      keyId: keyIdentifier(signer.publicKey),
      anchor: { certificate, source: 'platform', id: ca },
    };
  }

  /** Both roots, loaded (or created) once per process. Call before opening a transaction. */
  function roots(): Promise<Record<CaName, CaRoot>> {
    loading ??= Promise.all(CA_NAMES.map(loadRoot))
      .then(([sm2Root, p256Root]) => {
        if (!sm2Root || !p256Root) throw new Error('CA roots missing');
        return { sm2: sm2Root, p256: p256Root };
      })
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
    return loading;
  }

  const crls = new Map<CaName, { der: Uint8Array; builtAt: number }>();
  let lastCrlNumber = 0n;

  /** The CA's current CRL (DER), rebuilt when older than 5 minutes or after a revocation on this node. */
  async function crl(ca: CaName): Promise<{ der: Uint8Array; thisUpdate: Date; nextUpdate: Date }> {
    const root = (await roots())[ca];
    const now = deps.clock.now();
    const cached = crls.get(ca);
    if (cached && now.getTime() - cached.builtAt < CRL_REBUILD_MS && now.getTime() >= cached.builtAt) {
      const thisUpdate = wholeSeconds(new Date(cached.builtAt));
      return { der: cached.der, thisUpdate, nextUpdate: new Date(thisUpdate.getTime() + CRL_NEXT_UPDATE_MS) };
    }
    const rows = await repo.listRevoked(deps.db, ca, now);
    const thisUpdate = wholeSeconds(now);
    const nextUpdate = new Date(thisUpdate.getTime() + CRL_NEXT_UPDATE_MS);
    // Monotonic CRL numbers without a counter: the build time in ms, bumped past the last one issued here.
    const number = BigInt(now.getTime()) > lastCrlNumber ? BigInt(now.getTime()) : lastCrlNumber + 1n;
    lastCrlNumber = number;
    const der = buildCrl(
      {
        issuer: root.certificate.subject.der,
        authorityKeyId: root.keyId,
        thisUpdate,
        nextUpdate,
        crlNumber: number,
        revoked: rows.map((r) => ({
          serial: r.serial,
          revokedAt: r.revoked_at ?? now,
          reason: (r.revocation_reason ?? 'unspecified') as RevocationReason,
        })),
      },
      root.signer,
    );
    crls.set(ca, { der, builtAt: now.getTime() });
    return { der, thisUpdate, nextUpdate };
  }

  return {
    roots,
    crl,
    invalidateCrl: (ca: CaName) => crls.delete(ca),
  };
}

export type Authority = ReturnType<typeof createAuthority>;
