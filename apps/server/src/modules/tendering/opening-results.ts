import type { Executor } from '../../platform/db/tables.js';
import type { Art31Outcome, DecryptionMethod, OpeningRecord } from './domain/opening.js';
import type { FloatPointLetter, FloatPointMode } from './domain/opening-hall.js';
import { type EvaluationMethod, procedureOf, type ProcedureType } from './domain/procedures.js';
import type { SignedOpeningRecord } from './opening.service.js';
import type { SectionStatus } from './tendering.tables.js';
import './tendering.tables.js';

/** One bid as the closed opening left it: what evaluation starts from. */
export interface OpenedBid {
  bidId: string;
  bidderId: string;
  bidderName: string;
  /** From the decrypted opening summary (开标一览表); null for a bid deemed revoked/withdrawn. */
  price: string | null;
  duration: string | null;
  quality: string | null;
  decryption: DecryptionMethod | Art31Outcome;
  /** Decrypted, hence before the committee; a bid deemed revoked or withdrawn (办法 Art 31) is not evaluated. */
  opened: boolean;
  securityStatus: string;
  checkedInAt: string | null;
}

/** A section's opening as the evaluation module needs it; complete once `readyForEvaluation`. */
export interface OpenedSection {
  tenderId: string;
  sectionCode: string;
  sectionName: string;
  /** The section's lifecycle status (lifecycles.md §1): `tendering` (not opened), `opening`, `failed` (流标) or `evaluating`. */
  status: SectionStatus;
  /** The opening is closed and signed and the section is `evaluating`: bids, prices and float point are final. */
  readyForEvaluation: boolean;
  procedureType: ProcedureType;
  /** The methods the procedure allows (procedures.ts); the evaluation picks one of them. */
  evaluationMethods: readonly EvaluationMethod[];
  estimatedAmount: string;
  ceilingPrice: string;
  /** The drawn float point (formulas.md §2) with how it enters the benchmark, or null (mode `none`). */
  floatPoint: { letter: FloatPointLetter; rate: string; mode: FloatPointMode; expression: string | null } | null;
  /** Empty until the record is published. */
  bids: OpenedBid[];
  openedAt: string | null;
  closedAt: string | null;
  /** The record as signed by the platform at the close (verify with openingRecordSigningBytes); null before. */
  signedRecord: SignedOpeningRecord | null;
}
export type OpenedSectionResult = OpenedSection;

/**
 * A section's opening for the evaluation module, undefined when the tender or section does not
 * exist. Evaluate only when `readyForEvaluation` (opening closed, section `evaluating`); before
 * that the result says where the section is. Read-only; other modules call it through index.ts.
 */
export async function findOpenedSection(db: Executor, tenderId: string, sectionCode: string): Promise<OpenedSection | undefined> {
  const row = await db
    .selectFrom('tendering.section as s')
    .innerJoin('tendering.tender as t', 't.id', 's.tender_id')
    .leftJoin('tendering.opening as o', (j) => j.onRef('o.tender_id', '=', 's.tender_id').onRef('o.section_code', '=', 's.section_code'))
    .select(['o.status as opening_status', 'o.record', 'o.signed_record', 'o.float_point', 'o.opened_at', 'o.closed_at', 's.name', 's.status', 's.estimated_amount', 's.ceiling_price', 't.procedure_type'])
    .where('s.tender_id', '=', tenderId)
    .where('s.section_code', '=', sectionCode)
    .executeTakeFirst();
  if (!row) return undefined;
  const record = (row.record ?? null) as OpeningRecord | null;
  const drawn = row.float_point as { letter: FloatPointLetter; rate: string; mode: FloatPointMode; expression: string | null } | null;
  const procedureType = row.procedure_type as ProcedureType;
  return {
    tenderId,
    sectionCode,
    sectionName: row.name,
    status: row.status,
    readyForEvaluation: row.status === 'evaluating' && row.opening_status === 'closed',
    procedureType,
    evaluationMethods: procedureOf(procedureType).evaluationMethods,
    estimatedAmount: row.estimated_amount,
    // The price announced at the opening (the section's, unless announced otherwise).
    ceilingPrice: record?.ceilingPrice ?? row.ceiling_price,
    floatPoint: drawn ? { letter: drawn.letter, rate: drawn.rate, mode: drawn.mode, expression: drawn.expression ?? null } : null,
    bids: (record?.rows ?? []).map((r) => ({
      bidId: r.bidId,
      bidderId: r.bidderId,
      bidderName: r.bidderName,
      price: r.price,
      duration: r.duration,
      quality: r.quality,
      decryption: r.decryption,
      opened: r.decryption === 'bidderKey' || r.decryption === 'custodianFallback',
      securityStatus: r.securityStatus,
      checkedInAt: r.checkedInAt ?? null,
    })),
    openedAt: row.opened_at?.toISOString() ?? null,
    closedAt: row.closed_at?.toISOString() ?? null,
    signedRecord: (row.signed_record ?? null) as SignedOpeningRecord | null,
  };
}

/** Sections of a tender ready for evaluation (status `evaluating`), by code. */
export async function sectionsReadyForEvaluation(db: Executor, tenderId: string): Promise<string[]> {
  const rows = await db.selectFrom('tendering.section').select(['section_code']).where('tender_id', '=', tenderId).where('status', '=', 'evaluating').orderBy('section_code').execute();
  return rows.map((r) => r.section_code);
}

/** What the public sees of a section's opening (公开开标, 法 35): nothing of the bidders' user accounts. */
export interface PublicOpeningResult {
  tenderId: string;
  sectionCode: string;
  sectionName: string;
  status: 'failed' | 'closed';
  failureReason: string | null;
  closedAt: string | null;
  ceilingPrice: string;
  floatPoint: OpenedSection['floatPoint'];
  rows: Array<Pick<OpenedBid, 'bidderName' | 'price' | 'duration' | 'quality' | 'decryption' | 'securityStatus'>>;
  /** The record as signed at the close, so anyone can check the platform signature. */
  signedRecord: SignedOpeningRecord | null;
}

/**
 * The published result of a public opening: the signed record once the opening is closed, or the
 * failure (流标) with its reason. Undefined while the opening runs, before it, and for procedures
 * whose opening is not public (procedures.ts `publicOpening`).
 */
export async function findPublicOpeningResult(db: Executor, tenderId: string, sectionCode: string): Promise<PublicOpeningResult | undefined> {
  const opened = await findOpenedSection(db, tenderId, sectionCode);
  if (!opened || !procedureOf(opened.procedureType).publicOpening.value) return undefined;
  if (opened.status === 'failed') {
    const failure = await db.selectFrom('tendering.opening').select(['failure_reason', 'closed_at']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
    return { ...publicPart(opened), status: 'failed', failureReason: failure?.failure_reason ?? null, closedAt: failure?.closed_at?.toISOString() ?? null, rows: [], signedRecord: null };
  }
  if (!opened.readyForEvaluation) return undefined;
  const rows = opened.bids.map(({ bidderName, price, duration, quality, decryption, securityStatus }) => ({ bidderName, price, duration, quality, decryption, securityStatus }));
  return { ...publicPart(opened), status: 'closed', failureReason: null, closedAt: opened.closedAt, rows, signedRecord: opened.signedRecord };
}

const publicPart = (o: OpenedSection) => ({ tenderId: o.tenderId, sectionCode: o.sectionCode, sectionName: o.sectionName, ceilingPrice: o.ceilingPrice, floatPoint: o.floatPoint });
