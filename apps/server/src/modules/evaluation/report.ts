/**
 * The committee report (评标报告, 条例 53 / E48) in its signed form `ggzy-evaluation-report/1`:
 * canonical JSON (RFC 8785 key order) signed with the platform's evaluation key (SM2-SM3), the
 * signature and SM3 of the signed bytes in the audit entry, hence in the transparency log.
 * `findSignedReport` is the read the award step uses.
 */
import { sm3Hex } from '../../platform/crypto/gm/index.js';
import type { Executor } from '../../platform/db/tables.js';
import { canonicalJson } from '../../platform/idempotency/canonical-json.js';
import './evaluation.tables.js';

export const REPORT_FORMAT = 'ggzy-evaluation-report/1';
/** The platform key that signs evaluation reports (in the key store, sealed by the KEK). */
export const REPORT_KEY_NAME = 'evaluation.report.sm2';
export const REPORT_AUDIT_ACTION = 'evaluation.report.sign';

export interface ReportCandidate {
  rank: number;
  bidId: string;
  bidderId: string;
  bidderName: string;
  price: string;
  expertScore: string;
  priceScore: string;
  total: string;
}

export interface SignedEvaluationReport {
  format: typeof REPORT_FORMAT;
  evaluationId: string;
  tenderId: string;
  sectionCode: string;
  procedureType: string;
  /** Score items, price method with its parameters, tie rules: as frozen at start. */
  configuration: unknown;
  opening: { ceilingPrice: string | null; floatPoint: string | null };
  committee: Array<{ memberId: string; name: string; kind: string; chair: boolean }>;
  bids: Array<{ bidId: string; bidderId: string; bidderName: string; price: string }>;
  rejections: Array<{ bidId: string; bidderName: string; code: string; article: string; ground: string; reason: string; step: string; at: string }>;
  requests: Array<{ bidId: string; kind: string; question: string; deadline: string; answer: string | null; answeredAt: string | null; decision: string | null; decisionReason: string | null }>;
  rescoreRequests: unknown[];
  /** memberId → bidId → the member's total of point items. */
  memberScores: Record<string, Record<string, string>>;
  priceScores: unknown;
  ranking: Array<ReportCandidate & { candidate: boolean }>;
  /** Ranked candidates, at most 3 (E48). Empty when every bid was rejected (法 42). */
  candidates: ReportCandidate[];
  signatures: Array<{ memberId: string; decision: string; reason: string | null; at: string }>;
  completedAt: string;
  signatureAlgorithm: 'SM2-SM3';
  platformPublicKey: string;
  signature: string;
}

/** Bytes the platform signs: the canonical JSON of the report without its signature. */
export function reportSigningBytes(report: Omit<SignedEvaluationReport, 'signature'>): Buffer {
  return Buffer.from(canonicalJson(report), 'utf8');
}

export interface FoundReport {
  report: SignedEvaluationReport;
  /** SM3 of `reportSigningBytes(report without signature)`, as logged. */
  reportSm3: string;
  /** The report's entry in the transparency log (GET /api/log/proofs/inclusion?index=…). */
  logIndex: number;
  signedAt: string;
}

/**
 * The locked, signed committee report of a tender section, or undefined while the section has
 * no evaluation or its report is not signed by every member. For the award step.
 */
export async function findSignedReport(db: Executor, tenderId: string, sectionCode: string): Promise<FoundReport | undefined> {
  const row = await db
    .selectFrom('evaluation.evaluation')
    .select(['id', 'signed_report', 'locked_at'])
    .where('tender_id', '=', tenderId)
    .where('section_code', '=', sectionCode)
    .where('status', '=', 'locked')
    .executeTakeFirst();
  if (!row?.signed_report || !row.locked_at) return undefined;
  const report = row.signed_report as SignedEvaluationReport;
  const entry = await db.selectFrom('platform.audit_event').select(['id']).where('action', '=', REPORT_AUDIT_ACTION).where('target', '=', `evaluation:${row.id}`).executeTakeFirst();
  if (!entry) return undefined;
  const { signature: _signature, ...unsigned } = report;
  return { report, reportSm3: sm3Hex(reportSigningBytes(unsigned)), logIndex: Number(entry.id), signedAt: row.locked_at.toISOString() };
}
