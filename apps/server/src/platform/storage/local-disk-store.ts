/**
 * The FileStore on a local directory, for embedded mode and single-node installs.
 *
 * Layout under rootDir:
 *   tmp/<key>.part                  content being received
 *   tmp/<key>.json.part             metadata being written
 *   objects/<k0k1>/<key>            content, k0k1 = first two hex digits of the key (keeps
 *                                   directories small: 256 buckets)
 *   objects/<k0k1>/<key>.json       metadata sidecar: size, digests, contentType, fileName
 *
 * Why this order of steps in `put`: content is streamed into tmp/ (same file system, so the
 * final rename is atomic), fsynced, and renamed into objects/; the sidecar is written the same way
 * and renamed last. The sidecar's rename is the commit point: `open` and `stat` look for the
 * sidecar, so a crash at any step leaves at most an invisible leftover (a tmp/ file or an object
 * without sidecar) and never a visible partial file. Failures that the process sees are cleaned
 * up at once.
 *
 * Keys are random UUIDs made here and checked against a strict pattern on every call, so a key
 * from a URL can never name a path outside objects/.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { platformError } from '../errors.js';
import type { FileStore, PutOptions, PutResult, StoredFile } from './file-store.js';
import { HashingStream } from './hashing-stream.js';

/** Owner-only permissions (before umask) for stored files and the store's directories. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;
/** Bytes buffered ahead of the disk per upload (see `put`). */
const WRITE_BUFFER_BYTES = 1024 * 1024;

/** What `crypto.randomUUID()` produces: a lower-case version-4 UUID. */
const KEY_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether `key` has the form of a key this store makes (says nothing about existence). */
export function isFileKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/**
 * Note for HTTP callers: like `stream.pipeline`, a failed `put` destroys `source`. Destroying an
 * unfinished `IncomingMessage` closes its socket, so a route that wants to answer 413 should pass
 * the request through its own stream (or check Content-Length first) rather than hand over the
 * raw request.
 */
export function createLocalDiskStore(rootDir: string): FileStore {
  const root = resolve(rootDir);
  const tmpDir = join(root, 'tmp');
  const objectPath = (key: string): string => join(root, 'objects', key.slice(0, 2), key);
  const sidecarPath = (key: string): string => `${objectPath(key)}.json`;

  async function readSidecar(key: string): Promise<StoredFile | undefined> {
    let text: string;
    try {
      text = await readFile(sidecarPath(checkedKey(key)), 'utf8');
    } catch (error) {
      if (isMissingFile(error)) return undefined;
      throw error;
    }
    const stored = toStoredFile(JSON.parse(text));
    if (stored === undefined || stored.key !== key) throw new Error(`File store: corrupt metadata for ${key}`);
    return stored;
  }

  return {
    async put<Sha256 extends boolean>(source: Readable, options: PutOptions<Sha256>): Promise<PutResult<Sha256>> {
      const hasher = new HashingStream(options);
      const key = randomUUID();
      const tmpContent = join(tmpDir, `${key}.part`);
      const tmpSidecar = join(tmpDir, `${key}.json.part`);
      const finalContent = objectPath(key);
      let contentMoved = false;
      try {
        await mkdir(tmpDir, { recursive: true, mode: DIR_MODE });
        // 'wx': never write into an existing file; flush: fsync before close, so the content is on
        // disk before it becomes visible under objects/. Owner-only modes: uploads are trade
        // documents, readable by the server account alone.
        // A larger buffer than the default 16 KiB: pieces that arrive while a write is under way
        // go to disk together in one writev (half the system time for 64 KiB socket reads), and
        // it bounds the memory held per upload.
        await pipeline(source, hasher, createWriteStream(tmpContent, { flags: 'wx', flush: true, mode: FILE_MODE, highWaterMark: WRITE_BUFFER_BYTES }));

        const { size, sm3, sha256, head } = hasher.digests;
        const stored: StoredFile = {
          key,
          size,
          sm3,
          ...(sha256 === undefined ? {} : { sha256 }),
          ...(options.contentType === undefined ? {} : { contentType: options.contentType }),
          ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
        };
        await mkdir(dirname(finalContent), { recursive: true, mode: DIR_MODE });
        await rename(tmpContent, finalContent);
        contentMoved = true;
        await writeFile(tmpSidecar, `${JSON.stringify(stored)}\n`, { encoding: 'utf8', flag: 'wx', flush: true, mode: FILE_MODE });
        await rename(tmpSidecar, sidecarPath(key));
        // The renames are durable only once the directory entry is on disk.
        await syncDirectory(dirname(finalContent));
        // The cast: HashingStream computed SHA-256 exactly when options.sha256 is true.
        return { ...stored, head } as PutResult<Sha256>;
      } catch (error) {
        // Before the commit point nothing is visible; remove every trace, then report the cause.
        // (A failure of syncDirectory after the sidecar rename also lands here; the object is then
        // removed too, which is the safe side: the caller was told the put failed.)
        if (!source.destroyed) source.destroy();
        // Frees its digest worker when the failure came before the pipeline (mkdir).
        hasher.destroy();
        // allSettled: a failed clean-up must not hide the cause.
        await Promise.allSettled([
          rm(tmpContent, { force: true }),
          rm(tmpSidecar, { force: true }),
          ...(contentMoved ? [rm(sidecarPath(key), { force: true }), rm(finalContent, { force: true })] : []),
        ]);
        throw error;
      }
    },

    async open(key: string): Promise<Readable> {
      // The sidecar first: an object without it is not committed and must not be served.
      if ((await readSidecar(key)) === undefined) throw platformError('NOT_FOUND');
      try {
        const handle = await open(objectPath(key), 'r');
        return handle.createReadStream();
      } catch (error) {
        if (isMissingFile(error)) throw platformError('NOT_FOUND');
        throw error;
      }
    },

    stat: readSidecar,

    async remove(key: string): Promise<void> {
      // Sidecar first, so the file disappears as a whole even if removing the content fails.
      await rm(sidecarPath(checkedKey(key)), { force: true });
      await rm(objectPath(key), { force: true });
    },
  };
}

function checkedKey(key: string): string {
  if (!isFileKey(key)) throw platformError('VALIDATION_FAILED', { summary: 'the file key is not a valid key' });
  return key;
}

async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isMissingFile(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function toStoredFile(value: unknown): StoredFile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record: Record<string, unknown> = { ...value };
  const { key, size, sm3, sha256, contentType, fileName } = record;
  if (typeof key !== 'string' || typeof size !== 'number' || typeof sm3 !== 'string') return undefined;
  if (sha256 !== undefined && typeof sha256 !== 'string') return undefined;
  if (contentType !== undefined && typeof contentType !== 'string') return undefined;
  if (fileName !== undefined && typeof fileName !== 'string') return undefined;
  return {
    key,
    size,
    sm3,
    ...(sha256 === undefined ? {} : { sha256 }),
    ...(contentType === undefined ? {} : { contentType }),
    ...(fileName === undefined ? {} : { fileName }),
  };
}
