import { defineErrors } from '../../platform/errors.js';

export const tenderingError = defineErrors({
  TENDER_NOT_FOUND: { status: 404, zh: '招标项目不存在', en: 'The tender does not exist' },
  TENDER_NOT_OWNER: {
    status: 403,
    zh: '只有该招标项目的招标人或代理机构可以执行此操作',
    en: 'Only the tenderer or agency of this tender may do this',
  },
  TENDER_WRONG_STATE: {
    status: 409,
    zh: '招标项目当前状态为“{status}”，不能{action}',
    en: 'The tender is {status}; it cannot be {action}',
  },
  TENDER_SUSPENDED: {
    status: 409,
    zh: '招标投标活动因对招标文件的异议已暂停（招标投标法实施条例第二十二条），待招标人答复后恢复',
    en: 'Tendering is suspended by an objection to the documents (条例 22) until the tenderer answers',
  },
  DEADLINE_TOO_EARLY: {
    status: 422,
    zh: '投标截止时间不得早于 {earliest}（{article}：自招标文件发出之日起不少于 {days} {unit}）',
    en: 'The bid deadline may not be before {earliest} ({article}: at least {days} {unit} from the issue of the documents)',
  },
  SECURITY_TOO_HIGH: {
    status: 422,
    zh: '标段“{section}”的投标保证金 {amount} 元超过估算价的 2%（{limit} 元，招标投标法实施条例第二十六条）',
    en: 'The bid security {amount} of section "{section}" exceeds 2% of the estimate ({limit}; 条例 26)',
  },
  SECTION_NOT_REGISTERED: {
    status: 409,
    zh: '标段“{code}”未在平台进场登记，须先登记项目并经交易中心受理',
    en: 'Section "{code}" has not entered the platform: register the project and have it accepted first',
  },
  SECTION_WITHDRAWN: { status: 409, zh: '标段“{code}”已撤销，不能招标', en: 'Section "{code}" was withdrawn and cannot be tendered' },
  PROJECT_NOT_ACCEPTED: {
    status: 409,
    zh: '标段“{code}”所属项目的进场登记尚未受理，受理后方可发布招标',
    en: 'The project of section "{code}" has not been accepted for entry yet; tender it once it is',
  },
  SECTION_CODE_INVALID: {
    status: 400,
    zh: '标段编号“{code}”不符合统一编码规则：{reason}',
    en: 'Section code "{code}" is invalid: {reason}',
  },
  NOT_INVITED: { status: 403, zh: '该项目为邀请采购，您未被邀请', en: 'This procedure is by invitation and you are not invited' },
  NOT_REGISTERED: { status: 403, zh: '您尚未获取该项目的招标文件', en: 'You have not obtained the documents of this tender' },
  OBJECTION_TOO_LATE: {
    status: 422,
    zh: '对招标文件的异议应在投标截止时间 {days} 日前提出（最迟 {latest}，{article}）',
    en: 'Objections to the documents must be raised {days} days before the bid deadline (by {latest}; {article})',
  },
  OBJECTION_NOT_FOUND: { status: 404, zh: '异议不存在', en: 'The objection does not exist' },
  OBJECTION_ANSWERED: { status: 409, zh: '该异议已答复', en: 'The objection is already answered' },
  REVIEW_REASON_REQUIRED: { status: 400, zh: '退回时必须说明理由', en: 'A reason is required to reject' },
  SECTION_NOT_FOUND: { status: 404, zh: '该招标项目没有标段“{code}”', en: 'The tender has no section "{code}"' },
  UPLOAD_NOT_FOUND: { status: 404, zh: '上传任务不存在', en: 'The upload does not exist' },
  UPLOAD_CLOSED: { status: 409, zh: '该上传任务已提交或已关闭', en: 'The upload is already committed or closed' },
  CHUNK_OUT_OF_RANGE: {
    status: 400,
    zh: '分片序号 {index} 超出范围（最多 {max} 片）',
    en: 'Chunk index {index} is out of range (at most {max} chunks)',
  },
  CHUNK_HASH_MISMATCH: {
    status: 422,
    zh: '分片 {index} 的 SM3 与声明不符，请重传该分片',
    en: 'Chunk {index} does not match its declared SM3; upload it again',
  },
  CHUNK_HASH_REQUIRED: {
    status: 400,
    zh: '请在 X-Chunk-Sm3 头中给出分片的 SM3（64 位十六进制）',
    en: 'Give the chunk SM3 in the X-Chunk-Sm3 header (64 hex digits)',
  },
  BID_NOT_ENCRYPTED: {
    status: 422,
    zh: '投标文件未加密，平台拒收。请使用投标客户端或 ggzy-bidtool 加密后再上传（电子招标投标办法）',
    en: 'The bid file is not encrypted and is refused. Encrypt it with the bid client or ggzy-bidtool first',
  },
  MANIFEST_MISMATCH: {
    status: 422,
    zh: '投标文件清单与已上传内容不符：{field}',
    en: 'The bid manifest does not match the upload: {field}',
  },
  SIGNATURE_INVALID: { status: 422, zh: '投标文件签名无效：{reasons}', en: 'The bid signature is invalid: {reasons}' },
  SIGNER_NOT_BIDDER: { status: 403, zh: '签名证书不属于当前投标人', en: 'The signing certificate does not belong to this bidder' },
  BID_DEADLINE_PASSED: {
    status: 409,
    zh: '已过投标截止时间（{deadline}），服务器时间 {receivedAt}，投标文件被拒收（招标投标法实施条例第三十六条）',
    en: 'The bid deadline ({deadline}) has passed (server time {receivedAt}); the bid is refused (条例 36)',
  },
  CREDIT_RESTRICTED: {
    status: 403,
    zh: '您的主体处于限制投标状态：{restriction}（{authority}，至 {until}）',
    en: 'Your entity is restricted from bidding: {restriction} ({authority}, until {until})',
  },
  BID_NOT_FOUND: { status: 404, zh: '投标文件不存在', en: 'The bid does not exist' },
  OPENING_KEY_EXISTS: { status: 409, zh: '本项目的开标密钥已生成', en: 'The opening key of this tender already exists' },
  OPENING_KEY_MISSING: {
    status: 409,
    zh: '本项目尚未生成开标密钥，暂不能递交投标文件',
    en: 'The tender has no opening key yet; bids cannot be sealed',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    status: 400,
    zh: '递交投标文件必须带 Idempotency-Key 请求头',
    en: 'Committing a bid requires an Idempotency-Key header',
  },
});
