import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm2 } from '../../../platform/crypto/gm/index.js';
import { parseSpkiBytes, spkiFor } from './algorithms.js';
import { buildCsr, csrToPem, decodeCsr, parseCsr, verifyCsr } from './csr.js';
import { encodeName } from './name.js';
import { OID } from './oids.js';

const subject = encodeName([{ oid: OID.commonName, value: '请求者' }]);

describe('PKCS#10 certification requests', () => {
  it('builds, parses and verifies an SM2 request signed with the default ID (as a browser with sm-crypto would)', async () => {
    const keys = sm2.generateKeyPair();
    const publicKey = parseSpkiBytes(spkiFor('SM2', Buffer.from(keys.publicKey, 'hex')));
    const der = await buildCsr({ subject, publicKey, signatureOid: OID.sm2WithSm3, sign: (info) => sm2.sign(info, keys.privateKey) });
    const csr = parseCsr(decodeCsr(csrToPem(der)));
    expect(csr.publicKey.algorithm).toBe('SM2');
    expect(csr.signatureAlgorithm).toBe(OID.sm2WithSm3);
    expect(csr.subject.text).toBe('CN=请求者');
    expect(verifyCsr(csr)).toBe(true);
    expect(verifyCsr(parseCsr(decodeCsr(Buffer.from(der).toString('base64'))))).toBe(true);
  });

  it('refuses an SM2 request signed with the empty ID, or by another key', async () => {
    const keys = sm2.generateKeyPair();
    const other = sm2.generateKeyPair();
    const publicKey = parseSpkiBytes(spkiFor('SM2', Buffer.from(keys.publicKey, 'hex')));
    const emptyId = await buildCsr({ subject, publicKey, signatureOid: OID.sm2WithSm3, sign: (info) => sm2.sign(info, keys.privateKey, { userId: '' }) });
    expect(verifyCsr(parseCsr(emptyId))).toBe(false);
    const wrongKey = await buildCsr({ subject, publicKey, signatureOid: OID.sm2WithSm3, sign: (info) => sm2.sign(info, other.privateKey) });
    expect(verifyCsr(parseCsr(wrongKey))).toBe(false);
    const wrongAlgorithm = await buildCsr({ subject, publicKey, signatureOid: OID.ecdsaWithSha256, sign: (info) => sm2.sign(info, keys.privateKey) });
    expect(verifyCsr(parseCsr(wrongAlgorithm))).toBe(false);
  });

  it('verifies a P-256 request signed with WebCrypto (P1363 signature converted to DER)', async () => {
    const pair = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    const publicKey = parseSpkiBytes(new Uint8Array(await webcrypto.subtle.exportKey('spki', pair.publicKey)));
    const der = await buildCsr({
      subject,
      publicKey,
      signatureOid: OID.ecdsaWithSha256,
      sign: async (info) => {
        const raw = new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, pair.privateKey, info));
        return sm2.signatureRawToDer(raw); // the same SEQUENCE { r, s } encoding
      },
    });
    expect(verifyCsr(parseCsr(der))).toBe(true);
    const tampered = Uint8Array.from(der, (b, i) => (i === der.length - 1 ? b ^ 1 : b));
    expect(verifyCsr(parseCsr(tampered))).toBe(false);
  });

  it('says what is wrong with garbage', () => {
    expect(() => parseCsr(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]))).toThrow(/CertificationRequestInfo/);
    expect(() => decodeCsr('not a csr!')).toThrow(/neither PEM nor base64/);
  });
});
