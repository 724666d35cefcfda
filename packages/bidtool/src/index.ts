/**
 * @ggzy/bidtool as a library: the same functions the CLI runs, for tests and for other clients.
 * The cryptography is the tendering module's envelope (ggzy-bid/1) and platform/crypto/gm.
 */
export { main, parseCommandLine } from './cli.js';
export { type BidReceipt, type CommitRequest, PlatformClient, type Reply, type UploadStatus } from './client.js';
export {
  encrypt,
  type EncryptOptions,
  type Io,
  packageBid,
  signBid,
  submit,
  uploadPackage,
  type UploadOptions,
  type UploadResult,
} from './commands.js';
export {
  type BidManifest,
  CHUNK_SIZE,
  ChunkHasher,
  hashChunks,
  manifestOf,
  type OpeningSummary,
  type SealedEnvelope,
  sealEnvelope,
  sealStream,
  splitChunks,
} from './envelope.js';
export { bidtoolError, describeError, EXIT, localeFrom } from './errors.js';
export { type BidderCertificate, readCertificate, readPrivateKey, signManifest } from './keys.js';
export { bidPaths, type PackageFile } from './package-file.js';
export { checkInclusion, checkReceipt } from './receipt.js';
export { type UploadEvent, type UploadState, uploadBid } from './upload.js';
