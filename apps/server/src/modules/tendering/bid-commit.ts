import { randomUUID } from 'node:crypto';
import { type BidReceipt, type BidReceiptFields, receiptBatch, receiptSignedBytes } from '@ggzy/contracts';
import type { Clock } from '../../platform/clock.js';
import { sm2 } from '../../platform/crypto/gm/index.js';
import type { Tx } from '../../platform/db/tables.js';
import type { Principal, RequestContext } from '../../platform/http/access.js';
import { answersQuery, type ClaimedRequest, claimKeys, type IdempotentRequest, type IdempotentResult, releaseClaims, storedAnswers } from '../../platform/idempotency/idempotency.js';
import { insertLogRows, type LogPosition, moveLogHead, numberEntries } from '../../platform/transparency/append.js';
import type { CommitSet, SetOutcome } from '../../platform/transparency/group-commit.js';
import { sm3 } from '../../platform/transparency/hashes.js';
import { type BidManifest, packageHash } from './domain/sealed-bid/envelope.js';
import { tenderingError } from './tendering.errors.js';
import './tendering.tables.js';

export interface CommitInput {
  manifest: BidManifest;
  /** The sealed opening summary, base64. */
  summary: string;
  /** Bidder's SM2 signature over the canonical manifest, base64 DER. */
  signature: string;
  /** The bidder's signing certificate, PEM. */
  certificate: string;
}

/** What the checks before the transaction established (bidding.service precheckCommit). */
export interface PrecheckedCommit {
  upload: { tender_id: string; section_code: string };
  summary: Buffer;
  certificateSerial: string;
  signingKey: { privateKey: string; publicKey: string };
}

/** One bid commit waiting for its set: who, which upload, the signed manifest, and its Idempotency-Key claim. */
export interface BidCommit {
  principal: Principal;
  uploadId: string;
  input: CommitInput;
  checked: PrecheckedCommit;
  ctx: RequestContext;
  request: IdempotentRequest;
}

/**
 * The bid commit, for a whole set of bids at once (group-commit.ts; docs/adr/0003), in five
 * statements whatever the set's size: the Idempotency-Keys claimed; every tender share-locked and
 * upload locked, with each bidder's latest version; the chunks read; the bids stored (previous
 * versions superseded, uploads closed) with the log head moved by the set's size; the log entries
 * and the answers (receipts signed with one SM2 signature over their Merkle root) written. Per bid
 * it decides exactly what a single commit did:
 *
 * - the deadline fence: server time is read once the locks are held and each bid is accepted iff
 *   it is before its tender's deadline (security.md §8). The tender is share-locked, so bids on
 *   one tender commit side by side while anything that changes the tender (deadline moved,
 *   suspension, the opening fixing the bid count) waits for them and they for it. A tender past its
 *   deadline is not locked at all (the statement only matches a tender still open), so late
 *   commits cannot keep the opening waiting;
 * - the chunks are read in a statement of their own after the lock: it sees a chunk replaced up to
 *   the moment the lock was taken (chunk writes share-lock the upload), so each bid is exactly what
 *   its signed manifest names;
 * - a refused bid writes nothing (its key claim is given back), the others commit;
 * - two bids of one bidder on one section in the same set: the later one waits for the next set,
 *   so versions are numbered one after the other; two sets numbering the same version at once meet
 *   the unique key, and the set is run again (`retryable`); alone, the bid is asked to commit again.
 *
 * Locks are waited for (every holder is a short transaction); a deadlock is detected by the server
 * and the set run again.
 */
