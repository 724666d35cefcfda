import { checkDealCode, checkProjectCode, checkSectionCode, checkTenderProjectCode } from '@ggzy/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshLifecycleAlerts } from '../../apps/server/src/modules/project/index.js';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { signIn } from '../support/sign-in.js';
import { client } from './http.js';

type Api = ReturnType<typeof client>;
interface ProjectBody {
  id: string;
  projectCode: string;
  status: string;
  returnReasons: string[];
  mustEnter: { mustEnter: boolean; entryCode: string | null; version: number };
  tenderProjects: Array<{ tenderProjectCode: string }>;
  sections: Array<{ sectionCode: string; tenderProjectCode: string; dealCode: string; withdrawn: boolean; name: string }>;
}
interface AlertBody {
  kind: string;
  level: string;
  message: string;
  regionCode: string | null;
  departmentCode: string | null;
  evidence: Array<{ eventId: string; stage: string }>;
}

const registration = (overrides: Record<string, unknown> = {}) => ({
  name: '花溪区青岩古镇游客中心建设工程',
  investProjectCode: '2611-520111-48-01-510027',
  approval: { kind: 'approval', documentNumber: '花发改审〔2026〕31号', authority: '贵阳市花溪区发展和改革局', date: '2026-11-16' },
  fundingSource: 'stateBudget',
  regionCode: '520111',
  industryCode: '48',
  category: 'engineeringConstruction',
  contractKind: 'works',
  estimatedAmount: '12800000.00',
  tendererName: '贵阳市花溪区文旅投资有限公司',
  sections: [
    { name: '一标段（土建）', estimatedAmount: '9800000.00' },
    { name: '二标段（安装）', estimatedAmount: '3000000' },
  ],
  ...overrides,
});

