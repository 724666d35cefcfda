import { defineErrors } from '../../platform/errors.js';

export const projectError = defineErrors({
  CODE_INVALID: { status: 400, zh: '{zh}', en: '{en}' },
  INVEST_PROJECT_CODE_REQUIRED: {
    status: 400,
    zh: '工程建设项目须填写投资项目统一代码（审批、核准或备案时取得）',
    en: 'An engineering construction project needs its investment project code (issued at approval, ratification or filing)',
  },
  REGION_UNKNOWN: { status: 400, zh: '行政区划代码 {regionCode} 不在现行区划表中', en: 'The region code {regionCode} is not in the current region table' },
  AMOUNT_INVALID: { status: 400, zh: '金额“{amount}”格式不正确：以元为单位，最多两位小数', en: 'The amount "{amount}" is not valid: yuan with at most two decimals' },
  CONTRACT_KIND_REQUIRED: { status: 400, zh: '工程建设和政府采购项目须选择采购内容（施工、货物、服务）', en: 'Engineering and procurement projects need a contract kind (works, goods, services)' },
  DATE_IN_FUTURE: { status: 400, zh: '日期 {date} 晚于今天', en: 'The date {date} is after today' },
  CATALOGUE_MISSING: { status: 500, zh: '交易项目目录尚未配置', en: 'The must-trade catalogue is not configured' },
  CATALOGUE_INVALID: { status: 400, zh: '目录版本不合规：{problems}', en: 'The catalogue version is invalid: {problems}' },
  PROJECT_NOT_FOUND: { status: 404, zh: '项目不存在', en: 'The project does not exist' },
  PROJECT_NOT_YOURS: { status: 403, zh: '只能查看和修改本人登记的项目', en: 'You can see and change only projects you registered' },
  PROJECT_ALREADY_REVIEWED: { status: 409, zh: '该进场登记已审核（{status}），不能重复审核', en: 'The entry request was already reviewed ({status})' },
  PROJECT_NOT_RETURNED: { status: 409, zh: '只有被退回的进场登记可以修改后重新提交', en: 'Only a returned entry request can be changed and resubmitted' },
  RETURN_REASON_REQUIRED: { status: 400, zh: '退回进场登记须填写理由，登记人将看到该理由', en: 'Give at least one reason to return an entry request; the registrant will see it' },
  DEPARTMENT_CLIENT_REQUIRED: {
    status: 403,
    zh: '该账号未登记为部门系统接入账号，请联系平台管理员',
    en: 'This account is not registered as a department system client; contact the platform administrator',
  },
  DEPARTMENT_CLIENT_EXISTS: { status: 409, zh: '账号 {username} 已是部门“{department}”的接入账号', en: 'The account {username} is already the client of the department "{department}"' },
  DEPARTMENT_CLIENT_NOT_FOUND: { status: 404, zh: '部门接入账号不存在', en: 'The department client does not exist' },
  EVENT_CODE_REQUIRED: { status: 400, zh: '须至少提供一个赋码（投资项目统一代码、项目编号、标段编号或交易标识码）', en: 'Give at least one code (investment project, project, section or deal code)' },
  EVIDENCE_REQUIRED: { status: 400, zh: '手工录入须上传至少一份佐证材料', en: 'A manual entry needs at least one evidence file' },
  EVIDENCE_NOT_FOUND: { status: 400, zh: '佐证文件 {key} 不存在，请先上传', en: 'The evidence file {key} does not exist; upload it first' },
  STAGE_NOT_ALLOWED: { status: 400, zh: '交易环节事件由平台交易系统产生，部门系统不能报送', en: 'Trading events come from the platform’s own trading system; departments cannot report them' },
});
