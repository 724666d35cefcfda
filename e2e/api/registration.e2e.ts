import { usccCheckCharacter } from '@ggzy/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totp } from '../../apps/server/src/modules/identity/index.js';
import { base32Decode } from '../../apps/server/src/modules/identity/domain/totp.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { secondFactorOf, signIn } from '../support/sign-in.js';
import { client } from './http.js';

const PASSWORD = 'Qiancheng#2026';
const uscc = (body17: string) => body17 + usccCheckCharacter(body17);

const enterprise = (overrides: { name?: string; uscc?: string; username?: string; roles?: string[]; password?: string } = {}) => ({
  entity: {
    kind: 'enterprise',
    name: overrides.name ?? '贵州毕节鑫源建设有限公司',
    uscc: overrides.uscc ?? uscc('91520502MA6Q1W2E3'),
    regionCode: '520502',
    profile: {
      legalRepresentative: '杨光',
      address: '毕节市七星关区',
      contacts: [{ name: '杨光', phone: '0857-8123456', email: 'yg@example.cn' }],
    },
  },
  account: {
    username: overrides.username ?? 'xinyuan',
    password: overrides.password ?? PASSWORD,
    displayName: '杨光（鑫源建设）',
    roles: overrides.roles ?? ['bidder'],
  },
});

const samePerson = (username: string) => ({
  entity: {
    kind: 'naturalPerson',
    name: '王芳',
    citizenId: '52010319850715001x',
    regionCode: '520103',
    profile: { contacts: [{ name: '王芳', phone: '13800000000' }] },
  },
  account: { username, password: PASSWORD, displayName: '王芳', roles: ['bidder'] },
});

