import { execFileSync, spawnSync } from 'node:child_process';
import { generateKeyPairSync, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { usccCheckCharacter } from '@ggzy/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeText, verifyDocumentSignature } from '../../apps/server/src/modules/certificate/index.js';
import { parseSpkiBytes, spkiFor } from '../../apps/server/src/modules/certificate/x509/algorithms.js';
import { validateChain } from '../../apps/server/src/modules/certificate/x509/chain.js';
import { parseCrl } from '../../apps/server/src/modules/certificate/x509/crl.js';
import { buildCsr, csrToPem } from '../../apps/server/src/modules/certificate/x509/csr.js';
import { encodeName } from '../../apps/server/src/modules/certificate/x509/name.js';
import { OID } from '../../apps/server/src/modules/certificate/x509/oids.js';
import { issueLeaf, makeCa, newSigner } from '../../apps/server/src/modules/certificate/x509/testing.js';
import { certificateToPem, decodeCertificates, parseCertificate, type ParsedCertificate } from '../../apps/server/src/modules/certificate/x509/x509.js';
import { sm2, sm3 } from '../../apps/server/src/platform/crypto/gm/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';

/**
 * The platform CA end to end: a user makes a key pair on their side (SM2 with the gm layer, as
 * a browser would with sm-crypto; or P-256 with WebCrypto), gets a certificate from a CSR,
 * signs in with a challenge signature, signs documents; revocation, CRL and status; a foreign
 * CA recognised, bound, used and distrusted; OpenSSL reads what the CA writes.
 */
type Api = ReturnType<typeof client>;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const utf8 = (text: string) => new TextEncoder().encode(text);
const USCC_BUILDER1 = `91520115MA6E2R0T9${usccCheckCharacter('91520115MA6E2R0T9')}`;
const opensslAvailable = spawnSync('openssl', ['version']).status === 0;
const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A client-side key: how it signs and its SubjectPublicKeyInfo. */
interface ClientKey {
  algorithm: 'SM2' | 'P-256';
  spki: Uint8Array;
  /** Signs a message; DER unless raw. */
  sign(message: Uint8Array, raw?: boolean): Promise<Uint8Array>;
}

function sm2ClientKey(): ClientKey & { privateKey: string } {
  const keys = sm2.generateKeyPair();
  return {
    algorithm: 'SM2',
    privateKey: keys.privateKey,
    spki: spkiFor('SM2', Buffer.from(keys.publicKey, 'hex')),
    sign: async (message, raw) => (raw ? sm2.signRaw(message, keys.privateKey) : sm2.sign(message, keys.privateKey)),
  };
}

/** WebCrypto ECDSA P-256: signatures come out raw r‖s (IEEE P1363). */
async function webCryptoKey(): Promise<ClientKey> {
  const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const spki = new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey));
  return {
    algorithm: 'P-256',
    spki,
    sign: async (message, raw) => {
      const p1363 = new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, message));
      return raw ? p1363 : sm2.signatureRawToDer(p1363); // the same SEQUENCE { r, s } DER
    },
  };
}

async function csrFor(key: ClientKey): Promise<string> {
  const der = await buildCsr({
    subject: encodeName([{ oid: OID.commonName, value: 'ignored by the CA' }]),
    publicKey: parseSpkiBytes(key.spki),
    signatureOid: key.algorithm === 'SM2' ? OID.sm2WithSm3 : OID.ecdsaWithSha256,
    sign: (info) => key.sign(info),
  });
  return csrToPem(der);
}

interface Issued {
  serial: string;
  ca: string;
  subject: string;
  certificatePem: string;
  chainPem: string[];
  status: string;
}

