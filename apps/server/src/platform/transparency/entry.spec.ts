import { leafHash, toHex } from '@ggzy/contracts';
import { describe, expect, it } from 'vitest';
import { decodeEntry, encodeEntry } from './entry.js';
import { sha256, sm3 } from './hashes.js';

const event = {
  actorId: '2f1c6a1e-8d7b-4c1a-9a8e-0b6f3c2d1e0f',
  actorName: '张三',
  action: 'identity.login',
  target: 'user:2f1c6a1e',
  outcome: 'success' as const,
  ip: '127.0.0.1',
  detail: { z: 1, a: { y: [1, '二'], b: null }, skipped: undefined },
  at: new Date('2026-11-27T09:31:53.123Z'),
};
const NONCE = '00112233445566778899aabbccddeeff';
const refuse = (text: string) => decodeEntry(Buffer.from(text, 'utf8'));

describe('log entry encoding', () => {
  it('is canonical JSON with sorted keys, the index, the nonce, and UTF-8 text as is', () => {
    const { bytes, entry } = encodeEntry(42, event, NONCE);
    expect(bytes.toString('utf8')).toBe(
      '{"action":"identity.login","actorId":"2f1c6a1e-8d7b-4c1a-9a8e-0b6f3c2d1e0f","actorName":"张三","at":"2026-11-27T09:31:53.123Z",' +
        '"detail":{"a":{"b":null,"y":[1,"二"]},"z":1},"index":42,"ip":"127.0.0.1","nonce":"00112233445566778899aabbccddeeff",' +
        '"outcome":"success","target":"user:2f1c6a1e","v":1}',
    );
    expect(entry.detail).toEqual({ a: { b: null, y: [1, '二'] }, z: 1 });
  });

  it('hashes the bytes as RFC 6962 leaves with both algorithms', () => {
    const encoded = encodeEntry(0, event, NONCE);
    expect(toHex(encoded.leafSm3)).toBe(toHex(leafHash(sm3, encoded.bytes)));
    expect(toHex(encoded.leafSha256)).toBe(toHex(leafHash(sha256, encoded.bytes)));
  });

  it('draws a fresh nonce for every entry, so equal events have unrelated leaf hashes', () => {
    expect(toHex(encodeEntry(1, event).leafSm3)).not.toBe(toHex(encodeEntry(1, event).leafSm3));
  });

  it('decodes its own bytes and refuses anything else', () => {
    const { bytes } = encodeEntry(7, event, NONCE);
    const decoded = decodeEntry(bytes);
    expect(decoded.ok && decoded.entry.index).toBe(7);
    const text = bytes.toString('utf8');
    expect(refuse(text.replace('{"action"', '{ "action"'))).toMatchObject({ ok: false, reason: 'the bytes are not in canonical form' });
    expect(refuse(text.slice(0, -1))).toMatchObject({ ok: false, reason: 'the bytes are not JSON' });
    expect(refuse(text.replace('"v":1', '"v":2'))).toMatchObject({ ok: false, reason: 'unknown entry version 2' });
    expect(refuse(text.replace('"outcome":"success"', '"outcome":"maybe"'))).toMatchObject({ ok: false, reason: 'bad outcome' });
    expect(refuse(text.replace(`"nonce":"${NONCE}",`, ''))).toMatchObject({ ok: false });
    expect(decodeEntry(Buffer.from([0xff, 0xfe]))).toMatchObject({ ok: false });
  });
});
