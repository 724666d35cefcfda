import { describe, expect, it } from 'vitest';
import { boolean, octetString, oid, sequence } from '../../../platform/crypto/gm/der.js';
import { type TrustAnchor, validateChain } from './chain.js';
import { issueLeaf, makeCa, newSigner, type TestCa } from './testing.js';
import { parseCertificate } from './x509.js';

const at = new Date('2026-06-01T00:00:00Z');
const anchor = (ca: TestCa, source: TrustAnchor['source'] = 'platform'): TrustAnchor => ({ certificate: ca.certificate, source, id: ca.certificate.fingerprint });
const codes = (result: ReturnType<typeof validateChain>) => result.problems.map((p) => p.code).toSorted();

describe('certification path validation', () => {
  for (const algorithm of ['SM2', 'P-256'] as const) {
    it(`accepts a leaf issued by a trusted ${algorithm} root`, () => {
      const root = makeCa(algorithm, `${algorithm} root`);
      const leaf = issueLeaf(root, newSigner(algorithm));
      const result = validateChain({ leaf, intermediates: [], anchors: [anchor(root)], at });
      expect(result.ok).toBe(true);
      expect(result.anchor?.certificate.fingerprint).toBe(root.certificate.fingerprint);
    });
  }

  it('builds through intermediates given in any order, across algorithms', () => {
    const root = makeCa('SM2', 'Foreign Root');
    const mid1 = makeCa('P-256', 'Foreign Intermediate 1', { issuer: root });
    const mid2 = makeCa('SM2', 'Foreign Intermediate 2', { issuer: mid1 });
    const leaf = issueLeaf(mid2, newSigner('SM2'));
    const result = validateChain({ leaf, intermediates: [mid1.certificate, mid2.certificate], anchors: [anchor(root, 'recognised')], at });
    expect(result.ok).toBe(true);
    expect(result.path.map((c) => c.subject.text)).toEqual(['C=CN, CN=leaf', mid2.certificate.subject.text, mid1.certificate.subject.text]);
    expect(result.anchor?.source).toBe('recognised');
  });

  it('reports an untrusted issuer, and a missing intermediate', () => {
    const root = makeCa('SM2', 'Root');
    const stranger = makeCa('SM2', 'Stranger');
    expect(codes(validateChain({ leaf: issueLeaf(stranger, newSigner('SM2')), intermediates: [], anchors: [anchor(root)], at }))).toEqual([
      'untrusted',
    ]);
    const mid = makeCa('SM2', 'Mid', { issuer: root });
    expect(codes(validateChain({ leaf: issueLeaf(mid, newSigner('SM2')), intermediates: [], anchors: [anchor(root)], at }))).toEqual([
      'untrusted',
    ]);
  });

  it('reports a forged issuer: same name, another key', () => {
    const root = makeCa('SM2', 'Same Name');
    const impostor = makeCa('SM2', 'Same Name');
    expect(Buffer.from(impostor.name).equals(Buffer.from(root.name))).toBe(true);
    // With key identifiers the impostor's leaf does not even name the root's key …
    const withAki = issueLeaf(impostor, newSigner('SM2'));
    expect(codes(validateChain({ leaf: withAki, intermediates: [], anchors: [anchor(root)], at }))).toEqual(['untrusted']);
    // … without them the names match and the signature check catches it.
    const withoutAki = issueLeaf(impostor, newSigner('SM2'), { authorityKeyId: false });
    expect(codes(validateChain({ leaf: withoutAki, intermediates: [], anchors: [anchor(root)], at }))).toEqual(['chainSignature']);
  });

  it('reports a tampered certificate (signature no longer matches)', () => {
    const root = makeCa('P-256', 'Root');
    const leaf = issueLeaf(root, newSigner('P-256'), { commonName: 'Alice' });
    const text = Buffer.from(leaf.der).toString('latin1').replace('Alice', 'Mallo');
    const tampered = parseCertificate(new Uint8Array(Buffer.from(text, 'latin1')));
    expect(codes(validateChain({ leaf: tampered, intermediates: [], anchors: [anchor(root)], at }))).toEqual(['chainSignature']);
  });

  it('checks validity dates of the leaf, the intermediates and the anchor on the server clock', () => {
    const root = makeCa('SM2', 'Root');
    const leaf = issueLeaf(root, newSigner('SM2'), { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2026-12-31T00:00:00Z') });
    expect(codes(validateChain({ leaf, intermediates: [], anchors: [anchor(root)], at: new Date('2025-12-31T23:59:59Z') }))).toEqual([
      'notYetValid',
    ]);
    expect(codes(validateChain({ leaf, intermediates: [], anchors: [anchor(root)], at: new Date('2026-12-31T00:00:01Z') }))).toEqual(['expired']);
    const oldRoot = makeCa('SM2', 'Old root', { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2026-03-01T00:00:00Z') });
    const child = issueLeaf(oldRoot, newSigner('SM2'));
    expect(codes(validateChain({ leaf: child, intermediates: [], anchors: [anchor(oldRoot)], at }))).toEqual(['expired']);
  });

  it('refuses an issuer that is not a CA, a CA certificate as leaf, and exceeded path lengths', () => {
    const root = makeCa('SM2', 'Root', { pathLength: 0 });
    const notCa = makeCa('SM2', 'Not a CA', { issuer: root, ca: false });
    const leaf = issueLeaf(notCa, newSigner('SM2'));
    expect(codes(validateChain({ leaf, intermediates: [notCa.certificate], anchors: [anchor(root)], at }))).toEqual(['notCa', 'pathLength']);
    const sub = makeCa('SM2', 'Sub', { issuer: makeCa('SM2', 'Other') });
    expect(codes(validateChain({ leaf: root.certificate, intermediates: [], anchors: [anchor(root)], at }))).toContain('notEndEntity');
    expect(sub.certificate.basicConstraints?.ca).toBe(true);
  });

  it('refuses unknown critical extensions anywhere on the path', () => {
    const root = makeCa('SM2', 'Root');
    const unknown = sequence(oid('1.2.156.9999.1'), boolean(true), octetString(new Uint8Array([5, 0])));
    const leaf = issueLeaf(root, newSigner('SM2'), { extra: [unknown] });
    expect(codes(validateChain({ leaf, intermediates: [], anchors: [anchor(root)], at }))).toEqual(['criticalExtension']);
  });
});
