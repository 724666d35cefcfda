/**
 * The platform's bidding API as the bidder's client calls it (routes: tendering/bidding.routes.ts).
 * `call` gives the raw answer (tests look at refusals); the named methods throw a bidtoolError
 * carrying the server's own code and message, asked for in the CLI's language.
 */
import type { BidReceipt } from '@ggzy/contracts';
import type { BidManifest } from './envelope.js';
import { bidtoolError, type Locale } from './errors.js';

export type { BidReceipt };

export interface Reply {
  status: number;
  body: unknown;
}

export interface CommitRequest {
  manifest: BidManifest;
  summary: string;
  signature: string;
  certificate: string;
}

export interface UploadStatus {
  uploadId: string;
  status: 'open' | 'committed';
  chunkSize: number;
  chunks: Array<{ index: number; size: number; sm3: string }>;
}

export interface PlatformClientOptions {
  /** Base URL, e.g. https://ggzy.example.gov.cn (no /api). */
  server: string;
  /** `Authorization: Bearer <token>` (the CLI) or a session cookie (browser-like tests). */
  auth: { token: string } | { cookie: string };
  locale?: Locale;
}

export class PlatformClient {
  readonly server: string;
  readonly #headers: Record<string, string>;

  constructor(options: PlatformClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.#headers = {
      'accept-language': options.locale === 'en' ? 'en' : 'zh-CN',
      ...('token' in options.auth ? { authorization: `Bearer ${options.auth.token}` } : { cookie: options.auth.cookie }),
    };
  }

  /** One request; network failures become SERVER_UNREACHABLE, any HTTP status is returned. */
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const binary = body instanceof Uint8Array;
    let response: Response;
    try {
      response = await fetch(this.server + path, {
        method,
        headers: {
          ...this.#headers,
          ...(body === undefined ? {} : { 'content-type': binary ? 'application/octet-stream' : 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : binary ? body : JSON.stringify(body),
      });
    } catch (error) {
      throw bidtoolError('SERVER_UNREACHABLE', { server: this.server, reason: networkReason(error) });
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw bidtoolError('SERVER_UNREACHABLE', { server: this.server, reason: networkReason(error) });
    }
    const isJson = response.headers.get('content-type')?.includes('application/json') ?? false;
    return { status: response.status, body: isJson && text ? JSON.parse(text) : text };
  }

  /** A call that must answer 2xx; otherwise the server's refusal as a bidtoolError. */
  async expect<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const reply = await this.call(method, path, body, headers);
    if (reply.status >= 200 && reply.status < 300) return reply.body as T;
    throw refusal(reply);
  }

  me(): Promise<{ id: string; username: string }> {
    return this.expect('GET', '/api/auth/me');
  }

  openingKey(tenderId: string): Promise<{ publicKey: string }> {
    return this.expect('GET', `/api/tenders/${encodeURIComponent(tenderId)}/opening-key`);
  }

  myBids(tenderId: string): Promise<{ items: Array<{ sectionCode: string; version: number }> }> {
    return this.expect('GET', `/api/tenders/${encodeURIComponent(tenderId)}/my-bids`);
  }

  startUpload(tenderId: string, sectionCode: string): Promise<{ uploadId: string; chunkSize: number; maxChunks: number }> {
    return this.expect('POST', `/api/tenders/${encodeURIComponent(tenderId)}/sections/${encodeURIComponent(sectionCode)}/bid-uploads`, {});
  }

  /** Undefined when the server does not know the upload (expired, another platform, another user). */
  async uploadStatus(uploadId: string): Promise<UploadStatus | undefined> {
    const reply = await this.call('GET', `/api/bid-uploads/${encodeURIComponent(uploadId)}`);
    if (reply.status === 404 || reply.status === 400) return undefined;
    if (reply.status !== 200) throw refusal(reply);
    return reply.body as UploadStatus;
  }

  putChunk(uploadId: string, index: number, bytes: Uint8Array, sm3: string): Promise<Reply> {
    return this.call('PUT', `/api/bid-uploads/${encodeURIComponent(uploadId)}/chunks/${index}`, bytes, { 'x-chunk-sm3': sm3 });
  }

  commit(uploadId: string, request: CommitRequest, idempotencyKey: string): Promise<Reply> {
    return this.call('POST', `/api/bid-uploads/${encodeURIComponent(uploadId)}/commit`, request, { 'idempotency-key': idempotencyKey });
  }
}

export function refusal(reply: Reply) {
  const body = typeof reply.body === 'object' && reply.body !== null ? (reply.body as { code?: unknown; message?: unknown }) : {};
  return bidtoolError(
    'SERVER_REFUSED',
    {
      status: reply.status,
      code: typeof body.code === 'string' ? body.code : '-',
      message: typeof body.message === 'string' ? body.message : String(reply.body).slice(0, 200),
    },
    reply.body,
  );
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? String(cause.code) : undefined;
  return [error.message, cause?.message, code].filter(Boolean).join(': ');
}
