/**
 * The five commands over files (package-file.ts): encrypt, package, sign, upload, and submit
 * (all four in one pass). Arguments arrive parsed (cli.ts); progress goes to `io.progress`,
 * results to `io.out`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { newDataKey } from '../../../apps/server/src/modules/tendering/domain/sealed-bid/envelope.js';
import { type BidReceipt, PlatformClient } from './client.js';
import { CHUNK_SIZE, hashChunks, manifestOf, type OpeningSummary, sealEnvelope, sealStream, summaryProblem } from './envelope.js';
import { bidtoolError, type Locale } from './errors.js';
import { type BidderCertificate, readCertificate, readPrivateKey, signManifest } from './keys.js';
import { bidPaths, exists, isMissing, newPackage, type PackageFile, readJsonFile, readPackage, writeJsonFile } from './package-file.js';
import { checkInclusion, checkReceipt, type InclusionEvidence } from './receipt.js';
import { type UploadEvent, type UploadState, uploadBid } from './upload.js';

export interface Io {
  out(line: string): void;
  progress(line: string): void;
  locale: Locale;
}

export interface ServerOptions {
  server?: string;
  token?: string;
}

export interface EncryptOptions extends ServerOptions {
  file: string;
  tender: string;
  section: string;
  out?: string;
  force?: boolean;
  summary?: OpeningSummary;
  certificate?: string;
  bidderPublicKey?: string;
  openingKey?: string;
  bidderId?: string;
  version?: number;
  /** Plaintext from a stream instead of `file` (library use: generated content in tests). */
  plaintext?: Readable;
}

export interface SignOptions {
  key: string;
  certificate: string;
  passphrase?: string;
}

export interface UploadOptions extends ServerOptions {
  receipt?: string;
  parallel?: number;
  /** Seconds to wait for a checkpoint covering the receipt; 0 skips the inclusion check. */
  proofWait?: number;
  platformKey?: string;
  logKey?: string;
}

const MiB = 1024 * 1024;

function clientOf(options: ServerOptions, io: Io): PlatformClient {
  if (!options.server) throw bidtoolError('SERVER_REQUIRED');
  if (!options.token) throw bidtoolError('TOKEN_REQUIRED');
  return new PlatformClient({ server: options.server, auth: { token: options.token }, locale: io.locale });
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) throw bidtoolError('FILE_NOT_FOUND', { path });
    throw error;
  }
}

export async function loadCertificate(path: string): Promise<BidderCertificate> {
  return readCertificate(await readText(path), path);
}

export async function loadSummary(path: string): Promise<OpeningSummary> {
  let value: unknown;
  try {
    value = JSON.parse(await readText(path));
  } catch (error) {
    if (error instanceof SyntaxError) throw bidtoolError('SUMMARY_INVALID', { reason: `${path} is not JSON` });
    throw error;
  }
  const problem = summaryProblem(value);
  if (problem) throw bidtoolError('SUMMARY_INVALID', { reason: problem });
  return value as OpeningSummary;
}

/** Who is bidding on what: from the flags, or asked of the platform when a flag is missing. */
async function envelopeParties(options: EncryptOptions, io: Io) {
  const bidderPublicKey =
    options.bidderPublicKey ?? (options.certificate ? (await loadCertificate(options.certificate)).publicKey : undefined);
  if (!bidderPublicKey)
    throw bidtoolError('MISSING_OPTION', {
      option: '--certificate',
      what: 'the bidder certificate, whose key the data key is wrapped to / 投标人证书（数据密钥将用其公钥封装）',
    });
  const needServer = !options.openingKey || !options.bidderId || options.version === undefined;
  const client = needServer ? clientOf(options, io) : undefined;
  const openingKey = options.openingKey ?? (await client?.openingKey(options.tender))?.publicKey;
  const bidderId = options.bidderId ?? (await client?.me())?.id;
  let version = options.version;
  if (version === undefined && client) {
    const mine = (await client.myBids(options.tender)).items.filter((b) => b.sectionCode === options.section);
    version = Math.max(0, ...mine.map((b) => b.version)) + 1;
  }
  if (!openingKey || !bidderId || version === undefined) throw new Error('unreachable: parties unresolved');
  return { bidderPublicKey, openingPublicKey: openingKey, bidderId, version };
}

