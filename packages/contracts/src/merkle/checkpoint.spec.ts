import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asciiBytes, checkpointKeyHash, formatCheckpointBody, formatSignatureLine, parseCheckpointNote } from './checkpoint.js';
import { fromBase64, fromHex, toBase64, toHex } from './encoding.js';

const sm3 = (data: Uint8Array): Uint8Array => createHash('sm3').update(data).digest();

describe('hex and Base64 without Buffer', () => {
  it('round-trips every length and agrees with Node', () => {
    for (let n = 0; n < 70; n += 1) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      expect(toHex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(fromHex(toHex(bytes))).toEqual(bytes);
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
  });

  it('refuses what is not hex or canonical padded Base64', () => {
    expect(() => fromHex('abc')).toThrow(TypeError);
    expect(() => fromHex('zz')).toThrow(TypeError);
    expect(() => fromBase64('QQ')).toThrow(TypeError);
    expect(() => fromBase64('QR==')).toThrow(/canonical/);
    expect(() => fromBase64('Q===')).toThrow(TypeError);
  });
});

describe('checkpoint notes', () => {
  const body = {
    origin: 'ggzy/log',
    size: 1234,
    rootSm3: fromHex('bc48ba7a709184b5f2a631e1adeb8dc2a0d4c018c1d6cc89b5664fe154c93b38'),
    rootSha256: fromHex('5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'),
    timestamp: '2026-11-27T09:31:53.123Z',
  };
  const text = formatCheckpointBody(body);
  const keyHash = checkpointKeyHash(sm3, 'ggzy/log', new Uint8Array(65).fill(4));
  const note = `${text}\n${formatSignatureLine({ keyName: 'ggzy/log', keyHash, signature: new Uint8Array([0x30, 0x44, 1, 2, 3]) })}`;

  it('has the C2SP layout: origin, size, root, extension lines, blank line, signature lines', () => {
    expect(text).toBe(
      'ggzy/log\n1234\nvEi6enCRhLXypjHhreuNwqDUwBjB1syJtWZP4VTJOzg=\nsha256 XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=\ntimestamp 2026-11-27T09:31:53.123Z\n',
    );
    expect(note.split('\n').at(-2)).toMatch(/^— ggzy\/log [A-Za-z0-9+/]+=*$/);
    expect(keyHash).toHaveLength(4);
    expect(asciiBytes(text)).toHaveLength(text.length);
  });

  it('parses back to the same body, signed text and signature', () => {
    const parsed = parseCheckpointNote(note);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.bodyText).toBe(text);
    expect(parsed.body).toEqual(body);
    expect(parsed.signatures).toEqual([{ keyName: 'ggzy/log', keyHash, signature: new Uint8Array([0x30, 0x44, 1, 2, 3]) }]);
  });

  it.each([
    ['no signature', text],
    ['no blank line', note.replace('\n\n', '\n')],
    ['a size with a leading zero', note.replace('\n1234\n', '\n01234\n')],
    ['a root that is not Base64', note.replace('vEi6', 'vE!6')],
    ['a missing timestamp', note.replace(/timestamp .*\n/, '')],
    ['a mangled signature line', note.replace('— ', '- ')],
  ])('refuses a note with %s', (_, bad) => {
    expect(parseCheckpointNote(bad).ok).toBe(false);
  });

  it('refuses to format an origin with spaces or a bad timestamp', () => {
    expect(() => formatCheckpointBody({ ...body, origin: 'ggzy log' })).toThrow(TypeError);
    expect(() => formatCheckpointBody({ ...body, timestamp: '2026-11-27 09:31' })).toThrow(TypeError);
  });
});
