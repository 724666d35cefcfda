import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PlatformModule } from '../../apps/server/src/platform/module.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => server?.close());

describe('platform kernel over HTTP', () => {
  it('is live and ready, and says which mode it runs in', async () => {
    const api = client(server.url);
    expect((await api.get('/health/live')).status).toBe(200);
    expect((await api.get('/health/ready')).body).toEqual({ status: 'ready', mode: 'embedded' });
  });

  it('tells anyone the server time, by which deadlines are decided', async () => {
    const before = Date.now();
    const reply = await client(server.url).get('/api/time');
    const after = Date.now();
    expect(reply.status).toBe(200);
    const serverTime = Date.parse((reply.body as { serverTime: string }).serverTime);
    expect(serverTime).toBeGreaterThanOrEqual(before);
    expect(serverTime).toBeLessThanOrEqual(after);
  });

  it('sends security headers and a request id with every response', async () => {
    const reply = await client(server.url).get('/api/regions');
    expect(reply.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(reply.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers an unknown API path with the JSON error body in the caller’s language', async () => {
    const zh = await client(server.url).get('/api/nothing-here');
    expect(zh.status).toBe(404);
    expect(zh.body).toMatchObject({ code: 'NOT_FOUND', message: '请求的资源不存在', details: null });
    const en = await client(server.url, { 'accept-language': 'en-US,en;q=0.9' }).get('/api/nothing-here');
    expect(en.body).toMatchObject({ code: 'NOT_FOUND', message: 'The requested resource does not exist' });
    expect((en.body as { requestId: string }).requestId).toBe(en.headers.get('x-request-id'));
  });

  it('refuses bad input with the failing field named', async () => {
    const reply = await client(server.url).post('/api/auth/login', { username: 'bidder' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(reply.body)).toContain('password');
  });

  it('serves the OpenAPI document and the docs UI', async () => {
    const api = client(server.url);
    const spec = (await api.get('/docs/json')).body as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/regions', '/api/portal/announcements']));
    const ui = await api.get('/docs/');
    expect(ui.status).toBe(200);
    expect(String(ui.body)).toContain('swagger');
  });

  it('serves the Guizhou divisions seeded from the reference data', async () => {
    const api = client(server.url);
    const province = (await api.get('/api/regions')).body as { items: Array<{ code: string; name: string }> };
    expect(province.items).toEqual([{ code: '520000', name: '贵州省', level: 'province', parentCode: null }]);
    const prefectures = (await api.get('/api/regions?parent=520000')).body as { items: Array<{ code: string; name: string }> };
    expect(prefectures.items).toHaveLength(9);
    expect(prefectures.items.map((r) => r.name)).toContain('黔东南苗族侗族自治州');
    const county = (await api.get('/api/regions/520102')).body;
    expect(county).toEqual({ code: '520102', name: '南明区', level: 'county', parentCode: '520100' });
    const counties = (await api.get('/api/regions?parent=520100')).body as { items: unknown[] };
    expect(counties.items.length).toBeGreaterThan(5);
  });

  it('lists announcements with their total: the demo tender is published at first start', async () => {
    const reply = await client(server.url).get('/api/portal/announcements?category=engineeringConstruction&regionCode=520100');
    const body = reply.body as { items: Array<{ title: string; url: string }>; total: number };
    expect(body.total).toBe(1);
    expect(body.items[0]?.title).toBe('南明区花果园片区市政道路改造工程施工招标公告');
    const tender = await client(server.url).get(body.items[0]?.url.replace('/tenders/', '/api/tenders/') ?? '');
    expect(tender.body).toMatchObject({ status: 'published', procedureType: 'engineeringOpen', sections: [{ name: '一标段（道路及排水）' }, { name: '二标段（照明及绿化）' }] });
    const empty = await client(server.url).get('/api/portal/announcements?category=governmentProcurement&regionCode=520100');
    expect(empty.body).toEqual({ items: [], total: 0 });
    const bad = await client(server.url).get('/api/portal/announcements?category=lottery');
    expect(bad.status).toBe(400);
  });
});

describe('embedded data directory', () => {
  it('refuses a second process on the same data directory with a clear message', async () => {
    const dataDir = server.platform.deps.config.DATA_DIR;
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(`The embedded data directory ${dataDir} is in use by process ${process.pid}`);
  });

  it('stops at start with a message naming a wrong setting and what it accepts', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      env: { ...process.env, LOG_LEVEL: 'loud', PORT: 'eighty' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('LOG_LEVEL="loud" is not accepted; LOG_LEVEL takes fatal | error | warn | info | debug | trace | silent');
    expect(stderr).toContain('PORT="eighty" is not accepted');
  });
});

describe('rate limits', () => {
  it('answers 429 with a localized message past the per-minute limit', async () => {
    const limited = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '3', SEED_DEMO: 'never' } });
    try {
      const api = client(limited.url);
      for (let i = 0; i < 3; i += 1) expect((await api.get('/api/regions')).status).toBe(200);
      const refused = await api.get('/api/regions');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect((refused.body as { message: string }).message).toContain('请求过于频繁');
    } finally {
      await limited.close();
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('the same build on PostgreSQL (TEST_DATABASE_URL)', () => {
  it('migrates, seeds and serves from PostgreSQL', async () => {
    const onPostgres = await startTestServer({ database: 'postgres' });
    try {
      const api = client(onPostgres.url);
      expect((await api.get('/health/ready')).body).toEqual({ status: 'ready', mode: 'postgres' });
      expect(((await api.get('/api/regions?parent=520000')).body as { items: unknown[] }).items).toHaveLength(9);
      expect((await signIn(onPostgres.url, 'staff')).reply.status).toBe(200);
    } finally {
      await onPostgres.close();
    }
  });
});

describe('events and jobs in a running platform', () => {
  it('delivers an event written in a committed transaction, and not one rolled back', async () => {
    const { events, db } = server.platform.deps;
    const received: unknown[] = [];
    const unsubscribe = events.subscribe('test.kernel.*', (message) => {
      received.push(message.payload);
    });
    try {
      await db.transaction().execute((tx) => events.publish(tx, 'test.kernel.committed', { n: 1 }));
      await db
        .transaction()
        .execute(async (tx) => {
          await events.publish(tx, 'test.kernel.rolledback', { n: 2 });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      await expect.poll(() => received, { timeout: 5000 }).toEqual([{ n: 1 }]);
    } finally {
      unsubscribe();
    }
  });

  it('runs a queued job in the worker', async () => {
    const { jobs } = server.platform.deps;
    const done: unknown[] = [];
    await jobs.work<{ greeting: string }>('test-kernel-job', async (job) => {
      done.push(job.data);
    });
    await jobs.send('test-kernel-job', { greeting: '你好' });
    await expect.poll(() => done, { timeout: 10_000 }).toEqual([{ greeting: '你好' }]);
  });
});

describe('the web app behind the API', () => {
  it('answers a client-side route with the app shell, and keeps API paths JSON', async () => {
    const page = await fetch(`${server.url}/workspace/account`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${server.url}/api/workspace/account`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});

describe('access declarations', () => {
  it('refuses to start when a module adds a route without declaring who may call it', async () => {
    const careless: PlatformModule = {
      name: 'careless',
      migrations: {},
      routes: (app) => {
        app.get('/careless', async () => ({ open: true }));
      },
    };
    await expect(startTestServer({ extraModules: [careless] })).rejects.toThrow('Routes without a declared access guard: GET /api/careless');
  });
});

describe('graceful shutdown', () => {
  it('finishes on SIGTERM with exit code 0 and releases the embedded data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ggzy-shutdown-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
        env: { ...process.env, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', SEED_DEMO: 'never' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      await expect.poll(() => stdout, { timeout: 60_000 }).toContain('is running at');
      expect(existsSync(join(dataDir, 'ggzy.lock'))).toBe(true);
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).toBe(0);
      expect(existsSync(join(dataDir, 'ggzy.lock'))).toBe(false);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