/** `encrypt`: the sealed file and its package description (no chunk hashes yet). */
export async function encrypt(
  options: EncryptOptions,
  io: Io,
  chunkSize?: number,
): Promise<{ sealedPath: string; pkg: PackageFile; chunkSm3?: string[] }> {
  if (!options.summary)
    throw bidtoolError('MISSING_OPTION', {
      option: '--summary',
      what: 'the opening summary / 开标一览表 (--summary FILE, or --price, --duration and --quality)',
    });
  if (options.file === '-' && !options.out)
    throw bidtoolError('MISSING_OPTION', {
      option: '--out',
      what: 'where to write the sealed file when the bid comes from stdin / 从标准输入读取时密封文件的保存位置',
    });
  const sealedPath = options.out ?? `${options.file}.ggzybid`;
  const paths = bidPaths(sealedPath);
  if (!options.force && ((await exists(paths.sealed)) || (await exists(paths.package))))
    throw bidtoolError('FILE_EXISTS', { path: paths.sealed });
  const plaintext = options.plaintext ?? (options.file === '-' ? process.stdin : await openSource(options.file));
  const parties = await envelopeParties(options, io);
  const dataKey = newDataKey();
  try {
    const envelope = sealEnvelope(dataKey, {
      tenderId: options.tender,
      sectionCode: options.section,
      summary: options.summary,
      ...parties,
    });
    const started = performance.now();
    const sealed = await sealStream(plaintext, createWriteStream(paths.sealed, { mode: 0o600 }), dataKey, chunkSize ?? CHUNK_SIZE);
    const pkg = newPackage(paths.sealed, sealed.size, envelope);
    await writeJsonFile(paths.package, pkg);
    io.progress(`${io.locale === 'en' ? 'sealed' : '已加密'} ${paths.sealed}: ${fmtMiB(sealed.size)} (${rate(sealed.size, started)})`);
    return { sealedPath: paths.sealed, pkg, ...(chunkSize ? { chunkSm3: sealed.chunkSm3 } : {}) };
  } finally {
    // The data key is needed again only at the opening, unwrapped from the manifest then.
    dataKey.fill(0);
  }
}

async function openSource(path: string): Promise<Readable> {
  try {
    if (!(await stat(path)).isFile()) throw bidtoolError('FILE_NOT_FOUND', { path });
  } catch (error) {
    if (isMissing(error)) throw bidtoolError('FILE_NOT_FOUND', { path });
    throw error;
  }
  return createReadStream(path, { highWaterMark: MiB });
}

/** `package`: chunk hashes of the sealed file, package hash, manifest. */
export async function packageBid(path: string, io: Io, chunkSize = CHUNK_SIZE): Promise<PackageFile> {
  const { paths, pkg } = await readPackage(path);
  let hashed: Awaited<ReturnType<typeof hashChunks>>;
  try {
    hashed = await hashChunks(createReadStream(paths.sealed, { highWaterMark: MiB }), chunkSize);
  } catch (error) {
    if (isMissing(error)) throw bidtoolError('FILE_NOT_FOUND', { path: paths.sealed });
    throw error;
  }
  if (!hashed.sealed) throw bidtoolError('NOT_SEALED', { path: paths.sealed });
  if (hashed.size !== pkg.size)
    throw bidtoolError('SEALED_FILE_CHANGED', { path: paths.sealed, reason: `${hashed.size} bytes, the package says ${pkg.size}` });
  return savePackaged(paths.package, pkg, chunkSize, hashed.chunkSm3, io);
}