export function bidCommitSet(clock: Clock): CommitSet<BidCommit, IdempotentResult> {
  return async (tx, items) => {
    const outcomes: Array<SetOutcome<IdempotentResult> | undefined> = items.map(() => undefined);
    const claims = await claimKeys(
      tx,
      items.map((item) => item.request),
    );
    const claimed: Array<{ at: number; item: BidCommit; request: ClaimedRequest }> = [];
    claims.forEach((claim, at) => {
      const item = items[at] as BidCommit;
      if ('claimed' in claim) claimed.push({ at, item, request: claim.claimed });
      else outcomes[at] = 'replay' in claim ? { value: claim.replay } : claim;
    });
    if (claimed.length > 0) {
      const decided = await decide(tx, clock, claimed.map((c) => c.item));
      const refused = claimed.filter((_, i) => !('receivedAt' in (decided[i] as Decision)));
      await releaseClaims(tx, refused.map((c) => c.request));
      const accepted = claimed.flatMap((c, i) => {
        const decision = decided[i] as Decision;
        if ('receivedAt' in decision) return [{ ...c, ...decision }];
        outcomes[c.at] = decision.outcome;
        return [];
      });
      const answers = await store(tx, accepted);
      accepted.forEach((a, i) => (outcomes[a.at] = { value: answers[i] as IdempotentResult }));
    }
    return outcomes.map((outcome) => outcome ?? { error: new Error('The bid commit set left an item unanswered') });
  };
}

/** Accepted: stored as `version`, superseding `supersedes` (the live version) if any. */
type Accepted = { receivedAt: Date; version: number; supersedes: string | null };
type Decision = Accepted | { outcome: SetOutcome<IdempotentResult> };

/** Locks the tenders and uploads, reads server time once, and decides for each bid whether it may be stored. */
async function decide(tx: Tx, clock: Clock, items: BidCommit[]): Promise<Decision[]> {
  const uploadIds = [...new Set(items.map((item) => item.uploadId))];
  const arrived = clock.now();
  const locked = await tx
    .selectFrom('tendering.bid_upload as u')
    .innerJoin('tendering.tender as t', 't.id', 'u.tender_id')
    // The bidder's latest version on the section (the live one, when submitted): numbered after, superseded by id.
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('tendering.bid as b')
          .select(['b.id', 'b.version', 'b.status'])
          .whereRef('b.tender_id', '=', 'u.tender_id')
          .whereRef('b.section_code', '=', 'u.section_code')
          .whereRef('b.bidder_id', '=', 'u.bidder_id')
          .orderBy('b.version', 'desc')
          .limit(1)
          .as('latest'),
      (join) => join.onTrue(),
    )
    .select(['u.id', 'u.status as upload_status', 't.bid_deadline', 't.status', 'latest.id as latest_id', 'latest.version as latest_version', 'latest.status as latest_status'])
    .where('u.id', 'in', uploadIds)
    .where('t.bid_deadline', '>', arrived)
    // Rows locked in one order by every set: two sets holding the same upload wait, never deadlock.
    .orderBy('u.id')
    .forShare('t')
    .forUpdate('u')
    .execute();
  const receivedAt = clock.now();
  const lockedById = new Map(locked.map((row) => [row.id, row]));
  const missing = uploadIds.filter((id) => !lockedById.has(id));
  const deadlines =
    missing.length === 0
      ? new Map<string, Date>()
      : new Map(
          (await tx.selectFrom('tendering.bid_upload as u').innerJoin('tendering.tender as t', 't.id', 'u.tender_id').select(['u.id', 't.bid_deadline']).where('u.id', 'in', missing).execute()).map((row) => [
            row.id,
            row.bid_deadline,
          ]),
        );
  const chunks = await chunksOf(tx, [...lockedById.keys()]);
  const taken = new Set<string>();
  return items.map((item): Decision => {
    const row = lockedById.get(item.uploadId);
    const m = item.input.manifest;
    try {
      if (!row) {
        const deadline = deadlines.get(item.uploadId);
        if (deadline && arrived >= deadline) throw tenderingError('BID_DEADLINE_PASSED', { deadline: deadline.toISOString(), receivedAt: arrived.toISOString() });
        throw tenderingError('TENDER_NOT_FOUND');
      }
      if (receivedAt >= row.bid_deadline) throw tenderingError('BID_DEADLINE_PASSED', { deadline: row.bid_deadline.toISOString(), receivedAt: receivedAt.toISOString() });
      if (row.status === 'suspended') throw tenderingError('TENDER_SUSPENDED');
      if (row.status !== 'published') throw tenderingError('TENDER_WRONG_STATE', { status: row.status, action: 'bid on' });
      if (row.upload_status !== 'open') throw tenderingError('UPLOAD_CLOSED');
      checkChunks(m, chunks.get(item.uploadId) ?? []);
      // One version of a bid per set, one commit of an upload per set: the next set numbers after this one.
      const bid = `${m.tenderId} ${m.sectionCode} ${item.principal.userId}`;
      if (taken.has(bid) || taken.has(item.uploadId)) return { outcome: { again: true } };
      taken.add(bid).add(item.uploadId);
      return { receivedAt, version: (row.latest_version ?? 0) + 1, supersedes: row.latest_status === 'submitted' ? row.latest_id : null };
    } catch (error) {
      return { outcome: { error } };
    }
  });
}

