import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedAwardNotice, type SignedReport, setAwardPorts, verifyAwardNotice } from '../../apps/server/src/modules/award/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';
import { publishedTender, registerProjectSection, tenderInput } from './tender-fixture.js';

type Api = ReturnType<typeof client>;
const DEADLINE = '2026-12-18T01:30:00.000Z';
const USERS = ['tenderer', 'agency', 'staff', 'supervisor', 'bidder', 'bidder2', 'bidder3'];
const BIDDERS = ['bidder', 'bidder2', 'bidder3'];
const awardUrl = (tender: string, section: string) => `/api/tenders/${tender}/sections/${section}/award`;

/**
 * Candidate publicity, objections, award in rank order with fallbacks, signed notice, failure and
 * re-tender. The signed evaluation report comes from a test-only source (reports keyed by tender
 * section): the evaluation room's e2e fixture does not exist yet.
 */
describe.each(e2eDatabaseKinds())('award and publicity on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  const reports = new Map<string, SignedReport>();
  let server: TestServer;
  const apis = new Map<string, Api>();
  const ids = new Map<string, string>();
  let tenderId: string;
  let gpTenderId: string;
  let sectionA: string;
  let sectionB: string;
  let sectionC: string;
  let firstNotice: SignedAwardNotice;

  const api = (name: string): Api => {
    const found = apis.get(name);
    if (!found) throw new Error(`no session for ${name}`);
    return found;
  };
  const idOf = (name: string) => ids.get(name) ?? '';
  /** Sessions expire while the clock jumps, and a TOTP code is used once: step 31 s and sign everyone in again. */
  async function signInAll(names: readonly string[] = USERS) {
    clock.advance(31_000);
    for (const name of names) apis.set(name, (await signIn(server.url, name, { at: clock.now() })).api);
  }
  const report = (tender: string, section: string, reportedAt: Date): SignedReport => ({
    tenderId: tender,
    sectionCode: section,
    candidates: BIDDERS.map((name, i) => ({ rank: i + 1, bidderId: idOf(name), bidderName: `${name} 建设有限公司`, price: `1450000${i}.00`, score: `9${5 - i}.50` })),
    reportedAt,
    reportSm3: 'c0'.repeat(32),
    logIndex: null,
  });
  const notifications = async (name: string) => ((await api(name).get('/api/tendering/notifications')).body as { items: Array<{ tenderId: string; kind: string; message: string; createdAt: string }> }).items;
  const hall = async () => ((await client(server.url).get('/api/portal/announcements?limit=100')).body as { items: Array<{ title: string; url: string; publishedAt: string }> }).items;

  beforeAll(async () => {
    setAwardPorts({ reports: { findSignedReport: async (_db, tender, section) => reports.get(`${tender}/${section}`) } });
    server = await startTestServer({ database, clock });
    await signInAll();
    for (const name of USERS) ids.set(name, ((await api(name).get('/api/auth/me')).body as { id: string }).id);
    const tenderer = api('tenderer');
    const staff = api('staff');
    sectionA = await registerProjectSection(tenderer, staff, '观山湖区第五中学教学楼建设工程', '2611-520115-48-01-510051');
    sectionB = await registerProjectSection(tenderer, staff, '观山湖区第五中学食堂建设工程', '2611-520115-48-01-510052');
    sectionC = await registerProjectSection(tenderer, staff, '观山湖区第五中学课桌椅采购', '2611-520115-48-01-510053');
    const base = tenderInput(sectionA, { bidDeadline: DEADLINE, title: '观山湖区第五中学建设工程施工招标公告' });
    const [first] = base.sections;
    tenderId = await publishedTender(tenderer, staff, { ...base, sections: [first, { ...first, sectionCode: sectionB, name: '食堂标段' }] });
    const gp = tenderInput(sectionC, { bidDeadline: DEADLINE, title: '观山湖区第五中学课桌椅采购项目公开招标公告', procedureType: 'gpPublicBidding' });
    gpTenderId = await publishedTender(tenderer, staff, gp);
    // After the opening and the evaluation: Monday 21 Dec 2026, 10:00 Shanghai.
    clock.set('2026-12-21T02:00:00Z');
    await signInAll();
  }, 300_000);
  afterAll(() => server?.close());

  it('publishes candidates only from a signed report, within 3 days of it and for at least 3 days (条例 54)', async () => {
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/publicity`, {})).body).toMatchObject({ code: 'REPORT_NOT_FOUND' });
    reports.set(`${tenderId}/${sectionA}`, report(tenderId, sectionA, new Date('2026-12-21T01:00:00Z')));
    // Section B's report was received on 17 Dec: publicity had to start by 20 Dec.
    reports.set(`${tenderId}/${sectionB}`, report(tenderId, sectionB, new Date('2026-12-17T02:00:00Z')));
    const late = await api('tenderer').post(`${awardUrl(tenderId, sectionB)}/publicity`, {});
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({ code: 'PUBLICITY_START_TOO_LATE' });
    expect((late.body as { message: string }).message).toContain('2026-12-20');
    expect((late.body as { message: string }).message).toContain('招标投标法实施条例 第五十四条');

    expect((await api('bidder').post(`${awardUrl(tenderId, sectionA)}/publicity`, {})).status).toBe(403);
    expect((await api('agency').post(`${awardUrl(tenderId, sectionA)}/publicity`, {})).body).toMatchObject({ code: 'NOT_TENDER_OWNER' });
    const short = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/publicity`, { endsAt: '2026-12-23T15:59:59.999Z' });
    expect(short.body).toMatchObject({ code: 'PUBLICITY_TOO_SHORT' });
    expect((short.body as { message: string }).message).toContain('2026-12-24');

    const published = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/publicity`, {});
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ state: 'publicity', startsAt: clock.now().toISOString(), endsAt: '2026-12-24T15:59:59.999Z', latestStart: '2026-12-24' });
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/publicity`, {})).body).toMatchObject({ code: 'AWARD_EXISTS' });

    // Public: the publicity page and the trading hall, without signing in.
    const page = await client(server.url).get(`${awardUrl(tenderId, sectionA)}/publicity`);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ running: true, suspended: false, candidates: [{ rank: 1, bidderName: 'bidder 建设有限公司', price: '14500000.00', score: '95.50' }, { rank: 2 }, { rank: 3 }] });
    expect(JSON.stringify(page.body)).not.toContain(idOf('bidder'));
    expect((await hall()).find((a) => a.url === `/tenders/${tenderId}/sections/${sectionA}/award`)?.title).toContain('中标候选人公示');
    expect((await client(server.url).get(`${awardUrl(tenderId, sectionB)}/publicity`)).status).toBe(404);
    expect((await api('tenderer').post(`${awardUrl(gpTenderId, sectionC)}/publicity`, {})).body).toMatchObject({ code: 'PUBLICITY_NOT_FOR_GP' });
  });

  it('GP: no publicity; the purchaser decides in candidate order and the 中标通知书 and result follow at once (GP条例 43)', async () => {
    reports.set(`${gpTenderId}/${sectionC}`, report(gpTenderId, sectionC, new Date('2026-12-21T01:00:00Z')));
    const decided = await api('tenderer').post(`${awardUrl(gpTenderId, sectionC)}/decision`, {});
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ state: 'awarded', winnerRank: 1, notice: { title: '中标通知书', procedureType: 'gpPublicBidding', contractArticle: '政府采购法 第四十六条' } });
    const view = (await api('tenderer').get(awardUrl(gpTenderId, sectionC))).body as { publicity: unknown; deadlines: Array<{ what: string; article: string }> };
    expect(view.publicity).toBeNull();
    expect(view.deadlines).toEqual([
      { what: 'gpDecision', due: '2026-12-28', article: '政府采购法实施条例 第四十三条' },
      { what: 'contract', due: '2027-01-20', article: '政府采购法 第四十六条' },
      { what: 'gpLoserDepositRefund', due: '2026-12-28', article: '政府采购法实施条例 第三十三条' },
    ]);
    expect((await api('tenderer').post(`${awardUrl(gpTenderId, sectionC)}/decision`, {})).body).toMatchObject({ code: 'AWARD_EXISTS' });
  });

  it('a report that rejected every bid fails the section at once (法 42): no publicity, no notice, everyone told', async () => {
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionB)}/decision`, {})).body).toMatchObject({ code: 'AWARD_NOT_STARTED' });
    reports.set(`${tenderId}/${sectionB}`, { ...report(tenderId, sectionB, new Date('2026-12-21T01:00:00Z')), candidates: [] });
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionB)}/publicity`, {})).body).toMatchObject({ code: 'REPORT_CANDIDATES_INVALID' });
    const failed = await api('tenderer').post(`${awardUrl(tenderId, sectionB)}/decision`, {});
    expect(failed.body).toMatchObject({ state: 'failed', passedOver: [] });
    expect((failed.body as { failureReason: string }).failureReason).toContain('招标投标法 第四十二条');
    expect((await client(server.url).get(`${awardUrl(tenderId, sectionB)}/result`)).body).toMatchObject({ outcome: 'failed', winner: null });
  });

  it('an objection during publicity suspends the award until answered; the answer resumes it and the end moves by the days suspended', { timeout: 180_000 }, async () => {
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/decision`, {})).body).toMatchObject({ code: 'PUBLICITY_NOT_ENDED' });
    const objection = await api('bidder2').post(`${awardUrl(tenderId, sectionA)}/objections`, { text: '第一中标候选人项目经理有在建工程，请求复核' });
    expect(objection.status).toBe(201);
    expect(objection.body).toMatchObject({ isBidder: true, replyDue: '2026-12-24T15:59:59.999Z', suspended: true, reply: null });
    expect(((await client(server.url).get(`${awardUrl(tenderId, sectionA)}/publicity`)).body as { suspended: boolean }).suspended).toBe(true);
    expect((await notifications('tenderer')).some((n) => n.kind === 'awardObjection' && n.message.includes('2026-12-24'))).toBe(true);

    clock.set('2026-12-25T16:30:00Z'); // past the original end: still suspended, no decision
    await signInAll(['tenderer', 'agency', 'bidder2', 'bidder3']);
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/decision`, {})).body).toMatchObject({ code: 'AWARD_SUSPENDED' });
    // Only the section's bidders may suspend the award with an objection.
    expect((await api('agency').post(`${awardUrl(tenderId, sectionA)}/objections`, { text: '请复核' })).status).toBe(403);
    // The participants' view shows the reply deadline; bidder3 sees no one else's objection.
    const view = (await api('tenderer').get(awardUrl(tenderId, sectionA))).body as { state: string; objections: Array<{ replyDue: string }> };
    expect(view).toMatchObject({ state: 'suspended', objections: [{ replyDue: '2026-12-24T15:59:59.999Z' }] });
    expect(((await api('bidder3').get(awardUrl(tenderId, sectionA))).body as { objections: unknown[] }).objections).toEqual([]);
    expect((await api('agency').get(awardUrl(tenderId, sectionA))).body).toMatchObject({ code: 'NOT_AN_AWARD_PARTICIPANT' });

    const objectionId = (objection.body as { id: string }).id;
    expect((await api('bidder2').post(`${awardUrl(tenderId, sectionA)}/objections/${objectionId}/reply`, { reply: '—' })).status).toBe(403);
    const answered = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/objections/${objectionId}/reply`, { reply: '经核查，该项目经理的在建工程已竣工验收，异议不成立' });
    expect(answered.status).toBe(200);
    // Suspended from 21 Dec 10:00 to 26 Dec 00:31 (4 days 14 hours) ⇒ the end moves by 5 whole days.
    expect(answered.body).toMatchObject({ resumed: true, publicityEndsAt: '2026-12-29T15:59:59.999Z', answeredLate: true });
    expect((await notifications('bidder2')).some((n) => n.kind === 'awardObjectionAnswered')).toBe(true);
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/decision`, {})).body).toMatchObject({ code: 'PUBLICITY_NOT_ENDED' });

    clock.set('2026-12-29T16:00:00Z');
    await signInAll(['tenderer', 'supervisor', ...BIDDERS]);
    const tooLate = await api('bidder3').post(`${awardUrl(tenderId, sectionA)}/objections`, { text: '报价计算有误' });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body).toMatchObject({ code: 'OBJECTION_OUTSIDE_PUBLICITY' });
    expect((tooLate.body as { message: string }).message).toContain('第五十四条');
  });

  it('awards rank 1 of a state-funded project with a signed notice in the transparency log; every other bidder hears the result at the same instant (法 45)', async () => {
    const skip2 = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/decision`, { passOver: [{ rank: 2, reason: 'violation', note: '—' }] });
    expect(skip2.body).toMatchObject({ code: 'PASS_OVER_INVALID' });
    const choice = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/decision`, { passOver: [{ rank: 1, reason: 'tendererChoice', note: '更看好第二名' }] });
    expect(choice.body).toMatchObject({ code: 'PASS_OVER_INVALID' });
    expect((choice.body as { message: string }).message).toContain('第五十五条');

    const decided = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/decision`, {});
    expect(decided.status).toBe(200);
    const body = decided.body as { winnerRank: number; notice: SignedAwardNotice; logIndex: number; notified: number };
    expect(body).toMatchObject({ winnerRank: 1, notified: 3 });
    firstNotice = body.notice;
    expect(firstNotice).toMatchObject({ format: 'ggzy-award-notice/1', title: '中标通知书', sequence: 1, tenderId, sectionCode: sectionA, winner: { bidderId: idOf('bidder'), rank: 1, price: '14500000.00' }, contractDue: '2027-01-29', contractArticle: '招标投标法 第四十六条' });

    // Verification: the platform key (published separately), the log entry, the public verifier.
    const key = (await client(server.url).get('/api/award/notice-key')).body as { publicKey: string };
    expect(verifyAwardNotice(firstNotice, key.publicKey)).toBe(true);
    expect(verifyAwardNotice({ ...firstNotice, winner: { ...firstNotice.winner, price: '14500001.00' } }, key.publicKey)).toBe(false);
    const entry = await server.platform.deps.db.selectFrom('platform.audit_event').select(['action', 'target', 'detail']).where('id', '=', String(body.logIndex)).executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: 'award.notice.issue', target: firstNotice.noticeId, detail: { signature: firstNotice.signature, sectionCode: sectionA } });
    let proof = await client(server.url).get(`/api/log/proofs/inclusion?index=${body.logIndex}&hash=sm3`);
    for (let i = 0; i < 40 && proof.status !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      proof = await client(server.url).get(`/api/log/proofs/inclusion?index=${body.logIndex}&hash=sm3`);
    }
    expect(proof.status).toBe(200);
    expect((await client(server.url).post('/api/award/notice-verification', { notice: firstNotice })).body).toEqual({ valid: true, signatureValid: true, logIndex: body.logIndex, status: 'issued' });
    expect((await client(server.url).post('/api/award/notice-verification', { notice: { ...firstNotice, sectionName: '另一标段' } })).body).toMatchObject({ valid: false, signatureValid: false });

    // The notice: to the winner, the tenderer and supervisors; not to the losers.
    const download = await api('bidder').get(`${awardUrl(tenderId, sectionA)}/notice`);
    expect(download.body).toEqual({ notice: firstNotice, status: 'issued', logIndex: body.logIndex, leafHashSm3: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await api('supervisor').get(`${awardUrl(tenderId, sectionA)}/notice`)).status).toBe(200);
    expect((await api('bidder2').get(`${awardUrl(tenderId, sectionA)}/notice`)).body).toMatchObject({ code: 'NOTICE_NOT_YOURS' });

    // 法 45: the award notice and the result notices carry one instant.
    const winner = (await notifications('bidder')).filter((n) => n.tenderId === tenderId && n.kind === 'awardNotice');
    const losers = [...(await notifications('bidder2')), ...(await notifications('bidder3'))].filter((n) => n.tenderId === tenderId && n.kind === 'awardResult');
    expect(winner).toHaveLength(1);
    expect(losers).toHaveLength(2);
    expect(new Set([...winner, ...losers].map((n) => n.createdAt))).toEqual(new Set([firstNotice.issuedAt]));

    // Public result and the trading hall.
    expect((await client(server.url).get(`${awardUrl(tenderId, sectionA)}/result`)).body).toMatchObject({ outcome: 'awarded', title: '中标结果公告', winner: { bidderName: 'bidder 建设有限公司', price: '14500000.00' }, announcedAt: firstNotice.issuedAt });
    expect((await hall()).some((a) => a.title.endsWith('中标结果公告') && a.url.includes(sectionA))).toBe(true);
    const view = (await api('supervisor').get(awardUrl(tenderId, sectionA))).body as { deadlines: Array<{ what: string; due: string }> };
    expect(view.deadlines).toEqual([
      { what: 'supervisorReport', due: '2027-01-14', article: '招标投标法 第四十七条' },
      { what: 'contract', due: '2027-01-29', article: '招标投标法 第四十六条' },
    ]);
  });

  it('falls back to rank 2 when the winner gives up (reason recorded), then fails the section when no candidate is left, and tenders it again', { timeout: 180_000 }, async () => {
    clock.advance(3_600_000);
    await signInAll(['tenderer', ...BIDDERS]);
    const fallback = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/fallback`, { reason: 'waived', note: '中标人书面声明放弃中标' });
    expect(fallback.status).toBe(200);
    const second = (fallback.body as { notice: SignedAwardNotice }).notice;
    expect(second).toMatchObject({ sequence: 2, winner: { bidderId: idOf('bidder2'), rank: 2 }, passedOver: [{ rank: 1, reason: 'waived', note: '中标人书面声明放弃中标' }] });
    expect((await client(server.url).post('/api/award/notice-verification', { notice: firstNotice })).body).toMatchObject({ valid: true, status: 'revoked' });
    expect((await api('bidder').get(`${awardUrl(tenderId, sectionA)}/notice`)).body).toMatchObject({ code: 'NOTICE_NOT_YOURS' });
    expect(((await api('bidder2').get(`${awardUrl(tenderId, sectionA)}/notice`)).body as { notice: SignedAwardNotice }).notice).toEqual(second);
    expect((await notifications('bidder')).filter((n) => n.kind === 'awardResult' && n.createdAt === second.issuedAt)).toHaveLength(1);

    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/fallback`, { reason: 'tendererChoice', note: '—' })).body).toMatchObject({ code: 'PASS_OVER_INVALID' });
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/fallback`, { reason: 'noPerformanceSecurity', note: '逾期未提交履约保函' })).body).toMatchObject({ winnerRank: 3 });
    const failed = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/fallback`, { reason: 'violation', note: '经行政监督部门查实存在串通投标' });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ state: 'failed', passedOver: [{ rank: 1 }, { rank: 2 }, { rank: 3 }] });
    expect((failed.body as { failureReason: string }).failureReason).toContain('招标投标法实施条例 第五十五条');
    expect((await client(server.url).get(`${awardUrl(tenderId, sectionA)}/result`)).body).toMatchObject({ outcome: 'failed', title: '招标失败公告', winner: null });
    expect((await hall()).find((a) => a.url === `/tenders/${tenderId}/sections/${sectionA}/award` && a.title.endsWith('招标失败公告'))).toBeDefined();
    for (const name of BIDDERS) expect((await notifications(name)).some((n) => n.kind === 'awardFailed')).toBe(true);
    expect((await api('bidder3').get(`${awardUrl(tenderId, sectionA)}/notice`)).body).toMatchObject({ code: 'NO_NOTICE' });

    const retender = await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/retender`, { bidDeadline: '2027-01-25T01:30:00.000Z' });
    expect(retender.status).toBe(201);
    const { retenderTenderId } = retender.body as { retenderTenderId: string };
    expect(retender.body).toMatchObject({ state: 'retendered', tender: { id: retenderTenderId, status: 'draft', title: '观山湖区第五中学建设工程施工招标公告（重新招标）', sections: [{ sectionCode: sectionA }] } });
    const mine = (await api('tenderer').get('/api/tenders?scope=mine&limit=50')).body as { items: Array<{ id: string }> };
    expect(mine.items.some((t) => t.id === retenderTenderId)).toBe(true);
    expect((await api('tenderer').post(`${awardUrl(tenderId, sectionA)}/retender`, { bidDeadline: '2027-01-25T01:30:00.000Z' })).body).toMatchObject({ code: 'AWARD_WRONG_STATE' });
  });
});
