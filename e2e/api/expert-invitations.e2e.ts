import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../apps/server/src/platform/clock.js';
import { e2eDatabaseKinds, startTestServer, type TestServer } from '../support/server.js';
import { publishedSection, Sessions } from './evaluation-fixture.js';

interface Invitation {
  id: string;
  drawId: string;
  reference: string;
  evaluationDate: string;
  slot: number;
  specialty: string;
  drawType: number;
  round: number;
  answer: string;
  onPanel: boolean;
  open: boolean;
}
interface Draw {
  id: string;
  status: string;
  slots: Array<{ slot: number; answer: string; onPanel: boolean; expertId?: string; expertName?: string }>;
}

const SPECIALTY = '4831'; // no demo expert holds it: the pool is exactly the six accounts below
const REFERENCE = '观山湖区第五中学综合楼建设工程 第一标段';

/** Issue #6: drawn experts are notified and confirm or decline their own invitation; the panel stays sealed to everyone else. */
describe.each(e2eDatabaseKinds())('expert invitations on %s', (database) => {
  const clock = manualClock('2026-11-27T02:00:00Z');
  let server: TestServer;
  let sessions: Sessions;
  /** Six expert accounts: five are drawn, the sixth only by the supplementary draw. */
  const accounts: Array<{ username: string; userId: string; expertId: string }> = [];
  let draw: Draw;
  /** The published tender section the draw serves. */
  let section: { tenderId: string; sectionCode: string };
  const as = (name: string) => sessions.get(name);
  const invitationsOf = async (name: string) => {
    const reply = await as(name).get('/api/expert-invitations');
    expect(reply.status).toBe(200);
    return (reply.body as { items: Invitation[] }).items.filter((i) => i.drawId === draw.id);
  };

  beforeAll(async () => {
    server = await startTestServer({ database, clock });
    sessions = new Sessions(server.url, clock);
    await sessions.signInAll(['staff', 'tenderer', 'supervisor', 'expert']);
    section = await publishedSection(as('tenderer'), as('staff'), { name: '观山湖区第五中学综合楼建设工程', investProjectCode: '2611-520115-48-01-510051' });
    for (let i = 0; i < 6; i++) {
      const username = `yaoqing${i + 1}`;
      const userId = await sessions.registerExpertAccount(username, `受邀专家${i + 1}`, i);
      const applied = await as(username).post('/api/experts', {
        name: `受邀专家${i + 1}`,
        title: '高级工程师',
        yearsOfPractice: 10 + i,
        employer: { name: `贵州省交通规划勘察设计研究院第${i + 1}所` },
        regionCode: '520102',
        specialties: [SPECIALTY],
      });
      if (applied.status !== 201) throw new Error(`expert application: ${applied.status} ${JSON.stringify(applied.body)}`);
      const expertId = (applied.body as { id: string }).id;
      const approved = await as('staff').post(`/api/experts/${expertId}/review`, { decision: 'approve' });
      if (approved.status !== 200) throw new Error(`approval: ${approved.status} ${JSON.stringify(approved.body)}`);
      accounts.push({ username, userId, expertId });
    }
    // Six accounts with TOTP enrolment: longer than the default hook time on a loaded machine.
  }, 300_000);
  afterAll(() => server?.close());

  it('a draw notifies each drawn expert with exactly their own invitation; nobody else learns who was drawn', async () => {
    const created = await as('staff').post('/api/expert-draws', {
      reference: REFERENCE,
      ...section,
      evaluationDate: '2026-12-18',
      slots: [{ specialty: SPECIALTY, count: 5 }],
      representatives: 0,
      avoid: { bidders: [], tenderers: [], agencies: [], supervisingDepartments: [] },
    });
    expect(created.status).toBe(201);
    draw = created.body as Draw;

    const seen = new Map<string, Invitation[]>();
    for (const a of accounts) seen.set(a.username, await invitationsOf(a.username));
    const invited = accounts.filter((a) => (seen.get(a.username) ?? []).length > 0);
    expect(invited).toHaveLength(5);
    for (const a of invited) expect(seen.get(a.username)).toHaveLength(1);
    const slots = invited.map((a) => seen.get(a.username)?.[0]?.slot).toSorted();
    expect(slots).toEqual([1, 2, 3, 4, 5]);
    expect(seen.get(invited[0]?.username ?? '')?.[0]).toMatchObject({ reference: REFERENCE, evaluationDate: '2026-12-18', specialty: SPECIALTY, drawType: 1, round: 0, answer: 'pending', onPanel: true, open: true });
    // Another expert (the demo expert, not drawn) sees none of it.
    expect(await invitationsOf('expert')).toEqual([]);

    // Staff, tenderer and supervisor still see slots without identities, and cannot read invitations.
    for (const name of ['staff', 'tenderer', 'supervisor']) {
      const view = (await as(name).get(`/api/expert-draws/${draw.id}`)).body as Draw;
      expect(view.slots).toHaveLength(5);
      expect(view.slots.every((s) => s.expertId === undefined && s.expertName === undefined)).toBe(true);
      const text = JSON.stringify(view);
      for (const a of accounts) {
        expect(text).not.toContain(a.expertId);
        expect(text).not.toContain(a.userId);
      }
      expect((await as(name).get('/api/expert-invitations')).status).toBe(403);
    }
  });

  it('an expert declines with a reason (not someone else’s invitation), staff run the supplementary draw and the new expert is invited', async () => {
    const invited: Array<(typeof accounts)[number] & { invitation: Invitation }> = [];
    for (const a of accounts) {
      const [mine] = await invitationsOf(a.username);
      if (mine) invited.push({ ...a, invitation: mine });
    }
    const [decliner, other] = invited;
    if (!decliner || !other) throw new Error('two invited experts expected');

    // Someone else's invitation is refused as if it did not exist, and stays pending.
    const foreign = await as(other.username).post(`/api/expert-invitations/${decliner.invitation.id}/answer`, { answer: 'declined', reason: '冒名' });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toMatchObject({ code: 'INVITATION_NOT_FOUND' });
    expect((await as('staff').post(`/api/expert-invitations/${decliner.invitation.id}/answer`, { answer: 'confirmed' })).status).toBe(403);
    expect((await invitationsOf(decliner.username))[0]).toMatchObject({ answer: 'pending', open: true });

    // A decline needs a reason.
    const bare = await as(decliner.username).post(`/api/expert-invitations/${decliner.invitation.id}/answer`, { answer: 'declined' });
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ code: 'REASON_REQUIRED' });

    const key = { 'idempotency-key': `decline-${decliner.invitation.id}` };
    const declined = await as(decliner.username).post(`/api/expert-invitations/${decliner.invitation.id}/answer`, { answer: 'declined', reason: '评标当日在外地出差' }, key);
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ id: decliner.invitation.id, answer: 'declined', open: false });
    // The same command again replays its reply; a new one is refused (answers are final).
    const replay = await as(decliner.username).post(`/api/expert-invitations/${decliner.invitation.id}/answer`, { answer: 'declined', reason: '评标当日在外地出差' }, key);
    expect(replay).toMatchObject({ status: 200, body: declined.body });
    const again = await as(decliner.username).post(`/api/expert-invitations/${decliner.invitation.id}/answer`, { answer: 'confirmed' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'SLOT_ANSWERED' });

    // Staff see the slot declined (still no identity); the log names the slot, not the expert.
    const view = (await as('staff').get(`/api/expert-draws/${draw.id}`)).body as Draw;
    expect(view.slots[decliner.invitation.slot - 1]).toMatchObject({ answer: 'declined' });
    const events = (await as('supervisor').get('/api/audit/events?action=evaluation.draw.answer')).body as { items: Array<{ id: string; actorId: string | null; actorName: string | null; ip: string | null; target: string }> };
    const entry = events.items.find((e) => e.target === `draw:${draw.id}`);
    expect(entry).toMatchObject({ actorId: null, actorName: 'system', ip: null });
    const logged = (await as('supervisor').get(`/api/log/entries/${entry?.id}`)).body as { data: string; recorded: unknown };
    const text = Buffer.from(logged.data, 'base64').toString('utf8') + JSON.stringify(logged.recorded);
    expect(text).toContain('"slot"');
    for (const a of accounts) {
      expect(text).not.toContain(a.userId);
      expect(text).not.toContain(a.expertId);
      expect(text).not.toContain(a.username);
    }

    // 补抽 exactly as before: the sixth expert, never drawn so far, gets the new slot's invitation.
    const supplemented = await as('staff').post(`/api/expert-draws/${draw.id}/supplementary`);
    expect(supplemented.status).toBe(201);
    draw = supplemented.body as Draw;
    expect(draw.slots).toHaveLength(6);
    const newcomer = accounts.find((a) => !invited.some((i) => i.username === a.username));
    if (!newcomer) throw new Error('the sixth expert');
    const fresh = await invitationsOf(newcomer.username);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ slot: 6, drawType: 2, round: 1, answer: 'pending', onPanel: true, open: true });
    expect((await invitationsOf(decliner.username))[0]).toMatchObject({ answer: 'declined', onPanel: false, open: false });
  });

  it('every invited expert confirms; after unsealing, each invitation was the drawn expert’s own slot', async () => {
    const bySlot = new Map<number, string>();
    for (const a of accounts) {
      for (const invitation of await invitationsOf(a.username)) {
        bySlot.set(invitation.slot, a.expertId);
        if (!invitation.open) continue;
        const confirmed = await as(a.username).post(`/api/expert-invitations/${invitation.id}/answer`, { answer: 'confirmed' });
        expect(confirmed.status).toBe(200);
        expect(confirmed.body).toMatchObject({ answer: 'confirmed', open: false });
      }
    }
    expect(bySlot.size).toBe(6);
    const unsealed = await as('staff').post(`/api/expert-draws/${draw.id}/unseal`);
    expect(unsealed.status).toBe(200);
    const revealed = (unsealed.body as Draw).slots;
    for (const s of revealed) expect(s.expertId).toBe(bySlot.get(s.slot));
    expect(revealed.filter((s) => s.onPanel).every((s) => s.answer === 'confirmed')).toBe(true);
    // Once unsealed the draw no longer takes answers.
    const [late] = await invitationsOf(accounts[0]?.username ?? '');
    expect(late?.open).toBe(false);
  });
});
