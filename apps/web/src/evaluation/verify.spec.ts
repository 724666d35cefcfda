import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { candidateListHash, drawPanel, seedCommitment } from '../../../server/src/modules/evaluation/domain/draw';
import { browserHmacSm3, checkDraw } from './verify';

const candidates = Array.from({ length: 9 }, (_, i) => ({ id: `e${i}`, specialties: i % 2 === 0 ? ['4831'] : ['4831', '4711'] }));
const request = { slots: [{ specialty: '4831', count: 4 }, { specialty: '4711', count: 1 }] };

describe('re-running a revealed draw in the browser', () => {
  it('computes the same HMAC-SM3 as node:crypto', () => {
    for (const size of [0, 27, 64, 200]) {
      const key = randomBytes(32);
      const data = randomBytes(size);
      expect(Buffer.from(browserHmacSm3(key, data)).toString('hex')).toBe(createHmac('sm3', key).update(data).digest('hex'));
    }
  });

  it('gets the server’s panel, commitment and candidate hash, supplementary rounds included, and notices a changed input', () => {
    const seed = randomBytes(32);
    const first = drawPanel(seed, candidates, request, ['e3']);
    const rounds = [{ released: [first.panel[1]?.expertId ?? ''] }];
    const server = drawPanel(seed, candidates, request, ['e3'], rounds);
    const inputs = {
      seed: seed.toString('hex'),
      seedCommitment: seedCommitment(seed),
      candidateHash: candidateListHash(candidates, ['e3']),
      candidates,
      excluded: ['e3'],
      request,
      rounds,
      panel: server.panel,
    };
    expect(checkDraw(inputs)).toEqual({ commitmentMatches: true, candidateHashMatches: true, panel: server.panel, panelMatches: true });
    const tampered = checkDraw({ ...inputs, excluded: [] });
    expect(tampered.candidateHashMatches).toBe(false);
    expect(tampered.panelMatches).toBe(false);
    expect(checkDraw({ ...inputs, seed: randomBytes(32).toString('hex') }).commitmentMatches).toBe(false);
  });
});
