import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { DEMO_PASSWORD, DEMO_USERS, e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { demoTotpSecret, totp } from '../../apps/server/src/modules/identity/index.js';
import { secondFactorOf, signIn } from '../support/sign-in.js';
import { client } from './http.js';

describe.each(e2eDatabaseKinds())('identity on %s', (database) => {
  const clock = manualClock('2026-03-02T01:00:00Z');
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ clock, database });
  });
  afterAll(async () => server?.close());

  const login = (username: string, password = DEMO_PASSWORD) => signIn(server.url, username, { password, at: clock.now() });

  describe('password sign-in and sessions', () => {
    it('signs every demo role in, with an httpOnly cookie, and shows the profile', async () => {
      for (const user of DEMO_USERS) {
        const { api, reply } = await login(user.username);
        expect(reply.status).toBe(200);
        expect(reply.headers.get('set-cookie')).toMatch(/ggzy_session=.+; .*HttpOnly/i);
        const me = (await api.get('/api/auth/me')).body as { username: string; roles: string[] };
        expect(me.username).toBe(user.username);
        expect(me.roles).toContain(user.role);
      }
    });

    it('refuses a wrong password without saying whether the user exists', async () => {
      const wrong = (await login('bidder', 'not-the-password')).reply;
      const unknown = (await login('nobody-here', 'whatever')).reply;
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect((wrong.body as { message: string }).message).toBe('用户名或密码错误');
      expect((unknown.body as { message: string }).message).toBe('用户名或密码错误');
    });

    it('ends the session on logout', async () => {
      const { api } = await login('tenderer');
      expect((await api.post('/api/auth/logout')).status).toBe(204);
      expect((await api.get('/api/auth/me')).status).toBe(401);
    });

    it('expires a session after 30 idle minutes (等保: 30-minute session)', async () => {
      const { api } = await login('agency');
      clock.advance(29 * 60_000);
      expect((await api.get('/api/auth/me')).status).toBe(200);
      clock.advance(29 * 60_000); // activity above slid the expiry forward
      expect((await api.get('/api/auth/me')).status).toBe(200);
      clock.advance(31 * 60_000);
      expect((await api.get('/api/auth/me')).status).toBe(401);
    });

    it('locks the account for 15 minutes after 5 consecutive failures (security.md §5)', async () => {
      for (let i = 0; i < 4; i += 1) expect((await login('bidder3', 'wrong')).reply.status).toBe(401);
      const fifth = (await login('bidder3', 'wrong')).reply;
      expect(fifth.status).toBe(423);
      expect((fifth.body as { code: string }).code).toBe('ACCOUNT_LOCKED');
      expect((await login('bidder3')).reply.status).toBe(423);
      clock.advance(15 * 60_000);
      expect((await login('bidder3')).reply.status).toBe(200);
    });
  });

  describe('second factor (等保 level 3: staff, experts, supervisors, admins)', () => {
    it('asks for a TOTP code after the password and opens no session before it', async () => {
      const api = client(server.url);
      const first = await api.post('/api/auth/login', { username: 'staff', password: DEMO_PASSWORD });
      const step = secondFactorOf(first);
      expect(step?.challenge).toBeTruthy();
      expect(first.headers.get('set-cookie')).toBeNull();
      expect((await api.get('/api/auth/me')).status).toBe(401);
      const wrong = await api.post('/api/auth/login/second-factor', { challenge: step?.challenge, code: '000000' });
      expect(wrong.status).toBe(401);
      expect(wrong.body).toMatchObject({ code: 'SECOND_FACTOR_INVALID' });
      const code = totp(demoTotpSecret('staff'), clock.now(), 'SHA256');
      const ok = await api.post('/api/auth/login/second-factor', { challenge: step?.challenge, code });
      expect(ok.status).toBe(200);
      expect((await api.get('/api/auth/me')).status).toBe(200);
    });

    it('refuses a code that was already used, and a used challenge', async () => {
      clock.advance(60_000);
      const code = totp(demoTotpSecret('expert'), clock.now(), 'SHA256');
      const api = client(server.url);
      const step1 = secondFactorOf(await api.post('/api/auth/login', { username: 'expert', password: DEMO_PASSWORD }));
      expect((await api.post('/api/auth/login/second-factor', { challenge: step1?.challenge, code })).status).toBe(200);
      const step2 = secondFactorOf(await api.post('/api/auth/login', { username: 'expert', password: DEMO_PASSWORD }));
      const replay = await api.post('/api/auth/login/second-factor', { challenge: step2?.challenge, code });
      expect(replay.body).toMatchObject({ code: 'SECOND_FACTOR_INVALID' });
      const reused = await api.post('/api/auth/login/second-factor', { challenge: step1?.challenge, code });
      expect(reused.body).toMatchObject({ code: 'SECOND_FACTOR_EXPIRED' });
    });

    it('lets a challenge expire after 5 minutes', async () => {
      const api = client(server.url);
      const step = secondFactorOf(await api.post('/api/auth/login', { username: 'supervisor', password: DEMO_PASSWORD }));
      clock.advance(5 * 60_000 + 1);
      const code = totp(demoTotpSecret('supervisor'), clock.now(), 'SHA256');
      const late = await api.post('/api/auth/login/second-factor', { challenge: step?.challenge, code });
      expect(late.body).toMatchObject({ code: 'SECOND_FACTOR_EXPIRED' });
    });
  });

  describe('access guards', () => {
    it('answers 401 to the anonymous and 403 to a role that may not call the route', async () => {
      expect((await client(server.url).get('/api/audit/events')).status).toBe(401);
      const { api } = await login('bidder');
      const forbidden = await api.get('/api/audit/events');
      expect(forbidden.status).toBe(403);
      expect(forbidden.body).toMatchObject({
        code: 'FORBIDDEN',
        message: '您的角色无权执行此操作',
        details: { required: ['admin', 'supervisor'] },
      });
    });

    it('records sign-ins in the audit trail with who, what, when, where and the outcome', async () => {
      await login('bidder2', 'wrong');
      const { api } = await login('admin');
      const events = (await api.get('/api/audit/events?action=identity.login&limit=200')).body as {
        items: Array<{ actorName: string; outcome: string; ip: string; at: string }>;
      };
      const failure = events.items.find((e) => e.actorName === 'bidder2' && e.outcome === 'failure');
      expect(failure).toMatchObject({ ip: '127.0.0.1' });
      expect(events.items.some((e) => e.actorName === 'admin' && e.outcome === 'success')).toBe(true);
    });
  });

  describe('API tokens for client systems', () => {
    it('authenticates a bearer token until it is revoked', async () => {
      const { api } = await login('supervisor');
      const created = await api.post('/api/auth/tokens', { name: '住建厅监管系统', expiresInDays: 30 });
      expect(created.status).toBe(201);
      const { token, id } = created.body as { token: string; id: string };
      const bearer = client(server.url, { authorization: `Bearer ${token}` });
      expect(((await bearer.get('/api/auth/me')).body as { username: string }).username).toBe('supervisor');
      const listed = (await api.get('/api/auth/tokens')).body as { items: Array<{ id: string; name: string }> };
      expect(listed.items.map((t) => t.id)).toContain(id);
      expect(JSON.stringify(listed)).not.toContain(token);
      expect((await api.delete(`/api/auth/tokens/${id}`)).status).toBe(204);
      expect((await bearer.get('/api/auth/me')).status).toBe(401);
    });

    it('refuses an invented token', async () => {
      const reply = await client(server.url, { authorization: 'Bearer ggzy_invented' }).get('/api/auth/me');
      expect(reply.status).toBe(401);
    });
  });

  describe('demo accounts', () => {
    it('are listed in demo mode for the login page', async () => {
      const reply = (await client(server.url).get('/api/auth/demo-accounts')).body as {
        items: Array<{ username: string }>;
        password: string;
      };
      expect(reply.password).toBe(DEMO_PASSWORD);
      expect(reply.items.map((i) => i.username)).toEqual(expect.arrayContaining(DEMO_USERS.map((u) => u.username)));
    });
  });
});
