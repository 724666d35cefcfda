import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyIdentifier } from './algorithms.js';
import { buildCrl } from './crl.js';
import { parseCsr, verifyCsr } from './csr.js';
import { issueLeaf, makeCa, newSigner } from './testing.js';
import { certificateToPem, extensions } from './x509.js';

/**
 * Interop with the OpenSSL 3 command line, an implementation independent of ours: it must parse
 * what the CA writes and verify its signatures, and we must accept what it writes.
 */
const available = spawnSync('openssl', ['version']).status === 0;
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const opensslStatus = (...args: string[]) => spawnSync('openssl', args, { encoding: 'utf8' });

describe.skipIf(!available)('OpenSSL CLI interop (skipped only when the `openssl` command is not on PATH)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ggzy-openssl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Uint8Array) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('parses an SM2 certificate of the GM/T 0015 profile (openssl x509 -text)', () => {
    const root = makeCa('SM2', 'ggzy 贵州省公共资源交易平台 SM2 Root CA');
    const leaf = issueLeaf(root, newSigner('SM2'), {
      commonName: '贵州黔建工程有限公司',
      extra: [extensions.crlDistributionPoints(['http://127.0.0.1:8080/api/ca/crl?ca=sm2'])],
    });
    const text = openssl('x509', '-text', '-noout', '-nameopt', 'utf8', '-in', file('sm2-leaf.pem', certificateToPem(leaf.der)));
    expect(text).toContain('Signature Algorithm: SM2-with-SM3');
    expect(text).toContain('Public Key Algorithm: id-ecPublicKey');
    expect(text).toContain('ASN1 OID: SM2');
    expect(text).toContain('CN=贵州黔建工程有限公司');
    expect(text).toContain('Digital Signature, Non Repudiation');
    expect(text).toContain('URI:http://127.0.0.1:8080/api/ca/crl?ca=sm2');
    expect(text).toContain(`Serial Number:`);
  });

  it('verifies the SM2 chain with the GM/T 0009 default ID (OpenSSL 3.0 uses an empty ID unless told)', () => {
    const root = makeCa('SM2', 'SM2 Root');
    const leaf = issueLeaf(root, newSigner('SM2'));
    const rootPath = file('sm2-root.pem', certificateToPem(root.certificate.der));
    const leafPath = file('sm2-leaf2.pem', certificateToPem(leaf.der));
    expect(openssl('verify', '-vfyopt', 'distid:1234567812345678', '-CAfile', rootPath, leafPath)).toContain(': OK');
    expect(opensslStatus('verify', '-CAfile', rootPath, leafPath).status).not.toBe(0);
  });

  it('verifies a P-256 chain (openssl verify)', () => {
    const root = makeCa('P-256', 'P-256 Root');
    const leaf = issueLeaf(root, newSigner('P-256'));
    const result = openssl('verify', '-CAfile', file('p256-root.pem', certificateToPem(root.certificate.der)), file('p256-leaf.pem', certificateToPem(leaf.der)));
    expect(result).toContain(': OK');
  });

  it.each(['P-256', 'SM2'] as const)('reads our %s CRLs and verifies the P-256 one', (algorithm) => {
    {
      const root = makeCa(algorithm, `${algorithm} CRL Root`);
      const crl = buildCrl(
        {
          issuer: root.name,
          authorityKeyId: keyIdentifier(root.signer.publicKey),
          thisUpdate: new Date('2026-06-01T00:00:00Z'),
          nextUpdate: new Date('2026-06-02T00:00:00Z'),
          crlNumber: 42n,
          revoked: [{ serial: '7f0102', revokedAt: new Date('2026-05-01T00:00:00Z'), reason: 'keyCompromise' }],
        },
        root.signer,
      );
      const crlPath = file(`${algorithm}.crl`, crl);
      const rootPath = file(`${algorithm}-crl-root.pem`, certificateToPem(root.certificate.der));
      const text = openssl('crl', '-inform', 'DER', '-noout', '-text', '-in', crlPath);
      expect(text).toContain('Serial Number: 7F0102');
      expect(text).toContain('Key Compromise');
      expect(text).toContain('Next Update: Jun  2 00:00:00 2026 GMT');
      expect(text).toMatch(/X509v3 CRL Number: \n\s+42/);
      // OpenSSL 3.0 cannot be given the SM2 ID for CRL checks; the SM2 signature is checked by our own tests.
      const verified = opensslStatus('crl', '-inform', 'DER', '-noout', '-CAfile', rootPath, '-in', crlPath);
      expect(algorithm === 'SM2' || (verified.stderr + verified.stdout).includes('verify OK')).toBe(true);
    }
  });

  it('accepts CSRs made by openssl req: P-256, and SM2 signed with the default ID (but not with OpenSSL’s empty one)', () => {
    const p256Key = file('p256.key', openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout'));
    openssl('req', '-new', '-key', p256Key, '-subj', '/CN=openssl p256', '-outform', 'DER', '-out', join(dir, 'p256.csr'));
    expect(verifyCsr(parseCsr(new Uint8Array(readFileSync(join(dir, 'p256.csr')))))).toBe(true);

    const sm2Key = join(dir, 'sm2.key');
    openssl('genpkey', '-algorithm', 'SM2', '-out', sm2Key);
    openssl('req', '-new', '-key', sm2Key, '-sm3', '-sigopt', 'distid:1234567812345678', '-subj', '/CN=openssl sm2', '-outform', 'DER', '-out', join(dir, 'sm2.csr'));
    const sm2Csr = parseCsr(new Uint8Array(readFileSync(join(dir, 'sm2.csr'))));
    expect(sm2Csr.publicKey.algorithm).toBe('SM2');
    expect(verifyCsr(sm2Csr)).toBe(true);
    openssl('req', '-new', '-key', sm2Key, '-sm3', '-subj', '/CN=openssl sm2', '-outform', 'DER', '-out', join(dir, 'sm2-empty-id.csr'));
    expect(verifyCsr(parseCsr(new Uint8Array(readFileSync(join(dir, 'sm2-empty-id.csr')))))).toBe(false);
  });
});
