/**
 * Procurement procedures as configuration (rules.md §1, §2). Each procedure type is one row:
 * its periods (with calendar or working days as the law says), minimum number of bidders,
 * whether the opening is public, the evaluation methods it allows and its objection and
 * complaint windows. Flows read these rows; no number is hard-coded in a flow.
 *
 * Every numeric parameter carries the article it comes from. Rows marked `verify` cite a
 * ministerial rule that is not yet held in shared/reference/laws.
 */

export type Sector = 'engineering' | 'governmentProcurement';

export const PROCEDURE_TYPES = [
  'engineeringOpen',
  'engineeringInvited',
  'gpPublicBidding',
  'gpInvitedBidding',
  'gpCompetitiveNegotiation',
  'gpCompetitiveConsultation',
  'gpRequestForQuotation',
  'gpSingleSource',
] as const;
export type ProcedureType = (typeof PROCEDURE_TYPES)[number];

export type DayCounting = 'calendar' | 'working';

/** A statutory period: N days of a kind, and where the law says so. */
export interface Period {
  days: number;
  counting: DayCounting;
  article: string;
}

/** A statutory count (bidders, members) and its source. */
export interface Minimum {
  value: number;
  article: string;
}

export const EVALUATION_METHODS = [
  /** 综合评估法 (法 41(1)) / 综合评分法 (GP条例 34). */
  'comprehensive',
  /** 经评审的最低投标价法 (法 41(2)) / 最低评标价法 (GP条例 34). */
  'lowestEvaluatedPrice',
  /** 最低报价成交 (竞争性谈判、询价: GP法 38, 40). */
  'lowestPrice',
  /** 单一来源: price negotiated with the one supplier (GP法 39). */
  'negotiatedPrice',
] as const;
export type EvaluationMethod = (typeof EVALUATION_METHODS)[number];

export interface ProcedureConfig {
  type: ProcedureType;
  sector: Sector;
  nameZh: string;
  /** Anyone may respond to a public notice; otherwise only invited suppliers may register. */
  byInvitation: boolean;
  /** From the day documents are first issued to the bid (response) deadline, at least. */
  documentIssueToDeadline: Period | null;
  /** How long documents must be obtainable, at least. */
  documentAvailability: Period | null;
  /** A clarification or amendment that may affect bids must reach every holder at least this long before the deadline, or the deadline moves. */
  clarificationBeforeDeadline: Period | null;
  /** Objections to the documents (异议/质疑) must be raised at least this long before the deadline (engineering), or within this window (GP). */
  documentObjection: { beforeDeadline: Period | null; window: Period | null; reply: Period; suspendsActivity: boolean; article: string };
  /** Complaint (投诉) to the supervisory department. */
  complaintWindow: Period;
  /** Fewer bids at the deadline ⇒ no opening, the tender fails. */
  minimumBidders: Minimum;
  /** Bids are opened in public at the deadline. */
  publicOpening: { value: boolean; article: string };
  evaluationMethods: readonly EvaluationMethod[];
  /** Publicity before award (single source: 公示). */
  publicity: Period | null;
}

const cal = (days: number, article: string): Period => ({ days, counting: 'calendar', article });
const wd = (days: number, article: string): Period => ({ days, counting: 'working', article });

const ENGINEERING_COMMON = {
  sector: 'engineering',
  // E6: 自招标文件开始发出之日起至投标人提交投标文件截止之日止，最短不得少于二十日。
  documentIssueToDeadline: cal(20, '招标投标法 第二十四条'),
  // E2: 招标文件的发售期不得少于5日。
  documentAvailability: cal(5, '招标投标法实施条例 第十六条'),
  // E7: 澄清或者修改 … 在投标截止时间至少15日前 … 不足15日的，应当顺延提交投标文件的截止时间。
  clarificationBeforeDeadline: cal(15, '招标投标法实施条例 第二十一条'),
  documentObjection: {
    // E9/E10: 对招标文件有异议的，应当在投标截止时间10日前提出；招标人应当自收到异议之日起3日内作出答复；作出答复前，应当暂停招标投标活动。
    beforeDeadline: cal(10, '招标投标法实施条例 第二十二条'),
    window: null,
    reply: cal(3, '招标投标法实施条例 第二十二条'),
    suspendsActivity: true,
    article: '招标投标法实施条例 第二十二条',
  },
  // E59: 自知道或者应当知道之日起10日内向有关行政监督部门投诉。
  complaintWindow: cal(10, '招标投标法实施条例 第六十条'),
  // E30: 投标人少于3个的，不得开标；招标人应当重新招标。
  minimumBidders: { value: 3, article: '招标投标法实施条例 第四十四条' },
  // E29: 开标应当在招标文件确定的提交投标文件截止时间的同一时间公开进行。
  publicOpening: { value: true, article: '招标投标法 第三十四条' },
  // E47: 综合评价标准 or 经评审的投标价格最低.
  evaluationMethods: ['comprehensive', 'lowestEvaluatedPrice'],
  publicity: null,
} as const satisfies Omit<ProcedureConfig, 'type' | 'nameZh' | 'byInvitation'>;

