import { randomBytes } from 'node:crypto';
import { sm2 as lib } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { integer, sequence } from './der.js';
import { sm2, sm2Keys } from './index.js';
import * as reference from './testing/reference-sm2.js';
import { loadGmVectors } from './testing/vectors.js';

const vectors = loadGmVectors();
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'ascii'));
const lower = (hex: string) => hex.toLowerCase();

const onRecommendedCurve = vectors.sm2.signature.filter((v) => v.curve === 'sm2p256v1');
const onTestCurve = vectors.sm2.signature.filter((v) => v.curve !== 'sm2p256v1');

describe('gm SM2 signature known answers (GM/T 0003.5 / GB/T 32918.5 Annex A)', () => {
  it('has vectors for both curves', () => {
    expect(onRecommendedCurve.length).toBeGreaterThan(0);
    expect(onTestCurve.length).toBeGreaterThan(0);
  });

  it.each(onRecommendedCurve)('$id: public key, Z_A, e, injected-k signature, DER, verification', (v) => {
    const publicKey = `04${v.public_key_xA}${v.public_key_yA}`.toLowerCase();
    const message = ascii(v.message_ascii);
    expect(sm2.publicKeyOf(v.private_key_dA)).toBe(publicKey);
    expect(hexOf(sm2.computeZA(publicKey, v.user_id_ascii))).toBe(lower(v.Z_A));
    expect(hexOf(sm2.messageDigest(message, publicKey, v.user_id_ascii))).toBe(lower(v.e));
    // The production signer is messageDigest + the library's arithmetic; run that arithmetic with the vector's k injected.
    const k = BigInt(`0x${v.k}`);
    const x1 = BigInt(`0x${lib.getPublicKeyFromPrivateKey(v.k).slice(2, 66)}`);
    const e = sm2.messageDigest(message, publicKey, v.user_id_ascii);
    const raw = lib.doSignature(e, v.private_key_dA, { hash: false, pointPool: [{ k, x1 }] });
    expect(raw).toBe(lower(v.r + v.s));
    expect(hexOf(sm2.signatureRawToDer(bytes(raw)))).toBe(lower(v.signature_der ?? 'missing signature_der'));
    const der = sm2.signatureRawToDer(bytes(raw));
    expect(sm2.verify(message, der, publicKey, { userId: v.user_id_ascii })).toBe(true);
    expect(sm2.verifyRaw(message, bytes(v.r + v.s), publicKey, { userId: v.user_id_ascii })).toBe(true);
    // The default ID of GM/T 0009 is exactly the vector's ID.
    expect(sm2.verify(message, der, publicKey)).toBe(v.user_id_ascii === sm2.DEFAULT_USER_ID);
    const tampered = Uint8Array.from(message, (b, i) => (i === 0 ? b ^ 1 : b));
    expect(sm2.verify(tampered, der, publicKey, { userId: v.user_id_ascii })).toBe(false);
    expect(sm2.verify(message, der, publicKey, { userId: 'ALICE123@YAHOO.COM' })).toBe(false);
    // And the independent reference implementation agrees on every intermediate value.
    const c = reference.SM2P256V1;
    const id = ascii(v.user_id_ascii);
    expect(reference.pointHex(reference.publicKeyOf(c, BigInt(`0x${v.private_key_dA}`)))).toBe(publicKey);
    expect(reference.sign(c, BigInt(`0x${v.private_key_dA}`), id, message, k)).toEqual({ r: BigInt(`0x${v.r}`), s: BigInt(`0x${v.s}`) });
  });

  it.each(onTestCurve)('$id (Fp-256 test curve, reference implementation only: the library knows sm2p256v1 alone)', (v) => {
    const curveParams = vectors.sm2.curves[v.curve];
    if (!curveParams) throw new Error(`curve ${v.curve} missing`);
    const c = reference.curveFromHex(curveParams);
    const d = BigInt(`0x${v.private_key_dA}`);
    const P = reference.publicKeyOf(c, d);
    expect(reference.pointHex(P)).toBe(lower(`04${v.public_key_xA}${v.public_key_yA}`));
    const id = ascii(v.user_id_ascii);
    const message = ascii(v.message_ascii);
    expect(hexOf(reference.za(c, id, P))).toBe(lower(v.Z_A));
    expect(reference.digestE(c, id, P, message).toString(16).padStart(64, '0')).toBe(lower(v.e));
    const signature = reference.sign(c, d, id, message, BigInt(`0x${v.k}`));
    expect(signature).toEqual({ r: BigInt(`0x${v.r}`), s: BigInt(`0x${v.s}`) });
    expect(reference.verify(c, P, id, message, BigInt(`0x${v.r}`), BigInt(`0x${v.s}`))).toBe(true);
    expect(reference.verify(c, P, id, ascii('message digesT'), BigInt(`0x${v.r}`), BigInt(`0x${v.s}`))).toBe(false);
  });
});