describe.each(e2eDatabaseKinds())('unified registration on %s', (database) => {
  let server: TestServer;
  // One session each for the staff reviewer and the admin: a TOTP code may be used only once (RFC 6238 §5.2).
  let staff: ReturnType<typeof client>;
  let admin: ReturnType<typeof client>;
  beforeAll(async () => {
    server = await startTestServer({ database });
    staff = (await signIn(server.url, 'staff')).api;
    admin = (await signIn(server.url, 'admin')).api;
  });
  afterAll(async () => server?.close());
  const anonymous = () => client(server.url);

  it('takes a registration for review; the account works only after approval', async () => {
    const created = await anonymous().post('/api/registrations', enterprise());
    expect(created.status).toBe(201);
    const registration = created.body as { id: string; status: string; entity: { uscc: string } };
    expect(registration).toMatchObject({ status: 'pending', entity: { uscc: uscc('91520502MA6Q1W2E3') } });

    const early = await anonymous().post('/api/auth/login', { username: 'xinyuan', password: PASSWORD });
    expect(early.status).toBe(403);
    expect(early.body).toMatchObject({ code: 'REGISTRATION_PENDING', message: '注册申请正在审核中，审核通过后即可登录' });

    const queue = (await staff.get('/api/registrations?status=pending')).body as { items: Array<{ id: string }> };
    expect(queue.items.map((r) => r.id)).toContain(registration.id);
    const approved = await staff.post(`/api/registrations/${registration.id}/review`, { decision: 'approve' });
    expect(approved.body).toMatchObject({ status: 'approved' });
    const again = await staff.post(`/api/registrations/${registration.id}/review`, { decision: 'reject', reason: '重复审核' });
    expect(again.status).toBe(409);

    const { reply } = await signIn(server.url, 'xinyuan', { password: PASSWORD });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ username: 'xinyuan', roles: ['bidder'], entityName: '贵州毕节鑫源建设有限公司' });
  });

  it('names the wrong character of a USCC and of a citizen ID', async () => {
    const expected = usccCheckCharacter('91520502MA6Q1W2E3');
    const wrongCheck = expected === '0' ? '1' : '0';
    const badCheck = await anonymous().post(
      '/api/registrations',
      enterprise({ uscc: `91520502MA6Q1W2E3${wrongCheck}`, username: 'badcheck' }),
    );
    expect(badCheck.status).toBe(400);
    expect((badCheck.body as { message: string }).message).toBe(
      `统一社会信用代码第 18 位校验码应为“${expected}”，您输入的是“${wrongCheck}”，请核对前 17 位`,
    );
    const badChar = await anonymous().post('/api/registrations', enterprise({ uscc: '91520502MA6Q1WOE3X', username: 'badchar' }));
    expect(badChar.body).toMatchObject({ code: 'USCC_CHARACTER' });
    expect((badChar.body as { message: string }).message).toContain('第 15 位“O”');

    const person = {
      entity: {
        kind: 'naturalPerson',
        name: '王芳',
        citizenId: '520103198507150027',
        regionCode: '520103',
        profile: { contacts: [{ name: '王芳', phone: '13800000000' }] },
      },
      account: { username: 'wangfang', password: PASSWORD, displayName: '王芳', roles: ['bidder'] },
    };
    const wrong = await client(server.url, { 'accept-language': 'en' }).post('/api/registrations', person);
    expect((wrong.body as { message: string }).message).toBe(
      'The check character (position 18) of the citizen ID number should be "8", not "7"; check the first 17 digits',
    );
  });

  it('keeps a citizen ID sealed, shows it masked, and refuses a second registration of the same person', async () => {
    const created = await anonymous().post('/api/registrations', samePerson('wangfang1'));
    expect(created.body).toMatchObject({ entity: { citizenIdMasked: '5201**********001X', uscc: null } });
    const row = await server.platform.deps.db
      .selectFrom('identity.entity')
      .select(['citizen_id_sealed', 'citizen_id_hash'])
      .where('citizen_id_masked', '=', '5201**********001X')
      .executeTakeFirstOrThrow();
    expect(row.citizen_id_sealed).not.toContain('52010319850715001X');
    const duplicate = await anonymous().post('/api/registrations', samePerson('wangfang2'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ code: 'ENTITY_ALREADY_REGISTERED' });
  });

  it('refuses a duplicate USCC, a taken username, a weak password and a privileged role', async () => {
    await anonymous().post(
      '/api/registrations',
      enterprise({ uscc: uscc('91520111MA6R7T8Y9'), username: 'firstco', name: '花溪第一建设有限公司' }),
    );
    const sameCode = await anonymous().post('/api/registrations', enterprise({ uscc: uscc('91520111MA6R7T8Y9'), username: 'secondco' }));
    expect(sameCode.body).toMatchObject({ code: 'ENTITY_ALREADY_REGISTERED' });
    const sameName = await anonymous().post('/api/registrations', enterprise({ uscc: uscc('91520111MA6R7T8Y1'), username: 'firstco' }));
    expect(sameName.body).toMatchObject({ code: 'USERNAME_TAKEN' });
    const weak = await anonymous().post(
      '/api/registrations',
      enterprise({ uscc: uscc('91520111MA6R7T8Y2'), username: 'weakpw', password: 'password' }),
    );
    expect(weak.body).toMatchObject({ code: 'PASSWORD_TOO_WEAK' });
    const privileged = await anonymous().post(
      '/api/registrations',
      enterprise({ uscc: uscc('91520111MA6R7T8Y3'), username: 'wantsadmin', roles: ['admin'] }),
    );
    expect(privileged.body).toMatchObject({ code: 'ROLE_NOT_SELF_REGISTRABLE' });
  });

  it('shows the applicant the reason of a rejection; a rejection needs a reason', async () => {
    const submitted = await anonymous().post(
      '/api/registrations',
      enterprise({ uscc: uscc('91520302MA6T2D3F4'), username: 'rejected1', name: '遵义某公司' }),
    );
    expect(submitted.status).toBe(201);
    const created = submitted.body as { id: string };
    const noReason = await staff.post(`/api/registrations/${created.id}/review`, { decision: 'reject' });
    expect(noReason.body).toMatchObject({ code: 'REJECTION_REASON_REQUIRED' });
    await staff.post(`/api/registrations/${created.id}/review`, { decision: 'reject', reason: '营业执照照片不清晰' });
    const login = await anonymous().post('/api/auth/login', { username: 'rejected1', password: PASSWORD });
    expect(login.body).toMatchObject({ code: 'REGISTRATION_REJECTED', message: '注册申请未通过审核：营业执照照片不清晰' });
  });

  it('lets only reviewers see the queue', async () => {
    const { api: bidder } = await signIn(server.url, 'bidder');
    expect((await bidder.get('/api/registrations')).status).toBe(403);
  });

  it('suspends an account at once and reactivates it', async () => {
    const { api: tenderer } = await signIn(server.url, 'tenderer');
    const users = (await admin.get('/api/users')).body as { items: Array<{ id: string; username: string }> };
    const target = users.items.find((u) => u.username === 'tenderer');
    expect((await admin.post(`/api/users/${target?.id}/suspend`)).status).toBe(204);
    expect((await tenderer.get('/api/auth/me')).status).toBe(401);
    expect((await signIn(server.url, 'tenderer')).reply.body).toMatchObject({ code: 'ACCOUNT_SUSPENDED' });
    await admin.post(`/api/users/${target?.id}/activate`);
    expect((await signIn(server.url, 'tenderer')).reply.status).toBe(200);
  });

  it('creates an internal supervisor who enrols an authenticator at first sign-in', async () => {
    const created = await admin.post('/api/users', {
      username: 'jiaotong',
      displayName: '省交通运输厅监督',
      password: PASSWORD,
      roles: ['supervisor'],
      regionCode: '520000',
    });
    expect(created.status).toBe(201);
    const api = client(server.url);
    const first = await api.post('/api/auth/login', { username: 'jiaotong', password: PASSWORD });
    const enrollment = (first.body as { secondFactor: { challenge: string; enrollment?: { secret: string; otpauthUri: string } } })
      .secondFactor;
    expect(enrollment.enrollment?.otpauthUri).toMatch(/^otpauth:\/\/totp\/ggzy%3Ajiaotong\?secret=/);
    const code = totp(base32Decode(enrollment.enrollment?.secret ?? ''), new Date(), 'SHA256');
    expect((await api.post('/api/auth/login/second-factor', { challenge: enrollment.challenge, code })).status).toBe(200);
    // Enrolled: the next sign-in asks for a code without a new secret.
    const next = secondFactorOf(await client(server.url).post('/api/auth/login', { username: 'jiaotong', password: PASSWORD }));
    expect(next?.challenge).toBeTruthy();
    expect(next?.enrollment).toBeUndefined();
  });

  it('keeps every version of an entity profile and its qualifications with expiry', async () => {
    const { api } = await signIn(server.url, 'bidder');
    const before = (await api.get('/api/entities/mine')).body as { profileVersion: number; name: string };
    expect(before.name).toBe('贵州黔建工程有限公司');
    const profile = { legalRepresentative: '陈强', address: '贵阳市观山湖区', contacts: [{ name: '陈强', phone: '0851-8888888' }] };
    const updated = (await api.put('/api/entities/mine/profile', profile)).body as { profileVersion: number; profile: unknown };
    expect(updated.profileVersion).toBe(before.profileVersion + 1);
    expect(updated.profile).toEqual(profile);
    const added = (
      await api.post('/api/entities/mine/qualifications', {
        type: '建筑工程施工总承包',
        level: '二级',
        certificateNo: 'D252012345',
        issuer: '贵州省住房和城乡建设厅',
        validFrom: '2021-01-01',
        validUntil: '2025-12-31',
      })
    ).body as { qualifications: Array<{ id: string; expired: boolean }> };
    expect(added.qualifications).toEqual([expect.objectContaining({ certificateNo: 'D252012345', expired: true })]);
    const versions = (await api.get('/api/entities/mine/profile/versions')).body as { items: Array<{ version: number }> };
    expect(versions.items[0]?.version).toBe(updated.profileVersion);
    const removed = (await api.delete(`/api/entities/mine/qualifications/${added.qualifications[0]?.id}`)).body as {
      qualifications: unknown[];
    };
    expect(removed.qualifications).toEqual([]);
  });
});
