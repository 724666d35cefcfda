import { describe, expect, it } from 'vitest';
import { keyIdentifier, verifySignature } from './algorithms.js';
import { buildCrl, parseCrl, REVOCATION_REASONS } from './crl.js';
import { makeCa } from './testing.js';

describe('CRL building', () => {
  for (const algorithm of ['SM2', 'P-256'] as const) {
    it(`builds a v2 CRL signed by the ${algorithm} root with nextUpdate, CRL number and reason codes`, () => {
      const root = makeCa(algorithm, 'Root');
      const thisUpdate = new Date('2026-06-01T00:00:00Z');
      const der = buildCrl(
        {
          issuer: root.name,
          authorityKeyId: keyIdentifier(root.signer.publicKey),
          thisUpdate,
          nextUpdate: new Date('2026-06-02T00:00:00Z'),
          crlNumber: 1_780_000_000_000n,
          revoked: [
            { serial: '0a1b2c', revokedAt: new Date('2026-05-01T08:00:00Z'), reason: 'keyCompromise' },
            { serial: 'ff00', revokedAt: new Date('2026-05-02T08:00:00Z'), reason: 'unspecified' },
          ],
        },
        root.signer,
      );
      const crl = parseCrl(der);
      expect(crl.issuer.text).toBe(root.certificate.subject.text);
      expect(crl.thisUpdate.toISOString()).toBe(thisUpdate.toISOString());
      expect(crl.nextUpdate?.toISOString()).toBe('2026-06-02T00:00:00.000Z');
      expect(crl.crlNumber).toBe(1_780_000_000_000n);
      expect(crl.revoked).toEqual([
        { serial: '0a1b2c', revokedAt: new Date('2026-05-01T08:00:00Z'), reasonCode: REVOCATION_REASONS.keyCompromise },
        { serial: 'ff00', revokedAt: new Date('2026-05-02T08:00:00Z'), reasonCode: undefined },
      ]);
      expect(verifySignature(root.certificate.publicKey, crl.signatureAlgorithm, crl.tbs, crl.signature)).toBe(true);
    });
  }

  it('omits revokedCertificates when nothing is revoked', () => {
    const root = makeCa('SM2', 'Root');
    const crl = parseCrl(
      buildCrl(
        {
          issuer: root.name,
          authorityKeyId: keyIdentifier(root.signer.publicKey),
          thisUpdate: new Date('2026-06-01T00:00:00Z'),
          nextUpdate: new Date('2026-06-02T00:00:00Z'),
          crlNumber: 1n,
          revoked: [],
        },
        root.signer,
      ),
    );
    expect(crl.revoked).toEqual([]);
    expect(crl.crlNumber).toBe(1n);
  });
});
