import { describe, expect, it } from 'vitest';
import { type AvoidanceContext, avoidanceExclusions, avoidanceReasons, type ExpertFacts } from './avoidance.js';

const expert = (overrides: Partial<ExpertFacts> = {}): ExpertFacts => ({
  id: 'x',
  status: 'approved',
  employer: { uscc: '915201007095123456', name: '贵州省建筑设计研究院' },
  relatedOrgs: [],
  departments: [],
  suspendedUntil: null,
  penalised: false,
  unavailableDates: [],
  lastDrawnOn: null,
  ...overrides,
});
const ctx: AvoidanceContext = {
  evaluationDate: '2026-12-10',
  bidders: [{ uscc: '91520502MA6Q1W2E3X', name: '贵州毕节鑫源建设有限公司' }],
  tenderers: [{ name: '贵阳市城市建设投资集团' }],
  agencies: [{ name: '贵州招标代理有限公司' }],
  supervisingDepartments: ['贵阳市住房和城乡建设局'],
  minDaysBetweenDraws: 7,
};

describe('avoidance (rules.md E38, X1–X3)', () => {
  it('an unrelated, approved, available expert is eligible', () => expect(avoidanceReasons(expert(), ctx)).toEqual([]));
  it('code 1: employed by a bidder (matched by USCC even with another name spelling)', () => {
    expect(avoidanceReasons(expert({ employer: { uscc: '91520502ma6q1w2e3x', name: '鑫源建设' } }), ctx)).toEqual([{ code: '1', kind: 'bidderRelation', detail: 'employer: 贵州毕节鑫源建设有限公司' }]);
  });
  it('code 1: a relative works for a bidder', () => {
    expect(avoidanceReasons(expert({ relatedOrgs: [{ uscc: '91520502MA6Q1W2E3X', name: '鑫源' }] }), ctx)[0]).toMatchObject({ code: '1', detail: 'related: 贵州毕节鑫源建设有限公司' });
  });
  it('code 2 tenderer and code 4 agency by name; code 3 supervising department', () => {
    const reasons = avoidanceReasons(expert({ employer: { name: '贵阳市城市建设投资集团' }, relatedOrgs: [{ name: '贵州招标代理有限公司' }], departments: ['贵阳市住房和城乡建设局'] }), ctx);
    expect(reasons.map((r) => r.code).toSorted()).toEqual(['2', '3', '4']);
  });
  it('code 9: not approved, suspended, penalised, unavailable, drawn too recently', () => {
    const reasons = avoidanceReasons(expert({ status: 'pending', suspendedUntil: '2026-12-10', penalised: true, unavailableDates: ['2026-12-10'], lastDrawnOn: '2026-12-05' }), ctx);
    expect(reasons.map((r) => r.kind)).toEqual(['notApproved', 'suspended', 'penalised', 'unavailable', 'recentDraw']);
    expect(reasons.every((r) => r.code === '9')).toBe(true);
  });
  it('suspension ended and draws far enough apart are fine', () => {
    expect(avoidanceReasons(expert({ suspendedUntil: '2026-12-09', lastDrawnOn: '2026-12-03' }), ctx)).toEqual([]);
    expect(avoidanceReasons(expert({ lastDrawnOn: '2026-12-09' }), { ...ctx, minDaysBetweenDraws: 0 })).toEqual([]);
  });
  it('avoidanceExclusions lists only experts with reasons', () => {
    const map = avoidanceExclusions([expert({ id: 'a' }), expert({ id: 'b', penalised: true })], ctx);
    expect([...map.keys()]).toEqual(['b']);
  });
});
