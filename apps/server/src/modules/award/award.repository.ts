import type { Selectable } from 'kysely';
import type { Executor, Tx } from '../../platform/db/tables.js';
import type { Principal } from '../../platform/http/access.js';
import { findTenderSection, openedBidders } from '../tendering/index.js';
import { awardError } from './award.errors.js';
import type { SectionAwardTable } from './award.tables.js';
import type { Candidate } from './domain/candidates.js';
import './award.tables.js';

export type AwardRow = Selectable<SectionAwardTable>;
export type TenderSection = NonNullable<Awaited<ReturnType<typeof findTenderSection>>>;

/** The section's award under a row lock: every command on it is serialised here. */
export async function lockAward(tx: Tx, tenderId: string, sectionCode: string): Promise<AwardRow> {
  const row = await tx.selectFrom('award.section_award').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).forUpdate().executeTakeFirst();
  if (!row) throw awardError('AWARD_NOT_STARTED');
  return row;
}

export async function findAward(db: Executor, tenderId: string, sectionCode: string): Promise<AwardRow | undefined> {
  return db.selectFrom('award.section_award').selectAll().where('tender_id', '=', tenderId).where('section_code', '=', sectionCode).executeTakeFirst();
}

export async function requireSection(db: Executor, tenderId: string, sectionCode: string): Promise<TenderSection> {
  const section = await findTenderSection(db, tenderId, sectionCode);
  if (!section) throw awardError('SECTION_NOT_FOUND', { code: sectionCode });
  return section;
}

export function requireOwner(section: TenderSection, principal: Principal): void {
  if (section.ownerId !== principal.userId) throw awardError('NOT_TENDER_OWNER');
}

/** Everyone who bid on the section: the bidders counted at the opening, and the report's candidates. */
export async function sectionBidders(db: Executor, tenderId: string, sectionCode: string, candidates: readonly Candidate[]) {
  const bidders = new Map((await openedBidders(db, tenderId, sectionCode)).map((b) => [b.bidderId, b.bidderName]));
  for (const c of candidates) if (!bidders.has(c.bidderId)) bidders.set(c.bidderId, c.bidderName);
  return [...bidders].map(([bidderId, bidderName]) => ({ bidderId, bidderName }));
}

export async function openObjectionCount(db: Executor, tenderId: string, sectionCode: string): Promise<number> {
  const row = await db
    .selectFrom('award.objection')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('tender_id', '=', tenderId)
    .where('section_code', '=', sectionCode)
    .where('replied_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The portal's source ids: one hall entry for the publicity, one for the result (a fallback or failure replaces it). */
export const hallSource = {
  publicity: (tenderId: string, sectionCode: string) => `award.publicity:${tenderId}:${sectionCode}`,
  result: (tenderId: string, sectionCode: string) => `award.result:${tenderId}:${sectionCode}`,
};

export const awardUrl = (tenderId: string, sectionCode: string) => `/tenders/${tenderId}/sections/${sectionCode}/award`;

export function tradeCategoryOf(sector: 'engineering' | 'governmentProcurement') {
  return sector === 'engineering' ? ('engineeringConstruction' as const) : ('governmentProcurement' as const);
}
