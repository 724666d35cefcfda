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
  DEMO_ACCOUNTS_DISABLED: { status: 404, zh: '演示账号仅在演示模式下提供', en: 'Demo accounts exist only in demo mode' },
});
