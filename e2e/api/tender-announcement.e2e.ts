import { composeSectionCode, parentCodes } from '@ggzy/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';

type Api = ReturnType<typeof client>;
interface TenderBody {
  id: string;
  status: string;
  bidDeadline: string;
  publishedAt: string | null;
  reviewReason: string | null;
  sections: Array<{ sectionCode: string }>;
}

/** A tender from announcement to the eve of the deadline: review, trading hall, documents, clarification, objection. */
describe.each(e2eDatabaseKinds())('tender announcement on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let tenderer: Api;
  let staff: Api;
  let bidder: Api;
  let bidder2: Api;
  let sectionCode: string;

  /** Moves server time; sessions idle out across days, so everyone signs in again. */
  async function travelTo(instant: string) {
    clock.set(instant);
    const at = clock.now();
    tenderer = (await signIn(server.url, 'tenderer', { at })).api;
    staff = (await signIn(server.url, 'staff', { at })).api;
    bidder = (await signIn(server.url, 'bidder', { at })).api;
    bidder2 = (await signIn(server.url, 'bidder2', { at })).api;
  }

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    await travelTo('2026-11-27T02:00:00Z');
    // The section and its code come from project entry (the project module's API).
    const project = await tenderer.post('/api/projects', {
      name: '观山湖区第三中学教学楼建设工程',
      investProjectCode: '2611-520115-48-01-510031',
      approval: { kind: 'approval', documentNumber: '观发改审〔2026〕88号', authority: '贵阳市观山湖区发展和改革局', date: '2026-11-10' },
      fundingSource: 'stateBudget',
      regionCode: '520115',
      industryCode: '48',
      category: 'engineeringConstruction',
      contractKind: 'works',
      estimatedAmount: '15000000.00',
      tendererName: '贵阳市观山湖区教育局',
      sections: [{ name: '施工标段', estimatedAmount: '15000000.00' }],
    });
    if (project.status !== 201) throw new Error(`project entry: ${project.status}`);
    const body = project.body as { id: string; sections: Array<{ sectionCode: string }> };
    sectionCode = body.sections[0]?.sectionCode ?? '';
    const accepted = await staff.post(`/api/projects/${body.id}/review`, { decision: 'accept' });
    if (accepted.status !== 200) throw new Error(`project review: ${accepted.status}`);
  });
  afterAll(() => server?.close());

  const tenderInput = (overrides: Record<string, unknown> = {}) => ({
    procedureType: 'engineeringOpen',
    title: '观山湖区第三中学教学楼建设工程施工招标公告',
    regionCode: '520115',
    announcement: '1. 招标条件 … 2. 项目概况与招标范围 … 3. 投标人资格要求 …',
    bidDeadline: '2026-12-18T01:30:00.000Z',
    sections: [
      {
        sectionCode,
        name: '施工标段',
        estimatedAmount: '15000000.00',
        ceilingPrice: '14800000.00',
        security: { kind: 'electronicGuarantee', amount: '300000.00' },
      },
    ],
    ...overrides,
  });

  it('refuses to tender a section that did not enter the platform (应进必进)', async () => {
    const { tenderProjectCode } = parentCodes(sectionCode);
    const unregistered = composeSectionCode(tenderProjectCode ?? '', 42);
    const sections = [{ ...tenderInput().sections[0], sectionCode: unregistered }];
    const refused = await tenderer.post('/api/tenders', tenderInput({ sections }));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'SECTION_NOT_REGISTERED' });
    expect((refused.body as { message: string }).message).toContain(unregistered);
  });

  it('publishes a reviewed announcement into the trading hall; keeps document holders confidential; moves the deadline on a late clarification; suspends on an objection', async () => {
    // 招标投标法 第二十四条: a deadline 19 days after issue is refused with the earliest date.
    const early = await tenderer.post('/api/tenders', tenderInput({ bidDeadline: '2026-12-15T01:30:00.000Z' }));
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'DEADLINE_TOO_EARLY' });
    // 条例 26: bid security above 2% of the estimate.
    const security = await tenderer.post(
      '/api/tenders',
      tenderInput({ sections: [{ ...tenderInput().sections[0], security: { kind: 'cashDeposit', amount: '300000.01' } }] }),
    );
    expect(security.body).toMatchObject({ code: 'SECURITY_TOO_HIGH' });

    const created = await tenderer.post('/api/tenders', tenderInput(), { 'idempotency-key': 'tender-1' });
    expect(created.status).toBe(201);
    const tender = created.body as TenderBody;
    expect(tender).toMatchObject({ status: 'draft', publishedAt: null });
    const replay = await tenderer.post('/api/tenders', tenderInput(), { 'idempotency-key': 'tender-1' });
    expect((replay.body as TenderBody).id).toBe(tender.id);

    // Drafts are not public.
    expect((await bidder.get(`/api/tenders/${tender.id}`)).status).toBe(404);
    expect((await tenderer.post(`/api/tenders/${tender.id}/submit`, {})).status).toBe(200);
    const queue = (await staff.get('/api/tenders?scope=review')).body as { items: TenderBody[] };
    expect(queue.items.map((t) => t.id)).toContain(tender.id);
    expect((await tenderer.post(`/api/tenders/${tender.id}/review`, { approve: true })).status).toBe(403);
    const rejected = await staff.post(`/api/tenders/${tender.id}/review`, { approve: false, reason: '资格条件设置不明确' });
    expect(rejected.body).toMatchObject({ status: 'draft', reviewReason: '资格条件设置不明确' });
    await tenderer.post(`/api/tenders/${tender.id}/submit`, {});
    const published = await staff.post(`/api/tenders/${tender.id}/review`, { approve: true });
    expect(published.body).toMatchObject({ status: 'published', publishedAt: clock.now().toISOString() });

    const hall = await bidder.get('/api/portal/announcements?category=engineeringConstruction&regionCode=520100');
    expect((hall.body as { items: Array<{ url: string; title: string }> }).items).toContainEqual(
      expect.objectContaining({ url: `/tenders/${tender.id}`, title: '观山湖区第三中学教学楼建设工程施工招标公告' }),
    );
    expect((await bidder.get(`/api/tenders/${tender.id}`)).status).toBe(200);

    // Two bidders obtain the documents; nothing the tenderer can read names them (法 22).
    expect((await bidder.post(`/api/tenders/${tender.id}/documents/registration`, {})).status).toBe(200);
    expect((await bidder2.post(`/api/tenders/${tender.id}/documents/registration`, {})).status).toBe(200);
    expect((await tenderer.post(`/api/tenders/${tender.id}/documents/registration`, {})).status).toBe(403);
    const seenByTenderer = JSON.stringify([
      (await tenderer.get(`/api/tenders/${tender.id}`)).body,
      (await tenderer.get('/api/tenders?scope=mine')).body,
    ]);
    expect(seenByTenderer).not.toMatch(/bidder|投标人一|registration/i);

    // 条例 21: a substantive clarification on 5 Dec leaves 13 days: the deadline moves to 20 Dec, a Sunday ⇒ Monday 21 Dec.
    await travelTo('2026-12-05T03:00:00Z');
    const clarified = await tenderer.post(`/api/tenders/${tender.id}/clarifications`, { text: '第三章技术标准修改', substantive: true });
    expect(clarified.body).toMatchObject({
      deadlineMoved: true,
      deadlineAfter: '2026-12-21T01:30:00.000Z',
      article: '招标投标法实施条例 第二十一条',
      notified: 2,
    });
    const notes = (await bidder.get('/api/tendering/notifications')).body as { items: Array<{ kind: string; tenderId: string }> };
    expect(notes.items).toContainEqual(expect.objectContaining({ kind: 'deadlineMoved', tenderId: tender.id }));
    const minor = await tenderer.post(`/api/tenders/${tender.id}/clarifications`, { text: '联系人电话更正', substantive: false });
    expect(minor.body).toMatchObject({ deadlineMoved: false, deadlineAfter: '2026-12-21T01:30:00.000Z' });

    // 条例 22: an objection (≥ 10 days before the deadline) suspends tendering until answered within 3 days.
    await travelTo('2026-12-08T02:00:00Z');
    expect((await staff.post(`/api/tenders/${tender.id}/objections`, { text: 'x' })).status).toBe(403);
    const objection = await bidder.post(`/api/tenders/${tender.id}/objections`, { text: '资格条件中的业绩要求排斥潜在投标人' });
    expect(objection.status).toBe(201);
    const raised = objection.body as { id: string; replyDue: string; suspended: boolean };
    expect(raised).toMatchObject({ suspended: true, replyDue: '2026-12-11T15:59:59.999Z' });
    expect((await tenderer.get(`/api/tenders/${tender.id}`)).body).toMatchObject({ status: 'suspended' });
    const blocked = await tenderer.post(`/api/tenders/${tender.id}/clarifications`, { text: '补充', substantive: false });
    expect(blocked.body).toMatchObject({ code: 'TENDER_SUSPENDED' });
    expect(((await bidder2.get(`/api/tenders/${tender.id}/objections`)).body as { items: unknown[] }).items).toHaveLength(0);

    await travelTo('2026-12-10T02:00:00Z');
    const answered = await tenderer.post(`/api/tenders/${tender.id}/objections/${raised.id}/reply`, { reply: '业绩要求已调整' });
    // Suspended 2 days: the deadline moves by 2 days.
    expect(answered.body).toMatchObject({ resumed: true, bidDeadline: '2026-12-23T01:30:00.000Z' });
    expect((await tenderer.get(`/api/tenders/${tender.id}`)).body).toMatchObject({
      status: 'published',
      bidDeadline: '2026-12-23T01:30:00.000Z',
    });

    // Deadline 23 Dec: objections after 13 Dec are too late.
    await travelTo('2026-12-14T02:00:00Z');
    const late = await bidder2.post(`/api/tenders/${tender.id}/objections`, { text: '晚了' });
    expect(late.body).toMatchObject({ code: 'OBJECTION_TOO_LATE' });

    const procedures = (await bidder.get('/api/procedures')).body as { items: Array<{ type: string; minimumBidders: { value: number } }> };
    expect(procedures.items.find((p) => p.type === 'engineeringOpen')?.minimumBidders.value).toBe(3);
  });

  it('serves the form rules by server time, shows drafts to their owner and staff only, and tells a bidder whether they obtained the documents', async () => {
    // A new half-minute: each TOTP code signs in once.
    await travelTo('2026-12-14T03:00:00Z');
    // 招标投标法 第二十四条 and 条例 26, as the web form shows them while the user types.
    const rules = await tenderer.get('/api/tendering/rules?procedureType=engineeringOpen');
    expect(rules.body).toMatchObject({
      serverTime: '2026-12-14T03:00:00.000Z',
      issuedOn: '2026-12-14',
      earliestDeadlineDate: '2027-01-03',
      documentIssueToDeadline: { days: 20, counting: 'calendar', article: '招标投标法 第二十四条' },
      clarificationBeforeDeadline: { days: 15, article: '招标投标法实施条例 第二十一条' },
      bidSecurity: { percent: 2, article: '招标投标法实施条例 第二十六条' },
    });
    expect((await client(server.url).get('/api/tendering/rules?procedureType=nonsense')).status).toBe(400);
    const tooEarly = await tenderer.post('/api/tenders', tenderInput({ bidDeadline: '2027-01-02T15:59:59.999Z' }));
    expect(tooEarly.body).toMatchObject({ code: 'DEADLINE_TOO_EARLY' });

    const created = await tenderer.post('/api/tenders', tenderInput({ title: '观山湖区第三中学运动场改造工程施工招标公告', bidDeadline: '2027-01-04T01:30:00.000Z' }));
    expect(created.status).toBe(201);
    const id = (created.body as TenderBody).id;
    // The draft: its owner and centre staff read it through /manage; a bidder and the public route do not.
    expect((await tenderer.get(`/api/tenders/${id}/manage`)).body).toMatchObject({ id, status: 'draft' });
    expect((await staff.get(`/api/tenders/${id}/manage`)).body).toMatchObject({ id, status: 'draft' });
    expect((await bidder.get(`/api/tenders/${id}/manage`)).status).toBe(404);
    expect((await tenderer.get(`/api/tenders/${id}`)).status).toBe(404);
    expect((await client(server.url).get(`/api/tenders/${id}/manage`)).status).toBe(401);

    await tenderer.post(`/api/tenders/${id}/submit`, {});
    await staff.post(`/api/tenders/${id}/review`, { approve: true });
    const before = await bidder.get(`/api/tenders/${id}/documents/registration`);
    expect(before.body).toEqual({ tenderId: id, registeredAt: null });
    await bidder.post(`/api/tenders/${id}/documents/registration`, {});
    expect((await bidder.get(`/api/tenders/${id}/documents/registration`)).body).toEqual({ tenderId: id, registeredAt: '2026-12-14T03:00:00.000Z' });
    // Only one's own entry: bidder2 still has none, and the tenderer cannot ask (法 22).
    expect((await bidder2.get(`/api/tenders/${id}/documents/registration`)).body).toMatchObject({ registeredAt: null });
    expect((await tenderer.get(`/api/tenders/${id}/documents/registration`)).status).toBe(403);
  });
});
