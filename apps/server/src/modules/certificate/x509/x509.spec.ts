import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hex, oid, parseDer, sequence, octetString, boolean } from '../../../platform/crypto/gm/der.js';
import { sm2 } from '../../../platform/crypto/gm/index.js';
import { keyIdentifier, verifySignature } from './algorithms.js';
import { encodeName, formatName } from './name.js';
import { OID } from './oids.js';
import { issueLeaf, makeCa, newSigner } from './testing.js';
import { buildCertificate, decodeCertificates, encodeKeyUsage, extensions, parseCertificate, certificateToPem } from './x509.js';

describe('X.509 building and parsing', () => {
  it('builds an SM2 root in the GM/T 0015 profile and reads every field back', () => {
    const root = makeCa('SM2', 'ggzy SM2 Root CA');
    const cert = root.certificate;
    expect(cert.version).toBe(3);
    expect(cert.signatureAlgorithm).toBe(OID.sm2WithSm3);
    expect(cert.publicKey.algorithm).toBe('SM2');
    // id-ecPublicKey with the SM2 curve as parameter
    expect(hex(cert.publicKey.spki)).toContain(hex(oid(OID.ecPublicKey)) + hex(oid(OID.sm2Curve)));
    expect(cert.subject.text).toBe('C=CN, O=Test, CN=ggzy SM2 Root CA');
    expect(cert.selfIssued).toBe(true);
    expect(cert.basicConstraints).toEqual({ ca: true, pathLength: undefined });
    expect([...(cert.keyUsage ?? [])].toSorted()).toEqual(['cRLSign', 'keyCertSign']);
    expect(hex(cert.subjectKeyId ?? new Uint8Array())).toBe(hex(keyIdentifier(root.signer.publicKey)));
    expect(verifySignature(cert.publicKey, cert.signatureAlgorithm, cert.tbs, cert.signature)).toBe(true);
    // SM2 certificate signatures use the GM/T 0009 default ID, not the empty one.
    expect(sm2.verify(cert.tbs, cert.signature, cert.publicKey.point, { userId: '' })).toBe(false);
  });

  it('builds a P-256 leaf with AKI/SKI, key usage and a CRL distribution point', () => {
    const root = makeCa('P-256', 'P-256 Root');
    const subject = newSigner('P-256');
    const url = `https://ggzy.example.cn/api/ca/crl?ca=p256&x=${'a'.repeat(150)}`;
    const leaf = issueLeaf(root, subject, { extra: [extensions.crlDistributionPoints([url])] });
    expect(leaf.signatureAlgorithm).toBe(OID.ecdsaWithSha256);
    expect(leaf.basicConstraints).toEqual({ ca: false, pathLength: undefined });
    expect([...(leaf.keyUsage ?? [])]).toEqual(['digitalSignature', 'nonRepudiation']);
    expect(hex(leaf.authorityKeyId ?? new Uint8Array())).toBe(hex(root.certificate.subjectKeyId ?? new Uint8Array()));
    expect(leaf.crlDistributionPoints).toEqual([url]);
    expect(leaf.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(verifySignature(root.certificate.publicKey, leaf.signatureAlgorithm, leaf.tbs, leaf.signature)).toBe(true);
  });

  it('encodes key usage as a DER named bit list', () => {
    expect(hex(encodeKeyUsage(['digitalSignature', 'nonRepudiation']))).toBe('030206c0');
    expect(hex(encodeKeyUsage(['keyCertSign', 'cRLSign']))).toBe('03020106');
    expect(hex(encodeKeyUsage(['keyEncipherment', 'dataEncipherment', 'keyAgreement']))).toBe('03020338');
    expect(hex(encodeKeyUsage(['digitalSignature', 'decipherOnly']))).toBe('0303078080');
  });

  it('writes Chinese names as UTF8String and the USCC as PrintableString', () => {
    const name = encodeName([
      { oid: OID.countryName, value: 'CN' },
      { oid: OID.commonName, value: '贵州黔建工程有限公司' },
      { oid: OID.serialNumber, value: '91520115MA6E2R0T9X' },
    ]);
    const text = hex(name);
    expect(text).toContain('130243 4e'.replace(' ', '')); // C: PrintableString "CN"
    expect(text).toContain('0c1e'); // CN: UTF8String of 30 bytes
    expect(text).toContain('1312'); // serialNumber: PrintableString of 18 characters
    expect(formatName([{ oid: OID.commonName, value: 'a,b' }])).toBe('CN=a\\,b');
  });

  it('keeps the serial as unsigned hex and round-trips PEM and base64 input', () => {
    const root = makeCa('SM2', 'Root');
    const pem = certificateToPem(root.certificate.der);
    const [fromPem] = decodeCertificates(pem);
    const [fromBase64] = decodeCertificates(Buffer.from(root.certificate.der).toString('base64'));
    expect(hex(fromPem ?? new Uint8Array())).toBe(hex(root.certificate.der));
    expect(hex(fromBase64 ?? new Uint8Array())).toBe(hex(root.certificate.der));
    expect(root.certificate.serial).toMatch(/^[0-9a-f]+$/);
    expect(root.certificate.serial.startsWith('00')).toBe(false);
  });

  it('lists unknown critical extensions and refuses malformed certificates', () => {
    const root = makeCa('SM2', 'Root');
    const unknown = sequence(oid('1.2.3.4.5'), boolean(true), octetString(new Uint8Array([5, 0])));
    const leaf = issueLeaf(root, newSigner('SM2'), { extra: [unknown] });
    expect(leaf.unknownCriticalExtensions).toEqual(['1.2.3.4.5']);
    expect(() => parseCertificate(root.certificate.der.subarray(0, 100))).toThrow(/DER/);
    expect(() => parseCertificate(new Uint8Array([...root.certificate.der, 0]))).toThrow(/trailing/);
  });

  it('refuses keys other than SM2 and P-256 (P-384, RSA)', () => {
    const root = makeCa('SM2', 'Root');
    const others = [
      generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey,
    ];
    for (const key of others) {
      const spki = new Uint8Array(key.export({ format: 'der', type: 'spki' }));
      const der = buildCertificate(
        {
          serial: randomBytes(16),
          issuer: root.name,
          subject: root.name,
          notBefore: new Date('2026-01-01T00:00:00Z'),
          notAfter: new Date('2027-01-01T00:00:00Z'),
          publicKey: { algorithm: 'P-256', spki, point: new Uint8Array(65) },
          extensions: [],
        },
        root.signer,
      );
      expect(() => parseCertificate(der)).toThrow(/not supported/);
    }
  });

  it('builds certificates whose TBS bytes are exactly what was signed', () => {
    const signer = newSigner('SM2');
    const name = encodeName([{ oid: OID.commonName, value: 'x' }]);
    const der = buildCertificate(
      {
        serial: randomBytes(16),
        issuer: name,
        subject: name,
        notBefore: new Date('2026-01-01T00:00:00Z'),
        notAfter: new Date('2060-01-01T00:00:00Z'),
        publicKey: signer.publicKey,
        extensions: [extensions.basicConstraints(true)],
      },
      signer,
    );
    const cert = parseCertificate(der);
    expect(cert.notAfter.toISOString()).toBe('2060-01-01T00:00:00.000Z');
    expect(hex(parseDer(der).children[0]?.bytes ?? new Uint8Array())).toBe(hex(cert.tbs));
    expect(verifySignature(signer.publicKey, cert.signatureAlgorithm, cert.tbs, cert.signature)).toBe(true);
  });
});
