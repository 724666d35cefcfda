import { sql } from 'kysely';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../apps/server/src/platform/http/command.js';
import type { PlatformModule } from '../../apps/server/src/platform/module.js';
import { DEMO_PASSWORD, e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { client } from './http.js';

/**
 * A fixture module with one command route, plugged in the way every real module is, so the
 * kernel's command path is tested over HTTP before the trading modules use it.
 */
const noteModule: PlatformModule = {
  name: 'notefixture',
  migrations: {
    '2026_11_27_9001_create_notefixture': {
      up: async (db) => {
        await sql`create schema notefixture; create table notefixture.note (id serial primary key, text text not null)`.execute(db);
      },
    },
  },
  routes: (app, deps) => {
    app.post(
      '/notes',
      { config: { access: 'authenticated' }, schema: { summary: 'fixture', body: Type.Object({ text: Type.String() }) } },
      (request, reply) =>
        runCommand(request, reply, deps, async (tx) => {
          const { rows } = await sql<{ id: number }>`insert into notefixture.note (text) values (${request.body.text}) returning id`.execute(tx);
          return { statusCode: 201, body: { id: rows[0]?.id, text: request.body.text } };
        }),
    );
  },
};

describe.each(e2eDatabaseKinds())('idempotent commands over HTTP on %s', (database) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ database, extraModules: [noteModule] });
  });
  afterAll(async () => server?.close());

  const signedIn = async () => {
    const api = client(server.url);
    await api.post('/api/auth/login', { username: 'agency', password: DEMO_PASSWORD });
    return api;
  };
  const count = async (text: string) => {
    const { rows } = await sql<{ n: string }>`select count(*) as n from notefixture.note where text = ${text}`.execute(server.platform.deps.db);
    return Number(rows[0]?.n);
  };

  it('replays the stored response for the same key and body, and commits once', async () => {
    const api = await signedIn();
    const first = await api.post('/api/notes', { text: 'once' }, { 'idempotency-key': 'k-1' });
    const again = await api.post('/api/notes', { text: 'once' }, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(await count('once')).toBe(1);
  });

  it('answers 422 for the same key with a different body', async () => {
    const api = await signedIn();
    await api.post('/api/notes', { text: 'a' }, { 'idempotency-key': 'k-2' });
    const reused = await api.post('/api/notes', { text: 'b' }, { 'idempotency-key': 'k-2' });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(await count('b')).toBe(0);
  });

  it('commits concurrent duplicates once', async () => {
    const api = await signedIn();
    const replies = await Promise.all(Array.from({ length: 12 }, () => api.post('/api/notes', { text: 'race' }, { 'idempotency-key': 'k-3' })));
    expect(new Set(replies.map((r) => JSON.stringify(r.body))).size).toBe(1);
    expect(replies.filter((r) => r.headers.get('idempotency-replayed') === 'true')).toHaveLength(11);
    expect(await count('race')).toBe(1);
  });

  it('runs every request without a key', async () => {
    const api = await signedIn();
    await api.post('/api/notes', { text: 'plain' });
    await api.post('/api/notes', { text: 'plain' });
    expect(await count('plain')).toBe(2);
  });
});