describe('gm SM2 encryption known answers (GB/T 32918.4, C1‖C3‖C2 and GM/T 0009 ASN.1)', () => {
  it.each(vectors.sm2.encryption)('$id: the reference encrypts to the vector with its k', (v) => {
    const curveParams = vectors.sm2.curves[v.curve];
    if (!curveParams) throw new Error(`curve ${v.curve} missing`);
    const c = reference.curveFromHex(curveParams);
    const P = { x: BigInt(`0x${v.recipient_public_key_xB}`), y: BigInt(`0x${v.recipient_public_key_yB}`) };
    const ciphertext = reference.encrypt(c, P, bytes(v.message_hex), BigInt(`0x${v.k}`));
    expect(hexOf(ciphertext)).toBe(lower(v.ciphertext_C1C3C2));
    expect(hexOf(reference.decrypt(c, BigInt(`0x${v.recipient_private_key_dB}`), ciphertext))).toBe(lower(v.message_hex));
  });

  const recommended = vectors.sm2.encryption.filter((v) => v.curve === 'sm2p256v1');
  it.each(recommended)('$id: the production layer decrypts both encodings and converts between them', (v) => {
    expect(hexOf(sm2.decrypt(bytes(v.ciphertext_C1C3C2), v.recipient_private_key_dB))).toBe(lower(v.message_hex));
    expect(hexOf(sm2.decrypt(bytes(v.ciphertext_asn1_gmt0009), v.recipient_private_key_dB, { encoding: 'asn1' }))).toBe(lower(v.message_hex));
    expect(hexOf(sm2.ciphertextToAsn1(bytes(v.ciphertext_C1C3C2)))).toBe(lower(v.ciphertext_asn1_gmt0009));
    expect(hexOf(sm2.ciphertextFromAsn1(bytes(v.ciphertext_asn1_gmt0009)))).toBe(lower(v.ciphertext_C1C3C2));
  });

  it('round-trips random messages and refuses tampered or foreign ciphertexts', () => {
    const keys = sm2.generateKeyPair();
    const other = sm2.generateKeyPair();
    for (const length of [1, 16, 32, 33, 1000]) {
      const message = randomBytes(length);
      const ciphertext = sm2.encrypt(message, keys.publicKey);
      expect(ciphertext[0]).toBe(0x04);
      expect(ciphertext.length).toBe(97 + length);
      expect(Buffer.from(sm2.decrypt(ciphertext, keys.privateKey)).equals(message)).toBe(true);
      const asn1 = sm2.encrypt(message, keys.publicKey, { encoding: 'asn1' });
      expect(Buffer.from(sm2.decrypt(asn1, keys.privateKey, { encoding: 'asn1' })).equals(message)).toBe(true);
      // The reference decrypts what the library encrypted.
      expect(Buffer.from(reference.decrypt(reference.SM2P256V1, BigInt(`0x${keys.privateKey}`), ciphertext)).equals(message)).toBe(true);
      const tampered = Uint8Array.from(ciphertext, (b, i) => (i === ciphertext.length - 1 ? b ^ 1 : b));
      expect(() => sm2.decrypt(tampered, keys.privateKey)).toThrow(/decryption failed/);
      expect(() => sm2.decrypt(ciphertext, other.privateKey)).toThrow(/decryption failed/);
    }
    expect(() => sm2.encrypt(new Uint8Array(0), keys.publicKey)).toThrow(/empty/);
  });
});