async function savePackaged(packagePath: string, pkg: PackageFile, chunkSize: number, chunkSm3: string[], io: Io): Promise<PackageFile> {
  const manifest = manifestOf(pkg.envelope, pkg.size, chunkSm3);
  // A new manifest voids an old signature.
  const { signature: _signature, certificate: _certificate, ...unsigned } = pkg;
  const packaged: PackageFile = { ...unsigned, chunkSize, chunkSm3, manifest };
  await writeJsonFile(packagePath, packaged);
  io.progress(
    `${io.locale === 'en' ? 'packaged' : '已打包'}: ${manifest.chunkCount} × ${fmtMiB(chunkSize)} chunks, package SM3 ${manifest.packageSm3}`,
  );
  return packaged;
}

/** `sign`: the bidder's SM2 signature over the manifest with the certificate key. */
export async function signBid(path: string, options: SignOptions, io: Io): Promise<PackageFile> {
  const { paths, pkg } = await readPackage(path);
  if (!pkg.manifest) throw bidtoolError('STEP_MISSING', { path: paths.package, step: 'package', command: 'package' });
  const result = await withSignature(pkg, pkg.manifest, options);
  await writeJsonFile(paths.package, result);
  io.progress(`${io.locale === 'en' ? 'signed by' : '签名证书'} ${options.certificate}`);
  return result;
}

async function withSignature(pkg: PackageFile, manifest: NonNullable<PackageFile['manifest']>, options: SignOptions): Promise<PackageFile> {
  const certificate = await loadCertificate(options.certificate);
  const privateKey = readPrivateKey(await readText(options.key), options.passphrase, options.key);
  return { ...pkg, signature: signManifest(manifest, privateKey, certificate, options.certificate), certificate: certificate.pem };
}

export interface UploadResult {
  receipt: BidReceipt;
  inclusion: InclusionEvidence | undefined;
  receiptPath: string;
}

/** `upload`: resumable chunked upload, commit, receipt checked and saved. */
export async function uploadPackage(path: string, options: UploadOptions, io: Io): Promise<UploadResult> {
  const { paths, pkg } = await readPackage(path);
  const client = clientOf(options, io);
  const { manifest, chunkSm3, chunkSize, signature, certificate } = pkg;
  if (!manifest || !chunkSm3 || !chunkSize)
    throw bidtoolError('STEP_MISSING', { path: paths.package, step: 'package', command: 'package' });
  if (!signature || !certificate) throw bidtoolError('STEP_MISSING', { path: paths.package, step: 'sign', command: 'sign' });
  let size: number;
  try {
    size = (await stat(paths.sealed)).size;
  } catch (error) {
    if (isMissing(error)) throw bidtoolError('FILE_NOT_FOUND', { path: paths.sealed });
    throw error;
  }
  if (size !== manifest.size)
    throw bidtoolError('SEALED_FILE_CHANGED', { path: paths.sealed, reason: `${size} bytes, the manifest says ${manifest.size}` });

  const saved = (await exists(paths.upload)) ? ((await readJsonFile(paths.upload)) as UploadState) : undefined;
  const file = await open(paths.sealed, 'r');
  const started = performance.now();
  let receipt: BidReceipt;
  try {
    receipt = await uploadBid({
      client,
      manifest,
      chunkSize,
      chunkSm3,
      commit: { summary: pkg.envelope.summary, signature, certificate },
      state: saved,
      saveState: (state) => writeJsonFile(paths.upload, state),
      readChunk: async (index) => {
        const length = Math.min(chunkSize, manifest.size - index * chunkSize);
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await file.read(buffer, 0, length, index * chunkSize);
        if (bytesRead !== length) throw bidtoolError('SEALED_FILE_CHANGED', { path: paths.sealed, reason: `chunk ${index} is short` });
        return buffer;
      },
      ...(options.parallel ? { parallel: options.parallel } : {}),
      onEvent: (event) => io.progress(describeEvent(event, io.locale)),
    });
  } finally {
    await file.close();
  }
  io.progress(
    `${io.locale === 'en' ? 'uploaded and committed' : '上传并提交完成'}: ${fmtMiB(manifest.size)} (${rate(manifest.size, started)})`,
  );
  return finishReceipt(client, receipt, manifest, options, options.receipt ?? paths.receipt, io);
}