const GP_TENDER_COMMON = {
  sector: 'governmentProcurement',
  // G1: 自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于二十日。
  documentIssueToDeadline: cal(20, '政府采购法 第三十五条'),
  // G4: 招标文件的提供期限自开始之日起不得少于5个工作日。
  documentAvailability: wd(5, '政府采购法实施条例 第三十一条'),
  // G5: 澄清或者修改 … 在投标截止时间至少15日前 … 不足15日的，应当顺延。
  clarificationBeforeDeadline: cal(15, '政府采购法实施条例 第三十一条'),
  documentObjection: {
    // G22/G23: 质疑 within 7 working days of receiving the documents (or the end of their publication); answered within 7 working days.
    beforeDeadline: null,
    window: wd(7, '政府采购法 第五十二条；政府采购法实施条例 第五十三条'),
    reply: wd(7, '政府采购法 第五十三条'),
    // G24: a challenge stops contract signing, it does not suspend the tender by law.
    suspendsActivity: false,
    article: '政府采购法实施条例 第五十四条',
  },
  // G25: 质疑答复期满后15个工作日内投诉。
  complaintWindow: wd(15, '政府采购法 第五十五条'),
  // G11a: 投标截止后投标人不足3家 ⇒ 废标.
  minimumBidders: { value: 3, article: '政府采购法 第三十六条；财政部令第87号 第四十三条 (verify)' },
  publicOpening: { value: true, article: '财政部令第87号 第三十九条 (verify)' },
  // G10: 最低评标价法 and 综合评分法.
  evaluationMethods: ['lowestEvaluatedPrice', 'comprehensive'],
  publicity: null,
} as const satisfies Omit<ProcedureConfig, 'type' | 'nameZh' | 'byInvitation'>;

const GP_NON_TENDER_COMMON = {
  sector: 'governmentProcurement',
  documentAvailability: null,
  documentObjection: GP_TENDER_COMMON.documentObjection,
  complaintWindow: GP_TENDER_COMMON.complaintWindow,
  // Responses are opened by the negotiation/consultation group, not in a public opening.
  publicOpening: { value: false, article: '财政部令第74号 (verify)' },
  publicity: null,
} as const;

export const PROCEDURES: Readonly<Record<ProcedureType, ProcedureConfig>> = {
  engineeringOpen: { type: 'engineeringOpen', nameZh: '公开招标', byInvitation: false, ...ENGINEERING_COMMON },
  engineeringInvited: { type: 'engineeringInvited', nameZh: '邀请招标', byInvitation: true, ...ENGINEERING_COMMON },
  gpPublicBidding: { type: 'gpPublicBidding', nameZh: '公开招标', byInvitation: false, ...GP_TENDER_COMMON },
  gpInvitedBidding: {
    type: 'gpInvitedBidding',
    nameZh: '邀请招标',
    byInvitation: true,
    ...GP_TENDER_COMMON,
    // G2: 随机选择三家以上的供应商.
    minimumBidders: { value: 3, article: '政府采购法 第三十四条' },
  },
  gpCompetitiveNegotiation: {
    type: 'gpCompetitiveNegotiation',
    nameZh: '竞争性谈判',
    byInvitation: true,
    ...GP_NON_TENDER_COMMON,
    // 从谈判文件发出之日起至供应商提交首次响应文件截止之日止不得少于3个工作日.
    documentIssueToDeadline: wd(3, '财政部令第74号 第二十九条 (verify)'),
    clarificationBeforeDeadline: wd(3, '财政部令第74号 第二十九条 (verify)'),
    // G12a: 确定不少于三家的供应商参加谈判.
    minimumBidders: { value: 3, article: '政府采购法 第三十八条' },
    evaluationMethods: ['lowestPrice'],
  },
  gpCompetitiveConsultation: {
    type: 'gpCompetitiveConsultation',
    nameZh: '竞争性磋商',
    byInvitation: true,
    ...GP_NON_TENDER_COMMON,
    // G12d: 磋商文件发出之日起至首次响应文件截止之日止不得少于10日；澄清或修改在截止时间至少5日前.
    documentIssueToDeadline: cal(10, '财库〔2014〕214号 第十条 (verify)'),
    clarificationBeforeDeadline: cal(5, '财库〔2014〕214号 第十条 (verify)'),
    minimumBidders: { value: 3, article: '财库〔2014〕214号 第六条 (verify)' },
    evaluationMethods: ['comprehensive'],
  },
  gpRequestForQuotation: {
    type: 'gpRequestForQuotation',
    nameZh: '询价',
    byInvitation: true,
    ...GP_NON_TENDER_COMMON,
    documentIssueToDeadline: wd(3, '财政部令第74号 第四十五条 (verify)'),
    clarificationBeforeDeadline: wd(3, '财政部令第74号 第四十五条 (verify)'),
    // G12c: 不少于三家的供应商，一次报出不得更改的价格.
    minimumBidders: { value: 3, article: '政府采购法 第四十条' },
    evaluationMethods: ['lowestPrice'],
  },
  gpSingleSource: {
    type: 'gpSingleSource',
    nameZh: '单一来源采购',
    byInvitation: true,
    ...GP_NON_TENDER_COMMON,
    documentIssueToDeadline: null,
    clarificationBeforeDeadline: null,
    minimumBidders: { value: 1, article: '政府采购法 第三十一条' },
    evaluationMethods: ['negotiatedPrice'],
    // G12: 单一来源公示期不得少于5个工作日.
    publicity: wd(5, '政府采购法实施条例 第三十八条'),
  },
};

export function procedureOf(type: ProcedureType): ProcedureConfig {
  return PROCEDURES[type];
}

export function isProcedureType(value: string): value is ProcedureType {
  return PROCEDURE_TYPES.some((type) => type === value);
}
