import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DEVIATION_PARAMS, deviationScores, findSignedReport, reportSigningBytes, type SignedEvaluationReport } from '../../apps/server/src/modules/evaluation/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { sm2, sm3Hex } from '../../apps/server/src/platform/crypto/gm/index.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { type Committee, drawnCommittee, type OpenedFixture, openedSection, publishedSection, Sessions } from './evaluation-fixture.js';

interface Room {
  id: string;
  status: string;
  step: string | null;
  chairId: string | null;
  members: Array<{ id: string; kind: string; name: string; signedInAt: string | null; submitted: string[] }>;
  bids: Array<{ bidId: string; rejected: boolean }>;
  chairRounds: Array<{ round: number; outcome: string | null }>;
  scores: Record<string, Record<string, Record<string, string>>> | null;
  priceScores: Record<string, { score: string; price: string }> | null;
  ranking: Array<{ bidId: string; rank: number; expertScore: string; priceScore: string; total: string; candidate: boolean }> | null;
  rejections: Array<{ bidId: string; code: string; article: string; reason: string }>;
  requests: Array<{ id: string; bidId: string; kind: string; answer: string | null }>;
  rescoreRequests: Array<{ itemId: string; reason: string; expertIds: string[] }>;
}

const DEADLINE = '2026-12-18T01:30:00.000Z';
const PRICES = ['14200000.00', '14350000.00', '14600000.00'];
const ITEMS = [
  { id: 'q1', step: 'qualification', name: '资格条件', kind: 'PASS_FAIL' },
  { id: 'p1', step: 'preliminary', name: '形式及响应性评审', kind: 'PASS_FAIL' },
  { id: 't1', step: 'detailed', name: '施工组织设计', kind: 'RANGE', min: '0', max: '30' },
  { id: 't2', step: 'detailed', name: '类似工程业绩', kind: 'FIXED', points: '5' },
  { id: 'o1', step: 'other', name: '信用评价', kind: 'RANGE', min: '0', max: '5' },
];
/** Detailed-review score of member m for bid b: the representative (m = 4) first over-scores bid 0, then re-scores. */
const t1 = (m: number, b: number) => (m === 4 && b === 0 ? '29.5' : `${20 + m + (b === 0 ? 2 : 0)}`);
const expertScore = (values: number[]) => (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2);
const DEVIATION = { kind: 'deviation', priceScoreTotal: '60', deductAbovePerPct: '2', deductBelowPerPct: '1', floatPoint: 'discountBase' };

