import { candidateListBytes, drawPanel, type DrawnMember, type HmacFn } from '@ggzy/contracts';
import { sm3 } from 'sm-crypto-v2';
import { hexToBytes } from '../crypto/encoding';

/** HMAC-SM3 with sm-crypto-v2: the browser half of the shared draw code (node:crypto on the server). */
export const browserHmacSm3: HmacFn = (key, data) => hexToBytes(sm3(data, { key, mode: 'hmac' }));

/** What `GET /api/expert-draws/:id/verification` publishes: the revealed seed and the logged inputs. */
export interface DrawInputs {
  seed: string;
  seedCommitment: string;
  candidateHash: string;
  candidates: Array<{ id: string; specialties: string[] }>;
  excluded: string[];
  request: { slots: Array<{ specialty: string; count: number }> };
  rounds: Array<{ released: string[] }>;
  panel: Array<{ expertId: string; specialty: string; drawType: number; round: number }>;
}

const slotKey = (p: { expertId: string; specialty: string; drawType: number; round: number }) => `${p.expertId}/${p.specialty}/${p.drawType}/${p.round}`;

export interface BrowserCheck {
  commitmentMatches: boolean;
  candidateHashMatches: boolean;
  panel: DrawnMember[];
  /** The panel re-computed here equals the one the server published. */
  panelMatches: boolean;
}

/**
 * Re-runs a revealed draw in this browser with the platform's own algorithm: the seed against
 * its logged commitment, the candidates against their logged hash, and the panel from scratch.
 * Nothing here trusts the server's own "matches" flags.
 */
export function checkDraw(inputs: DrawInputs): BrowserCheck {
  const seed = hexToBytes(inputs.seed);
  let panel: DrawnMember[] = [];
  try {
    panel = drawPanel(browserHmacSm3, seed, inputs.candidates, inputs.request, inputs.excluded, inputs.rounds).panel;
  } catch {
    // Inputs that cannot replay (a released expert not on the re-computed panel) simply do not match.
  }
  return {
    commitmentMatches: sm3(seed) === inputs.seedCommitment,
    candidateHashMatches: sm3(candidateListBytes(inputs.candidates, inputs.excluded)) === inputs.candidateHash,
    panel,
    panelMatches: panel.length > 0 && JSON.stringify(panel.map(slotKey)) === JSON.stringify(inputs.panel.map(slotKey)),
  };
}
