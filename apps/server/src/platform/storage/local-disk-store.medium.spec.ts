import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileStore } from './file-store.js';
import { createLocalDiskStore } from './local-disk-store.js';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

let root: string;
let store: FileStore;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ggzy-file-store-'));
  store = createLocalDiskStore(root);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Every file (not directory) under `dir`, relative; [] when `dir` does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) if ((await stat(join(dir, entry))).isFile()) files.push(entry);
  return files;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * A source that makes its bytes only when asked (a few fixed 64 KiB chunks in rotation, never
 * mutated), so the test itself holds no more than 256 KiB whatever the total. `onChunk` runs at
 * every read, which is where the memory probe samples.
 */
function generatedSource(totalBytes: number, onChunk: () => void = () => {}): Readable {
  const patterns = [0, 1, 2, 3].map((seed) => Buffer.alloc(CHUNK, seed * 37 + 11));
  let sent = 0;
  let index = 0;
  return new Readable({
    read() {
      onChunk();
      if (sent >= totalBytes) {
        this.push(null);
        return;
      }
      const pattern = patterns[index % patterns.length] ?? Buffer.alloc(0);
      const chunk = pattern.subarray(0, Math.min(CHUNK, totalBytes - sent));
      sent += chunk.length;
      index += 1;
      this.push(chunk);
    },
  });
}

/** SM3 and SHA-256 of the same bytes as `generatedSource(totalBytes)`, computed independently. */
function digestsOfGenerated(totalBytes: number): { sm3: string; sha256: string } {
  const sm3 = createHash('sm3');
  const sha256 = createHash('sha256');
  for (let sent = 0, index = 0; sent < totalBytes; index += 1) {
    const chunk = Buffer.alloc(Math.min(CHUNK, totalBytes - sent), (index % 4) * 37 + 11);
    sm3.update(chunk);
    sha256.update(chunk);
    sent += chunk.length;
  }
  return { sm3: sm3.digest('hex'), sha256: sha256.digest('hex') };
}

/** A source that sends `goodBytes` and then fails (with `error`) or is torn down (without). */
function failingSource(goodBytes: number, error?: Error): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= goodBytes) {
        // Like a client that disconnects mid-upload: destroyed, with or without a cause.
        this.destroy(error);
        return;
      }
      sent += CHUNK;
      this.push(randomBytes(CHUNK));
    },
  });
}

