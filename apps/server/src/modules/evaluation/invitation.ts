import { hmacSm3 } from '../../platform/crypto/gm/index.js';
import type { DrawRow } from './evaluation.repository.js';

/**
 * Invitations of drawn experts (评标邀请, issue #6): the system tells each drawn expert with an
 * account that they were drawn, and the expert answers for their own slot. The invitation names
 * its recipient only by this tag, so reading the table does not unseal the panel (E39).
 */
const TAG_CONTEXT = 'ggzy/expert-invitation/v1\u0000';

/** HMAC-SM3(panel key, context ‖ user id): the same user always gets the same tag, nobody without the key can compute it. */
export function recipientTag(panelKey: Uint8Array, userId: string): string {
  return Buffer.from(hmacSm3(panelKey, Buffer.from(TAG_CONTEXT + userId, 'utf8'))).toString('hex');
}

interface OpaqueSlot {
  slot: number;
  specialty: string;
  drawType: number;
  round: number;
  answer: 'pending' | 'confirmed' | 'declined' | 'recused';
  onPanel: boolean;
}

export interface InvitationSource {
  id: string;
  draw_id: string;
  slot: number;
  created_at: Date;
  reference: string;
  evaluation_date: string;
  status: DrawRow['status'];
  slots: unknown;
}

/**
 * What the invited expert sees: the draw's reference (project/section), the evaluation date, and
 * their own slot as everyone sees it (the opaque per-slot view); `open` while their answer is
 * still awaited. The draw holds no place or answer deadline, so none is shown.
 */
export function invitationDto(row: InvitationSource) {
  const slot = (row.slots as { slots: OpaqueSlot[] }).slots[row.slot - 1];
  const answer = slot?.answer ?? 'pending';
  const onPanel = slot?.onPanel ?? false;
  return {
    id: row.id,
    drawId: row.draw_id,
    reference: row.reference,
    evaluationDate: row.evaluation_date,
    slot: row.slot,
    specialty: slot?.specialty ?? '',
    drawType: slot?.drawType ?? 1,
    round: slot?.round ?? 0,
    answer,
    onPanel,
    open: row.status === 'sealed' && answer === 'pending' && onPanel,
    invitedAt: row.created_at.toISOString(),
  };
}
