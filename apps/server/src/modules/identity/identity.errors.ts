import { defineErrors } from '../../platform/errors.js';

export const identityError = defineErrors({
  INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    status: 423,
    zh: '连续登录失败次数过多，账号已锁定，请于 {until} 后再试',
    en: 'Too many failed sign-ins: the account is locked until {until}',
  },
  ACCOUNT_SUSPENDED: {
    status: 403,
    zh: '账号已被停用，请联系平台管理员',
    en: 'The account is suspended; contact the platform administrator',
  },
  TOKEN_NOT_FOUND: { status: 404, zh: '访问令牌不存在', en: 'The API token does not exist' },
  REGISTRATION_PENDING: {
    status: 403,
    zh: '注册申请正在审核中，审核通过后即可登录',
    en: 'Your registration is being reviewed; you can sign in once it is approved',
  },
  REGISTRATION_REJECTED: { status: 403, zh: '注册申请未通过审核：{reason}', en: 'Your registration was rejected: {reason}' },
  SECOND_FACTOR_INVALID: {
    status: 401,
    zh: '动态验证码不正确或已使用，请输入认证器上的最新验证码',
    en: 'The one-time code is wrong or already used; enter the current code from your authenticator',
  },
  SECOND_FACTOR_EXPIRED: {
    status: 401,
    zh: '验证已超时，请重新输入用户名和密码',
    en: 'The sign-in step expired; enter your username and password again',
  },
  USCC_LENGTH: {
    status: 400,
    zh: '统一社会信用代码应为 18 位，您输入了 {length} 位',
    en: 'A Unified Social Credit Code has 18 characters; you entered {length}',
  },
  USCC_CHARACTER: {
    status: 400,
    zh: '统一社会信用代码第 {position} 位“{character}”不合规（第 3–8 位为数字，其余不得使用 I、O、S、V、Z）',
    en: 'Character {position} ("{character}") of the Unified Social Credit Code is not allowed (positions 3–8 are digits; I, O, S, V, Z are never used)',
  },
  USCC_CHECK: {
    status: 400,
    zh: '统一社会信用代码第 18 位校验码应为“{expected}”，您输入的是“{actual}”，请核对前 17 位',
    en: 'The check character (position 18) of the Unified Social Credit Code should be "{expected}", not "{actual}"; check the first 17 characters',
  },
  CITIZEN_ID_LENGTH: {
    status: 400,
    zh: '身份证号码应为 18 位，您输入了 {length} 位',
    en: 'A citizen ID number has 18 characters; you entered {length}',
  },
  CITIZEN_ID_CHARACTER: {
    status: 400,
    zh: '身份证号码第 {position} 位“{character}”不合规（前 17 位为数字，第 18 位为数字或 X）',
    en: 'Character {position} ("{character}") of the citizen ID number is not allowed (17 digits, then a digit or X)',
  },
  CITIZEN_ID_BIRTH_DATE: {
    status: 400,
    zh: '身份证号码中的出生日期 {birthDate} 不存在',
    en: 'The birth date {birthDate} in the citizen ID number does not exist',
  },
  CITIZEN_ID_CHECK: {
    status: 400,
    zh: '身份证号码第 18 位校验码应为“{expected}”，您输入的是“{actual}”，请核对前 17 位',
    en: 'The check character (position 18) of the citizen ID number should be "{expected}", not "{actual}"; check the first 17 digits',
  },
  ENTITY_ALREADY_REGISTERED: {
    status: 409,
    zh: '该{whatZh}已注册，同一主体在全省只需注册一次；如忘记账号请联系交易中心',
    en: 'This {whatEn} is already registered; one registration serves the whole province. Contact the trading centre if you lost the account',
  },
  USERNAME_TAKEN: { status: 409, zh: '用户名“{username}”已被使用，请换一个', en: 'The username "{username}" is taken; choose another' },
  PASSWORD_TOO_WEAK: {
    status: 400,
    zh: '密码至少 8 位，且须包含大写字母、小写字母、数字、符号中的至少三类',
    en: 'The password needs at least 8 characters from at least three of: upper case, lower case, digits, symbols',
  },
  ROLE_NOT_SELF_REGISTRABLE: {
    status: 400,
    zh: '角色“{role}”不能自行注册，须由平台管理员开通',
    en: 'The role "{role}" cannot be self-registered; an administrator grants it',
  },
  IDENTIFIER_REQUIRED: { status: 400, zh: '{kindZh}须填写{whatZh}', en: 'A {kindEn} must give its {whatEn}' },
  REJECTION_REASON_REQUIRED: {
    status: 400,
    zh: '退回注册申请须填写理由，申请人将看到该理由',
    en: 'Give a reason to reject a registration; the applicant will see it',
  },
  REGISTRATION_NOT_FOUND: { status: 404, zh: '注册申请不存在', en: 'The registration does not exist' },
  REGISTRATION_ALREADY_REVIEWED: {
    status: 409,
    zh: '该注册申请已审核（{status}），不能重复审核',
    en: 'The registration was already reviewed ({status})',
  },
  QUALIFICATION_NOT_FOUND: { status: 404, zh: '资质记录不存在', en: 'The qualification record does not exist' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在', en: 'The user does not exist' },
  ENTITY_NOT_FOUND: { status: 404, zh: '您的账号未关联市场主体', en: 'Your account is not linked to a market entity' },
  DEMO_ACCOUNTS_DISABLED: { status: 404, zh: '演示账号仅在演示模式下提供', en: 'Demo accounts exist only in demo mode' },
});