/** JS heap plus Buffer memory: where a store that buffered the upload would show it. */
function memoryInUse(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

async function expectNothingLeft(): Promise<void> {
  expect(await filesUnder(join(root, 'tmp'))).toEqual([]);
  expect(await filesUnder(join(root, 'objects'))).toEqual([]);
}

describe('local disk file store', () => {
  it('hashes "abc" with SM3 and SHA-256 (known answers) and keeps the metadata', async () => {
    const { head, ...stored } = await store.put(Readable.from([Buffer.from('abc')]), {
      maxBytes: 1024,
      sha256: true,
      contentType: 'text/plain',
      fileName: '投标文件.txt',
    });
    expect(head.length).toBe(0);
    expect(stored).toEqual({
      key: expect.stringMatching(/^[0-9a-f-]{36}$/),
      size: 3,
      sm3: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      contentType: 'text/plain',
      fileName: '投标文件.txt',
    });
    expect(await store.stat(stored.key)).toEqual(stored);
    // Layout: objects/<first two hex of the key>/<key> with its sidecar next to it.
    const bucket = join(root, 'objects', stored.key.slice(0, 2));
    expect((await readdir(bucket)).toSorted()).toEqual([stored.key, `${stored.key}.json`]);
    await store.remove(stored.key);
  });

  it('computes SHA-256 only when asked: SM3 alone, in the result and in the metadata', async () => {
    const { head, ...stored } = await store.put(Readable.from([Buffer.from('abc')]), { maxBytes: 1024, sha256: false });
    expect(head.length).toBe(0);
    expect(stored).toEqual({ key: expect.any(String), size: 3, sm3: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0' });
    expect(await store.stat(stored.key)).toEqual(stored);
    await store.remove(stored.key);
  });

  it('hands back the leading bytes from the pass over the content, across source chunks', async () => {
    const parts = [Buffer.from('gg'), Buffer.from('zy-b'), Buffer.from('id/1 and the rest')];
    const stored = await store.put(Readable.from(parts), { maxBytes: 1024, sha256: false, headBytes: 8 });
    expect(stored.head.toString()).toBe('ggzy-bid');
    // A copy, not a view of the source's buffers.
    parts[0]?.fill(0);
    expect(stored.head.toString()).toBe('ggzy-bid');
    expect(await store.stat(stored.key)).not.toHaveProperty('head');
    await store.remove(stored.key);

    const short = await store.put(Readable.from([Buffer.from('gg')]), { maxBytes: 1024, sha256: false, headBytes: 8 });
    expect(short.head.toString()).toBe('gg');
    await store.remove(short.key);
    await expect(store.put(Readable.from([]), { maxBytes: 1, sha256: false, headBytes: -1 })).rejects.toThrow(RangeError);
  });

  it('stores empty content (SM3 of "" known answer)', async () => {
    const stored = await store.put(Readable.from([]), { maxBytes: 0, sha256: false });
    expect(stored).toMatchObject({ size: 0, sm3: '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b' });
    expect(stored).not.toHaveProperty('contentType');
    expect((await readAll(await store.open(stored.key))).length).toBe(0);
    await store.remove(stored.key);
  });

  it('round-trips the same bytes through open()', async () => {
    const content = randomBytes(3 * MiB + 17);
    const stored = await store.put(Readable.from([content.subarray(0, 1000), content.subarray(1000)]), { maxBytes: 4 * MiB, sha256: true });
    expect(stored.size).toBe(content.length);
    expect(stored.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect((await readAll(await store.open(stored.key))).equals(content)).toBe(true);
    await store.remove(stored.key);
    expect(await store.stat(stored.key)).toBeUndefined();
    await expect(store.open(stored.key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expectNothingLeft();
  });

  it('streams 50 MiB with correct digests without holding the content in memory', async () => {
    const total = 50 * MiB;
    const before = memoryInUse();
    let peak = before;
    const stored = await store.put(
      generatedSource(total, () => {
        peak = Math.max(peak, memoryInUse());
      }),
      { maxBytes: total, sha256: true },
    );
    const growth = peak - before;
    expect(stored).toMatchObject({ size: total, ...digestsOfGenerated(total) });
    expect((await stat(join(root, 'objects', stored.key.slice(0, 2), stored.key))).size).toBe(total);
    // Buffering the upload would add ≥ 50 MiB; streaming holds a few 16–64 KiB chunks.
    expect(growth, `heap + arrayBuffers grew by ${(growth / MiB).toFixed(1)} MiB`).toBeLessThan(16 * MiB);
    await store.remove(stored.key);
  });

  it('accepts exactly maxBytes and refuses one byte more with PAYLOAD_TOO_LARGE, leaving nothing', async () => {
    const exact = await store.put(generatedSource(100_000), { maxBytes: 100_000, sha256: false });
    expect(exact.size).toBe(100_000);
    await store.remove(exact.key);

    await expect(store.put(generatedSource(100_001), { maxBytes: 100_000, sha256: false })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      params: { limit: 100_000 },
    });
    await expect(store.put(generatedSource(20 * MiB), { maxBytes: MiB, sha256: false })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expectNothingLeft();
  });

  it('leaves nothing when the source fails midway', async () => {
    await expect(store.put(failingSource(2 * MiB, new Error('disk on the client side failed')), { maxBytes: 10 * MiB, sha256: false })).rejects.toThrow(
      'disk on the client side failed',
    );
    await expectNothingLeft();
  });

  it('leaves nothing when the client aborts (source destroyed without an error)', async () => {
    await expect(store.put(failingSource(MiB), { maxBytes: 10 * MiB, sha256: false })).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
    await expectNothingLeft();
  });

  it('refuses keys that are not store-made UUIDs, so no path can escape the store', async () => {
    const upper = randomUUID().toUpperCase();
    for (const bad of ['../../etc/passwd', '..', '', 'abc', upper, `${randomUUID()}/../x`, `${randomUUID()}.json`]) {
      await expect(store.open(bad), bad).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.stat(bad), bad).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.remove(bad), bad).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
  });

  it('answers NOT_FOUND / undefined for a well-formed key that was never stored', async () => {
    const key = randomUUID();
    await expect(store.open(key)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await store.stat(key)).toBeUndefined();
    await expect(store.remove(key)).resolves.toBeUndefined();
  });
});