describe.each(e2eDatabaseKinds())('certificates on %s', (database) => {
  const clock = manualClock('2026-03-02T01:00:00Z');
  let server: TestServer;
  let bidder: Api;
  let bidder2: Api;
  let staff: Api;
  let admin: Api;
  let roots: Array<{ ca: string; pem: string }>;
  const tmp = mkdtempSync(join(tmpdir(), 'ggzy-ca-e2e-'));
  const file = (name: string, content: string | Uint8Array) => writeTemp(tmp, `${database}-${name}`, content);

  const signInAs = async (username: string) => {
    const { api, reply } = await signIn(server.url, username, { at: clock.now() });
    expect(reply.status, `sign-in of ${username}`).toBe(200);
    return api;
  };

  beforeAll(async () => {
    server = await startTestServer({ clock, database });
    bidder = await signInAs('bidder');
    bidder2 = await signInAs('bidder2');
    staff = await signInAs('staff');
    admin = await signInAs('admin');
    roots = ((await client(server.url).get('/api/ca/roots')).body as { items: Array<{ ca: string; pem: string }> }).items;
  });
  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const rootCertificate = (ca: string): ParsedCertificate => {
    const pem = roots.find((r) => r.ca === ca)?.pem ?? '';
    const [der] = decodeCertificates(pem);
    if (!der) throw new Error(`no ${ca} root`);
    return parseCertificate(der);
  };

  const issue = async (api: Api, key: ClientKey, purpose?: 'signing' | 'encryption') => {
    const reply = await api.post('/api/certificates', { csr: await csrFor(key), ...(purpose ? { purpose } : {}) });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    return reply.body as Issued;
  };

  /** The whole sign-in: challenge, signature over its text, login. A fresh client (no cookie yet). */
  const certificateLogin = async (certificatePem: string, key: ClientKey, options: { raw?: boolean; chain?: string[] } = {}) => {
    const api = client(server.url);
    const challenge = (await api.post('/api/auth/certificate/challenge', { purpose: 'login' })).body as { nonce: string; challenge: string };
    expect(challenge.challenge).toBe(challengeText('login', challenge.nonce));
    const signature = await key.sign(utf8(challenge.challenge), options.raw);
    const reply = await api.post('/api/auth/certificate/login', {
      nonce: challenge.nonce,
      certificate: certificatePem,
      signature: b64(signature),
      ...(options.chain ? { chain: options.chain } : {}),
    });
    return { api, reply, nonce: challenge.nonce, signature };
  };

  const sm2Key = sm2ClientKey();
  let sm2Certificate: Issued;
  let p256Key: ClientKey;
  let p256Certificate: Issued;

  describe('issuing from a CSR', () => {
    it('issues an SM2 certificate in the GM/T 0015 profile, naming the holder from the platform records', async () => {
      sm2Certificate = await issue(bidder, sm2Key);
      expect(sm2Certificate).toMatchObject({ ca: 'sm2', status: 'valid', subject: `C=CN, CN=贵州黔建工程有限公司, serialNumber=${USCC_BUILDER1}` });
      const [der] = decodeCertificates(sm2Certificate.certificatePem);
      const certificate = parseCertificate(der ?? new Uint8Array());
      const root = rootCertificate('sm2');
      expect(certificate.signatureAlgorithm).toBe(OID.sm2WithSm3);
      expect(certificate.publicKey.algorithm).toBe('SM2');
      expect(Buffer.from(certificate.publicKey.spki).equals(Buffer.from(sm2Key.spki))).toBe(true);
      expect(certificate.serial).toMatch(/^[0-9a-f]{32}$/);
      expect([...(certificate.keyUsage ?? [])]).toEqual(['digitalSignature', 'nonRepudiation']);
      expect(certificate.basicConstraints?.ca).toBe(false);
      expect(Buffer.from(certificate.authorityKeyId ?? []).equals(Buffer.from(root.subjectKeyId ?? [0]))).toBe(true);
      expect(certificate.crlDistributionPoints).toEqual([`${server.url}/api/ca/crl?ca=sm2`]);
      expect(certificate.notBefore.toISOString()).toBe('2026-03-02T01:00:00.000Z');
      expect(certificate.notAfter.getTime() - certificate.notBefore.getTime()).toBe(730 * 86_400_000);
      expect(certificate.issuer.text).toBe('C=CN, O=ggzy, CN=ggzy 贵州省公共资源交易平台 SM2 Root CA');
      expect(sm2Certificate.chainPem).toEqual([roots.find((r) => r.ca === 'sm2')?.pem]);
      const chain = validateChain({ leaf: certificate, intermediates: [], anchors: [{ certificate: root, source: 'platform', id: 'sm2' }], at: clock.now() });
      expect(chain.ok).toBe(true);

      const mine = (await bidder.get('/api/certificates')).body as { items: Issued[] };
      expect(mine.items.map((c) => c.serial)).toContain(sm2Certificate.serial);
      const status = (await client(server.url).get(`/api/certificates/${sm2Certificate.serial.toUpperCase()}/status`)).body;
      expect(status).toMatchObject({ serial: sm2Certificate.serial, status: 'good', revokedAt: null });
    });

    it('issues SM2 encryption certificates (keyEncipherment) but not for P-256 keys', async () => {
      const encryption = await issue(bidder2, sm2ClientKey(), 'encryption');
      const certificate = parseCertificate(decodeCertificates(encryption.certificatePem)[0] ?? new Uint8Array());
      expect([...(certificate.keyUsage ?? [])]).toEqual(['keyEncipherment', 'dataEncipherment', 'keyAgreement']);
      const refused = await bidder2.post('/api/certificates', { csr: await csrFor(await webCryptoKey()), purpose: 'encryption' });
      expect(refused.body).toMatchObject({ code: 'ENCRYPTION_NEEDS_SM2' });
    });

    it('refuses CSRs not signed by their key (incl. SM2 with OpenSSL’s empty ID), other key types, garbage and anonymous callers', async () => {
      const keys = sm2.generateKeyPair();
      const emptyId = await buildCsr({
        subject: encodeName([]),
        publicKey: parseSpkiBytes(spkiFor('SM2', Buffer.from(keys.publicKey, 'hex'))),
        signatureOid: OID.sm2WithSm3,
        sign: (info) => sm2.sign(info, keys.privateKey, { userId: '' }),
      });
      const reply = await bidder.post('/api/certificates', { csr: csrToPem(emptyId) });
      expect(reply.status).toBe(400);
      expect(reply.body).toMatchObject({ code: 'CSR_SIGNATURE_INVALID' });

      const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
      const spki = new Uint8Array(p384.publicKey.export({ format: 'der', type: 'spki' }));
      const unsupported = await buildCsr({
        subject: encodeName([]),
        publicKey: { algorithm: 'P-256', spki, point: new Uint8Array(65) },
        signatureOid: OID.ecdsaWithSha256,
        sign: () => new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01]),
      });
      expect((await bidder.post('/api/certificates', { csr: b64(unsupported) })).body).toMatchObject({ code: 'KEY_ALGORITHM_UNSUPPORTED' });
      expect((await bidder.post('/api/certificates', { csr: 'bm90IGEgY3Ny' })).body).toMatchObject({ code: 'CSR_INVALID' });
      expect((await client(server.url).post('/api/certificates', { csr: await csrFor(sm2Key) })).status).toBe(401);
    });

    it('issues a P-256 certificate to a WebCrypto key', async () => {
      p256Key = await webCryptoKey();
      p256Certificate = await issue(bidder, p256Key);
      expect(p256Certificate.ca).toBe('p256');
      const certificate = parseCertificate(decodeCertificates(p256Certificate.certificatePem)[0] ?? new Uint8Array());
      expect(certificate.signatureAlgorithm).toBe(OID.ecdsaWithSha256);
      expect(certificate.issuer.text).toBe('C=CN, O=ggzy, CN=ggzy 贵州省公共资源交易平台 ECDSA P-256 Root CA');
    });
  });

  describe('certificate sign-in', () => {
    it('signs in with the SM2 certificate and opens the same session as a password sign-in', async () => {
      const { api, reply } = await certificateLogin(sm2Certificate.certificatePem, sm2Key);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.headers.get('set-cookie')).toMatch(/ggzy_session=.+; .*HttpOnly/i);
      expect(reply.body).toMatchObject({ username: 'bidder' });
      const me = await api.get('/api/auth/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({ username: 'bidder' });
    });

    it('accepts raw r‖s signatures (sm-crypto’s default) and P-256 signatures from WebCrypto', async () => {
      expect((await certificateLogin(sm2Certificate.certificatePem, sm2Key, { raw: true })).reply.status).toBe(200);
      const p256 = await certificateLogin(p256Certificate.certificatePem, p256Key, { raw: true });
      expect(p256.reply.status).toBe(200);
      expect((await p256.api.get('/api/auth/me')).body).toMatchObject({ username: 'bidder' });
    });

    it('uses each challenge once, and only before it expires', async () => {
      const first = await certificateLogin(sm2Certificate.certificatePem, sm2Key);
      expect(first.reply.status).toBe(200);
      const replay = await client(server.url).post('/api/auth/certificate/login', {
        nonce: first.nonce,
        certificate: sm2Certificate.certificatePem,
        signature: b64(first.signature),
      });
      expect(replay.status).toBe(401);
      expect(replay.body).toMatchObject({ code: 'CHALLENGE_INVALID' });

      const api = client(server.url);
      const challenge = (await api.post('/api/auth/certificate/challenge', {})).body as { nonce: string; challenge: string; expiresAt: string };
      expect(new Date(challenge.expiresAt).getTime() - clock.now().getTime()).toBe(120_000);
      clock.advance(120_001);
      const late = await api.post('/api/auth/certificate/login', {
        nonce: challenge.nonce,
        certificate: sm2Certificate.certificatePem,
        signature: b64(await sm2Key.sign(utf8(challenge.challenge))),
      });
      expect(late.body).toMatchObject({ code: 'CHALLENGE_INVALID' });
    });

    it('refuses a signature by another key, with the empty ID, or over other text', async () => {
      const other = sm2ClientKey();
      expect((await certificateLogin(sm2Certificate.certificatePem, other)).reply.body).toMatchObject({ code: 'SIGNATURE_INVALID' });
      const emptyId: ClientKey = { ...sm2Key, sign: async (m) => sm2.sign(m, sm2Key.privateKey, { userId: '' }) };
      expect((await certificateLogin(sm2Certificate.certificatePem, emptyId)).reply.body).toMatchObject({ code: 'SIGNATURE_INVALID' });
      const otherText: ClientKey = { ...sm2Key, sign: async () => sm2.sign(utf8('ggzy certificate login: another'), sm2Key.privateKey) };
      expect((await certificateLogin(sm2Certificate.certificatePem, otherText)).reply.body).toMatchObject({ code: 'SIGNATURE_INVALID' });
    });

    it('refuses a certificate from an unknown CA, and records failures in the audit trail', async () => {
      const stranger = makeCa('SM2', 'Stranger CA');
      const key = newSigner('SM2');
      const leaf = issueLeaf(stranger, key, { notBefore: clock.now() });
      const clientKey: ClientKey = { algorithm: 'SM2', spki: key.publicKey.spki, sign: async (m) => sm2.sign(m, key.privateKey) };
      const { reply } = await certificateLogin(certificateToPem(leaf.der), clientKey);
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ code: 'CERTIFICATE_REJECTED', details: { reasons: ['chain'] } });
      const events = (await admin.get('/api/audit/events?action=certificate.login&limit=50')).body as { items: Array<{ outcome: string }> };
      expect(events.items.some((e) => e.outcome === 'failure')).toBe(true);
    });
  });

  describe('revocation, status and CRL', () => {
    it('lets centre staff revoke (not the holder), after which status, CRL and sign-in all say so at once', async () => {
      const path = `/api/certificates/${sm2Certificate.serial}/revoke`;
      expect((await bidder.post(path, { reason: 'keyCompromise' })).status).toBe(403);
      const revoked = await staff.post(path, { reason: 'keyCompromise' });
      expect(revoked.status, JSON.stringify(revoked.body)).toBe(200);
      expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: 'keyCompromise' });
      expect((await staff.post(path, { reason: 'superseded' })).body).toMatchObject({ code: 'ALREADY_REVOKED' });

      const status = (await client(server.url).get(`/api/certificates/${sm2Certificate.serial}/status`)).body;
      expect(status).toMatchObject({ status: 'revoked', reason: 'keyCompromise', revokedAt: clock.now().toISOString() });
      expect((await client(server.url).get('/api/certificates/0123abcd/status')).body).toMatchObject({ status: 'unknown' });

      const response = await fetch(`${server.url}/api/ca/crl?ca=sm2`);
      expect(response.headers.get('content-type')).toBe('application/pkix-crl');
      const crl = parseCrl(new Uint8Array(await response.arrayBuffer()));
      const root = rootCertificate('sm2');
      expect(crl.issuer.text).toBe(root.subject.text);
      expect(sm2.verify(crl.tbs, crl.signature, root.publicKey.point)).toBe(true);
      expect(crl.revoked).toContainEqual({ serial: sm2Certificate.serial, revokedAt: new Date(Math.floor(clock.now().getTime() / 1000) * 1000), reasonCode: 1 });
      expect((crl.nextUpdate?.getTime() ?? 0) - crl.thisUpdate.getTime()).toBe(86_400_000);
      const p256Crl = parseCrl(new Uint8Array(await (await fetch(`${server.url}/api/ca/crl?ca=p256`)).arrayBuffer()));
      expect(p256Crl.revoked.map((r) => r.serial)).not.toContain(sm2Certificate.serial);

      const { reply } = await certificateLogin(sm2Certificate.certificatePem, sm2Key);
      expect(reply.status).toBe(401);
      expect(reply.body).toMatchObject({ code: 'CERTIFICATE_REJECTED', details: { reasons: ['revoked'] } });
      const mine = (await bidder.get('/api/certificates')).body as { items: Issued[] };
      expect(mine.items.find((c) => c.serial === sm2Certificate.serial)?.status).toBe('revoked');
    });

    it('lists issued certificates for staff, not for bidders', async () => {
      expect((await bidder.get('/api/ca/certificates')).status).toBe(403);
      const listed = (await staff.get('/api/ca/certificates?limit=100')).body as { items: Array<{ serial: string }> };
      expect(listed.items.map((c) => c.serial)).toEqual(expect.arrayContaining([sm2Certificate.serial, p256Certificate.serial]));
    });
  });

  describe('mutual recognition of another CA', () => {
    const foreignRoot = makeCa('SM2', '黔信数字证书 Root CA');
    const foreignIntermediate = makeCa('P-256', '黔信数字证书 Issuing CA', { issuer: foreignRoot });
    const holderKey = newSigner('SM2');
    let foreignLeaf: ParsedCertificate;
    let rootId: string;
    const holderClientKey: ClientKey = { algorithm: 'SM2', spki: holderKey.publicKey.spki, sign: async (m) => sm2.sign(m, holderKey.privateKey) };
    const login = () => certificateLogin(certificateToPem(foreignLeaf.der), holderClientKey, { chain: [certificateToPem(foreignIntermediate.certificate.der)] });

    const bind = async (api: Api) => {
      const challenge = (await api.post('/api/auth/certificate/challenge', { purpose: 'bind' })).body as { nonce: string; challenge: string };
      return api.post('/api/certificates/bindings', {
        nonce: challenge.nonce,
        certificate: certificateToPem(foreignLeaf.der),
        chain: [certificateToPem(foreignIntermediate.certificate.der)],
        signature: b64(sm2.sign(utf8(challenge.challenge), holderKey.privateKey)),
      });
    };

    it('refuses the foreign certificate until an administrator recognises its root', async () => {
      foreignLeaf = issueLeaf(foreignIntermediate, holderKey, { commonName: '赵磊', notBefore: new Date('2026-01-01T00:00:00Z') });
      expect((await login()).reply.body).toMatchObject({ code: 'CERTIFICATE_REJECTED', details: { reasons: ['chain'] } });
      const pem = certificateToPem(foreignRoot.certificate.der);
      expect((await staff.post('/api/ca/trusted-roots', { certificate: pem })).status).toBe(403);
      const notRoot = await admin.post('/api/ca/trusted-roots', { certificate: certificateToPem(foreignLeaf.der) });
      expect(notRoot.body).toMatchObject({ code: 'TRUSTED_ROOT_INVALID' });
      const added = await admin.post('/api/ca/trusted-roots', { certificate: pem, name: '黔信 CA' });
      expect(added.status, JSON.stringify(added.body)).toBe(201);
      rootId = (added.body as { id: string }).id;
      expect((await admin.post('/api/ca/trusted-roots', { certificate: pem })).body).toMatchObject({ code: 'TRUSTED_ROOT_EXISTS' });
      const listed = (await staff.get('/api/ca/trusted-roots')).body as { items: Array<{ id: string; name: string; algorithm: string }> };
      expect(listed.items).toContainEqual(expect.objectContaining({ id: rootId, name: '黔信 CA', algorithm: 'SM2' }));
    });

    it('accepts it for sign-in once the holder has bound it while signed in with a password', async () => {
      expect((await login()).reply.body).toMatchObject({ code: 'CERTIFICATE_NOT_BOUND' });
      const bound = await bind(bidder2);
      expect(bound.status, JSON.stringify(bound.body)).toBe(201);
      expect(bound.body).toMatchObject({ subject: 'C=CN, CN=赵磊', serial: foreignLeaf.serial });
      expect((await bind(bidder)).body).toMatchObject({ code: 'BINDING_EXISTS' });
      const listed = (await bidder2.get('/api/certificates/bindings')).body as { items: Array<{ fingerprint: string }> };
      expect(listed.items.map((b) => b.fingerprint)).toContain(foreignLeaf.fingerprint);
      const { api, reply } = await login();
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect((await api.get('/api/auth/me')).body).toMatchObject({ username: 'bidder2' });
    });

    it('refuses platform certificates for binding (they need none)', async () => {
      const api = bidder;
      const challenge = (await api.post('/api/auth/certificate/challenge', { purpose: 'bind' })).body as { nonce: string; challenge: string };
      const reply = await api.post('/api/certificates/bindings', {
        nonce: challenge.nonce,
        certificate: p256Certificate.certificatePem,
        signature: b64(await p256Key.sign(utf8(challenge.challenge))),
      });
      expect(reply.body).toMatchObject({ code: 'BINDING_NOT_NEEDED' });
    });

    it('stops accepting it the moment trust is revoked', async () => {
      const message = utf8('联合体协议书');
      const verifyBody = {
        certificate: certificateToPem(foreignLeaf.der),
        chain: [certificateToPem(foreignIntermediate.certificate.der)],
        signature: b64(sm2.sign(message, holderKey.privateKey)),
        data: b64(message),
      };
      expect((await bidder.post('/api/signatures/verify', verifyBody)).body).toMatchObject({ valid: true, source: 'recognised', holder: { displayName: '赵磊（投标人）' } });
      expect((await admin.delete(`/api/ca/trusted-roots/${rootId}`)).status).toBe(204);
      expect((await login()).reply.body).toMatchObject({ code: 'CERTIFICATE_REJECTED', details: { reasons: ['chain'] } });
      expect((await bidder.post('/api/signatures/verify', verifyBody)).body).toMatchObject({ valid: false, reasons: ['chain'], source: null });
      expect((await admin.delete(`/api/ca/trusted-roots/${rootId}`)).body).toMatchObject({ code: 'TRUSTED_ROOT_NOT_FOUND' });
    });
  });

  describe('document signatures', () => {
    const document = utf8('贵州省某项目施工招标 投标函：投标报价 12,345,678.00 元');
    let signer: ReturnType<typeof sm2ClientKey>;
    let certificate: Issued;

    beforeAll(async () => {
      signer = sm2ClientKey();
      certificate = await issue(bidder2, signer);
    });

    it('verifies a signature over the bytes and refuses a tampered document', async () => {
      const signature = b64(await signer.sign(document));
      const valid = await bidder.post('/api/signatures/verify', { certificate: certificate.certificatePem, signature, data: b64(document) });
      expect(valid.body).toMatchObject({ valid: true, reasons: [], source: 'platform', holder: { displayName: '赵磊（投标人）' } });
      const tampered = Uint8Array.from(document, (b, i) => (i === document.length - 1 ? b ^ 1 : b));
      const invalid = await bidder.post('/api/signatures/verify', { certificate: certificate.certificatePem, signature, data: b64(tampered) });
      expect(invalid.body).toMatchObject({ valid: false, reasons: ['signature'] });
    });

    it('verifies a signature over the SM3 digest, and P-256 WebCrypto signatures', async () => {
      const digest = sm3(document);
      const bySm2 = await bidder.post('/api/signatures/verify', {
        certificate: certificate.certificatePem,
        signature: b64(await signer.sign(digest)),
        digest: Buffer.from(digest).toString('hex'),
        digestAlgorithm: 'sm3',
      });
      expect(bySm2.body).toMatchObject({ valid: true });
      const byP256 = await bidder.post('/api/signatures/verify', {
        certificate: p256Certificate.certificatePem,
        signature: b64(await p256Key.sign(document, true)),
        data: b64(document),
      });
      expect(byP256.body).toMatchObject({ valid: true, certificate: { algorithm: 'P-256' } });
    });

    it('says why: revoked certificate, wrong key usage, missing content', async () => {
      const byRevoked = await bidder.post('/api/signatures/verify', {
        certificate: sm2Certificate.certificatePem,
        signature: b64(await sm2Key.sign(document)),
        data: b64(document),
      });
      expect(byRevoked.body).toMatchObject({ valid: false, reasons: ['revoked'] });
      const encryptionKey = sm2ClientKey();
      const encryption = await issue(bidder2, encryptionKey, 'encryption');
      const byEncryptionKey = await bidder.post('/api/signatures/verify', {
        certificate: encryption.certificatePem,
        signature: b64(await encryptionKey.sign(document)),
        data: b64(document),
      });
      expect(byEncryptionKey.body).toMatchObject({ valid: false, reasons: ['keyUsage'] });
      const neither = await bidder.post('/api/signatures/verify', { certificate: certificate.certificatePem, signature: 'AAAA' });
      expect(neither.status).toBe(400);
    });

    it('offers the same check to other modules (verifyDocumentSignature)', async () => {
      const result = await verifyDocumentSignature(server.platform.deps, {
        certificate: certificate.certificatePem,
        signature: await signer.sign(document),
        content: { data: document },
      });
      expect(result).toMatchObject({ valid: true, source: 'platform' });
    });
  });

  describe.skipIf(!opensslAvailable)('OpenSSL reads what the CA issues (skipped only when the `openssl` command is not on PATH)', () => {

    it('parses an issued SM2 certificate (openssl x509 -text) and verifies it with the default ID', async () => {
      const issued = await issue(bidder, sm2ClientKey());
      const leaf = file('sm2-leaf.pem', issued.certificatePem);
      const text = openssl('x509', '-text', '-noout', '-nameopt', 'utf8', '-in', leaf);
      expect(text).toContain('Signature Algorithm: SM2-with-SM3');
      expect(text).toContain('ASN1 OID: SM2');
      expect(text).toContain(`Subject: C=CN, CN=贵州黔建工程有限公司, serialNumber=${USCC_BUILDER1}`);
      expect(text).toContain('Digital Signature, Non Repudiation');
      const root = file('sm2-root.pem', roots.find((r) => r.ca === 'sm2')?.pem ?? '');
      expect(openssl('verify', '-vfyopt', 'distid:1234567812345678', '-CAfile', root, leaf)).toContain(': OK');
    });

    it('verifies an issued P-256 chain and the P-256 CRL', async () => {
      const root = file('p256-root.pem', roots.find((r) => r.ca === 'p256')?.pem ?? '');
      expect(openssl('verify', '-CAfile', root, file('p256-leaf.pem', p256Certificate.certificatePem))).toContain(': OK');
      const crl = file('p256.crl', new Uint8Array(await (await fetch(`${server.url}/api/ca/crl?ca=p256`)).arrayBuffer()));
      const checked = spawnSync('openssl', ['crl', '-inform', 'DER', '-noout', '-CAfile', root, '-in', crl], { encoding: 'utf8' });
      expect(checked.stdout + checked.stderr).toContain('verify OK');
    });
  });

  describe('audit and the server clock', () => {
    it('records issuance, revocation, trust changes and certificate sign-ins', async () => {
      for (const action of ['certificate.issue', 'certificate.revoke', 'certificate.trustedRoot.add', 'certificate.trustedRoot.remove', 'certificate.bind']) {
        const events = (await admin.get(`/api/audit/events?action=${action}&limit=5`)).body as { items: Array<{ outcome: string; ip: string }> };
        expect(events.items.length, action).toBeGreaterThan(0);
        expect(events.items[0]).toMatchObject({ outcome: 'success', ip: '127.0.0.1' });
      }
    });

    it('refuses a certificate past its notAfter on the server clock', async () => {
      clock.advance(731 * 86_400_000);
      const { reply } = await certificateLogin(p256Certificate.certificatePem, p256Key, { raw: true });
      expect(reply.body).toMatchObject({ code: 'CERTIFICATE_REJECTED', details: { reasons: ['expired'] } });
    });
  });
});
