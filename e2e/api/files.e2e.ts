import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, startTestServer, type TestServer } from '../support/server.js';
import { client } from './http.js';

const LIMIT = 1024 * 1024;
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { UPLOAD_MAX_BYTES: String(LIMIT) } });
});
afterAll(async () => server?.close());

async function sessionCookie(username: string): Promise<string> {
  const api = client(server.url);
  await api.post('/api/auth/login', { username, password: DEMO_PASSWORD });
  return api.cookie;
}

const upload = (cookie: string, body: string | Uint8Array | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/files`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/pdf', ...headers },
    body,
    // Node's fetch needs this to send a stream body (chunked, no Content-Length).
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  });

describe('file upload and download', () => {
  it('stores a file with its SM3 and SHA-256 and gives the same bytes back to the uploader', async () => {
    const cookie = await sessionCookie('bidder');
    const response = await upload(cookie, 'abc', { 'x-file-name': encodeURIComponent('投标文件.pdf') });
    expect(response.status).toBe(201);
    const stored = (await response.json()) as { key: string; sm3: string; sha256: string; size: number; fileName: string };
    expect(stored).toMatchObject({
      size: 3,
      fileName: '投标文件.pdf',
      // GB/T 32905 example 1
      sm3: '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
      sha256: createHash('sha256').update('abc').digest('hex'),
    });
    const download = await fetch(`${server.url}/api/files/${stored.key}`, { headers: { cookie } });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('abc');
    expect(download.headers.get('content-disposition')).toContain(encodeURIComponent('投标文件.pdf'));
  });

  it('streams a chunked upload of unknown length', async () => {
    const cookie = await sessionCookie('bidder2');
    const chunk = new Uint8Array(64 * 1024).fill(7);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 8) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const response = await upload(cookie, body);
    expect(response.status).toBe(201);
    const expected = createHash('sha256');
    for (let i = 0; i < 8; i += 1) expected.update(chunk);
    expect(await response.json()).toMatchObject({ size: 8 * 64 * 1024, sha256: expected.digest('hex') });
  });

  it('refuses a declared size over the limit before reading it', async () => {
    const cookie = await sessionCookie('bidder');
    const response = await upload(cookie, new Uint8Array(LIMIT + 1));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: `上传内容超过上限 ${LIMIT} 字节` });
  });

  it('cuts off a chunked upload at the limit and keeps nothing', async () => {
    const cookie = await sessionCookie('bidder3');
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 40) return controller.close();
        sent += 1;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const response = await upload(cookie, body).catch(() => undefined);
    // The server answers 413 and closes; depending on timing the client sees the answer or a reset.
    expect([undefined, 413]).toContain(response?.status);
    const leftovers = await readdir(join(server.platform.deps.config.DATA_DIR, 'files', 'tmp')).catch(() => []);
    expect(leftovers).toEqual([]);
    const { count } = await server.platform.deps.db
      .selectFrom('files.file')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('size', '>', String(LIMIT))
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });

  it('does not show a file to another user, nor uploads to the anonymous', async () => {
    const owner = await sessionCookie('tenderer');
    const { key } = (await (await upload(owner, 'secret')).json()) as { key: string };
    const other = await sessionCookie('agency');
    expect((await fetch(`${server.url}/api/files/${key}`, { headers: { cookie: other } })).status).toBe(404);
    expect((await upload('', 'x')).status).toBe(401);
  });
});
