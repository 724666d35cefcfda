import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, randomInt, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm2, sm2Keys } from './index.js';
import * as reference from './testing/reference-sm2.js';

/**
 * SM2 signatures cross-checked by independent implementations (security.md §4):
 * 1. the production layer (sm-crypto-v2 arithmetic) against the BigInt reference of
 *    testing/reference-sm2.ts, both directions, 200 round trips each;
 * 2. against OpenSSL through Node, which signs real SM2 but with an EMPTY distinguishing ID
 *    (Pitfall 2), so the check runs with userId '';
 * 3. the Pitfall 1 guard: a Node-generated 'ec' key on the SM2 curve signs ECDSA, which SM2
 *    verification must reject, and the API refuses such KeyObjects outright.
 */
const c = reference.SM2P256V1;
const ROUNDS = 200;
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const big = (b: Uint8Array) => BigInt(`0x${hexOf(b)}`);
const DEFAULT_ID = new Uint8Array(Buffer.from(sm2.DEFAULT_USER_ID));

describe('gm SM2 cross-check with an independent BigInt implementation', () => {
  it(`library signs → reference verifies (${ROUNDS} random keys and messages, default ID)`, () => {
    const acceptedAltered: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      const keys = sm2.generateKeyPair();
      const message = randomBytes(randomInt(0, 300));
      const raw = sm2.signatureDerToRaw(sm2.sign(message, keys.privateKey));
      const P = reference.pointFromHex(keys.publicKey);
      expect(reference.pointHex(reference.publicKeyOf(c, BigInt(`0x${keys.privateKey}`)))).toBe(keys.publicKey);
      expect(reference.verify(c, P, DEFAULT_ID, message, big(raw.subarray(0, 32)), big(raw.subarray(32)))).toBe(true);
      // Every 10th round: an altered message must fail.
      const other = Buffer.concat([message, Buffer.from([1])]);
      if (i % 10 === 0 && reference.verify(c, P, DEFAULT_ID, other, big(raw.subarray(0, 32)), big(raw.subarray(32)))) acceptedAltered.push(i);
    }
    expect(acceptedAltered).toEqual([]);
  }, 120_000);

  it(`reference signs with a random k → library verifies (${ROUNDS} rounds, default ID)`, () => {
    let signed = 0;
    const acceptedWrongId: number[] = [];
    while (signed < ROUNDS) {
      const d = reference.randomScalar(c);
      const message = randomBytes(randomInt(0, 300));
      const signature = reference.sign(c, d, DEFAULT_ID, message, reference.randomScalar(c));
      if (!signature) continue;
      signed += 1;
      const publicKey = reference.pointHex(reference.publicKeyOf(c, d));
      expect(sm2.publicKeyOf(d.toString(16).padStart(64, '0'))).toBe(publicKey);
      const raw = Buffer.from(signature.r.toString(16).padStart(64, '0') + signature.s.toString(16).padStart(64, '0'), 'hex');
      expect(sm2.verifyRaw(message, raw, publicKey)).toBe(true);
      expect(sm2.verify(message, sm2.signatureRawToDer(raw), publicKey)).toBe(true);
      if (sm2.verify(message, sm2.signatureRawToDer(raw), publicKey, { userId: 'another-id' })) acceptedWrongId.push(signed);
    }
    expect(acceptedWrongId).toEqual([]);
  }, 120_000);

  it('agrees on non-default IDs and on Z_A', () => {
    for (const userId of ['', 'ALICE123@YAHOO.COM', '贵州省公共资源交易平台', 'x'.repeat(200)]) {
      const keys = sm2.generateKeyPair();
      const id = new Uint8Array(Buffer.from(userId, 'utf8'));
      const P = reference.pointFromHex(keys.publicKey);
      expect(hexOf(sm2.computeZA(keys.publicKey, userId))).toBe(hexOf(reference.za(c, id, P)));
      const message = randomBytes(64);
      const raw = sm2.signRaw(message, keys.privateKey, { userId });
      expect(reference.verify(c, P, id, message, big(raw.subarray(0, 32)), big(raw.subarray(32)))).toBe(true);
    }
  });
});

