/**
 * The award notice (中标通知书 / 成交通知书) as a signed document, format `ggzy-award-notice/1`:
 * canonical JSON (RFC 8785) of the fields below, SM2-signed (SM3 digest) by the award module's
 * platform key. Verification needs only this file and the platform public key; the signature and
 * the notice's SM3 are also in the transparency log (audit action `award.notice.issue`).
 */
import { sm2 } from '../../../platform/crypto/gm/index.js';
import { canonicalJson } from '../../../platform/idempotency/canonical-json.js';
import type { ProcedureType } from '../../tendering/index.js';
import type { FallbackReason } from './award-rules.js';

export const AWARD_NOTICE_FORMAT = 'ggzy-award-notice/1';

/** GP条例 43: 中标 for bidding procedures, 成交 for negotiation, consultation, quotation and single source. */
export function noticeKindOf(procedureType: ProcedureType): { kind: 'award' | 'deal'; title: '中标通知书' | '成交通知书'; resultTitle: '中标结果公告' | '成交结果公告' } {
  const deal = procedureType === 'gpCompetitiveNegotiation' || procedureType === 'gpCompetitiveConsultation' || procedureType === 'gpRequestForQuotation' || procedureType === 'gpSingleSource';
  return deal ? { kind: 'deal', title: '成交通知书', resultTitle: '成交结果公告' } : { kind: 'award', title: '中标通知书', resultTitle: '中标结果公告' };
}

export interface AwardNotice {
  format: typeof AWARD_NOTICE_FORMAT;
  noticeId: string;
  kind: 'award' | 'deal';
  title: string;
  /** 1 for the first notice of the section, n + 1 after a fallback to the next candidate. */
  sequence: number;
  tenderId: string;
  tenderTitle: string;
  procedureType: ProcedureType;
  sectionCode: string;
  sectionName: string;
  tenderer: { id: string; name: string };
  winner: { bidderId: string; bidderName: string; rank: number; price: string; score: string | null };
  passedOver: Array<{ rank: number; bidderName: string; reason: FallbackReason; note: string }>;
  report: { sm3: string; logIndex: number | null };
  issuedAt: string;
  /** The last civil day for the written contract (法 46 / GP法 46), and that article. */
  contractDue: string;
  contractArticle: string;
  signatureAlgorithm: 'SM2-SM3';
  platformPublicKey: string;
}

export interface SignedAwardNotice extends AwardNotice {
  signature: string;
}

/** Bytes the platform signs: the canonical JSON of the notice without the signature. */
export function awardNoticeSigningBytes(notice: AwardNotice): Buffer {
  return Buffer.from(canonicalJson(notice), 'utf8');
}

export function signAwardNotice(notice: AwardNotice, privateKey: string): SignedAwardNotice {
  const signature = Buffer.from(sm2.sign(awardNoticeSigningBytes(notice), privateKey, { publicKey: notice.platformPublicKey })).toString('base64');
  return { ...notice, signature };
}

/**
 * True when the signature is the platform's over exactly these fields. Pass the platform key
 * obtained independently (GET /api/award/notice-key) as `trustedPublicKey`: the key inside the
 * document proves nothing by itself.
 */
export function verifyAwardNotice(signed: SignedAwardNotice, trustedPublicKey?: string): boolean {
  const { signature, ...notice } = signed;
  if (notice.format !== AWARD_NOTICE_FORMAT) return false;
  if (trustedPublicKey !== undefined && sm2.normalisePublicKey(trustedPublicKey) !== sm2.normalisePublicKey(notice.platformPublicKey)) return false;
  try {
    return sm2.verify(awardNoticeSigningBytes(notice), Buffer.from(signature, 'base64'), notice.platformPublicKey);
  } catch {
    return false;
  }
}
