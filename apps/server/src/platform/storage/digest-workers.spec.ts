import { createHash, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { type DigestJob, startDigest } from './digest-workers.js';

const KiB = 1024;

/** Feeds `content` in pieces of the given sizes (in rotation), waiting whenever the job asks to. */
async function feed(job: DigestJob, content: Buffer, pieceSizes: readonly number[]): Promise<void> {
  for (let offset = 0, i = 0; offset < content.length; i += 1) {
    const size = pieceSizes[i % pieceSizes.length] ?? 1;
    await job.update(content.subarray(offset, offset + size));
    offset += size;
  }
}

const sm3Of = (bytes: Buffer) => createHash('sm3').update(bytes).digest('hex');
const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('digest workers', () => {
  it('hash what they are given, across slot boundaries and ring wrap-arounds, SHA-256 only when asked', async () => {
    // 5 MiB + 3: more than two turns of the 2 MiB ring, pieces that straddle the 256 KiB slots.
    const content = randomBytes(5 * 1024 * KiB + 3);
    const withSha = startDigest(true);
    await feed(withSha, content, [64 * KiB, 1, 300 * KiB, 17]);
    expect(await withSha.digest()).toEqual({ sm3: sm3Of(content), sha256: sha256Of(content) });

    const sm3Only = startDigest(false);
    await feed(sm3Only, content, [1024 * KiB]);
    expect(await sm3Only.digest()).toEqual({ sm3: sm3Of(content) });

    const empty = startDigest(false);
    expect(await empty.digest()).toEqual({ sm3: '1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b' });
  });

  it('keep concurrent jobs apart, more of them than workers (the rest hashed on the event loop)', async () => {
    const contents = Array.from({ length: availableParallelism() + 3 }, (_, i) => randomBytes(600 * KiB + i));
    const jobs = contents.map(() => startDigest(true));
    // Interleaved: every job gets a piece in turn, so the rings fill side by side.
    for (let offset = 0; offset < 601 * KiB; offset += 48 * KiB) {
      await Promise.all(jobs.map((job, i) => job.update(contents[i]?.subarray(offset, offset + 48 * KiB) ?? Buffer.alloc(0))));
    }
    const digests = await Promise.all(jobs.map((job) => job.digest()));
    expect(digests).toEqual(contents.map((c) => ({ sm3: sm3Of(c), sha256: sha256Of(c) })));
  });

  it('after an aborted job, the next ones on the same workers are not disturbed by its bytes', async () => {
    for (let round = 0; round < 3; round += 1) {
      const aborted = Array.from({ length: availableParallelism() }, () => startDigest(false));
      const freed: Array<Promise<void>> = [];
      for (const job of aborted) {
        void job.update(randomBytes(700 * KiB));
        freed.push(job.abort());
        // Late bytes from a stream torn down mid-write must be dropped, not land in a reused ring.
        expect(job.update(randomBytes(10 * KiB))).toBeUndefined();
      }
      // Once the aborted jobs' workers are free, the next jobs run on those very workers (their rings).
      await Promise.all(freed);
      const content = randomBytes(3 * 1024 * KiB);
      const jobs = aborted.map(() => startDigest(false));
      expect([...aborted, ...jobs].every((job) => job.onWorker)).toBe(true);
      await Promise.all(jobs.map((job) => feed(job, content, [128 * KiB + 5])));
      for (const digests of await Promise.all(jobs.map((job) => job.digest()))) expect(digests).toEqual({ sm3: sm3Of(content) });
    }
  });
});
