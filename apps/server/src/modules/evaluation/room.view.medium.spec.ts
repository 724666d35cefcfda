import { randomUUID } from 'node:crypto';
import type { Role } from '@ggzy/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.js';
import { collectMigrations } from '../../platform/db/migrator.js';
import type { Principal } from '../../platform/http/access.js';
import { platformMigrations } from '../../platform/migrations/index.js';
import { databaseTargets } from '../../platform/testing/databases.js';
import { evaluationModule } from './index.js';
import { evaluationListQuery, listEvaluations } from './room.view.js';

const migrations = collectMigrations([
  { module: 'platform', migrations: platformMigrations },
  { module: 'evaluation', migrations: evaluationModule.migrations },
]);

const HASH = '0'.repeat(64);
const principal = (userId: string, roles: Role[]): Principal => ({ userId, username: userId, roles, credentialId: 'test', via: 'session' });

/** `GET /evaluations`: the member filter runs in SQL (room.view.ts evaluationListQuery) on the real database. */
describe.each(databaseTargets())('evaluation list on $name', (target) => {
  let database: Database;
  const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
  const evaluations: string[] = [];

  /** One evaluation (with the draw it needs) whose committee is `memberIds`, created at minute `minute`. */
  async function insertEvaluation(memberIds: string[], minute: number, extra: { members?: unknown[]; bids?: unknown[] } = {}) {
    const at = new Date(Date.UTC(2026, 11, 18, 2, minute));
    const { id: drawId } = await database.db
      .insertInto('evaluation.draw')
      .values({
        reference: `draw-${minute}`,
        tender_id: null,
        section_code: null,
        evaluation_date: '2026-12-18',
        request: '{}',
        avoidance: '{}',
        representatives: 0,
        status: 'unsealed',
        seed_commitment: HASH,
        candidate_hash: HASH,
        candidates: '[]',
        excluded: '[]',
        sealed_seed: 'x',
        sealed_panel: null,
        slots: '{}',
        revealed_seed: null,
        revealed_panel: null,
        created_by: a,
        created_at: at,
        unsealed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const members = [...memberIds.map((id) => ({ id, kind: 'expert', name: id, expertId: randomUUID() })), ...(extra.members ?? [])];
    const { id } = await database.db
      .insertInto('evaluation.evaluation')
      .values({
        tender_id: randomUUID(),
        section_code: `E52011500000000000000${String(minute).padStart(2, '0')}`,
        draw_id: drawId,
        procedure_type: 'engineeringOpen',
        status: 'preparing',
        members: JSON.stringify(members),
        bids: JSON.stringify(extra.bids ?? []),
        opening: '{}',
        config: '{}',
        signed_in: '{}',
        chair_rounds: '[]',
        state: minute === 3 ? JSON.stringify({ step: 'detailed' }) : null,
        price_detail: null,
        signed_report: null,
        created_by: a,
        created_at: at,
        started_at: null,
        locked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    evaluations.push(id);
    return id;
  }

  beforeAll(async () => {
    database = await target.open(migrations);
    await insertEvaluation([a, b], 1);
    // c's id appears in this evaluation, but not as a member: as a member's expert id and as a bidder.
    await insertEvaluation([b], 2, { members: [{ id: randomUUID(), kind: 'expert', name: 'x', expertId: c }], bids: [{ bidId: randomUUID(), bidderId: c, bidderName: 'x', price: '1.00' }] });
    await insertEvaluation([a], 3);
  });
  afterAll(() => database?.close());

  it('a member lists exactly their committees, newest first; staff and supervisors list all', async () => {
    const [e1, e2, e3] = evaluations;
    const ids = async (p: Principal) => (await listEvaluations(database.db, p)).map((e) => e.id);
    expect(await ids(principal(a, ['expert']))).toEqual([e3, e1]);
    expect(await ids(principal(b, ['tenderer']))).toEqual([e2, e1]);
    expect(await ids(principal(c, ['expert']))).toEqual([]);
    expect(await ids(principal(c, ['centreStaff']))).toEqual([e3, e2, e1]);
    expect(await ids(principal(c, ['supervisor']))).toEqual([e3, e2, e1]);
    const [newest] = await listEvaluations(database.db, principal(a, ['expert']));
    expect(newest).toEqual({ id: e3, tenderId: expect.any(String), sectionCode: 'E5201150000000000000003', status: 'preparing', step: 'detailed', createdAt: '2026-12-18T02:03:00.000Z' });
  });

  it('the member filter is answered by the evaluation_by_member index', async () => {
    // With three rows the planner rightly prefers a scan; forbidding it shows the predicate matches
    // the index's operator class (jsonb_path_ops @>), which is what keeps a large table cheap.
    const plan = await database.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      return evaluationListQuery(tx, a).explain();
    });
    expect(JSON.stringify(plan)).toContain('evaluation_by_member');
  });
});
