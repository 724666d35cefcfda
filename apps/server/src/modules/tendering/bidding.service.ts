import { SEALED_BID_CHUNK_BYTES } from '@ggzy/contracts';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { recordAudit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import { sm2 } from '../../platform/crypto/gm/index.js';
import type { Executor, Tx } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import { type Principal, type RequestContext } from '../../platform/http/access.js';
import type { CommandResult } from '../../platform/idempotency/idempotency.js';
import type { KeyStore } from '../../platform/keys/key-store.js';
import type { FileStore } from '../../platform/storage/file-store.js';
import type { DocumentSignatureInput, DocumentSignatureResult } from '../certificate/index.js';
import type { BiddingPorts } from './domain/ports.js';
import { type BidReceipt } from '@ggzy/contracts';
import { type BidManifest, CIPHER_SUITE, FORMAT, looksSealed, MAGIC, manifestBytes, wrapKey } from './domain/sealed-bid/envelope.js';
import { type BidCommit, bidCommitSet, type CommitInput, mismatch, signReceipts } from './bid-commit.js';
import { createGroupCommit } from '../../platform/transparency/group-commit.js';
import type { IdempotentResult } from '../../platform/idempotency/idempotency.js';
import { splitSecret } from './domain/sealed-bid/shamir.js';
import { sm3Hex } from '../../platform/crypto/gm/index.js';
import { custodianCandidates, keyFingerprint, resolveCustodians } from './opening-key-custodians.js';
import { isRegistered, lockTender } from './tendering.repository.js';
import { tenderingError } from './tendering.errors.js';
import './tendering.tables.js';

export const CHUNK_SIZE = SEALED_BID_CHUNK_BYTES;
export const MAX_BID_BYTES = 2 * 1024 * 1024 * 1024;
export const RECEIPT_KEY_NAME = 'tendering.receipt.sm2';


export interface BiddingServiceDeps {
  db: Executor;
  clock: Clock;
  files: FileStore;
  keys: KeyStore;
  ports: BiddingPorts;
  verifySignature(input: DocumentSignatureInput): Promise<DocumentSignatureResult>;
}

export interface OpeningKeyInput {
  threshold: number;
  /** `publicKey` given: an offline custodian key; omitted: the custodian's usable SM2 certificate key. */
  custodians: Array<{ userId: string; publicKey?: string }>;
}

export function createBiddingService(deps: BiddingServiceDeps) {
  const { db, clock, files, keys, ports } = deps;
  // Concurrent commits are stored as sets, one transaction and one log append each (docs/adr/0003).
  const commits = createGroupCommit(db, bidCommitSet(clock));

  async function receiptKey() {
    return keys.getOrCreate(RECEIPT_KEY_NAME, () => ({ algorithm: 'SM2', ...sm2.generateKeyPair() }));
  }

  /**
   * The opening-key ceremony: an SM2 key pair is generated, its private key split t-of-n at once
   * and each share encrypted to a named custodian's own SM2 key; the private key is never stored.
   * A custodian's key is their usable SM2 certificate's, or an offline key given in the request.
   * (A distributed key generation, so that no process ever holds it, is a later improvement.)
   */
  async function createOpeningKey(tx: Tx, principal: Principal, tenderId: string, input: OpeningKeyInput, ctx: RequestContext): Promise<CommandResult> {
    const tender = await lockTender(tx, tenderId);
    if (tender.status !== 'published' && tender.status !== 'suspended') throw tenderingError('TENDER_WRONG_STATE', { status: tender.status, action: 'given an opening key' });
    const existing = await tx.selectFrom('tendering.opening_key').select(['tender_id']).where('tender_id', '=', tenderId).executeTakeFirst();
    if (existing) throw tenderingError('OPENING_KEY_EXISTS');
    const n = input.custodians.length;
    if (input.threshold > n) throw tenderingError('OPENING_KEY_THRESHOLD', { threshold: input.threshold, count: n });
    const ids = input.custodians.map((c) => c.userId);
    const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
    if (repeated) throw tenderingError('CUSTODIAN_REPEATED', { userId: repeated });
    const now = clock.now();
    const custodians = await resolveCustodians(tx, tender.owner_id, input.custodians, now);
    const pair = sm2.generateKeyPair();
    const shares = splitSecret(sm2.privateKeyHex(pair.privateKey), input.threshold, n, randomBytes);
    await tx
      .insertInto('tendering.opening_key')
      .values({ tender_id: tenderId, public_key: pair.publicKey, threshold: input.threshold, custodian_count: n, created_by: principal.userId, created_at: now })
      .execute();
    await tx
      .insertInto('tendering.opening_key_share')
      .values(
        custodians.map((custodian, i) => {
          const share = shares[i];
          if (!share) throw new Error('share count');
          return {
            tender_id: tenderId,
            x: share.x,
            custodian_id: custodian.userId,
            custodian_public_key: custodian.publicKey,
            wrapped_share: Buffer.from(sm2.encrypt(Buffer.from(JSON.stringify(share)), custodian.publicKey)).toString('base64'),
            key_source: custodian.keySource,
            certificate_serial: custodian.certificateSerial,
          };
        }),
      )
      .execute();
    const published = custodians.map((c, i) => ({ ...c, x: shares[i]?.x ?? i + 1 }));
    const body = { tenderId, publicKey: pair.publicKey, threshold: input.threshold, custodians: published.map((c) => ({ userId: c.userId, displayName: c.displayName, x: c.x, publicKey: c.publicKey, fingerprint: c.fingerprint, keySource: c.keySource, certificateSerial: c.certificateSerial })) };
    await recordAudit(tx, {
      actorId: principal.userId,
      actorName: principal.username,
      action: 'tendering.opening-key.create',
      target: tenderId,
      outcome: 'success',
      ip: ctx.ip,
      at: now,
      // Per custodian: where the key came from (certificate serial or "offline") and its SM3 fingerprint.
      detail: { publicKey: pair.publicKey, threshold: input.threshold, custodians: published.map((c) => ({ userId: c.userId, x: c.x, key: c.certificateSerial ?? 'offline', keySource: c.keySource, fingerprint: c.fingerprint })) },
    });
    return { statusCode: 201, body };
  }

  /** The public opening key and who holds its shares (names, share numbers, keys, certificate serials): no secret among them. */
  async function openingKey(tenderId: string) {
    const row = await db.selectFrom('tendering.opening_key').selectAll().where('tender_id', '=', tenderId).executeTakeFirst();
    if (!row) throw tenderingError('OPENING_KEY_MISSING');
    const shares = await db
      .selectFrom('tendering.opening_key_share as s')
      .leftJoin('identity.user as u', 'u.id', 's.custodian_id')
      .select(['s.x', 's.custodian_public_key', 's.key_source', 's.certificate_serial', 'u.display_name'])
      .where('s.tender_id', '=', tenderId)
      .orderBy('s.x')
      .execute();
    const custodians = shares.map((s) => ({
      displayName: s.display_name ?? '',
      x: s.x,
      publicKey: s.custodian_public_key,
      fingerprint: keyFingerprint(s.custodian_public_key),
      keySource: s.key_source,
      certificateSerial: s.certificate_serial,
    }));
    return { tenderId, publicKey: row.public_key, threshold: row.threshold, custodianCount: row.custodian_count, createdAt: row.created_at.toISOString(), custodians };
  }

  /** Staff pick custodians from these (opening-key-custodians.ts says who they are). */
  async function openingKeyCandidates(tenderId: string) {
    const tender = await db.selectFrom('tendering.tender').select(['id']).where('id', '=', tenderId).executeTakeFirst();
    if (!tender) throw tenderingError('TENDER_NOT_FOUND');
    return { items: await custodianCandidates(db, tenderId, clock.now()) };
  }

  async function checkCredit(principal: Principal) {
    const restriction = await ports.credit.activeRestriction(principal.userId, 'bid');
    if (restriction) throw tenderingError('CREDIT_RESTRICTED', { ...restriction }, restriction);
  }

  async function startUpload(tx: Tx, principal: Principal, tenderId: string, sectionCode: string, ctx: RequestContext): Promise<CommandResult> {
    await checkCredit(principal);
    const tender = await lockTender(tx, tenderId);
    if (tender.status === 'suspended') throw tenderingError('TENDER_SUSPENDED');
    if (tender.status !== 'published') throw tenderingError('TENDER_WRONG_STATE', { status: tender.status, action: 'bid on' });
    const now = clock.now();
    if (now >= tender.bid_deadline) throw tenderingError('BID_DEADLINE_PASSED', { deadline: tender.bid_deadline.toISOString(), receivedAt: now.toISOString() });
    const section = await tx.selectFrom('tendering.section').select(['id']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    if (!section) throw tenderingError('SECTION_NOT_FOUND', { code: sectionCode });
    if (!(await isRegistered(tx, tenderId, principal.userId))) throw tenderingError('NOT_REGISTERED');
    const upload = await tx
      .insertInto('tendering.bid_upload')
      .values({ tender_id: tenderId, section_code: sectionCode, bidder_id: principal.userId, chunk_size: CHUNK_SIZE, max_chunks: Math.ceil(MAX_BID_BYTES / CHUNK_SIZE), status: 'open', created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    const body = { uploadId: upload.id, tenderId, sectionCode, chunkSize: upload.chunk_size, maxChunks: upload.max_chunks };
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.bid.upload-start', target: upload.id, outcome: 'success', ip: ctx.ip, at: now, detail: { tenderId, sectionCode } });
    return { statusCode: 201, body };
  }

  /**
   * One chunk, streamed to the file store with SM3 on the way (never buffered whole). The same
   * index may be sent again (resume after an interruption): the last complete one counts.
   *
   * This is the ingest path of 500 MB bids (bench/ingest.bench.ts), so it does no per-byte work
   * beyond what the bid needs: the request goes straight into the store through no stream of
   * ours, only SM3 is computed (it alone enters the package hash; no SHA-256), chunk 0's header
   * comes back from the store's pass over the bytes (not read back from disk), and after the
   * store the database sees one statement.
   */
  async function putChunk(principal: Principal, uploadId: string, index: number, declaredSm3: string, source: Readable) {
    const upload = await ownUpload(db, principal, uploadId);
    if (upload.status !== 'open') throw tenderingError('UPLOAD_CLOSED');
    if (index < 0 || index >= upload.max_chunks) throw tenderingError('CHUNK_OUT_OF_RANGE', { index, max: upload.max_chunks });
    const stored = await files.put(source, { maxBytes: upload.chunk_size, sha256: false, headBytes: index === 0 ? MAGIC.length : 0, contentType: 'application/octet-stream' });
    const refuse = async (error: AppError) => {
      await files.remove(stored.key);
      return error;
    };
    if (stored.sm3 !== declaredSm3) throw await refuse(tenderingError('CHUNK_HASH_MISMATCH', { index }));
    const sealedMagic = index === 0 && looksSealed(stored.head);
    if (index === 0 && !sealedMagic) throw await refuse(tenderingError('BID_NOT_ENCRYPTED'));
    const now = clock.now();
    // One round trip: the row is written only while the upload is still open (FOR SHARE: a
    // commit closing it concurrently is waited for, so no chunk changes under a committed bid),
    // and the replaced chunk's key comes back from the statement's snapshot taken before the write.
    const written = await db
      .with('previous', (qb) => qb.selectFrom('tendering.bid_chunk').select('file_key').where('upload_id', '=', uploadId).where('index', '=', index))
      .insertInto('tendering.bid_chunk')
      .columns(['upload_id', 'index', 'file_key', 'size', 'sm3', 'sealed_magic', 'received_at'])
      .expression((eb) =>
        eb
          .selectFrom('tendering.bid_upload')
          .select([
            'id',
            eb.cast<number>(eb.val(index), 'integer').as('index'),
            eb.cast<string>(eb.val(stored.key), 'text').as('file_key'),
            eb.cast<number>(eb.val(stored.size), 'integer').as('size'),
            eb.cast<string>(eb.val(stored.sm3), 'text').as('sm3'),
            eb.cast<boolean>(eb.val(sealedMagic), 'boolean').as('sealed_magic'),
            eb.cast<Date>(eb.val(now), 'timestamptz').as('received_at'),
          ])
          .where('id', '=', uploadId)
          .where('status', '=', 'open')
          .forShare(),
      )
      .onConflict((c) =>
        c.columns(['upload_id', 'index']).doUpdateSet((eb) => ({
          file_key: eb.ref('excluded.file_key'),
          size: eb.ref('excluded.size'),
          sm3: eb.ref('excluded.sm3'),
          sealed_magic: eb.ref('excluded.sealed_magic'),
          received_at: eb.ref('excluded.received_at'),
        })),
      )
      .returning((eb) => eb.selectFrom('previous').select('file_key').as('previous_key'))
      .executeTakeFirst();
    if (!written) throw await refuse(tenderingError('UPLOAD_CLOSED'));
    if (written.previous_key && written.previous_key !== stored.key) await files.remove(written.previous_key);
    return { index, size: stored.size, sm3: stored.sm3 };
  }

  async function uploadStatus(principal: Principal, uploadId: string) {
    const upload = await ownUpload(db, principal, uploadId);
    const chunks = await db.selectFrom('tendering.bid_chunk').select(['index', 'size', 'sm3']).where('upload_id', '=', uploadId).orderBy('index').execute();
    return { uploadId, status: upload.status, chunkSize: upload.chunk_size, chunks };
  }

  /**
   * Checks that need no lock and may read the database (signature verification must run outside
   * a transaction): the manifest against the stored chunks, the signature, the signer.
   */
  async function precheckCommit(principal: Principal, uploadId: string, input: CommitInput) {
    const upload = await ownUpload(db, principal, uploadId);
    await checkCredit(principal);
    const m = input.manifest;
    if (m.format !== FORMAT || m.cipherSuite !== CIPHER_SUITE) throw mismatch('format');
    if (m.tenderId !== upload.tender_id || m.sectionCode !== upload.section_code) throw mismatch('tenderId/sectionCode');
    if (m.bidderId !== principal.userId) throw mismatch('bidderId');
    // The chunks against the manifest: in the commit, under the upload's lock (a chunk may still be replaced until then).
    const summary = Buffer.from(input.summary, 'base64');
    if (!looksSealed(summary)) throw tenderingError('BID_NOT_ENCRYPTED');
    if (sm3Hex(summary) !== m.summarySm3) throw mismatch('summarySm3');
    const verdict = await deps.verifySignature({ certificate: input.certificate, signature: Buffer.from(input.signature, 'base64'), content: { data: manifestBytes(m) } });
    if (!verdict.valid) throw tenderingError('SIGNATURE_INVALID', { reasons: verdict.reasons.join(', ') }, verdict.reasons);
    if (verdict.holder?.userId !== principal.userId) throw tenderingError('SIGNER_NOT_BIDDER');
    // The key store reads the database: outside the transaction (embedded mode has one connection).
    const signingKey = await receiptKey();
    return { upload, summary, certificateSerial: verdict.certificate.serial, signingKey };
  }

  /** The commit, in a set with the commits that arrive with it (bid-commit.ts): resolves with the stored answer once durable. */
  function commit(item: BidCommit): Promise<IdempotentResult> {
    return commits.run(item);
  }

  /** Withdraw (撤回) before the deadline (法 29, 条例 35); the deposit refund follows in finance. */
  async function withdraw(tx: Tx, principal: Principal, bidId: string, ctx: RequestContext): Promise<CommandResult> {
    const found = await tx.selectFrom('tendering.bid').select(['tender_id']).where('id', '=', bidId).where('bidder_id', '=', principal.userId).executeTakeFirst();
    if (!found) throw tenderingError('BID_NOT_FOUND');
    const tender = await lockTender(tx, found.tender_id);
    const now = clock.now();
    if (now >= tender.bid_deadline) throw tenderingError('BID_DEADLINE_PASSED', { deadline: tender.bid_deadline.toISOString(), receivedAt: now.toISOString() });
    const bid = await tx.selectFrom('tendering.bid').selectAll().where('id', '=', bidId).forUpdate().executeTakeFirstOrThrow();
    if (bid.status !== 'submitted') throw tenderingError('TENDER_WRONG_STATE', { status: bid.status, action: 'withdrawn' });
    await tx.updateTable('tendering.bid').set({ status: 'withdrawn', withdrawn_at: now }).where('id', '=', bidId).execute();
    const body = { bidId, status: 'withdrawn', withdrawnAt: now.toISOString() };
    await recordAudit(tx, { actorId: principal.userId, actorName: principal.username, action: 'tendering.bid.withdraw', target: bidId, outcome: 'success', ip: ctx.ip, at: now, detail: { tenderId: bid.tender_id, sectionCode: bid.section_code, version: bid.version } });
    return { statusCode: 200, body };
  }

  /** The receipt of one of my bids again (a fresh signature over the same fields: a batch of one). */
  async function receiptOf(principal: Principal, bidId: string): Promise<BidReceipt> {
    const bid = await db.selectFrom('tendering.bid').selectAll().where('id', '=', bidId).where('bidder_id', '=', principal.userId).executeTakeFirst();
    if (!bid) throw tenderingError('BID_NOT_FOUND');
    const entry = await db
      .selectFrom('platform.audit_event')
      .select(['id', 'leaf_sm3'])
      .where('action', '=', 'tendering.bid.commit')
      .where('target', '=', bidId)
      .executeTakeFirstOrThrow();
    const index = Number(entry.id);
    const [receipt] = signReceipts(await receiptKey(), [{
      receiptId: index,
      bidId,
      tenderId: bid.tender_id,
      sectionCode: bid.section_code,
      bidderId: bid.bidder_id,
      version: bid.version,
      packageSm3: bid.package_sm3,
      size: Number(bid.size),
      receivedAt: bid.received_at.toISOString(),
      logIndex: index,
      leafHashSm3: entry.leaf_sm3.toString('hex'),
    }]);
    if (!receipt) throw new Error('No receipt signed');
    return receipt;
  }

  /** The signed manifest of one of my bids: the wrapped keys are not secret, K is only recoverable with the bidder's own key. */
  async function manifestOf(principal: Principal, bidId: string) {
    const bid = await db.selectFrom('tendering.bid').select(['id', 'manifest', 'signature']).where('id', '=', bidId).where('bidder_id', '=', principal.userId).executeTakeFirst();
    if (!bid) throw tenderingError('BID_NOT_FOUND');
    return { bidId: bid.id, manifest: (typeof bid.manifest === 'string' ? JSON.parse(bid.manifest) : bid.manifest) as BidManifest, signature: bid.signature };
  }

  /** My bids on a tender (every version), metadata only. */
  async function myBids(principal: Principal, tenderId: string) {
    const rows = await db
      .selectFrom('tendering.bid')
      .select(['id', 'section_code', 'version', 'status', 'package_sm3', 'size', 'received_at', 'withdrawn_at'])
      .where('tender_id', '=', tenderId)
      .where('bidder_id', '=', principal.userId)
      .orderBy('section_code')
      .orderBy('version')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      sectionCode: r.section_code,
      version: r.version,
      status: r.status,
      packageSm3: r.package_sm3,
      size: Number(r.size),
      receivedAt: r.received_at.toISOString(),
      withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
    }));
  }

  /** Records a refused commit (late, unsealed) in the audit trail, in a transaction of its own. */
  async function recordRefusal(principal: Principal, uploadId: string, error: unknown, ctx: RequestContext) {
    if (!(error instanceof AppError)) return;
    await recordAudit(db, { actorId: principal.userId, actorName: principal.username, action: 'tendering.bid.commit', target: uploadId, outcome: 'failure', ip: ctx.ip, at: clock.now(), detail: { code: error.code } });
  }

  return { createOpeningKey, openingKey, openingKeyCandidates, startUpload, putChunk, uploadStatus, precheckCommit, commit, withdraw, receipt: receiptOf, manifest: manifestOf, myBids, recordRefusal, wrapKey };
}

export type BiddingService = ReturnType<typeof createBiddingService>;


async function ownUpload(executor: Executor, principal: Principal, uploadId: string) {
  const upload = await executor.selectFrom('tendering.bid_upload').selectAll().where('id', '=', uploadId).executeTakeFirst();
  if (!upload || upload.bidder_id !== principal.userId) throw tenderingError('UPLOAD_NOT_FOUND');
  return upload;
}
