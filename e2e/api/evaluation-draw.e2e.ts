import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawPanel } from '../../apps/server/src/modules/evaluation/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { publishedSection } from './evaluation-fixture.js';
import { client } from './http.js';
import { registerProjectSection, tenderInput } from './tender-fixture.js';

interface Slot {
  slot: number;
  specialty: string;
  drawType: number;
  round: number;
  answer: string;
  onPanel: boolean;
  expertId?: string;
  expertName?: string;
}
interface Draw {
  id: string;
  tenderId: string | null;
  sectionCode: string | null;
  status: string;
  seedCommitment: string;
  candidateHash: string;
  candidateCount: number;
  excludedCount: number;
  slots: Slot[];
  seed: string | null;
  avoided?: Array<{ expertId: string; reasons: Array<{ code: string; kind: string }> }>;
}

const SPECIALTY = '4831'; // 海洋油气资源开发利用工程建筑: no demo expert holds it, so the pool is exactly the experts below
const BIDDER = { uscc: '91520502MA6Q1W2E3X', name: '贵州毕节鑫源建设有限公司' };
const AGENCY = { name: '贵州黔诚招标代理有限公司' };

const expert = (i: number, extra: Record<string, unknown> = {}) => ({
  name: `测试专家${i}`,
  title: '高级工程师',
  yearsOfPractice: 10 + i,
  employer: { name: `贵州测试设计院${i}` },
  regionCode: '520102',
  specialties: [SPECIALTY],
  ...extra,
});

