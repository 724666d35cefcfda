import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spkiFor, parseSpkiBytes } from '../../apps/server/src/modules/certificate/x509/algorithms.js';
import { buildCsr, csrToPem } from '../../apps/server/src/modules/certificate/x509/csr.js';
import { encodeName } from '../../apps/server/src/modules/certificate/x509/name.js';
import { OID } from '../../apps/server/src/modules/certificate/x509/oids.js';
import { combineShares } from '../../apps/server/src/modules/tendering/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { sm2, sm3Hex } from '../../apps/server/src/platform/crypto/gm/index.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';
import { publishedTender, registerProjectSection, tenderInput } from './tender-fixture.js';

type Api = ReturnType<typeof client>;
const NAMES = ['tenderer', 'agency', 'supervisor', 'staff', 'admin', 'bidder', 'bank'] as const;
type Name = (typeof NAMES)[number];

interface Issued {
  serial: string;
  privateKey: string;
  publicKey: string;
}

/** An SM2 key whose certificate the platform CA issues to the signed-in user, for `purpose`. */
async function issueSm2(api: Api, purpose: 'signing' | 'encryption'): Promise<Issued> {
  const keys = sm2.generateKeyPair();
  const der = await buildCsr({
    subject: encodeName([{ oid: OID.commonName, value: 'custodian' }]),
    publicKey: parseSpkiBytes(spkiFor('SM2', Buffer.from(keys.publicKey, 'hex'))),
    signatureOid: OID.sm2WithSm3,
    sign: async (info) => sm2.sign(info, keys.privateKey),
  });
  const issued = await api.post('/api/certificates', { csr: csrToPem(der), purpose });
  if (issued.status !== 201) throw new Error(`certificate: ${issued.status} ${JSON.stringify(issued.body)}`);
  return { serial: (issued.body as { serial: string }).serial, ...keys };
}

interface Published {
  publicKey: string;
  threshold: number;
  custodianCount: number;
  custodians: Array<{ displayName: string; x: number; publicKey: string; fingerprint: string; keySource: string; certificateSerial: string | null }>;
}

