/// <reference types="node" />
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { SEALED_BID_CHUNK_BYTES, toBase64 } from '@ggzy/contracts';
import { describe, expect, it } from 'vitest';
import { sm2 as serverSm2, sm4Encrypt } from '../../../../server/src/platform/crypto/gm/index.js';
import * as server from '../../../../server/src/modules/tendering/domain/sealed-bid/envelope.js';
import { generateKeyPair, rawSignatureToDer, signRaw } from '../../crypto/keys';
import { buildManifest, keyCommitment, manifestBytes, newDataKey, open, packageHash, seal, sealFile, sealSummary, unwrapKey, UnwrapError, wrapKey } from './seal';
import { hmacSm3, Sm3, sm3 } from './sm3';
import { Sm4Ctr } from './sm4-ctr';

/**
 * Format compatibility of the browser's ggzy-bid/1 with the server's envelope.ts (node:crypto,
 * OpenSSL SM4 and SM3): what one seals the other opens, both ways, and every hash, commitment,
 * wrapped key and signed manifest byte agrees.
 */
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('browser SM3, HMAC-SM3 and SM4-CTR against OpenSSL', () => {
  it('SM3 (incremental, any split) and HMAC-SM3 equal node:crypto', () => {
    for (const length of [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 70_000]) {
      const data = randomBytes(length);
      expect(hex(sm3(data))).toBe(createHash('sm3').update(data).digest('hex'));
      const split = new Sm3();
      for (let at = 0; at < length; at += 37) split.update(data.subarray(at, at + 37));
      expect(hex(split.digest())).toBe(createHash('sm3').update(data).digest('hex'));
      for (const keyLength of [16, 32, 64, 100]) {
        const key = randomBytes(keyLength);
        expect(hex(hmacSm3(key, data))).toBe(createHmac('sm3', key).update(data).digest('hex'));
      }
    }
    // GB/T 32905 example 1: SM3("abc").
    expect(hex(sm3(new TextEncoder().encode('abc')))).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('SM4-CTR equals OpenSSL sm4-ctr, across a counter carry and for uneven update sizes', () => {
    const key = randomBytes(16);
    for (const iv of [randomBytes(16), Buffer.from('00000000000000000000fffffffffffe', 'hex'), Buffer.alloc(16, 0xff)]) {
      const plaintext = randomBytes(5000);
      const expected = sm4Encrypt('ctr', key, plaintext, { iv });
      const ctr = new Sm4Ctr(key, iv);
      const parts: Uint8Array[] = [];
      for (let at = 0; at < plaintext.length; at += 333) parts.push(ctr.update(plaintext.subarray(at, at + 333)));
      expect(hex(Buffer.concat(parts))).toBe(hex(expected));
    }
  });
});

describe('ggzy-bid/1: browser ⇄ server', () => {
  const bidder = serverSm2.generateKeyPair();
  const opening = serverSm2.generateKeyPair();

  it('the server opens what the browser sealed, and the browser opens what the server sealed', () => {
    const dataKey = newDataKey();
    const plaintext = randomBytes(3000);
    expect(hex(server.open(dataKey, seal(dataKey, plaintext)))).toBe(hex(plaintext));
    expect(hex(open(dataKey, server.seal(dataKey, plaintext)))).toBe(hex(plaintext));
    // Same IV ⇒ the same bytes exactly.
    const iv = randomBytes(16);
    expect(hex(seal(dataKey, plaintext, iv))).toBe(hex(server.seal(dataKey, plaintext, iv)));
    // A wrong key or a flipped byte is refused on both sides.
    const sealed = seal(dataKey, plaintext);
    expect(() => server.open(newDataKey(), sealed)).toThrow(server.EnvelopeError);
    sealed[40] = (sealed[40] ?? 0) ^ 1;
    expect(() => open(dataKey, sealed)).toThrow(/authenticate/);
    expect(() => server.open(dataKey, sealed)).toThrow(server.EnvelopeError);
  });

  it('key commitment, package hash and the wrapped keys agree; each side unwraps the other’s', () => {
    const dataKey = newDataKey();
    expect(keyCommitment(dataKey)).toBe(server.keyCommitment(dataKey));
    const digests = [randomBytes(32), randomBytes(32), randomBytes(32)].map(hex);
    expect(packageHash(digests)).toBe(server.packageHash(digests));
    expect(hex(server.unwrapKey(wrapKey(dataKey, bidder.publicKey), bidder.privateKey))).toBe(hex(dataKey));
    expect(hex(unwrapKey(server.wrapKey(dataKey, opening.publicKey), opening.privateKey))).toBe(hex(dataKey));
    expect(() => unwrapKey(wrapKey(dataKey, bidder.publicKey), opening.privateKey)).toThrow(UnwrapError);
  });

  it('a file sealed in slices and chunked in the browser: the server recomputes the package hash and opens the whole file', async () => {
    const dataKey = newDataKey();
    const file = randomBytes(300_001);
    const progress: number[] = [];
    const sealed = await sealFile(dataKey, new Blob([file]), { chunkSize: 65_536, sliceBytes: 40_000, onProgress: (done) => progress.push(done) });
    expect(progress.at(-1)).toBe(file.length);
    expect(sealed.size).toBe(file.length + server.HEADER_BYTES + server.TAG_BYTES);
    expect(sealed.chunks.slice(0, -1).every((chunk) => chunk.length === 65_536)).toBe(true);
    expect(sealed.chunks.map((chunk) => createHash('sm3').update(chunk).digest('hex'))).toEqual(sealed.chunkSm3);
    expect(sealed.packageSm3).toBe(server.packageHash(sealed.chunkSm3));
    const whole = Buffer.concat(sealed.chunks);
    expect(server.looksSealed(whole)).toBe(true);
    expect(hex(server.open(dataKey, whole))).toBe(hex(file));
  });

  it('the signed manifest: same canonical bytes as the server, signature (SM2, DER) verified by the server, summary opened by the server', async () => {
    const key = await generateKeyPair('SM2');
    if (key.algorithm !== 'SM2') throw new Error('SM2 key expected');
    const bidderPublicKey = hex(key.publicPoint);
    const dataKey = newDataKey();
    const sealed = await sealFile(dataKey, new Blob([new TextEncoder().encode('投标文件正文')]), { chunkSize: SEALED_BID_CHUNK_BYTES });
    const summary = sealSummary(dataKey, { price: '14500000.00', duration: '360日', quality: '合格' });
    const manifest = buildManifest({
      tenderId: '0c6a1d5e-1111-4a5b-9c3d-2e4f5a6b7c8d',
      sectionCode: 'E5201150101000100100001',
      bidderId: '5b8e6f10-2222-4c3d-8e9f-0a1b2c3d4e5f',
      version: 1,
      sealed,
      summary,
      dataKey,
      bidderPublicKey,
      openingPublicKey: opening.publicKey,
    });
    expect(hex(manifestBytes(manifest))).toBe(hex(server.manifestBytes(manifest)));
    expect(manifest.keyCommitment).toBe(server.keyCommitment(dataKey));
    expect(manifest.summarySm3).toBe(createHash('sm3').update(summary).digest('hex'));
    const signature = rawSignatureToDer(await signRaw(key, manifestBytes(manifest)));
    expect(serverSm2.verify(server.manifestBytes(manifest), signature, bidderPublicKey)).toBe(true);
    // At opening: K unwrapped with the opening key (custodian fallback) opens the summary on the server.
    const k = server.unwrapKey(manifest.wrappedKeys.opening, opening.privateKey);
    expect(JSON.parse(server.open(k, summary).toString('utf8'))).toEqual({ price: '14500000.00', duration: '360日', quality: '合格' });
    expect(toBase64(k)).toBe(toBase64(dataKey));
  });
});