describe('gm SM2 encodings and input checks', () => {
  const keys = sm2.generateKeyPair();
  const message = new Uint8Array(Buffer.from('投标文件摘要'));

  it('signs DER by default, r‖s on request, and converts between them', () => {
    const der = sm2.sign(message, keys.privateKey);
    expect(der[0]).toBe(0x30);
    const raw = sm2.signatureDerToRaw(der);
    expect(raw.length).toBe(64);
    expect(hexOf(sm2.signatureRawToDer(raw))).toBe(hexOf(der));
    expect(sm2.verifyRaw(message, raw, keys.publicKey)).toBe(true);
    expect(sm2.verifyRaw(message, sm2.signRaw(message, keys.privateKey), keys.publicKey)).toBe(true);
  });

  it('computes Z_A like the library does (default and custom IDs)', () => {
    expect(hexOf(sm2.computeZA(keys.publicKey))).toBe(hexOf(lib.getZ(keys.publicKey)));
    expect(hexOf(sm2.computeZA(keys.publicKey, 'ggzy@example'))).toBe(hexOf(lib.getZ(keys.publicKey, 'ggzy@example')));
    expect(hexOf(sm2.computeZA(keys.publicKey, ''))).toBe(hexOf(lib.getZ(keys.publicKey, '')));
  });

  it('rejects r or s outside [1, n-1] (s + n, r + n, 0): no malleable second form', () => {
    const raw = sm2.signRaw(message, keys.privateKey);
    const r = BigInt(`0x${hexOf(raw.subarray(0, 32))}`);
    const s = BigInt(`0x${hexOf(raw.subarray(32))}`);
    expect(sm2.verify(message, sequence(integer(r), integer(s + reference.SM2P256V1.n)), keys.publicKey)).toBe(false);
    expect(sm2.verify(message, sequence(integer(r + reference.SM2P256V1.n), integer(s)), keys.publicKey)).toBe(false);
    expect(sm2.verify(message, sequence(integer(0n), integer(s)), keys.publicKey)).toBe(false);
  });

  it('rejects non-DER signatures (long-form padding, trailing bytes, extra fields)', () => {
    const der = sm2.sign(message, keys.privateKey);
    expect(sm2.verify(message, Buffer.concat([der, Buffer.from([0])]), keys.publicKey)).toBe(false);
    const [, , ...rest] = der;
    const padded = Buffer.from([0x30, 0x81, der[1] ?? 0, ...rest]);
    expect(sm2.verify(message, padded, keys.publicKey)).toBe(false);
    const raw = sm2.signatureDerToRaw(der);
    const r = BigInt(`0x${hexOf(raw.subarray(0, 32))}`);
    const s = BigInt(`0x${hexOf(raw.subarray(32))}`);
    expect(sm2.verify(message, sequence(integer(r), integer(s)), keys.publicKey)).toBe(true);
    expect(sm2.verify(message, sequence(integer(r), integer(s), integer(1n)), keys.publicKey)).toBe(false);
  });

  it('accepts compressed public keys and refuses points off the curve', () => {
    const P = reference.pointFromHex(keys.publicKey);
    const compressed = `${P.y & 1n ? '03' : '02'}${keys.publicKey.slice(2, 66)}`;
    expect(sm2.normalisePublicKey(compressed)).toBe(keys.publicKey);
    const offCurve = `04${keys.publicKey.slice(2, 66)}${((P.y + 1n) % reference.SM2P256V1.p).toString(16).padStart(64, '0')}`;
    expect(() => sm2.normalisePublicKey(offCurve)).toThrow(/not a point/);
    expect(sm2.verify(message, sm2.sign(message, keys.privateKey), offCurve)).toBe(false);
  });

  it('refuses private keys out of [1, n-2] and text messages', () => {
    expect(() => sm2.publicKeyOf('00'.repeat(32))).toThrow(/range/);
    expect(() => sm2.publicKeyOf((reference.SM2P256V1.n - 1n).toString(16))).toThrow(/range/);
    expect(() => sm2.sign('text' as unknown as Uint8Array, keys.privateKey)).toThrow(/bytes/);
  });

  it('writes and reads SubjectPublicKeyInfo and PKCS#8 with the SM2 curve OID', () => {
    const spki = sm2Keys.publicKeyToSpki(keys.publicKey);
    expect(hexOf(spki)).toContain('06082a811ccf5501822d'); // OID 1.2.156.10197.1.301
    expect(sm2Keys.publicKeyFromSpki(spki)).toBe(keys.publicKey);
    const pkcs8 = sm2Keys.privateKeyToPkcs8(keys.privateKey);
    expect(sm2Keys.privateKeyFromPkcs8(pkcs8)).toBe(keys.privateKey);
  });
});