describe.each(e2eDatabaseKinds())('project entry, codes and lifecycle on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let tenderer: Api;
  let staff: Api;
  let admin: Api;
  let department: Api;
  let departmentToken: string;
  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    tenderer = (await signIn(server.url, 'tenderer', { at: clock.now() })).api;
    staff = (await signIn(server.url, 'staff', { at: clock.now() })).api;
    admin = (await signIn(server.url, 'admin', { at: clock.now() })).api;
    // The demo supervisor account is the housing department's API client (demo seed); its system uses an API token.
    const supervisor = (await signIn(server.url, 'supervisor', { at: clock.now() })).api;
    const token = await supervisor.post('/api/auth/tokens', { name: '住建厅项目管理系统' });
    if (token.status !== 201) throw new Error(`API token: ${token.status}`);
    departmentToken = (token.body as { token: string }).token;
    department = client(server.url, { authorization: `Bearer ${departmentToken}` });
  });
  afterAll(async () => server?.close());

  const register = async (api: Api, body: unknown) => api.post('/api/projects', body);
  const push = (body: Record<string, unknown>, key?: string) => department.post('/api/lifecycle/events', body, key ? { 'idempotency-key': key } : {});

  it('ships the default catalogue as version 1 and decides with the entry and version', async () => {
    const versions = (await tenderer.get('/api/catalogue/versions')).body as { items: Array<{ version: number; entries: Array<{ code: string }> }> };
    expect(versions.items[0]).toMatchObject({ version: 1 });
    expect(versions.items[0]?.entries.map((e) => e.code)).toEqual(expect.arrayContaining(['ENG-WORKS', 'GP', 'LAND', 'MINING', 'PROPERTY', 'INSTITUTION-ASSET']));
    const decision = await tenderer.get('/api/catalogue/decision?category=engineeringConstruction&contractKind=works&fundingSource=stateBudget&estimatedAmount=4000000');
    expect(decision.body).toMatchObject({ mustEnter: true, version: 1, entryCode: 'ENG-WORKS' });
    const below = await tenderer.get('/api/catalogue/decision?category=engineeringConstruction&contractKind=works&fundingSource=stateBudget&estimatedAmount=3999999.99');
    expect(below.body).toMatchObject({ mustEnter: false, reason: 'belowThreshold' });
  });

  it('an administrator publishes a new version with its effective date and reason; projects approved after it use it', async () => {
    const current = (await admin.get('/api/catalogue/versions')).body as { items: Array<{ entries: Array<Record<string, unknown>> }> };
    const entries = (current.items[0]?.entries ?? []).map((e) => (e.code === 'ENG-WORKS' ? { ...e, minAmount: '3000000.00' } : e));
    const created = await admin.post('/api/catalogue/versions', { effectiveFrom: '2026-12-01', reason: '省政府批准：施工类进场限额下调至 300 万元', entryDeadlineWorkingDays: 15, entries }, { 'idempotency-key': 'catalogue-v2' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ version: 2, effectiveFrom: '2026-12-01', entryDeadlineWorkingDays: 15 });
    const forbidden = await tenderer.post('/api/catalogue/versions', { effectiveFrom: '2026-12-01', reason: '招标人不能修改目录', entryDeadlineWorkingDays: 15, entries });
    expect(forbidden.status).toBe(403);
    const before = await tenderer.get('/api/catalogue/decision?category=engineeringConstruction&contractKind=works&fundingSource=stateBudget&estimatedAmount=3500000&date=2026-11-30');
    const after = await tenderer.get('/api/catalogue/decision?category=engineeringConstruction&contractKind=works&fundingSource=stateBudget&estimatedAmount=3500000&date=2026-12-01');
    expect([before.body, after.body]).toMatchObject([{ mustEnter: false, version: 1 }, { mustEnter: true, version: 2 }]);
  });

  it('registers a project with codes that verify offline; staff return it, the registrant resubmits with the same codes, staff accept', async () => {
    const created = await register(tenderer, registration());
    expect(created.status).toBe(201);
    const project = created.body as ProjectBody;
    expect(project).toMatchObject({ status: 'pending', mustEnter: { mustEnter: true, entryCode: 'ENG-WORKS', version: 1 } });
    expect(project.projectCode).toMatch(/^G520111\d{9}[0-9A-Y]$/);
    expect(checkProjectCode(project.projectCode).ok).toBe(true);
    const [tp] = project.tenderProjects;
    expect(tp && checkTenderProjectCode(tp.tenderProjectCode).ok && tp.tenderProjectCode.startsWith(project.projectCode)).toBe(true);
    for (const section of project.sections) {
      expect(checkSectionCode(section.sectionCode).ok && section.sectionCode.startsWith(section.tenderProjectCode)).toBe(true);
      expect(checkDealCode(section.dealCode)).toEqual({ ok: true, code: section.dealCode });
      expect(section.dealCode.slice(23, 32)).toBe('120261127');
    }

    const queue = (await staff.get('/api/projects?status=pending')).body as { items: Array<{ id: string }> };
    expect(queue.items.map((p) => p.id)).toContain(project.id);
    const noReason = await staff.post(`/api/projects/${project.id}/review`, { decision: 'return', reasons: ['  '] });
    expect(noReason.status).toBe(400);
    const returned = await staff.post(`/api/projects/${project.id}/review`, { decision: 'return', reasons: ['批复文号与附件不一致'] });
    expect(returned.body).toMatchObject({ status: 'returned', returnReasons: ['批复文号与附件不一致'] });
    const notByStaff = await tenderer.post(`/api/projects/${project.id}/review`, { decision: 'accept' });
    expect(notByStaff.status).toBe(403);

    const resubmitted = await tenderer.put(`/api/projects/${project.id}`, registration({ approval: { kind: 'approval', documentNumber: '花发改审〔2026〕32号', authority: '贵阳市花溪区发展和改革局', date: '2026-11-16' }, sections: [{ name: '一标段（土建及安装）', estimatedAmount: '12800000.00' }] }));
    expect(resubmitted.status).toBe(200);
    const again = resubmitted.body as ProjectBody;
    expect(again.projectCode).toBe(project.projectCode);
    expect(again.sections.map((s) => [s.sectionCode, s.dealCode, s.withdrawn])).toEqual(project.sections.map((s, i) => [s.sectionCode, s.dealCode, i > 0]));

    const accepted = await staff.post(`/api/projects/${project.id}/review`, { decision: 'accept' }, { 'idempotency-key': `accept-${project.id}` });
    expect(accepted.body).toMatchObject({ status: 'accepted' });
    const replay = await staff.post(`/api/projects/${project.id}/review`, { decision: 'accept' }, { 'idempotency-key': `accept-${project.id}` });
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    const twice = await staff.post(`/api/projects/${project.id}/review`, { decision: 'accept' });
    expect(twice.status).toBe(409);

    const audit = (await admin.get('/api/audit/events?limit=200')).body as { items: Array<{ action: string; target: string | null }> };
    const trail = audit.items.filter((e) => e.target === `project:${project.projectCode}`).map((e) => e.action);
    expect(trail.toReversed()).toEqual(['project.register', 'project.return', 'project.resubmit', 'project.accept']);
  });

  it('refuses malformed codes naming the character, unknown regions, and engineering projects without an investment project code', async () => {
    const badCode = await register(tenderer, registration({ investProjectCode: '2611_520111-48-01-510027' }));
    expect(badCode.status).toBe(400);
    expect(badCode.body).toMatchObject({ code: 'CODE_INVALID', message: '投资项目统一代码第 5 位“_”不合规，应为连字符“-”' });
    const english = await client(server.url, { cookie: tenderer.cookie, 'accept-language': 'en' }).post('/api/projects', registration({ investProjectCode: '2611-520111-48-01-51002' }));
    expect((english.body as { message: string }).message).toBe('An investment project code has 24 characters; you entered 23');
    const region = await register(tenderer, registration({ regionCode: '520199' }));
    expect(region.body).toMatchObject({ code: 'REGION_UNKNOWN' });
    const { investProjectCode: _omitted, ...withoutCode } = registration();
    expect((await register(tenderer, withoutCode)).body).toMatchObject({ code: 'INVEST_PROJECT_CODE_REQUIRED' });
    expect((await register(tenderer, registration({ estimatedAmount: '12.345' }))).status).toBe(400);
    expect((await register(staff, registration())).status).toBe(403);
  });

  it('assigns unique, gap-free serials to concurrent registrations in one region', async () => {
    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => register(tenderer, registration({ name: `乌当区农村公路提质改造工程（第${i + 1}批）`, regionCode: '520112', investProjectCode: `2611-520112-48-01-6000${10 + i}` }))),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
    const serials = replies.map((r) => Number((r.body as ProjectBody).projectCode.slice(7, 16))).toSorted((a, b) => a - b);
    expect(serials).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const deals = replies.flatMap((r) => (r.body as ProjectBody).sections.map((s) => s.dealCode));
    expect(new Set(deals).size).toBe(deals.length);
  });

  it('先建设后招标: completion acceptance pushed by the department before trading raises a red alert, idempotently', async () => {
    const project = (await register(tenderer, registration({ name: '观山湖区会展城配套学校工程', regionCode: '520115', investProjectCode: '2611-520115-83-01-700301' }))).body as ProjectBody;
    await staff.post(`/api/projects/${project.id}/review`, { decision: 'accept' });
    const body = { dealCode: project.sections[0]?.dealCode, stage: 'completionAcceptance', title: '竣工验收备案', occurredOn: '2026-11-26', documentNumber: '筑建竣备〔2026〕0892号' };
    const pushed = await push(body, 'housing-accept-0892');
    expect(pushed.status).toBe(201);
    const result = pushed.body as { event: { resolved: boolean; departmentName: string; projectCode: string }; alerts: AlertBody[] };
    expect(result.event).toMatchObject({ resolved: true, departmentName: '贵州省住房和城乡建设厅', projectCode: project.projectCode });
    expect(result.alerts).toMatchObject([{ kind: 'builtBeforeTendering', level: 'red', regionCode: '520115', departmentCode: 'gz-housing' }]);
    expect(result.alerts[0]?.message).toBe('先建设后招标：交易尚未完成，但 2026-11-26 起已报送竣工验收');
    const replay = await push(body, 'housing-accept-0892');
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(replay.body).toEqual(pushed.body);

    const timeline = (await tenderer.get(`/api/projects/${project.id}/timeline`)).body as { events: Array<{ stage: string; kind: string }>; alerts: AlertBody[] };
    expect(timeline.events.map((e) => `${e.stage}:${e.kind}`)).toEqual(['approval:declaredAtEntry', 'completionAcceptance:completionAcceptance', 'trading:entryRegistered', 'trading:entryAccepted']);
    expect(timeline.alerts.map((a) => a.kind)).toEqual(['builtBeforeTendering']);

    const supervisor = client(server.url, { authorization: `Bearer ${departmentToken}` });
    const alerts = (await supervisor.get('/api/lifecycle/alerts?kind=builtBeforeTendering&regionCode=520100')).body as { items: AlertBody[] };
    expect(alerts.items.some((a) => a.evidence.some((e) => e.stage === 'completionAcceptance'))).toBe(true);
    const summary = (await supervisor.get('/api/lifecycle/alerts/summary')).body as { byRegion: Array<{ key: string; count: number }>; byDepartment: Array<{ key: string; name: string }> };
    expect(summary.byRegion.find((r) => r.key === '520100')?.count).toBeGreaterThanOrEqual(1);
    expect(summary.byDepartment).toEqual(expect.arrayContaining([expect.objectContaining({ key: 'gz-housing', name: '贵州省住房和城乡建设厅' })]));
  });

  it('trading completed by staff with evidence clears the alert for stages dated after it', async () => {
    const project = (await register(tenderer, registration({ name: '清镇市职教城学生公寓工程', regionCode: '520181', investProjectCode: '2611-520181-47-01-800112', sections: [{ name: '施工', estimatedAmount: '12800000' }] }))).body as ProjectBody;
    await staff.post(`/api/projects/${project.id}/review`, { decision: 'accept' });
    const section = project.sections[0]?.sectionCode;
    const noEvidence = await staff.post(`/api/projects/${project.id}/lifecycle-events`, { sectionCode: section, stage: 'trading', kind: 'tradingCompleted', title: '中标通知书', occurredOn: '2026-11-20', evidenceFileKeys: [] });
    expect(noEvidence.status).toBe(400);
    const file = await fetch(`${server.url}/api/files`, { method: 'POST', headers: { cookie: staff.cookie, 'content-type': 'application/pdf' }, body: '%PDF-1.7 中标通知书' });
    const { key } = (await file.json()) as { key: string };
    const completed = await staff.post(`/api/projects/${project.id}/lifecycle-events`, { sectionCode: section, stage: 'trading', kind: 'tradingCompleted', title: '中标通知书', occurredOn: '2026-11-20', evidenceFileKeys: [key] });
    expect(completed.status).toBe(201);
    const contract = await push({ projectCode: project.projectCode, stage: 'contract', title: '施工合同备案', occurredOn: '2026-11-24' });
    expect((contract.body as { alerts: AlertBody[] }).alerts).toEqual([]);
    const tendererTrading = await tenderer.post(`/api/projects/${project.id}/lifecycle-events`, { stage: 'trading', kind: 'tradingCompleted', title: 'x', occurredOn: '2026-11-20', evidenceFileKeys: [key] });
    expect(tendererTrading.body).toMatchObject({ code: 'STAGE_NOT_ALLOWED' });
  });

  it('应进未进: an approved catalogue project that does not register in time raises an alert; late registration turns it yellow', async () => {
    // Approved 2026-10-23; 20 working days end 2026-11-20.
    const investProjectCode = '2610-520502-48-01-900001';
    const approval = await push({
      investProjectCode,
      stage: 'approval',
      title: '七星关区洪山水库引水工程初步设计批复',
      occurredOn: '2026-10-23',
      project: { name: '七星关区洪山水库引水工程', regionCode: '520502', category: 'engineeringConstruction', contractKind: 'works', fundingSource: 'stateBudget', estimatedAmount: '26000000.00' },
    });
    expect((approval.body as { alerts: AlertBody[] }).alerts).toMatchObject([{ kind: 'notEntered', level: 'red', regionCode: '520502' }]);
    expect((approval.body as { alerts: AlertBody[] }).alerts[0]?.message).toContain('应在 20 个工作日内（2026-11-20 前）进场登记，至今未进场');

    // Approved 2026-11-20: on time today, late once 20 working days have passed (the daily job notices).
    const fresh = '2611-520521-48-01-900002';
    const recent = await push({ investProjectCode: fresh, stage: 'approval', title: '大方县城区供水管网改造工程批复', occurredOn: '2026-11-20', project: { name: '大方县城区供水管网改造工程', regionCode: '520521', category: 'engineeringConstruction', contractKind: 'works', fundingSource: 'stateBudget', estimatedAmount: '8800000.00' } });
    expect((recent.body as { alerts: AlertBody[] }).alerts).toEqual([]);
    clock.set('2026-12-19T02:00:00Z');
    try {
      await refreshLifecycleAlerts(server.platform.deps);
      const open = (await department.get('/api/lifecycle/alerts?kind=notEntered')).body as { items: Array<AlertBody & { investProjectCode: string }> };
      expect(open.items.map((a) => a.investProjectCode)).toEqual(expect.arrayContaining([investProjectCode, fresh]));
    } finally {
      clock.set('2026-11-27T02:00:00Z');
    }

    const late = (await register(tenderer, registration({ name: '七星关区洪山水库引水工程', regionCode: '520502', investProjectCode, approval: { kind: 'approval', documentNumber: '毕七发改审〔2026〕188号', authority: '毕节市七星关区发展和改革局', date: '2026-10-23' } }))).body as ProjectBody;
    const timeline = (await tenderer.get(`/api/projects/${late.id}/timeline`)).body as { events: Array<{ stage: string; source: string }>; alerts: AlertBody[]; entryDeadline: string };
    expect(timeline.entryDeadline).toBe('2026-11-20');
    expect(timeline.events.filter((e) => e.stage === 'approval').map((e) => e.source).toSorted()).toEqual(['department', 'platform']);
    expect(timeline.alerts).toMatchObject([{ kind: 'notEntered', level: 'yellow' }]);
  });

  it('records events whose well-formed codes resolve nowhere as unresolvedCode alerts, and refuses malformed codes and non-department accounts', async () => {
    const unknownDeal = 'G520000000004711M01J02L1202603120000042Q';
    const lost = await push({ dealCode: unknownDeal, stage: 'fundDisbursement', title: '进度款拨付', occurredOn: '2026-11-25', amount: '1500000.00' });
    expect(lost.status).toBe(201);
    expect(lost.body).toMatchObject({ event: { resolved: false, unresolvedReason: 'dealCodeUnknown' }, alerts: [{ kind: 'unresolvedCode', level: 'red' }] });
    const malformed = await push({ dealCode: 'G520000000004711M01J02L1202603120000042R', stage: 'contract', title: '合同', occurredOn: '2026-11-25' });
    expect(malformed.body).toMatchObject({ code: 'CODE_INVALID', message: '统一交易标识码第 40 位校验码应为“Q”，您输入的是“R”，请核对前面各位' });
    const trading = await push({ investProjectCode: '2611-520111-48-01-510027', stage: 'trading', title: '中标', occurredOn: '2026-11-25' });
    expect(trading.body).toMatchObject({ code: 'STAGE_NOT_ALLOWED' });
    const future = await push({ investProjectCode: '2611-520111-48-01-510027', stage: 'contract', title: '合同', occurredOn: '2026-11-28' });
    expect(future.body).toMatchObject({ code: 'DATE_IN_FUTURE' });
    const byTenderer = await tenderer.post('/api/lifecycle/events', { investProjectCode: '2611-520111-48-01-510027', stage: 'contract', title: '合同', occurredOn: '2026-11-25' });
    expect(byTenderer.status).toBe(403);
  });

  it('administrators manage department clients; an account without one cannot report', async () => {
    const clients = (await admin.get('/api/lifecycle/department-clients')).body as { items: Array<{ id: string; username: string }> };
    const housing = clients.items.find((c) => c.username === 'supervisor');
    expect(housing).toBeDefined();
    const duplicate = await admin.post('/api/lifecycle/department-clients', { username: 'supervisor', departmentCode: 'gz-water', departmentKind: 'water', departmentName: '贵州省水利厅', regionCode: '520000' });
    expect(duplicate.status).toBe(409);
    const revoked = await admin.post(`/api/lifecycle/department-clients/${housing?.id}/revoke`);
    expect(revoked.body).toMatchObject({ revokedAt: expect.any(String) });
    const refused = await push({ investProjectCode: '2611-520111-48-01-510027', stage: 'contract', title: '合同', occurredOn: '2026-11-25' });
    expect(refused.body).toMatchObject({ code: 'DEPARTMENT_CLIENT_REQUIRED' });
    const restored = await admin.post('/api/lifecycle/department-clients', { username: 'supervisor', departmentCode: 'gz-housing', departmentKind: 'housing', departmentName: '贵州省住房和城乡建设厅', regionCode: '520000' });
    expect(restored.status).toBe(201);
  });

  it('the demo seed leaves the supervisor page alive: a 先建设后招标 alert in 遵义 and an accepted project in 贵阳', async () => {
    const alerts = (await department.get('/api/lifecycle/alerts?regionCode=520300')).body as { items: AlertBody[] };
    expect(alerts.items.map((a) => a.kind)).toContain('builtBeforeTendering');
    const accepted = (await staff.get('/api/projects?status=accepted&scope=all&limit=200')).body as { items: Array<{ name: string }> };
    expect(accepted.items.map((p) => p.name)).toContain('南明区花果园片区市政道路改造工程');
  });
});
