import type { Executor, Tx } from '../../platform/db/tables.js';
import type { Principal } from '../../platform/http/access.js';
import { tenderStatusAfterOpenings } from './domain/opening-hall.js';
import { tenderingError } from './tendering.errors.js';
import { setStatus, type TenderRow } from './tendering.repository.js';
import type { SectionStatus } from './tendering.tables.js';
import './tendering.tables.js';

const OFFICIAL_ROLES = ['centreStaff', 'supervisor'] as const;

/**
 * Who takes part in a section's opening (view, hall stream): centre staff and supervisors (who
 * watch any opening), the tender's owner, and every bidder with a live bid in the section — the
 * latest committed version, not withdrawn (status `submitted`), which is also what the opening counts.
 */
export async function openingParticipation(db: Executor, principal: Principal, tenderId: string, sectionCode: string): Promise<'official' | 'bidder'> {
  const tender = await db.selectFrom('tendering.tender').select(['owner_id']).where('id', '=', tenderId).executeTakeFirst();
  if (!tender) throw tenderingError('TENDER_NOT_FOUND');
  const section = await db.selectFrom('tendering.section').select(['id']).where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
  if (!section) throw tenderingError('SECTION_NOT_FOUND', { code: sectionCode });
  if (principal.roles.some((r) => (OFFICIAL_ROLES as readonly string[]).includes(r)) || tender.owner_id === principal.userId) return 'official';
  if (await liveBid(db, tenderId, sectionCode, principal.userId)) return 'bidder';
  throw tenderingError('NOT_AN_OPENING_PARTICIPANT');
}

export function liveBid(db: Executor, tenderId: string, sectionCode: string, bidderId: string) {
  return db
    .selectFrom('tendering.bid')
    .select(['id'])
    .where('tender_id', '=', tenderId)
    .where('section_code', '=', sectionCode)
    .where('bidder_id', '=', bidderId)
    .where('status', '=', 'submitted')
    .executeTakeFirst();
}

/** Moves the section (lifecycles.md §1) and the tender after it; the caller holds the tender lock. */
export async function moveSection(tx: Tx, tender: TenderRow, sectionCode: string, status: SectionStatus): Promise<void> {
  await tx.updateTable('tendering.section').set({ status }).where('tender_id', '=', tender.id).where('section_code', '=', sectionCode).execute();
  const sections = await tx.selectFrom('tendering.section').select(['status']).where('tender_id', '=', tender.id).execute();
  const next = tenderStatusAfterOpenings(sections.map((s) => s.status));
  if (next !== tender.status) await setStatus(tx, tender, { status: next });
}