/** The opening-key ceremony with custodians' certificate keys, the published custodians, and who may do what. */
describe.each(e2eDatabaseKinds())('opening-key ceremony by certificate keys on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  const apis = new Map<Name, Api>();
  const ids = new Map<Name, string>();
  const certs = new Map<Name, Issued>();
  const offline = sm2.generateKeyPair();
  let tenderId = '';
  const api = (name: Name) => apis.get(name) as Api;
  const id = (name: Name) => ids.get(name) as string;
  const cert = (name: Name) => certs.get(name) as Issued;

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    for (const name of NAMES) {
      apis.set(name, (await signIn(server.url, name, { at: clock.now() })).api);
      ids.set(name, ((await api(name).get('/api/auth/me')).body as { id: string }).id);
    }
    const section = await registerProjectSection(api('tenderer'), api('staff'), '观山湖区第六中学教学楼建设工程', '2611-520115-48-01-510061');
    tenderId = await publishedTender(api('tenderer'), api('staff'), tenderInput(section, { title: '观山湖区第六中学教学楼建设工程施工招标公告' }));
    // Custodians' certificates: the agency's encryption certificate is preferred to its signing one;
    // the administrator's only certificate is revoked; the bidder obtains the documents.
    for (const name of ['tenderer', 'supervisor', 'staff'] as const) certs.set(name, await issueSm2(api(name), 'signing'));
    await issueSm2(api('agency'), 'signing');
    certs.set('agency', await issueSm2(api('agency'), 'encryption'));
    const revoked = await issueSm2(api('admin'), 'signing');
    const revocation = await api('staff').post(`/api/certificates/${revoked.serial}/revoke`, { reason: 'keyCompromise' });
    if (revocation.status !== 200) throw new Error(`revoke: ${revocation.status}`);
    certs.set('bidder', await issueSm2(api('bidder'), 'signing'));
    certs.set('bank', await issueSm2(api('bank'), 'signing'));
    const registered = await api('bidder').post(`/api/tenders/${tenderId}/documents/registration`, {});
    if (registered.status !== 200 && registered.status !== 201) throw new Error(`documents: ${registered.status}`);
  });
  afterAll(() => server?.close());

  it('lists candidate custodians with their valid SM2 certificate keys: owner first, no revoked certificate, no bidder, no other role', async () => {
    const reply = await api('staff').get(`/api/tenders/${tenderId}/opening-key/candidates`);
    expect(reply.status).toBe(200);
    const items = (reply.body as { items: Array<{ userId: string; relation: string; publicKey: string; fingerprint: string; certificateSerial: string; certificateSource: string }> }).items;
    const expected = (['tenderer', 'agency', 'supervisor', 'staff'] as const).map((name) => ({
      userId: id(name),
      relation: name === 'tenderer' ? 'owner' : name === 'staff' ? 'centreStaff' : name,
      publicKey: cert(name).publicKey,
      fingerprint: sm3Hex(Buffer.from(cert(name).publicKey, 'hex')),
      certificateSerial: cert(name).serial,
      certificateSource: 'platform',
    }));
    expect(items).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  it('refuses others than centre staff, and ceremonies that break the rules, naming the custodian', async () => {
    expect((await client(server.url).get(`/api/tenders/${tenderId}/opening-key/candidates`)).status).toBe(401);
    for (const name of ['tenderer', 'bidder', 'supervisor'] as const) {
      expect((await api(name).get(`/api/tenders/${tenderId}/opening-key/candidates`)).status).toBe(403);
      expect((await api(name).post(`/api/tenders/${tenderId}/opening-key`, { threshold: 2, custodians: [{ userId: id('tenderer') }, { userId: id('agency') }] })).status).toBe(403);
    }
    const ceremony = (body: unknown, headers?: Record<string, string>) => api('staff').post(`/api/tenders/${tenderId}/opening-key`, body, headers);
    const byCertificate = (names: readonly Name[]) => names.map((name) => ({ userId: id(name) }));
    const noCertificate = await ceremony({ threshold: 3, custodians: byCertificate(['tenderer', 'agency', 'supervisor', 'staff', 'admin']) });
    expect(noCertificate.status).toBe(422);
    expect(noCertificate.body).toMatchObject({ code: 'CUSTODIAN_NO_CERTIFICATE' });
    expect((noCertificate.body as { message: string }).message).toContain('平台管理员');
    const english = await ceremony({ threshold: 3, custodians: byCertificate(['tenderer', 'admin', 'staff']) }, { 'accept-language': 'en' });
    expect((english.body as { message: string }).message).toBe('Custodian "平台管理员" holds no valid SM2 certificate (not revoked, not expired): have one issued, or give an offline public key');
    expect((await ceremony({ threshold: 4, custodians: byCertificate(['tenderer', 'agency', 'staff']) })).body).toMatchObject({ code: 'OPENING_KEY_THRESHOLD' });
    expect((await ceremony({ threshold: 2, custodians: byCertificate(['tenderer', 'agency', 'tenderer']) })).body).toMatchObject({ code: 'CUSTODIAN_REPEATED' });
    expect((await ceremony({ threshold: 1, custodians: byCertificate(['tenderer', 'agency']) })).status).toBe(400);
    // A bidder is refused by role, with nothing said about who obtained the documents (法 22).
    const bidder = await ceremony({ threshold: 2, custodians: [...byCertificate(['tenderer']), { userId: id('bidder'), publicKey: offline.publicKey }] });
    expect(bidder.body).toMatchObject({ code: 'CUSTODIAN_IS_BIDDER' });
    expect((bidder.body as { message: string }).message).not.toContain('招标文件');
    // By certificate only the tenderer and the custodian roles; anyone else (a bank here) by an offline key.
    expect((await ceremony({ threshold: 2, custodians: byCertificate(['tenderer', 'bank']) })).body).toMatchObject({ code: 'CUSTODIAN_NOT_ELIGIBLE' });
    const notOnCurve = `04${'1'.repeat(128)}`;
    expect((await ceremony({ threshold: 2, custodians: [...byCertificate(['tenderer']), { userId: id('admin'), publicKey: notOnCurve }] })).body).toMatchObject({ code: 'CUSTODIAN_KEY_INVALID' });
    expect((await ceremony({ threshold: 2, custodians: [...byCertificate(['tenderer']), { userId: '00000000-0000-4000-8000-000000000000' }] })).body).toMatchObject({ code: 'CUSTODIAN_NOT_FOUND' });
    expect((await client(server.url).get(`/api/tenders/${tenderId}/opening-key`)).body).toMatchObject({ code: 'OPENING_KEY_MISSING' });
  });

  it('splits the key 3 of 5 to four certificate keys and one offline key; each share opens with its holder key; publishes the custodians', async () => {
    const custodians = [...(['tenderer', 'agency', 'supervisor', 'staff'] as const).map((name) => ({ userId: id(name) })), { userId: id('admin'), publicKey: offline.publicKey }];
    const created = await api('staff').post(`/api/tenders/${tenderId}/opening-key`, { threshold: 3, custodians });
    expect(created.status).toBe(201);
    const openingPublicKey = (created.body as { publicKey: string }).publicKey;
    const holders = ['tenderer', 'agency', 'supervisor', 'staff', 'admin'] as const;
    const keyOf = (name: Name) => (name === 'admin' ? offline : cert(name));

    // Every share decrypts with its holder's own key only; any three rebuild the opening key.
    const shares = [];
    for (const name of holders) {
      const mine = (await api(name).get(`/api/tenders/${tenderId}/opening-key/my-share`)).body as { x: number; wrappedShare: string };
      shares.push(JSON.parse(Buffer.from(sm2.decrypt(Buffer.from(mine.wrappedShare, 'base64'), keyOf(name).privateKey)).toString()) as { x: number; y: string });
    }
    expect(sm2.publicKeyOf(combineShares(shares.slice(1, 4)))).toBe(openingPublicKey);

    // Anyone may check who holds the shares: names, share numbers, keys, certificates.
    const published = await client(server.url).get(`/api/tenders/${tenderId}/opening-key`);
    expect(published.status).toBe(200);
    const body = published.body as Published;
    expect(body).toMatchObject({ publicKey: openingPublicKey, threshold: 3, custodianCount: 5 });
    expect(body.custodians).toEqual(
      holders.map((name, i) => ({
        displayName: expect.any(String),
        x: i + 1,
        publicKey: keyOf(name).publicKey,
        fingerprint: sm3Hex(Buffer.from(keyOf(name).publicKey, 'hex')),
        keySource: name === 'admin' ? 'offline' : 'platform',
        certificateSerial: name === 'admin' ? null : cert(name).serial,
      })),
    );
    expect(body.custodians[4]?.displayName).toBe('平台管理员');
    expect(JSON.stringify(body)).not.toMatch(/wrapped|privateKey/i);

    // The audit entry names, per custodian, the key's origin and its SM3 fingerprint.
    const entry = await server.platform.deps.db
      .selectFrom('platform.audit_event')
      .select(['detail'])
      .where('action', '=', 'tendering.opening-key.create')
      .where('target', '=', tenderId)
      .executeTakeFirstOrThrow();
    const detail = (typeof entry.detail === 'string' ? JSON.parse(entry.detail) : entry.detail) as { custodians: Array<{ userId: string; key: string; fingerprint: string }> };
    expect(detail.custodians).toEqual(holders.map((name, i) => ({ userId: id(name), x: i + 1, key: name === 'admin' ? 'offline' : cert(name).serial, keySource: name === 'admin' ? 'offline' : 'platform', fingerprint: body.custodians[i]?.fingerprint })));

    expect((await api('staff').post(`/api/tenders/${tenderId}/opening-key`, { threshold: 3, custodians })).body).toMatchObject({ code: 'OPENING_KEY_EXISTS' });

    // A share holder who later gets the bidder role still may not obtain the documents.
    await server.platform.deps.db.updateTable('identity.user').set({ roles: ['agency', 'bidder'] }).where('id', '=', id('agency')).execute();
    const agencyAsBidder = (await signIn(server.url, 'agency', { at: clock.now() })).api;
    expect((await agencyAsBidder.post(`/api/tenders/${tenderId}/documents/registration`, {})).body).toMatchObject({ code: 'SHARE_HOLDER_CANNOT_BID' });
  });
});
