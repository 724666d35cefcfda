/**
 * Statutory rejection grounds (否决投标 / 投标无效) as one code table: a bid leaves the
 * evaluation only with one of these codes, and the report quotes the article. Engineering:
 * 招标投标法实施条例 第五十一条, its seven grounds (rules.md E43). Government procurement: the
 * grounds held in rules.md (G6, G9, G34, G35); rows citing 财政部令第87号 are marked (verify) —
 * that text is not yet in shared/reference/laws.
 */
export type Sector = 'engineering' | 'governmentProcurement';

export interface RejectionReason {
  code: string;
  sector: Sector;
  /** The rule row of rules.md. */
  rule: string;
  article: string;
  zh: string;
  en: string;
}

const E51 = '招标投标法实施条例 第五十一条';

export const REJECTION_REASONS = [
  { code: 'E51-1', sector: 'engineering', rule: 'E43', article: `${E51}第（一）项`, zh: '投标文件未经投标单位盖章和单位负责人签字', en: 'The bid is not sealed by the bidder and signed by its head' },
  { code: 'E51-2', sector: 'engineering', rule: 'E43', article: `${E51}第（二）项`, zh: '投标联合体没有提交共同投标协议', en: 'A consortium bid without the joint bidding agreement' },
  { code: 'E51-3', sector: 'engineering', rule: 'E43', article: `${E51}第（三）项`, zh: '投标人不符合国家或者招标文件规定的资格条件', en: 'The bidder does not meet the qualification conditions of the state or the tender documents' },
  { code: 'E51-4', sector: 'engineering', rule: 'E43', article: `${E51}第（四）项`, zh: '同一投标人提交两个以上不同的投标文件或者投标报价', en: 'The bidder submitted two or more different bids or prices' },
  { code: 'E51-5', sector: 'engineering', rule: 'E43', article: `${E51}第（五）项`, zh: '投标报价低于成本或者高于招标文件设定的最高投标限价', en: 'The price is below cost or above the ceiling price' },
  { code: 'E51-6', sector: 'engineering', rule: 'E43', article: `${E51}第（六）项`, zh: '投标文件没有对招标文件的实质性要求和条件作出响应', en: 'The bid does not respond to the substantive requirements of the tender documents' },
  { code: 'E51-7', sector: 'engineering', rule: 'E43', article: `${E51}第（七）项`, zh: '投标人有串通投标、弄虚作假、行贿等违法行为', en: 'Collusion, fraud, bribery or another violation by the bidder' },
  { code: 'G-DEPOSIT', sector: 'governmentProcurement', rule: 'G6', article: '政府采购法实施条例 第三十三条', zh: '未按照招标文件要求提交投标保证金', en: 'No bid deposit as the tender documents require' },
  { code: 'G-QUALIFICATION', sector: 'governmentProcurement', rule: 'G9', article: '政府采购法 第二十二条', zh: '供应商不具备规定的条件', en: 'The supplier does not meet the statutory conditions' },
  { code: 'G-ABNORMALLY-LOW', sector: 'governmentProcurement', rule: 'G34', article: '财政部令第87号 (verify)', zh: '报价明显低于其他报价且未能证明其合理性', en: 'An abnormally low price not shown to be reasonable' },
  { code: 'G-COLLUSION', sector: 'governmentProcurement', rule: 'G35', article: '财政部令第87号 第三十七条 (verify)', zh: '视为投标人串通投标', en: 'Deemed collusion among bidders' },
] as const satisfies readonly RejectionReason[];

export type RejectionCode = (typeof REJECTION_REASONS)[number]['code'];

/** The reason for `code` in `sector`, or undefined when the code is not a ground there. */
export function rejectionReason(code: string, sector: Sector): RejectionReason | undefined {
  return REJECTION_REASONS.find((r) => r.code === code && r.sector === sector);
}

/**
 * The ground for rejecting an abnormally low price the bidder did not justify: engineering has
 * no separate ground, the price is then below cost (条例 51(5), 法 33); GP names it (G34).
 */
export function abnormallyLowGround(sector: Sector): RejectionCode {
  return sector === 'engineering' ? 'E51-5' : 'G-ABNORMALLY-LOW';
}