describe('gm SM2 cross-check with OpenSSL through Node (empty ID, security.md §4 Pitfall 2)', () => {
  it('a PKCS#8-imported SM2 key is OpenSSL’s SM2 type, not "ec"', () => {
    const keys = sm2.generateKeyPair();
    const imported = createPrivateKey({ key: Buffer.from(sm2Keys.privateKeyToPkcs8(keys.privateKey)), format: 'der', type: 'pkcs8' });
    expect(imported.asymmetricKeyType).toBeUndefined();
  });

  it('OpenSSL signs → ours verifies with userId "" only; ours signs with "" → OpenSSL verifies (50 keys)', () => {
    for (let i = 0; i < 50; i += 1) {
      const keys = sm2.generateKeyPair();
      const privateKey = createPrivateKey({ key: Buffer.from(sm2Keys.privateKeyToPkcs8(keys.privateKey)), format: 'der', type: 'pkcs8' });
      const publicKey = createPublicKey({ key: Buffer.from(sm2Keys.publicKeyToSpki(keys.publicKey)), format: 'der', type: 'spki' });
      const message = randomBytes(randomInt(1, 200));
      const byOpenssl = new Uint8Array(nodeSign(null, message, privateKey));
      expect(sm2.verify(message, byOpenssl, keys.publicKey, { userId: '' })).toBe(true);
      expect(sm2.verify(message, byOpenssl, keys.publicKey)).toBe(false);
      const oursEmpty = sm2.sign(message, keys.privateKey, { userId: '' });
      expect(nodeVerify(null, message, publicKey, oursEmpty)).toBe(true);
      const oursDefault = sm2.sign(message, keys.privateKey);
      expect(nodeVerify(null, message, publicKey, oursDefault)).toBe(false);
    }
  });
});

describe('gm SM2 Pitfall 1: Node "ec" keys on the SM2 curve make ECDSA, not SM2', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const rawPublicKey = sm2Keys.publicKeyFromSpki(new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })));
  const message = new Uint8Array(Buffer.from('开标记录确认'));

  it('Node accepts its own signature (it is ECDSA over the SM2 curve) …', () => {
    expect(privateKey.asymmetricKeyType).toBe('ec');
    const ecdsa = nodeSign('sm3', message, privateKey);
    expect(nodeVerify('sm3', message, publicKey, ecdsa)).toBe(true);
  });

  it('… and SM2 verification rejects it with every ID, in both implementations', () => {
    for (let i = 0; i < 20; i += 1) {
      const ecdsa = new Uint8Array(nodeSign('sm3', message, privateKey));
      // Well-formed DER: the rejection is by the SM2 equation, not by the encoding.
      const raw = sm2.signatureDerToRaw(ecdsa);
      expect(sm2.verify(message, ecdsa, rawPublicKey)).toBe(false);
      expect(sm2.verify(message, ecdsa, rawPublicKey, { userId: '' })).toBe(false);
      const P = reference.pointFromHex(rawPublicKey);
      for (const id of [DEFAULT_ID, new Uint8Array(0)]) {
        expect(reference.verify(c, P, id, message, big(raw.subarray(0, 32)), big(raw.subarray(32)))).toBe(false);
      }
    }
  });

  it('the API refuses Node KeyObjects for signing and verifying', () => {
    expect(() => sm2.sign(message, privateKey as unknown as string)).toThrow(/Pitfall 1/);
    expect(() => sm2.verify(message, new Uint8Array(72), publicKey as unknown as string)).toThrow(/Pitfall 1/);
    expect(() => sm2.publicKeyOf(privateKey as unknown as string)).toThrow(/Pitfall 1/);
    expect(() => sm2.encrypt(message, publicKey as unknown as string)).toThrow(/Pitfall 1/);
  });

  it('the raw scalar of such a key, taken out through PKCS#8, signs real SM2', () => {
    const d = sm2Keys.privateKeyFromPkcs8(new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })));
    expect(sm2.publicKeyOf(d)).toBe(rawPublicKey);
    const signature = sm2.sign(message, d);
    expect(sm2.verify(message, signature, rawPublicKey)).toBe(true);
    expect(nodeVerify('sm3', message, publicKey, signature)).toBe(false);
  });
});