type Chunk = { index: number; size: number; sm3: string; sealed_magic: boolean };

async function chunksOf(tx: Tx, uploadIds: string[]): Promise<Map<string, Chunk[]>> {
  const byUpload = new Map<string, Chunk[]>();
  if (uploadIds.length === 0) return byUpload;
  const rows = await tx.selectFrom('tendering.bid_chunk').select(['upload_id', 'index', 'size', 'sm3', 'sealed_magic']).where('upload_id', 'in', uploadIds).orderBy('upload_id').orderBy('index').execute();
  for (const { upload_id, ...chunk } of rows) {
    const list = byUpload.get(upload_id);
    if (list) list.push(chunk);
    else byUpload.set(upload_id, [chunk]);
  }
  return byUpload;
}

/** A signed manifest that does not say what was stored or who signed it. */
export const mismatch = (field: string) => tenderingError('MANIFEST_MISMATCH', { field });

/** The stored chunks are the ones the signed manifest names: count, order, first one sealed, size, package hash. */
function checkChunks(m: BidManifest, chunks: Chunk[]): void {
  if (chunks.length === 0 || chunks.length !== m.chunkCount || chunks.some((c, i) => c.index !== i)) throw mismatch('chunkCount');
  if (!chunks[0]?.sealed_magic) throw tenderingError('BID_NOT_ENCRYPTED');
  if (chunks.reduce((sum, c) => sum + c.size, 0) !== m.size) throw mismatch('size');
  if (packageHash(chunks.map((c) => c.sm3)) !== m.packageSm3) throw mismatch('packageSm3');
}

/**
 * Stores the accepted bids: supersedes each bidder's live version and inserts the envelope numbered
 * after the latest one (both read with the locks), closes the uploads — one statement —, appends
 * the log entries, signs the receipts once and stores the answers.
 */
async function store(tx: Tx, accepted: Array<{ item: BidCommit; request: ClaimedRequest } & Accepted>): Promise<IdempotentResult[]> {
  if (accepted.length === 0) return [];
  const bids = accepted.map((a) => ({ ...a, bidId: randomUUID() }));
  // The log head moves in the statement that stores the bids, so it is held from there to the commit.
  const head = await insertVersions(tx, bids);
  const { rows, positions } = numberEntries(
    head - bids.length,
    bids.map(({ item, receivedAt, bidId, version }) => {
      const m = item.input.manifest;
      return {
        actorId: item.principal.userId,
        actorName: item.principal.username,
        action: 'tendering.bid.commit',
        target: bidId,
        outcome: 'success' as const,
        ip: item.ctx.ip,
        at: receivedAt,
        detail: { tenderId: m.tenderId, sectionCode: m.sectionCode, version, packageSm3: m.packageSm3, size: m.size, receivedAt: receivedAt.toISOString() },
      };
    }),
  );
  const key = (accepted[0] as (typeof accepted)[number]).item.checked.signingKey;
  const receipts = signReceipts(
    key,
    bids.map(({ item, receivedAt, bidId, version }, i) => {
      const m = item.input.manifest;
      const position = positions[i] as LogPosition;
      return { receiptId: position.index, bidId, tenderId: m.tenderId, sectionCode: m.sectionCode, bidderId: item.principal.userId, version, packageSm3: m.packageSm3, size: m.size, receivedAt: receivedAt.toISOString(), logIndex: position.index, leafHashSm3: position.leafHashSm3 };
    }),
  );
  // The log entries and the answers in one statement.
  const answers = bids.map(({ request }, i) => ({ request, result: { statusCode: 201, body: receipts[i] } }));
  return storedAnswers(answers, await answersQuery(tx.with('entries', (qc) => insertLogRows(qc, rows)), answers).execute());
}

