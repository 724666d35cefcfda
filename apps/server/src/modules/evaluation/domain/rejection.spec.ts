import { describe, expect, it } from 'vitest';
import { abnormallyLowGround, REJECTION_REASONS, rejectionReason } from './rejection.js';

describe('rejection grounds — a bid is rejected only for a statutory reason', () => {
  it('招标投标法实施条例 第五十一条: exactly its seven grounds for engineering, each citing its item', () => {
    const engineering = REJECTION_REASONS.filter((r) => r.sector === 'engineering');
    expect(engineering.map((r) => r.code)).toEqual(['E51-1', 'E51-2', 'E51-3', 'E51-4', 'E51-5', 'E51-6', 'E51-7']);
    const items = ['一', '二', '三', '四', '五', '六', '七'];
    engineering.forEach((r, i) => expect(r.article).toBe(`招标投标法实施条例 第五十一条第（${items[i]}）项`));
    expect(rejectionReason('E51-5', 'engineering')?.zh).toContain('低于成本');
  });
  it('政府采购法实施条例 第三十三条: a missing bid deposit makes a GP bid invalid', () => {
    expect(rejectionReason('G-DEPOSIT', 'governmentProcurement')).toMatchObject({ rule: 'G6', article: '政府采购法实施条例 第三十三条' });
  });
  it('政府采购法 第二十二条: a supplier without the statutory conditions', () => {
    expect(rejectionReason('G-QUALIFICATION', 'governmentProcurement')?.article).toBe('政府采购法 第二十二条');
  });
  it('财政部令第87号 (verify): unexplained abnormally low price (G34) and deemed collusion (G35)', () => {
    expect(rejectionReason('G-ABNORMALLY-LOW', 'governmentProcurement')?.rule).toBe('G34');
    expect(rejectionReason('G-COLLUSION', 'governmentProcurement')?.article).toContain('第三十七条');
  });
  it('a ground of one sector is not a ground in the other; unknown codes are refused', () => {
    expect(rejectionReason('E51-1', 'governmentProcurement')).toBeUndefined();
    expect(rejectionReason('G-DEPOSIT', 'engineering')).toBeUndefined();
    expect(rejectionReason('PRICE-TOO-FAR-FROM-标底', 'engineering')).toBeUndefined(); // 条例 50: deviation from a 标底 is no ground
  });
  it('an unexplained abnormally low price: below cost (条例 51(5)) in engineering, G34 in GP', () => {
    expect(abnormallyLowGround('engineering')).toBe('E51-5');
    expect(abnormallyLowGround('governmentProcurement')).toBe('G-ABNORMALLY-LOW');
  });
  it('every code has an article and messages in both languages, codes unique', () => {
    expect(new Set(REJECTION_REASONS.map((r) => r.code)).size).toBe(REJECTION_REASONS.length);
    for (const r of REJECTION_REASONS) expect(r.article && r.zh && r.en).toBeTruthy();
  });
});
