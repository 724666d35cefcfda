import { defineErrors } from '../../platform/errors.js';

export const awardError = defineErrors({
  SECTION_NOT_FOUND: { status: 404, zh: '招标项目或标段“{code}”不存在', en: 'The tender or its section "{code}" does not exist' },
  NOT_TENDER_OWNER: { status: 403, zh: '只有该项目的招标人或代理机构可以执行此操作', en: 'Only the tenderer or agency of this tender may do this' },
  NOT_AN_AWARD_PARTICIPANT: { status: 403, zh: '您不是该标段的投标人、招标人或监管人员', en: 'You are not a bidder, the tenderer or a supervisor of this section' },
  REPORT_NOT_FOUND: {
    status: 409,
    zh: '该标段尚无已签署锁定的评标报告，不能公示或定标',
    en: 'The section has no signed, locked evaluation report; candidates cannot be published nor a winner determined',
  },
  REPORT_CANDIDATES_INVALID: {
    status: 422,
    zh: '评标报告的中标候选人名单不符合要求（{problem}；应不超过 3 个并标明排序，招标投标法实施条例第五十三条）',
    en: 'The report\'s candidate list is not usable ({problem}; at most 3, ranked — 条例 53)',
  },
  AWARD_EXISTS: { status: 409, zh: '该标段已进入中标候选人公示或定标程序', en: 'Publicity or the award of this section has already started' },
  AWARD_NOT_STARTED: { status: 404, zh: '该标段尚未公示中标候选人或确定中标人', en: 'No publicity or award exists for this section yet' },
  AWARD_WRONG_STATE: { status: 409, zh: '该标段定标状态为“{state}”，不能{action}', en: 'The award of this section is {state}; it cannot {action}' },
  PUBLICITY_NOT_FOR_GP: {
    status: 409,
    zh: '政府采购项目不公示中标候选人，由采购人按顺序确定中标、成交供应商后直接公告结果（政府采购法实施条例第四十三条）',
    en: 'Government procurement has no candidate publicity: the purchaser decides in candidate order and the result is announced (GP条例 43)',
  },
  PUBLICITY_START_TOO_LATE: {
    status: 422,
    zh: '应当自收到评标报告之日起 {days} 日内公示中标候选人（最迟 {latest}，{article}）',
    en: 'Candidates must be published within {days} days of receiving the report (by {latest}; {article})',
  },
  PUBLICITY_TOO_SHORT: {
    status: 422,
    zh: '公示期不得少于 {days} 日，结束日期不得早于 {earliest}（{article}）',
    en: 'Publicity lasts at least {days} days: it may not end before {earliest} ({article})',
  },
  OBJECTION_OUTSIDE_PUBLICITY: {
    status: 422,
    zh: '对评标结果的异议应当在中标候选人公示期间（{startsAt} 至 {endsAt}）提出（{article}）',
    en: 'Objections to the evaluation result must be raised during publicity ({startsAt} to {endsAt}; {article})',
  },
  OBJECTION_NOT_A_BIDDER: {
    status: 403,
    zh: '只有本标段的投标人可以在平台上对评标结果提出异议（{article}）；其他利害关系人请向行政监督部门反映',
    en: 'Only bidders of this section may object to the evaluation result on the platform ({article}); other interested parties should turn to the supervising department',
  },
  OBJECTION_NOT_FOUND: { status: 404, zh: '异议不存在', en: 'The objection does not exist' },
  OBJECTION_ANSWERED: { status: 409, zh: '该异议已答复', en: 'The objection is already answered' },
  AWARD_SUSPENDED: {
    status: 409,
    zh: '尚有 {count} 条对评标结果的异议未答复，招标投标活动暂停（招标投标法实施条例第五十四条）',
    en: '{count} objection(s) to the result are not answered: the activity is suspended (条例 54)',
  },
  PUBLICITY_NOT_ENDED: {
    status: 409,
    zh: '中标候选人公示期至 {endsAt} 结束，公示期满后方可确定中标人',
    en: 'Candidate publicity runs until {endsAt}; the winner is determined after it ends',
  },
  PASS_OVER_INVALID: {
    status: 422,
    zh: '不能跳过排名第 {rank} 的中标候选人：{problem}（{article}）',
    en: 'Candidate ranked {rank} cannot be passed over: {problem} ({article})',
  },
  NO_NOTICE: { status: 404, zh: '该标段尚未发出中标（成交）通知书', en: 'No award notice has been issued for this section' },
  NOTICE_NOT_YOURS: { status: 403, zh: '中标（成交）通知书只向中标人、招标人和监管人员提供', en: 'The award notice is shown to the winner, the tenderer and supervisors only' },
  RESULT_NOT_PUBLISHED: { status: 404, zh: '该标段尚未公告结果', en: 'No result has been announced for this section' },
  PUBLICITY_NOT_PUBLISHED: { status: 404, zh: '该标段尚未公示中标候选人', en: 'No candidates have been published for this section' },
});