/**
 * The number is the platform's, in commit order (the receipt states it); the manifest's `version`
 * is what the bidder's client expected and is not compared: the live bid is the last one committed.
 */
async function insertVersions(tx: Tx, accepted: Array<{ item: BidCommit; bidId: string } & Accepted>): Promise<number> {
  const superseded = accepted.flatMap((a) => (a.supersedes ? [a.supersedes] : []));
  try {
    const rows = await tx
      .with('head', (cte) => moveLogHead(cte, accepted.length))
      .with('superseded', (cte) =>
        cte
          .updateTable('tendering.bid')
          .set({ status: 'superseded' })
          .where((eb) => (superseded.length > 0 ? eb('id', 'in', superseded) : eb.lit(false)))
          .where('status', '=', 'submitted')
          .returning('id'),
      )
      .with('closed', (cte) =>
        cte
          .updateTable('tendering.bid_upload')
          .set({ status: 'committed' })
          .where(
            'id',
            'in',
            accepted.map(({ item }) => item.uploadId),
          )
          .returning('id'),
      )
      .insertInto('tendering.bid')
      .values(
        accepted.map(({ item, receivedAt, version, bidId }) => {
          const m = item.input.manifest;
          return {
            id: bidId,
            tender_id: m.tenderId,
            section_code: m.sectionCode,
            bidder_id: item.principal.userId,
            version,
            status: 'submitted',
            upload_id: item.uploadId,
            size: m.size,
            chunk_count: m.chunkCount,
            package_sm3: m.packageSm3,
            summary: item.checked.summary,
            summary_sm3: m.summarySm3,
            key_commitment: m.keyCommitment,
            wrapped_key_bidder: m.wrappedKeys.bidder,
            wrapped_key_opening: m.wrappedKeys.opening,
            manifest: JSON.stringify(m),
            signature: item.input.signature,
            certificate_serial: item.checked.certificateSerial,
            received_at: receivedAt,
            withdrawn_at: null,
          };
        }),
      )
      .returning((eb) => eb.selectFrom('head').select('size').as('head'))
      .execute();
    const head = rows[0]?.head;
    if (rows.length !== accepted.length || !head) throw new Error('The bids were not all stored');
    return Number(head);
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    // Another set numbered the same version of one of these bids at the same instant: run the set
    // again (a later snapshot sees that version); alone, the bidder is asked to commit again.
    if (code === '23505' && constraint === 'bid_tender_id_section_code_bidder_id_version_key') throw Object.assign(tenderingError('BID_COMMIT_CONCURRENT'), { retryable: true });
    throw error;
  }
}

/** Receipts signed together: one SM2 signature over the Merkle root of the set's receipts (format 2, contracts). */
export function signReceipts(key: { privateKey: string; publicKey: string }, fields: Array<Omit<BidReceiptFields, 'signatureAlgorithm' | 'platformPublicKey'>>): BidReceipt[] {
  const batch = receiptBatch(
    sm3,
    fields.map((f) => ({ ...f, signatureAlgorithm: 'SM2-SM3' as const, platformPublicKey: key.publicKey })),
  );
  return batch.sign(Buffer.from(sm2.sign(batch.signingBytes, key.privateKey, { publicKey: key.publicKey })).toString('base64'));
}

/** The platform's signature on a receipt holds: its leaf, up its batch path, is in the root the signature covers. */
export function receiptSignatureValid(receipt: BidReceipt): boolean {
  const signed = receiptSignedBytes(sm3, receipt);
  return signed.ok && sm2.verify(signed.bytes, Buffer.from(receipt.signature, 'base64'), receipt.platformPublicKey);
}
