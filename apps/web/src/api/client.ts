import type { BodyOf, ErrorBody, Locale, ParamsOf, PathWith, QueryOf, ResponseOf } from './types';

/**
 * The fetch wrapper every request goes through: same-origin cookies, JSON both ways,
 * Accept-Language from the chosen locale, and the server's error body turned into an ApiError
 * whose `message` is the server's localised message.
 */

let currentLocale: Locale = 'zh-CN';

/** Called by the i18n provider whenever the user switches language. */
export function setRequestLocale(locale: Locale): void {
  currentLocale = locale;
}

export function getRequestLocale(): Locale {
  return currentLocale;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;

  constructor(status: number, body: Partial<ErrorBody>, fallbackMessage: string) {
    super(typeof body.message === 'string' && body.message !== '' ? body.message : fallbackMessage);
    this.name = 'ApiError';
    this.status = status;
    this.code = typeof body.code === 'string' ? body.code : `HTTP_${status}`;
    this.details = body.details;
    this.requestId = typeof body.requestId === 'string' ? body.requestId : null;
  }
}

/** Thrown when the request never got an HTTP answer (offline, DNS, server down). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal | undefined;
}

export function buildUrl(path: string, query?: RequestOptions['query']): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, String(value));
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': currentLocale,
  };
  const init: RequestInit = {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers,
    signal: options.signal ?? null,
  };
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), init);
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new NetworkError(cause);
  }

  if (!response.ok) {
    throw new ApiError(response.status, await readErrorBody(response), `HTTP ${response.status} ${response.statusText}`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

async function readErrorBody(response: Response): Promise<Partial<ErrorBody>> {
  try {
    const body: unknown = await response.json();
    return typeof body === 'object' && body !== null ? (body as Partial<ErrorBody>) : {};
  } catch {
    return {};
  }
}

/** `/api/registrations/{id}` with `{ id }` → `/api/registrations/0f…`; every value URL-encoded. */
export function fillPath(template: string, params: object | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value: unknown = params === undefined ? undefined : (params as Record<string, unknown>)[name];
    if (value === undefined || value === null) throw new TypeError(`Missing path parameter ${name} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

type Query = RequestOptions['query'];

/**
 * Typed calls: the path must be one the server's OpenAPI document has for the method, and the
 * body, query, path parameters and answer take the generated types of that operation.
 */
export const api = {
  get: <P extends PathWith<'get'>>(
    path: P,
    options: { params?: ParamsOf<P, 'get'>; query?: QueryOf<P, 'get'>; signal?: AbortSignal | undefined } = {},
  ) => apiRequest<ResponseOf<P, 'get'>>(fillPath(path, options.params), { query: options.query as Query, signal: options.signal }),
  post: <P extends PathWith<'post'>>(path: P, body?: BodyOf<P, 'post'>, options: { params?: ParamsOf<P, 'post'> } = {}) =>
    apiRequest<ResponseOf<P, 'post'>>(fillPath(path, options.params), { method: 'POST', body }),
  put: <P extends PathWith<'put'>>(path: P, body: BodyOf<P, 'put'>, options: { params?: ParamsOf<P, 'put'> } = {}) =>
    apiRequest<ResponseOf<P, 'put'>>(fillPath(path, options.params), { method: 'PUT', body }),
  delete: <P extends PathWith<'delete'>>(path: P, options: { params?: ParamsOf<P, 'delete'> } = {}) =>
    apiRequest<ResponseOf<P, 'delete'>>(fillPath(path, options.params), { method: 'DELETE' }),
};