async function finishReceipt(
  client: PlatformClient,
  receipt: BidReceipt,
  manifest: NonNullable<PackageFile['manifest']>,
  options: UploadOptions,
  receiptPath: string,
  io: Io,
): Promise<UploadResult> {
  checkReceipt(receipt, manifest, options.platformKey);
  const wait = options.proofWait ?? 10;
  const inclusion =
    wait > 0
      ? await checkInclusion(client, receipt, { timeoutMs: wait * 1000, ...(options.logKey ? { logKey: options.logKey } : {}) })
      : undefined;
  await writeJsonFile(receiptPath, { receipt, inclusion: inclusion ?? null });
  const en = io.locale === 'en';
  io.progress(
    en
      ? `receipt ${receipt.receiptId}: bid ${receipt.bidId} version ${receipt.version}, received ${receipt.receivedAt}, platform signature valid${inclusion ? `, in the log (tree size ${inclusion.treeSize})` : ', log inclusion not yet checkable'}; saved to ${receiptPath}`
      : `回执 ${receipt.receiptId}：投标 ${receipt.bidId} 第 ${receipt.version} 版，平台接收时间 ${receipt.receivedAt}，平台签名有效${inclusion ? `，已记入透明日志（树大小 ${inclusion.treeSize}）` : '，日志收录暂无法验证'}；已保存到 ${receiptPath}`,
  );
  io.out(JSON.stringify(receipt, null, 2));
  return { receipt, inclusion, receiptPath };
}

/** `submit`: encrypt, package, sign and upload in one pass over the plaintext (chunks hashed while sealing). */
export async function submit(
  options: EncryptOptions & SignOptions & UploadOptions & { chunkSize?: number },
  io: Io,
): Promise<UploadResult> {
  // Fail on the key before spending time on a large file.
  const certificate = await loadCertificate(options.certificate);
  readPrivateKey(await readText(options.key), options.passphrase, options.key);
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  const sealed = await encrypt({ ...options, bidderPublicKey: options.bidderPublicKey ?? certificate.publicKey }, io, chunkSize);
  const packaged = await savePackaged(bidPaths(sealed.sealedPath).package, sealed.pkg, chunkSize, sealed.chunkSm3 ?? [], io);
  if (!packaged.manifest) throw new Error('unreachable: no manifest');
  await writeJsonFile(bidPaths(sealed.sealedPath).package, await withSignature(packaged, packaged.manifest, options));
  return uploadPackage(sealed.sealedPath, options, io);
}

function describeEvent(event: UploadEvent, locale: Locale): string {
  const en = locale === 'en';
  switch (event.kind) {
    case 'created':
      return en ? `upload ${event.uploadId} created` : `已创建上传 ${event.uploadId}`;
    case 'resumed':
      return en
        ? `resuming upload ${event.uploadId}: ${event.present} of ${event.total} chunks already on the platform`
        : `续传 ${event.uploadId}：平台上已有 ${event.present}/${event.total} 个分片`;
    case 'chunk':
      return en ? `chunk ${event.index} sent (${event.sent}/${event.total})` : `分片 ${event.index} 已上传（${event.sent}/${event.total}）`;
    case 'retry':
      return en
        ? `chunk ${event.index}: attempt ${event.attempt} failed (${event.reason}), retrying`
        : `分片 ${event.index}：第 ${event.attempt} 次上传失败（${event.reason}），重试`;
    case 'committing':
      return en ? 'committing (server time decides whether the bid is in time)' : '正在提交（以平台服务器时间判断是否在截止前）';
  }
}

const fmtMiB = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const rate = (bytes: number, started: number) => `${(bytes / MiB / ((performance.now() - started) / 1000)).toFixed(0)} MiB/s`;
