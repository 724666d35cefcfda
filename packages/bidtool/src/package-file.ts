/**
 * The files a bid goes through on the bidder's disk, named after the sealed file S:
 *   S                 the sealed bid file (ggzy-bid/1), made by `encrypt`
 *   S.json            the package description: envelope (sealed summary, key commitment, wrapped
 *                     keys) from `encrypt`; chunk hashes and manifest from `package`; signature and
 *                     certificate from `sign`
 *   S.upload.json     the upload in progress (upload id, idempotency key), for resuming
 *   S.receipt.json    the platform's signed receipt and its inclusion evidence, from `upload`
 * None of them holds the data key or the plaintext.
 */
import { access, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BidManifest, SealedEnvelope } from './envelope.js';
import { bidtoolError } from './errors.js';

export const PACKAGE_KIND = 'ggzy-bidtool/1 package';

export interface PackageFile {
  kind: typeof PACKAGE_KIND;
  /** The sealed file's name, relative to this file's directory. */
  sealedFile: string;
  size: number;
  envelope: SealedEnvelope;
  chunkSize?: number;
  chunkSm3?: string[];
  manifest?: BidManifest;
  /** SM2 (DER, base64) over the manifest's canonical JSON. */
  signature?: string;
  /** The signing certificate, PEM. */
  certificate?: string;
}

export interface BidPaths {
  sealed: string;
  package: string;
  upload: string;
  receipt: string;
}

/** The paths of a bid, from its sealed file or its package file. */
export function bidPaths(path: string): BidPaths {
  const sealed = path.endsWith('.json') ? path.slice(0, -'.json'.length) : path;
  return { sealed, package: `${sealed}.json`, upload: `${sealed}.upload.json`, receipt: `${sealed}.receipt.json` };
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) throw bidtoolError('FILE_NOT_FOUND', { path });
    throw error;
  }
  try {
    return JSON.parse(text);
  } catch {
    throw bidtoolError('NOT_A_PACKAGE', { path, reason: 'not JSON' });
  }
}

export async function readPackage(path: string): Promise<{ paths: BidPaths; pkg: PackageFile }> {
  const paths = bidPaths(path);
  const value = await readJsonFile(paths.package);
  const pkg = value as Partial<PackageFile>;
  if (typeof value !== 'object' || value === null || pkg.kind !== PACKAGE_KIND)
    throw bidtoolError('NOT_A_PACKAGE', { path: paths.package, reason: `"kind" is not "${PACKAGE_KIND}"` });
  if (typeof pkg.sealedFile !== 'string' || typeof pkg.size !== 'number' || typeof pkg.envelope !== 'object') {
    throw bidtoolError('NOT_A_PACKAGE', { path: paths.package, reason: 'sealedFile, size or envelope missing' });
  }
  return { paths: { ...paths, sealed: join(dirname(paths.package), pkg.sealedFile) }, pkg: pkg as PackageFile };
}

/** Written to a temporary name and renamed: an interrupted write never leaves half a file. */
export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

export function newPackage(sealedPath: string, size: number, envelope: SealedEnvelope): PackageFile {
  return { kind: PACKAGE_KIND, sealedFile: basename(sealedPath), size, envelope };
}

export function isMissing(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}
