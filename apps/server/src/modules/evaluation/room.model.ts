/**
 * The evaluation room's stored shapes and the translation of domain rule errors into the
 * module's error catalogue (shared by the commands, the views and the report).
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/tables.js';
import { AppError } from '../../platform/errors.js';
import type { MemberKind } from './domain/committee.js';
import { EvaluationRuleError, type EvaluationState, type ScoreItem, type TieRule } from './domain/evaluation.js';
import type { PriceMethod } from './domain/price-method.js';
import { evaluationError } from './evaluation.errors.js';
import type { BidderRequestTable, EvaluationTable } from './evaluation.tables.js';

export type EvaluationRow = Selectable<EvaluationTable>;
export type RequestRow = Selectable<BidderRequestTable>;

export interface Member {
  /** The member's user id: what they sign in with. */
  id: string;
  kind: MemberKind;
  name: string;
  expertId: string | null;
}

export interface OpenedBid {
  bidId: string;
  bidderId: string;
  bidderName: string;
  price: string;
}

export interface RoomConfig {
  items: ScoreItem[];
  priceMethod: PriceMethod;
  tieRules: TieRule[];
}

export interface ChairRound {
  round: number;
  votes: Array<{ voterId: string; candidateId: string }>;
  outcome: 'elected' | 'noMajority' | null;
}

export const membersOf = (row: EvaluationRow) => row.members as Member[];
export const bidsOf = (row: EvaluationRow) => row.bids as OpenedBid[];
export const configOf = (row: EvaluationRow) => row.config as RoomConfig;
export const roundsOf = (row: EvaluationRow) => row.chair_rounds as ChairRound[];
export const openingOf = (row: EvaluationRow) => row.opening as { ceilingPrice: string | null; floatPoint: string | null; sector: 'engineering' | 'governmentProcurement' };

export function stateOf(row: EvaluationRow): EvaluationState {
  if (!row.state) throw evaluationError('EVALUATION_STATE', { status: row.status });
  return row.state as EvaluationState;
}

export async function evaluationOrThrow(db: Executor, id: string, forUpdate = false): Promise<EvaluationRow> {
  let q = db.selectFrom('evaluation.evaluation').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw evaluationError('EVALUATION_NOT_FOUND');
  return row;
}

export function requireMember(row: EvaluationRow, userId: string): Member {
  const member = membersOf(row).find((m) => m.id === userId);
  if (!member) throw evaluationError('NOT_A_MEMBER');
  return member;
}

/** Runs a pure domain transition and turns its rule errors into catalogue errors. */
export function rule<T>(state: EvaluationState, transition: () => T): T {
  try {
    return transition();
  } catch (error) {
    if (!(error instanceof EvaluationRuleError)) throw error;
    throw toAppError(error, state);
  }
}

function toAppError(error: EvaluationRuleError, state: EvaluationState): AppError {
  const summary = { summary: error.message };
  switch (error.code) {
    case 'LOCKED':
      return evaluationError('EVALUATION_LOCKED');
    case 'WRONG_STEP':
      return evaluationError('WRONG_STEP', { step: state.step }, { detail: error.message });
    case 'NOT_A_MEMBER':
      return evaluationError('NOT_A_MEMBER');
    case 'NOT_CHAIR':
      return evaluationError('NOT_CHAIR');
    case 'ALREADY_SUBMITTED':
      return evaluationError('STEP_ALREADY_SUBMITTED');
    case 'INCOMPLETE':
      return evaluationError('STEP_INCOMPLETE', summary);
    case 'SCORE_OUT_OF_RANGE':
      return evaluationError('SCORE_OUT_OF_RANGE', summary);
    case 'UNKNOWN_ITEM':
      return evaluationError('SCORE_ITEM_UNKNOWN');
    case 'UNKNOWN_BID':
      return evaluationError('BID_UNKNOWN');
    case 'REASON_REQUIRED':
      return evaluationError('REASON_REQUIRED');
    case 'ALREADY_SIGNED':
      return evaluationError('ALREADY_SIGNED');
    case 'BID_REJECTED':
      return evaluationError('BID_REJECTED');
    case 'PRICE_NOT_SCORED':
      return evaluationError('PRICE_NOT_SCORED');
    case 'NOT_ALL_SIGNED':
      return evaluationError('STEP_INCOMPLETE', summary);
  }
}
