import { defineErrors } from '../../platform/errors.js';

export const evaluationError = defineErrors({
  EXPERT_NOT_FOUND: { status: 404, zh: '专家不存在', en: 'The expert does not exist' },
  EXPERT_ALREADY_REVIEWED: { status: 409, zh: '该专家入库申请已审核（{status}）', en: 'The expert application was already reviewed ({status})' },
  EXPERT_ALREADY_REGISTERED: { status: 409, zh: '该账号已登记为专家', en: 'This account is already registered as an expert' },
  SPECIALTY_UNKNOWN: { status: 400, zh: '专业代码 {code} 不在专业目录中', en: 'The specialty code {code} is not in the code list' },
  REVIEW_REASON_REQUIRED: { status: 400, zh: '不予入库须填写理由', en: 'A rejection needs a reason' },
  COMMITTEE_INVALID: { status: 400, zh: '评标委员会组成不符合{article}：{summary}', en: 'The committee does not satisfy {article}: {summary}' },
  DRAW_NOT_FOUND: { status: 404, zh: '抽取记录不存在', en: 'The draw does not exist' },
  DRAW_STATE: { status: 409, zh: '抽取记录当前状态（{status}）不允许此操作', en: 'The draw is {status}; this action is not allowed now' },
  SLOT_NOT_FOUND: { status: 404, zh: '抽取名单中没有第 {slot} 位', en: 'The panel has no slot {slot}' },
  SLOT_ANSWERED: { status: 409, zh: '第 {slot} 位已答复（{answer}）', en: 'Slot {slot} has already answered ({answer})' },
  NOTHING_TO_REPLACE: { status: 409, zh: '没有拒绝参加或回避的专家，无需补抽', en: 'No expert declined or was recused; there is nothing to replace' },
  DRAW_NOT_REVEALED: { status: 409, zh: '抽取结果尚未解封，种子仍保密', en: 'The draw is not unsealed yet; its seed is still secret' },
});
