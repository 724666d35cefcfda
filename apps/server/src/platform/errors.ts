/**
 * The error model. Every module declares a closed catalogue of its error codes with the HTTP
 * status and the message in both languages; services throw `AppError`s made by that catalogue's
 * factory, and one handler (http/error-handler.ts) turns them into
 * `{ code, message, details, requestId }`.
 */
export type Locale = 'zh-CN' | 'en';

export interface ErrorSpec {
  status: number;
  /** Message templates; `{name}` is replaced with `params.name`. */
  zh: string;
  en: string;
}

export type ErrorCatalogue<Code extends string> = Record<Code, ErrorSpec>;

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly spec: ErrorSpec,
    readonly params: Record<string, string | number> = {},
    readonly details: unknown = undefined,
  ) {
    super(`${code}: ${render(spec.en, params)}`);
    this.name = 'AppError';
  }

  get status(): number {
    return this.spec.status;
  }

  messageIn(locale: Locale): string {
    return render(locale === 'en' ? this.spec.en : this.spec.zh, this.params);
  }
}

function render(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Builds a typed factory for one module's catalogue: `identityError('INVALID_CREDENTIALS')`. */
export function defineErrors<Code extends string>(catalogue: ErrorCatalogue<Code>) {
  const factory = (code: Code, params?: Record<string, string | number>, details?: unknown): AppError =>
    new AppError(code, catalogue[code], params, details);
  return Object.assign(factory, { catalogue });
}

/** Errors of the kernel itself, shared by every module. */
export const platformError = defineErrors({
  VALIDATION_FAILED: { status: 400, zh: '请求数据不符合要求：{summary}', en: 'The request is invalid: {summary}' },
  UNAUTHENTICATED: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  FORBIDDEN: { status: 403, zh: '您的角色无权执行此操作', en: 'Your role may not do this' },
  NOT_FOUND: { status: 404, zh: '请求的资源不存在', en: 'The requested resource does not exist' },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '上传内容超过上限 {limit} 字节', en: 'The upload exceeds the limit of {limit} bytes' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    zh: '幂等键已用于另一份不同的请求，请更换幂等键',
    en: 'This idempotency key was already used with a different request body',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请 {retryAfter} 后重试', en: 'Too many requests, retry after {retryAfter}' },
  CALENDAR_YEAR_UNKNOWN: {
    status: 500,
    zh: '{year} 年的法定节假日安排尚未发布，无法计算工作日',
    en: 'The holiday calendar for {year} is not published yet; working days cannot be computed',
  },
  INTERNAL: {
    status: 500,
    zh: '服务器内部错误，请稍后重试（请求号 {requestId}）',
    en: 'Internal server error, please retry later (request {requestId})',
  },
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂不可用：{reason}', en: 'Service unavailable: {reason}' },
});
