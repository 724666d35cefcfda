import { defineErrors } from '../../platform/errors.js';

export const certificateError = defineErrors({
  CSR_INVALID: { status: 400, zh: '证书请求（CSR）格式无效：{reason}', en: 'The certificate request (CSR) is invalid: {reason}' },
  CSR_SIGNATURE_INVALID: {
    status: 400,
    zh: '证书请求的签名无效：请用请求中公钥对应的私钥签名（SM2 使用默认用户标识 1234567812345678）',
    en: 'The certificate request signature is invalid: sign it with the private key of its public key (SM2 with the default ID 1234567812345678)',
  },
  KEY_ALGORITHM_UNSUPPORTED: {
    status: 400,
    zh: '不支持的密钥算法：{reason}（仅支持 SM2 和 ECDSA P-256）',
    en: 'Unsupported key algorithm: {reason} (SM2 and ECDSA P-256 only)',
  },
  ENCRYPTION_NEEDS_SM2: { status: 400, zh: '加密证书仅签发给 SM2 密钥', en: 'Encryption certificates are issued for SM2 keys only' },
  HOLDER_NOT_FOUND: { status: 404, zh: '未找到证书持有人的平台账户', en: 'The certificate holder’s platform account was not found' },
  TOO_MANY_CERTIFICATES: {
    status: 409,
    zh: '有效证书已达上限（{limit} 张），请先吊销不再使用的证书',
    en: 'You already hold the maximum of {limit} valid certificates; revoke one you no longer use',
  },
  CERTIFICATE_INVALID: { status: 400, zh: '证书格式无效：{reason}', en: 'The certificate is invalid: {reason}' },
  CERTIFICATE_NOT_FOUND: { status: 404, zh: '证书不存在', en: 'The certificate does not exist' },
  ALREADY_REVOKED: { status: 409, zh: '该证书已于 {at} 吊销', en: 'The certificate was already revoked at {at}' },
  CHALLENGE_INVALID: {
    status: 401,
    zh: '登录挑战码无效、已使用或已过期，请重新获取',
    en: 'The challenge is unknown, used or expired; request a new one',
  },
  CERTIFICATE_REJECTED: {
    status: 401,
    zh: '证书未通过验证：{reasons}',
    en: 'The certificate was not accepted: {reasons}',
  },
  SIGNATURE_INVALID: { status: 401, zh: '签名验证失败', en: 'The signature does not verify' },
  ACCOUNT_INACTIVE: {
    status: 403,
    zh: '该证书对应的平台账户未启用（待审核、已停用或未通过审核）',
    en: 'The platform account of this certificate is not active (pending, suspended or rejected)',
  },
  CERTIFICATE_NOT_BOUND: {
    status: 401,
    zh: '该证书未绑定平台账户：请先用密码登录，在“我的证书”中绑定',
    en: 'This certificate is not bound to a platform account: sign in with your password and bind it first',
  },
  BINDING_NOT_NEEDED: {
    status: 400,
    zh: '本平台签发的证书无需绑定',
    en: 'Certificates issued by this platform need no binding',
  },
  BINDING_EXISTS: { status: 409, zh: '该证书已绑定到平台账户', en: 'This certificate is already bound to a platform account' },
  BINDING_NOT_FOUND: { status: 404, zh: '证书绑定不存在', en: 'The certificate binding does not exist' },
  TRUSTED_ROOT_INVALID: { status: 400, zh: '不能作为互认根证书：{reason}', en: 'Cannot be recognised as a root: {reason}' },
  TRUSTED_ROOT_EXISTS: { status: 409, zh: '该根证书已在互认列表中', en: 'This root certificate is already recognised' },
  TRUSTED_ROOT_NOT_FOUND: { status: 404, zh: '互认根证书不存在或已撤销', en: 'The recognised root does not exist or was already removed' },
});