describe.each(e2eDatabaseKinds())('expert registry and sealed, verifiable draw on %s', (database) => {
  // A fixed instant before the tender's deadline (tender-fixture: 18 Dec 2026), so the tender can be published.
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let staff: ReturnType<typeof client>;
  let supervisor: ReturnType<typeof client>;
  let tenderer: ReturnType<typeof client>;
  /** The published tender section the draws serve. */
  let section: { tenderId: string; sectionCode: string };
  const ids: string[] = [];
  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    staff = (await signIn(server.url, 'staff', { at: clock.now() })).api;
    supervisor = (await signIn(server.url, 'supervisor', { at: clock.now() })).api;
    tenderer = (await signIn(server.url, 'tenderer', { at: clock.now() })).api;
    section = await publishedSection(tenderer, staff, { name: '观山湖区第四中学实验楼建设工程', investProjectCode: '2611-520115-48-01-510041' });
  });
  afterAll(async () => server?.close());

  it('ships the specialty list and a dozen approved demo experts', async () => {
    const specialties = (await staff.get('/api/experts/specialties')).body as { items: Array<{ code: string }> };
    expect(specialties.items.map((s) => s.code)).toContain(SPECIALTY);
    const demo = (await staff.get('/api/experts?status=approved')).body as { items: unknown[] };
    expect(demo.items.length).toBeGreaterThanOrEqual(12);
    expect((await tenderer.get('/api/experts')).status).toBe(403);
  });

  it('staff register and approve experts; two declare conflicts with the bidder and the agency', async () => {
    const bad = await staff.post('/api/experts', expert(0, { specialties: ['9999'] }));
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'SPECIALTY_UNKNOWN' });
    for (let i = 1; i <= 8; i++) {
      const extra = i === 1 ? { employer: BIDDER } : i === 2 ? { relatedOrgs: [AGENCY] } : {};
      const created = await staff.post('/api/experts', expert(i, extra));
      expect(created.status).toBe(201);
      const id = (created.body as { id: string; status: string }).id;
      expect(created.body).toMatchObject({ status: 'pending' });
      const approved = await staff.post(`/api/experts/${id}/review`, { decision: 'approve' });
      expect(approved.body).toMatchObject({ status: 'approved' });
      ids.push(id);
    }
    const again = await staff.post(`/api/experts/${ids[0]}/review`, { decision: 'reject', reason: '重复' });
    expect(again.status).toBe(409);
  });

  it('draws a sealed panel with avoidance, replaces a decline, unseals, and anyone re-runs the draw', async () => {
    const body = {
      reference: 'E5201000001000001001',
      ...section,
      evaluationDate: '2026-12-15',
      slots: [{ specialty: SPECIALTY, count: 5 }],
      representatives: 0,
      avoid: { bidders: [BIDDER], tenderers: [], agencies: [AGENCY], supervisingDepartments: [] },
    };
    // 招标投标法 第三十七条: four members are too few.
    const tooSmall = await staff.post('/api/expert-draws', { ...body, slots: [{ specialty: SPECIALTY, count: 4 }] });
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.body).toMatchObject({ code: 'COMMITTEE_INVALID' });
    expect((tooSmall.body as { message: string }).message).toContain('第三十七条');
    expect((await tenderer.post('/api/expert-draws', body)).status).toBe(403);

    const created = await staff.post('/api/expert-draws', body);
    expect(created.status).toBe(201);
    let draw = created.body as Draw;
    expect(draw).toMatchObject({ status: 'sealed', candidateCount: 8, excludedCount: 2, seed: null, tenderId: section.tenderId, sectionCode: section.sectionCode });
    expect(draw.slots).toHaveLength(5);
    expect(draw.slots.every((s) => s.expertId === undefined && s.expertName === undefined)).toBe(true);

    // The commitment is in the transparency log before the draw entry.
    const commits = (await supervisor.get('/api/audit/events?action=evaluation.draw.commit')).body as { items: Array<{ id: string; target: string }> };
    const commit = commits.items.find((e) => e.target === `draw:${draw.id}`);
    expect(commit).toBeDefined();
    const runs = (await supervisor.get('/api/audit/events?action=evaluation.draw.run')).body as { items: Array<{ id: string; target: string }> };
    const run = runs.items.find((e) => e.target === `draw:${draw.id}`);
    expect(Number(commit?.id)).toBeLessThan(Number(run?.id));
    const entry = (await supervisor.get(`/api/log/entries/${commit?.id}`)).body as { data: string; recorded: unknown };
    const logged = Buffer.from(entry.data, 'base64').toString('utf8') + JSON.stringify(entry.recorded);
    expect(logged).toContain(draw.seedCommitment);
    expect(logged).toContain(draw.candidateHash);

    // Sealed: other roles see slots, never identities; the seed is not public yet.
    for (const api of [tenderer, supervisor]) {
      const seen = (await api.get(`/api/expert-draws/${draw.id}`)).body as Draw;
      expect(seen.slots.every((s) => s.expertId === undefined)).toBe(true);
      expect(JSON.stringify(seen)).not.toContain(ids[3]);
    }
    expect((await client(server.url).get(`/api/expert-draws/${draw.id}/verification`)).status).toBe(409);

    // One expert declines; the supplementary draw (补抽) fills the slot from the same stream.
    expect((await staff.post(`/api/expert-draws/${draw.id}/supplementary`)).status).toBe(409);
    draw = (await staff.post(`/api/expert-draws/${draw.id}/slots/2/answer`, { answer: 'declined', reason: '出差' })).body as Draw;
    expect(draw.slots[1]).toMatchObject({ answer: 'declined' });
    expect((await staff.post(`/api/expert-draws/${draw.id}/slots/2/answer`, { answer: 'confirmed' })).status).toBe(409);
    const supplemented = await staff.post(`/api/expert-draws/${draw.id}/supplementary`);
    expect(supplemented.status).toBe(201);
    draw = supplemented.body as Draw;
    expect(draw.slots).toHaveLength(6);
    expect(draw.slots[5]).toMatchObject({ drawType: 2, round: 1, answer: 'pending', onPanel: true });
    expect(draw.slots.filter((s) => s.onPanel)).toHaveLength(5);
    expect(draw.slots[1]).toMatchObject({ onPanel: false });

    // Unsealed when evaluation starts: identities for the authorised roles, the seed for everyone.
    const unsealed = await staff.post(`/api/expert-draws/${draw.id}/unseal`);
    expect(unsealed.status).toBe(200);
    draw = unsealed.body as Draw;
    expect(draw.status).toBe('unsealed');
    expect(draw.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(createHash('sm3').update(Buffer.from(draw.seed ?? '', 'hex')).digest('hex')).toBe(draw.seedCommitment);
    const panel = draw.slots.filter((s) => s.onPanel).map((s) => s.expertId);
    expect(panel).not.toContain(ids[0]);
    expect(panel).not.toContain(ids[1]);
    // six eligible experts, one declined: every eligible expert was drawn once, the decliner left the panel
    expect(new Set(draw.slots.map((s) => s.expertId))).toEqual(new Set(ids.slice(2)));
    expect(panel).not.toContain(draw.slots[1]?.expertId);
    expect(panel).toHaveLength(5);
    expect(draw.avoided?.map((a) => [a.expertId, a.reasons.map((r) => r.code)]).toSorted()).toEqual([[ids[0], ['1']], [ids[1], ['4']]].toSorted());

    // Anyone: the public verification re-runs the draw from the revealed seed and the logged inputs …
    const verification = (await client(server.url).get(`/api/expert-draws/${draw.id}/verification`)).body as {
      seed: string;
      candidateHash: string;
      candidates: Array<{ id: string; specialties: string[] }>;
      excluded: string[];
      request: { slots: Array<{ specialty: string; count: number }> };
      rounds: Array<{ released: string[] }>;
      commitmentMatches: boolean;
      candidateHashMatches: boolean;
      panelMatchesRecord: boolean;
      panel: Array<{ expertId: string }>;
    };
    expect(verification).toMatchObject({ commitmentMatches: true, candidateHashMatches: true, panelMatchesRecord: true, candidateHash: draw.candidateHash });
    // … and so can a client on its own, with the published function.
    const rerun = drawPanel(Buffer.from(verification.seed, 'hex'), verification.candidates, verification.request, verification.excluded, verification.rounds);
    expect(rerun.panel.map((p) => p.expertId)).toEqual(panel);
    expect(rerun.picks.map((p) => p.expertId)).toEqual(draw.slots.map((s) => s.expertId));
    expect((await staff.post(`/api/expert-draws/${draw.id}/unseal`)).status).toBe(409);
  });

  it('a suspended expert is left out of the next draw', async () => {
    const suspended = await supervisor.post(`/api/experts/${ids[2]}/restrictions`, { suspendedUntil: '2026-12-31', penalised: false, note: '评标中违规，暂停三个月' });
    expect(suspended.body).toMatchObject({ suspendedUntil: '2026-12-31' });
    const created = await staff.post('/api/expert-draws', {
      reference: 'E5201000001000001002',
      ...section,
      evaluationDate: '2026-12-20',
      slots: [{ specialty: SPECIALTY, count: 5 }],
      representatives: 0,
      avoid: { bidders: [], tenderers: [], agencies: [], supervisingDepartments: [] },
    });
    expect(created.body).toMatchObject({ status: 'sealed', excludedCount: 1, candidateCount: 8 });
  });

  it('a draw is bound to a section of a published tender: an unknown section or a draft tender is refused', async () => {
    const body = { reference: 'E5201000001000001003', evaluationDate: '2026-12-20', slots: [{ specialty: SPECIALTY, count: 5 }], representatives: 0, avoid: { bidders: [], tenderers: [], agencies: [], supervisingDepartments: [] } };
    const unknown = await staff.post('/api/expert-draws', { ...body, tenderId: section.tenderId, sectionCode: 'E5201150000000000000099' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'DRAW_SECTION_NOT_FOUND', message: `招标项目 ${section.tenderId} 中没有标段 E5201150000000000000099，不能为其抽取专家` });
    const missing = await staff.post('/api/expert-draws', body);
    expect(missing.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    // A tender still in draft has not passed review: no panel for it.
    const sectionCode = await registerProjectSection(tenderer, staff, '观山湖区第四中学食堂建设工程', '2611-520115-48-01-510042');
    const draft = await tenderer.post('/api/tenders', tenderInput(sectionCode, { title: '观山湖区第四中学食堂建设工程施工招标公告' }));
    expect(draft.status).toBe(201);
    const refused = await staff.post('/api/expert-draws', { ...body, tenderId: (draft.body as { id: string }).id, sectionCode });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'DRAW_TENDER_STATE' });
  });
});
