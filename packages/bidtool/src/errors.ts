/**
 * The CLI's own errors, in the platform's catalogue form (zh-CN and en, platform/errors.ts). A
 * refusal by the server is shown with the server's own message, asked for in the same language
 * (Accept-Language), so one locale choice covers both.
 */
import { AppError, defineErrors, type Locale } from '../../../apps/server/src/platform/errors.js';

export { AppError, type Locale };

/** Exit codes: 0 done, 1 the operation failed (refused, unreachable, bad input file), 2 wrong usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const bidtoolError = defineErrors({
  UNKNOWN_COMMAND: {
    status: EXIT.usage,
    zh: '未知命令“{command}”。可用命令：encrypt、package、sign、upload、submit（ggzy-bidtool --help）',
    en: 'Unknown command "{command}". Commands: encrypt, package, sign, upload, submit (ggzy-bidtool --help)',
  },
  BAD_ARGUMENTS: { status: EXIT.usage, zh: '命令行参数有误：{detail}', en: 'Bad arguments: {detail}' },
  MISSING_OPTION: { status: EXIT.usage, zh: '缺少 {option}：{what}', en: 'Missing {option}: {what}' },
  BAD_VALUE: { status: EXIT.usage, zh: '{option} 的值无效：{reason}', en: 'Invalid {option}: {reason}' },
  FILE_NOT_FOUND: { status: EXIT.failed, zh: '找不到文件 {path}', en: 'No such file: {path}' },
  FILE_EXISTS: { status: EXIT.failed, zh: '{path} 已存在；如需覆盖请加 --force', en: '{path} already exists; add --force to overwrite it' },
  NOT_A_PACKAGE: {
    status: EXIT.failed,
    zh: '{path} 不是 ggzy-bid/1 投标包描述文件（{reason}）',
    en: '{path} is not a ggzy-bid/1 bid package file ({reason})',
  },
  STEP_MISSING: {
    status: EXIT.failed,
    zh: '{path} 尚未完成“{step}”步骤，请先运行 ggzy-bidtool {command}',
    en: '{path} has not been through "{step}" yet; run ggzy-bidtool {command} first',
  },
  SEALED_FILE_CHANGED: {
    status: EXIT.failed,
    zh: '密封文件 {path} 与投标包描述不一致（{reason}），请重新执行 encrypt 和 package',
    en: 'The sealed file {path} does not match its package ({reason}); run encrypt and package again',
  },
  NOT_SEALED: {
    status: EXIT.failed,
    zh: '{path} 不是 ggzy-bid/1 密封文件（开头缺少 GGZYBID1 标记）',
    en: '{path} is not a ggzy-bid/1 sealed file (no GGZYBID1 header)',
  },
  SUMMARY_INVALID: {
    status: EXIT.usage,
    zh: '开标一览表无效：{reason}（需要 JSON 对象，含字符串字段 price、duration、quality）',
    en: 'Invalid opening summary: {reason} (a JSON object with string fields price, duration, quality)',
  },
  KEY_FILE_INVALID: {
    status: EXIT.failed,
    zh: '无法读取私钥文件 {path}：{reason}（支持 PEM 格式的 SM2 PKCS#8 私钥，加密或不加密）',
    en: 'Cannot read the private key file {path}: {reason} (SM2 PKCS#8 in PEM, encrypted or not)',
  },
  KEY_PASSPHRASE_REQUIRED: {
    status: EXIT.usage,
    zh: '私钥文件 {path} 已加密：请用 --passphrase-file 或环境变量 GGZY_KEY_PASSPHRASE 提供口令',
    en: 'The key file {path} is encrypted: give its passphrase with --passphrase-file or GGZY_KEY_PASSPHRASE',
  },
  KEY_PASSPHRASE_WRONG: { status: EXIT.failed, zh: '私钥文件 {path} 的口令不正确', en: 'Wrong passphrase for the key file {path}' },
  CERTIFICATE_INVALID: {
    status: EXIT.failed,
    zh: '无法读取证书 {path}：{reason}（需要平台签发的 SM2 证书，PEM 格式）',
    en: 'Cannot read the certificate {path}: {reason} (an SM2 certificate issued by the platform, PEM)',
  },
  KEY_CERTIFICATE_MISMATCH: {
    status: EXIT.failed,
    zh: '私钥与证书 {path} 中的公钥不匹配，请使用该证书对应的私钥',
    en: 'The private key does not belong to the certificate {path}; use the key the certificate was issued for',
  },
  SERVER_REQUIRED: {
    status: EXIT.usage,
    zh: '需要平台地址：--server URL 或环境变量 GGZY_SERVER',
    en: 'The platform address is needed: --server URL or GGZY_SERVER',
  },
  TOKEN_REQUIRED: {
    status: EXIT.usage,
    zh: '需要 API 令牌：--token 或环境变量 GGZY_API_TOKEN（在平台“API 令牌”页面创建）',
    en: 'An API token is needed: --token or GGZY_API_TOKEN (create one on the platform under API tokens)',
  },
  SERVER_UNREACHABLE: {
    status: EXIT.failed,
    zh: '无法连接平台 {server}（{reason}）。已上传的分片保留在平台上，重新运行同一命令即可续传',
    en: 'Cannot reach the platform at {server} ({reason}). Chunks already sent stay on the platform: run the same command again to resume',
  },
  SERVER_REFUSED: {
    status: EXIT.failed,
    zh: '平台拒绝了请求（HTTP {status}，{code}）：{message}',
    en: 'The platform refused the request (HTTP {status}, {code}): {message}',
  },
  CHUNK_SIZE_MISMATCH: {
    status: EXIT.failed,
    zh: '投标包按 {ours} 字节分片，平台要求 {theirs} 字节：请用 ggzy-bidtool package --chunk-size {theirs} 重新打包并签名',
    en: 'The package uses {ours}-byte chunks, the platform {theirs}: run ggzy-bidtool package --chunk-size {theirs} and sign again',
  },
  UPLOAD_MISMATCH: {
    status: EXIT.failed,
    zh: '平台上的上传 {uploadId} 属于另一个招标项目或标段；删除 {path} 后重新上传',
    en: 'The upload {uploadId} on the platform is for another tender or section; delete {path} and upload again',
  },
  RECEIPT_INVALID: {
    status: EXIT.failed,
    zh: '平台回执未通过验证：{reason}。请保存本输出并联系交易中心',
    en: 'The platform receipt did not verify: {reason}. Keep this output and contact the trading centre',
  },
});

export type BidtoolErrorCode = keyof typeof bidtoolError.catalogue;

/**
 * zh-CN unless English is asked for — as the server decides from Accept-Language. `--lang` wins,
 * then GGZY_LANG, then the POSIX locale variables in their order of precedence.
 */
export function localeFrom(flag: string | undefined, env: Record<string, string | undefined>): Locale {
  const chosen = flag ?? env.GGZY_LANG ?? env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return chosen.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** One line for the terminal: the message in the chosen language, and the code for support. */
export function describeError(error: unknown, locale: Locale): { message: string; exitCode: number } {
  if (error instanceof AppError) {
    const label = locale === 'en' ? 'Error' : '错误';
    return { message: `${label} [${error.code}]: ${error.messageIn(locale)}`, exitCode: error.status };
  }
  const label = locale === 'en' ? 'Unexpected error' : '意外错误';
  return { message: `${label}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, exitCode: EXIT.failed };
}