/** The online evaluation room after a real opening: committee, chair vote, independent scoring, re-score, clarifications, rejection, price scores, ranking, signatures, lock. */
describe.each(e2eDatabaseKinds())('evaluation room on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let sessions: Sessions;
  let opened: OpenedFixture;
  /** Another published tender section of the same tenderer: a panel drawn for it may not sit on `opened`. */
  let other: { tenderId: string; sectionCode: string };
  let committee: Committee;
  let roomId: string;
  let representativeId: string;
  /** Member usernames: the four drawn experts, then the tenderer representative. */
  let memberNames: string[];
  const idOf = new Map<string, string>();

  const url = (path = '') => `/api/evaluations/${roomId}${path}`;
  const as = (name: string) => sessions.get(name);
  const room = async (name: string) => (await as(name).get(url())).body as Room;
  const bid = (i: number) => opened.bids[i]?.bidId ?? '';
  /** Every member scores every active bid of `items` with `value(member index, item, bid index)` and submits. */
  async function scoreAndSubmit(items: string[], bidIndexes: number[], value: (m: number, item: string, b: number) => string, reason?: string) {
    for (const [m, name] of memberNames.entries()) {
      const scores = items.flatMap((itemId) => bidIndexes.map((b) => ({ itemId, bidId: bid(b), value: value(m, itemId, b), ...(reason ? { reason } : {}) })));
      expect((await as(name).post(url('/scores'), { scores })).status).toBe(200);
      expect((await as(name).post(url('/submit'))).status).toBe(200);
    }
  }

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    sessions = new Sessions(server.url, clock);
    await sessions.signInAll(['tenderer', 'staff']);
    other = await publishedSection(as('tenderer'), as('staff'), { name: '观山湖区第六中学体育馆建设工程', investProjectCode: '2611-520115-48-01-510061' });
    // openedSection signs everyone in again: a new TOTP time step, as a code is accepted only once.
    clock.advance(60_000);
    opened = await openedSection(sessions, { deadline: DEADLINE, prices: PRICES, investProjectCode: '2611-520115-48-01-510051' });
    await sessions.signInAll(['staff', 'tenderer', 'supervisor', 'expert']);
    committee = await drawnCommittee(sessions, { tenderId: opened.tenderId, sectionCode: opened.sectionCode, reference: opened.sectionCode, evaluationDate: '2026-12-18', specialty: '4831', count: 4, representatives: 1, prefix: 'pingwei' });
    representativeId = ((await as('tenderer').get('/api/auth/me')).body as { id: string }).id;
    memberNames = [...committee.experts.map((e) => e.username), 'tenderer'];
    for (const e of committee.experts) idOf.set(e.username, e.userId);
    idOf.set('tenderer', representativeId);
    // A whole tender with a remote opening, four expert accounts (TOTP enrolment) and a draw: longer than the default hook time on a loaded machine.
  }, 300_000);
  afterAll(() => server?.close());

  const createBody = (over: Record<string, unknown> = {}) => ({
    tenderId: opened.tenderId,
    sectionCode: opened.sectionCode,
    drawId: committee.drawId,
    representatives: [{ userId: representativeId, name: '王建国（招标人代表）' }],
    items: ITEMS,
    priceMethod: DEVIATION,
    ...over,
  });

  it('refuses a panel drawn for another tender section, and a draw that records none (made before draws were bound)', async () => {
    const foreign = await as('staff').post('/api/expert-draws', {
      reference: other.sectionCode,
      tenderId: other.tenderId,
      sectionCode: other.sectionCode,
      evaluationDate: '2026-12-18',
      slots: [{ specialty: '4831', count: 4 }],
      representatives: 1,
      avoid: { bidders: [], tenderers: [], agencies: [], supervisingDepartments: [] },
    });
    expect(foreign.status).toBe(201);
    const drawId = (foreign.body as { id: string; tenderId: string; sectionCode: string }).id;
    expect(foreign.body).toMatchObject({ tenderId: other.tenderId, sectionCode: other.sectionCode });
    const refused = await as('staff').post('/api/evaluations', createBody({ drawId }));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'DRAW_OTHER_SECTION',
      message: `该抽取记录是为招标项目 ${other.tenderId} 标段 ${other.sectionCode} 抽取的，不能用于招标项目 ${opened.tenderId} 标段 ${opened.sectionCode} 的评标`,
    });
    const inEnglish = await as('staff').post('/api/evaluations', createBody({ drawId }), { 'accept-language': 'en' });
    expect((inEnglish.body as { message: string }).message).toBe(`This draw was made for section ${other.sectionCode} of tender ${other.tenderId}; it cannot seat the committee of section ${opened.sectionCode} of tender ${opened.tenderId}`);
    // A draw from before the binding migration keeps both columns null: it seats no committee.
    await server.platform.deps.db.updateTable('evaluation.draw').set({ tender_id: null, section_code: null }).where('id', '=', drawId).execute();
    expect((await as('staff').post('/api/evaluations', createBody({ drawId }))).body).toMatchObject({ code: 'DRAW_NOT_BOUND' });
  });

  it('creates the evaluation of the closed opening with the confirmed panel and a marked tenderer representative', async () => {
    expect((await as('tenderer').post('/api/evaluations', createBody())).status).toBe(403);
    expect((await as('staff').post('/api/evaluations', createBody({ representatives: [] }))).body).toMatchObject({ code: 'REPRESENTATIVES_MISMATCH' });
    const gp = await as('staff').post('/api/evaluations', createBody({ priceMethod: { kind: 'lowPricePriority', priceWeightPoints: '30' } }));
    expect(gp.status).toBe(400);
    expect(gp.body).toMatchObject({ code: 'PRICE_METHOD_NOT_ALLOWED' });
    const created = await as('staff').post('/api/evaluations', createBody());
    expect(created.status).toBe(201);
    const body = created.body as Room & { opening: { floatPoint: string } };
    roomId = body.id;
    expect(body).toMatchObject({ status: 'preparing', step: null, opening: { floatPoint: opened.floatPoint.rate } });
    expect(body.members.map((m) => m.kind)).toEqual(['expert', 'expert', 'expert', 'expert', 'tendererRepresentative']);
    expect(body.bids.map((b) => b.bidId)).toEqual(opened.bids.map((b) => b.bidId));
    expect((await as('staff').post('/api/evaluations', createBody())).body).toMatchObject({ code: 'EVALUATION_EXISTS' });
    // Only the committee, staff and supervisors see the room.
    expect((await as('expert').get(url())).body).toMatchObject({ code: 'NOT_A_MEMBER' });
    // The list: each member exactly their committees (filtered in SQL); another expert none; staff all.
    const listed = async (name: string) => ((await as(name).get('/api/evaluations')).body as { items: Array<{ id: string; sectionCode: string; status: string; step: string | null }> }).items;
    for (const name of memberNames) expect(await listed(name)).toEqual([expect.objectContaining({ id: roomId, tenderId: opened.tenderId, sectionCode: opened.sectionCode, status: 'preparing', step: null })]);
    expect(await listed('expert')).toEqual([]);
    expect((await listed('staff')).map((e) => e.id)).toContain(roomId);
  });

  it('starts only when every member signed in; the chair is elected by a majority vote, in rounds', async () => {
    expect((await as(memberNames[0] ?? '').post(url('/sign-in'))).status).toBe(200);
    expect((await as('staff').post(url('/start'))).body).toMatchObject({ code: 'MEMBERS_NOT_SIGNED_IN' });
    for (const name of memberNames.slice(1)) expect((await as(name).post(url('/sign-in'))).status).toBe(200);
    expect((await as('staff').post(url('/start'))).body).toMatchObject({ status: 'inProgress', step: 'chairElection' });
    const [e1, e2, e3] = memberNames.map((n) => idOf.get(n) ?? '');
    const firstRound = [e1, e2, e1, e2, e3];
    for (const [i, name] of memberNames.entries()) expect((await as(name).post(url('/chair-votes'), { candidateId: firstRound[i] })).status).toBe(200);
    let state = await room('staff');
    expect(state.chairRounds.map((r) => r.outcome)).toEqual(['noMajority', null]);
    expect(state.step).toBe('chairElection');
    for (const [i, name] of memberNames.entries()) expect((await as(name).post(url('/chair-votes'), { candidateId: i === 4 ? e2 : e1 })).status).toBe(200);
    expect((await as(memberNames[0] ?? '').post(url('/chair-votes'), { candidateId: e1 })).body).toMatchObject({ code: 'WRONG_STEP' });
    state = await room('staff');
    expect(state).toMatchObject({ step: 'qualification', chairId: e1 });
    // The list reads the step out of the stored state.
    expect(((await as(memberNames[1] ?? '').get('/api/evaluations')).body as { items: unknown[] }).items).toEqual([expect.objectContaining({ id: roomId, status: 'inProgress', step: 'qualification' })]);
  });

  it('members score independently: others’ findings only after submitting; a fail needs a reason; staff see progress without scores', async () => {
    const [chair, second, third] = memberNames;
    const noReason = await as(second ?? '').post(url('/scores'), { scores: [{ itemId: 'q1', bidId: bid(2), value: 'fail' }] });
    expect(noReason.body).toMatchObject({ code: 'REASON_REQUIRED' });
    expect((await as(second ?? '').post(url('/scores'), { scores: [{ itemId: 'q1', bidId: bid(2), value: 'fail', reason: '项目经理注册证书未随投标文件提交' }] })).status).toBe(200);
    expect((await as(second ?? '').post(url('/scores'), { scores: [{ itemId: 'q1', bidId: bid(2), value: 'pass' }] })).status).toBe(200);
    expect((await as(third ?? '').post(url('/submit'))).body).toMatchObject({ code: 'STEP_INCOMPLETE' });
    expect((await room(third ?? '')).scores).toEqual({});
    const staffView = await room('staff');
    expect(staffView.scores).toBeNull();
    expect(JSON.stringify(staffView)).not.toContain('"pass"');
    await scoreAndSubmit(['q1'], [0, 1, 2], () => 'pass');
    const after = await room(third ?? '');
    expect(after.scores?.[idOf.get(second ?? '') ?? '']?.q1).toEqual({ [bid(0)]: 'pass', [bid(1)]: 'pass', [bid(2)]: 'pass' });
    expect((await as(second ?? '').post(url('/advance'))).body).toMatchObject({ code: 'NOT_CHAIR' });
    expect((await as(chair ?? '').post(url('/advance'))).body).toMatchObject({ step: 'preliminary' });
    expect((await room('staff')).members.every((m) => m.submitted.includes('qualification'))).toBe(true);
  });

  it('asks bidders for written clarifications with deadlines: one answered in time, one late answer refused; a bid rejected with its statutory code', async () => {
    const chair = memberNames[0] ?? '';
    const asked = async (i: number, minutes: number) => {
      const reply = await as(chair).post(url('/requests'), { bidId: bid(i), kind: 'clarification', question: '请澄清投标报价中安全文明施工费的计取依据', deadline: new Date(clock.now().getTime() + minutes * 60_000).toISOString() });
      expect(reply.status).toBe(201);
      return (reply.body as { id: string }).id;
    };
    const inTime = await asked(1, 20);
    const late = await asked(2, 5);
    expect((await as(memberNames[1] ?? '').post(url('/requests'), { bidId: bid(0), kind: 'clarification', question: 'x', deadline: new Date(clock.now().getTime() + 60_000).toISOString() })).body).toMatchObject({ code: 'NOT_CHAIR' });
    const mine = (await as('bidder2').get('/api/evaluation-requests')).body as { items: Array<{ id: string; deadline: string; article: string }> };
    expect(mine.items.map((r) => r.id)).toEqual([inTime]);
    expect(mine.items[0]?.article).toContain('第五十二条');
    // Only the addressee answers; no unsolicited clarifications.
    expect((await as('bidder').post(`/api/evaluation-requests/${inTime}/answer`, { text: '按贵州省计价规定计取' })).body).toMatchObject({ code: 'REQUEST_NOT_FOUND' });
    expect((await as('bidder2').post(`/api/evaluation-requests/${inTime}/answer`, { text: '按贵州省建设工程计价依据计取，费率 3.2%' })).status).toBe(200);
    clock.advance(6 * 60_000);
    const refused = await as('bidder3').post(`/api/evaluation-requests/${late}/answer`, { text: '补充说明' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'ANSWER_LATE' });
    const audited = await server.platform.deps.db.selectFrom('platform.audit_event').select(['outcome']).where('action', '=', 'evaluation.request.answer').where('target', '=', `request:${late}`).execute();
    expect(audited).toEqual([{ outcome: 'failure' }]);

    expect((await as(chair).post(url('/rejections'), { bidId: bid(2), code: 'G-DEPOSIT', reason: '未提交保证金' })).body).toMatchObject({ code: 'REJECTION_CODE_UNKNOWN' });
    const rejected = (await as(chair).post(url('/rejections'), { bidId: bid(2), code: 'E51-6', reason: '工期 420 日超出招标文件要求的 365 日，未实质性响应' })).body as Room;
    expect(rejected.rejections).toEqual([expect.objectContaining({ bidId: bid(2), code: 'E51-6', article: '招标投标法实施条例 第五十一条第（六）项' })]);
    expect((await as(memberNames[1] ?? '').post(url('/scores'), { scores: [{ itemId: 'p1', bidId: bid(2), value: 'pass' }] })).body).toMatchObject({ code: 'BID_REJECTED' });
    await scoreAndSubmit(['p1'], [0, 1], () => 'pass');
    expect((await as(chair).post(url('/advance'))).body).toMatchObject({ step: 'detailed' });
  });

  it('the chair asks for a re-score of an item with a reason; the member scores it again', async () => {
    const chair = memberNames[0] ?? '';
    await scoreAndSubmit(['t1', 't2'], [0, 1], (m, item, b) => (item === 't1' ? t1(m, b) : b === 0 ? '5' : '0'));
    expect((await as(chair).post(url('/rescore'), { itemId: 't1', expertIds: [representativeId], reason: '' })).status).toBe(400);
    const rescored = (await as(chair).post(url('/rescore'), { itemId: 't1', expertIds: [representativeId], reason: '施工组织设计评分明显偏离其他成员，请依据评分标准复核' })).body as Room;
    expect(rescored.rescoreRequests).toEqual([expect.objectContaining({ itemId: 't1', expertIds: [representativeId] })]);
    expect((await as(chair).post(url('/advance'))).body).toMatchObject({ code: 'STEP_INCOMPLETE' });
    expect((await as('tenderer').post(url('/scores'), { scores: [{ itemId: 't1', bidId: bid(0), value: '26' }, { itemId: 't1', bidId: bid(1), value: '24' }] })).status).toBe(200);
    expect((await as('tenderer').post(url('/submit'))).status).toBe(200);
    expect((await as(chair).post(url('/advance'))).body).toMatchObject({ step: 'priceScore' });
  });

  it('the server scores prices by the deviation method with the float point drawn at the opening — as price-score.ts does', async () => {
    const chair = memberNames[0] ?? '';
    expect((await as(chair).post(url('/advance'))).body).toMatchObject({ code: 'PRICE_NOT_SCORED' });
    const scored = (await as(chair).post(url('/price-scores'), {})).body as Room;
    const expected = deviationScores(
      opened.bids.slice(0, 2).map((b) => ({ bidId: b.bidId, price: b.price })),
      { ...DEFAULT_DEVIATION_PARAMS, priceScoreTotal: '60', deductAbovePerPct: '2', deductBelowPerPct: '1', floatPoint: { mode: 'discountBase', k: opened.floatPoint.rate } },
    );
    expect(scored.priceScores).toEqual(Object.fromEntries(expected.scores.map((s) => [s.bidId, { score: s.score, price: s.price }])));
    expect((await as(chair).post(url('/advance'))).body).toMatchObject({ step: 'other' });
    await scoreAndSubmit(['o1'], [0, 1], () => '3');
    expect((await as(chair).post(url('/advance'))).body).toMatchObject({ step: 'result' });
  });

  it('aggregates and ranks; staff see the result now', async () => {
    const view = await room('staff');
    const price = view.priceScores ?? {};
    // Member sums: t1 + t2 + o1; bid 0: experts 22..25, representative 26 (re-scored); bid 1: 20..23 and 24.
    const bid0 = expertScore([22, 23, 24, 25, 26].map((t) => t + 5 + 3));
    const bid1 = expertScore([20, 21, 22, 23, 24].map((t) => t + 0 + 3));
    const totals = { [bid(0)]: (Number(bid0) + Number(price[bid(0)]?.score)).toFixed(2), [bid(1)]: (Number(bid1) + Number(price[bid(1)]?.score)).toFixed(2) };
    expect(view.ranking?.map((r) => [r.bidId, r.expertScore, r.total])).toEqual(
      [
        [bid(0), bid0, totals[bid(0)]],
        [bid(1), bid1, totals[bid(1)]],
      ].toSorted((a, b) => Number(b[2]) - Number(a[2])),
    );
    expect(view.ranking?.map((r) => r.rank)).toEqual([1, 2]);
    expect(view.ranking?.every((r) => r.candidate)).toBe(true);
  });

  it('every member signs (one dissent with reasons); the last signature locks the data and the platform signs the report into the log', async () => {
    const [chair, dissenter] = memberNames;
    expect((await as(dissenter ?? '').post(url('/signatures'), { decision: 'dissent' })).body).toMatchObject({ code: 'REASON_REQUIRED' });
    expect((await as(dissenter ?? '').post(url('/signatures'), { decision: 'dissent', reason: '第二名投标人的施工组织设计应得更高分' })).status).toBe(200);
    for (const name of memberNames.filter((n) => n !== dissenter).slice(0, -1)) expect((await as(name).post(url('/signatures'), { decision: 'agree' })).status).toBe(200);
    expect((await as(dissenter ?? '').post(url('/signatures'), { decision: 'agree' })).body).toMatchObject({ code: 'ALREADY_SIGNED' });
    const last = await as(memberNames.at(-1) ?? '').post(url('/signatures'), { decision: 'agree' });
    expect(last.status).toBe(200);
    const report = last.body as SignedEvaluationReport;
    const { signature, ...unsigned } = report;
    expect(sm2.verify(reportSigningBytes(unsigned), Buffer.from(signature, 'base64'), report.platformPublicKey)).toBe(true);
    expect(report.candidates.map((c) => c.bidId)).toEqual((await room('staff')).ranking?.map((r) => r.bidId));
    expect(report.candidates[0]).toMatchObject({ rank: 1, bidderId: opened.bids.find((b) => b.bidId === report.candidates[0]?.bidId)?.bidderId });
    expect(report.rejections).toEqual([expect.objectContaining({ bidId: bid(2), code: 'E51-6' })]);
    expect(report.requests).toHaveLength(2);
    expect(report.signatures.map((s) => s.decision).toSorted()).toEqual(['agree', 'agree', 'agree', 'agree', 'dissent']);
    expect(report.committee.find((m) => m.memberId === representativeId)).toMatchObject({ kind: 'tendererRepresentative', chair: false });

    // Locked: every write is refused.
    expect((await as(chair ?? '').post(url('/scores'), { scores: [{ itemId: 'o1', bidId: bid(0), value: '1' }] })).body).toMatchObject({ code: 'EVALUATION_LOCKED' });
    expect((await as(chair ?? '').post(url('/rejections'), { bidId: bid(1), code: 'E51-7', reason: '串通' })).body).toMatchObject({ code: 'EVALUATION_LOCKED' });
    expect((await as(chair ?? '').post(url('/rescore'), { itemId: 'o1', reason: '复核' })).body).toMatchObject({ code: 'EVALUATION_LOCKED' });
    expect((await room('supervisor')).status).toBe('locked');

    // The signature and the report's SM3 are in the transparency log; the award step reads the report.
    const found = await findSignedReport(server.platform.deps.db, opened.tenderId, opened.sectionCode);
    expect(found?.report).toEqual(report);
    expect(found?.reportSm3).toBe(sm3Hex(reportSigningBytes(unsigned)));
    const entry = (await as('supervisor').get(`/api/log/entries/${found?.logIndex}`)).body as { data: string; recorded: unknown };
    const logged = Buffer.from(entry.data, 'base64').toString('utf8') + JSON.stringify(entry.recorded);
    expect(logged).toContain(signature);
    expect(logged).toContain(found?.reportSm3);
  });
});
