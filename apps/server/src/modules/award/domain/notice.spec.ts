import { describe, expect, it } from 'vitest';
import { sm2 } from '../../../platform/crypto/gm/index.js';
import { AWARD_NOTICE_FORMAT, type AwardNotice, noticeKindOf, signAwardNotice, verifyAwardNotice } from './notice.js';

const key = sm2.generateKeyPair();
const notice: AwardNotice = {
  format: AWARD_NOTICE_FORMAT,
  noticeId: '5f0c6a4e-1111-4222-8333-944445555666',
  kind: 'award',
  title: '中标通知书',
  sequence: 1,
  tenderId: '5f0c6a4e-1111-4222-8333-944445555667',
  tenderTitle: '观山湖区第三中学教学楼建设工程施工招标',
  procedureType: 'engineeringOpen',
  sectionCode: 'E5201150001000010010001',
  sectionName: '施工标段',
  tenderer: { id: 't', name: '贵阳市观山湖区教育局' },
  winner: { bidderId: 'b1', bidderName: '贵州建工集团有限公司', rank: 1, price: '14500000.00', score: '92.35' },
  passedOver: [],
  report: { sm3: 'ab'.repeat(32), logIndex: 7 },
  issuedAt: '2026-12-29T02:00:00.000Z',
  contractDue: '2027-01-28',
  contractArticle: '招标投标法 第四十六条',
  signatureAlgorithm: 'SM2-SM3',
  platformPublicKey: key.publicKey,
};

describe('award notice ggzy-award-notice/1', () => {
  it('verifies with the platform key and fails on any change or with another trusted key', () => {
    const signed = signAwardNotice(notice, key.privateKey);
    expect(verifyAwardNotice(signed)).toBe(true);
    expect(verifyAwardNotice(signed, key.publicKey)).toBe(true);
    expect(verifyAwardNotice({ ...signed, winner: { ...signed.winner, price: '14500000.01' } })).toBe(false);
    expect(verifyAwardNotice(signed, sm2.generateKeyPair().publicKey)).toBe(false);
    // A forger's own key inside the document signs fine but is not the trusted platform key.
    const forger = sm2.generateKeyPair();
    const forged = signAwardNotice({ ...notice, platformPublicKey: forger.publicKey }, forger.privateKey);
    expect(verifyAwardNotice(forged)).toBe(true);
    expect(verifyAwardNotice(forged, key.publicKey)).toBe(false);
  });

  it('政府采购法实施条例 第四十三条: 中标通知书 for bidding, 成交通知书 for negotiation, consultation, quotation and single source', () => {
    expect(noticeKindOf('engineeringOpen').title).toBe('中标通知书');
    expect(noticeKindOf('gpPublicBidding').title).toBe('中标通知书');
    for (const type of ['gpCompetitiveNegotiation', 'gpCompetitiveConsultation', 'gpRequestForQuotation', 'gpSingleSource'] as const) {
      expect(noticeKindOf(type)).toEqual({ kind: 'deal', title: '成交通知书', resultTitle: '成交结果公告' });
    }
  });
});
