import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { sm2 } from '../../../platform/crypto/gm/index.js';
import { type KeyAlgorithm, keyIdentifier, p256Signer, type Signer, sm2Signer } from './algorithms.js';
import { encodeName } from './name.js';
import { OID } from './oids.js';
import { buildCertificate, extensions, type KeyUsage, parseCertificate, type ParsedCertificate } from './x509.js';

/** Test helpers: throw-away CAs and certificates (also used by the API e2e tests for "foreign" CAs). */
export function newSigner(algorithm: KeyAlgorithm): Signer & { privateKey: string } {
  if (algorithm === 'SM2') {
    const keys = sm2.generateKeyPair();
    return { ...sm2Signer(keys.privateKey), privateKey: keys.privateKey };
  }
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { ...p256Signer(pem), privateKey: pem };
}

export interface TestCa {
  signer: Signer;
  name: Uint8Array;
  certificate: ParsedCertificate;
}

const YEAR = 365 * 86_400_000;

export function makeCa(
  algorithm: KeyAlgorithm,
  commonName: string,
  options: { issuer?: TestCa; notBefore?: Date; notAfter?: Date; pathLength?: number; ca?: boolean; extra?: Uint8Array[] } = {},
): TestCa {
  const signer = newSigner(algorithm);
  const name = encodeName([
    { oid: OID.countryName, value: 'CN' },
    { oid: OID.organizationName, value: 'Test' },
    { oid: OID.commonName, value: commonName },
  ]);
  const issuer = options.issuer;
  const notBefore = options.notBefore ?? new Date('2025-01-01T00:00:00Z');
  const der = buildCertificate(
    {
      serial: randomBytes(16),
      issuer: issuer ? issuer.name : name,
      subject: name,
      notBefore,
      notAfter: options.notAfter ?? new Date(notBefore.getTime() + 20 * YEAR),
      publicKey: signer.publicKey,
      extensions: [
        extensions.basicConstraints(options.ca ?? true, options.pathLength),
        extensions.keyUsage(['keyCertSign', 'cRLSign']),
        extensions.subjectKeyIdentifier(keyIdentifier(signer.publicKey)),
        ...(issuer ? [extensions.authorityKeyIdentifier(keyIdentifier(issuer.signer.publicKey))] : []),
        ...(options.extra ?? []),
      ],
    },
    issuer ? issuer.signer : signer,
  );
  return { signer, name, certificate: parseCertificate(der) };
}

export function issueLeaf(
  ca: TestCa,
  subject: Signer,
  options: { commonName?: string; notBefore?: Date; notAfter?: Date; usages?: KeyUsage[]; extra?: Uint8Array[]; authorityKeyId?: boolean } = {},
): ParsedCertificate {
  const notBefore = options.notBefore ?? new Date('2026-01-01T00:00:00Z');
  const der = buildCertificate(
    {
      serial: randomBytes(16),
      issuer: ca.name,
      subject: encodeName([
        { oid: OID.countryName, value: 'CN' },
        { oid: OID.commonName, value: options.commonName ?? 'leaf' },
      ]),
      notBefore,
      notAfter: options.notAfter ?? new Date(notBefore.getTime() + 2 * YEAR),
      publicKey: subject.publicKey,
      extensions: [
        extensions.basicConstraints(false),
        extensions.keyUsage(options.usages ?? ['digitalSignature', 'nonRepudiation']),
        extensions.subjectKeyIdentifier(keyIdentifier(subject.publicKey)),
        ...(options.authorityKeyId === false ? [] : [extensions.authorityKeyIdentifier(keyIdentifier(ca.signer.publicKey))]),
        ...(options.extra ?? []),
      ],
    },
    ca.signer,
  );
  return parseCertificate(der);
}
