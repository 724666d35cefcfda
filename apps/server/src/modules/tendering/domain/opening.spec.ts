import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sm2 } from '../../../platform/crypto/gm/index.js';
import { art31Outcome, buildOpeningRecord, type OpeningBidInput, openingDecision, parseOpeningSummary } from './opening.js';
import { procedureOf } from './procedures.js';
import { combineShares, splitSecret } from './sealed-bid/shamir.js';

const engineering = procedureOf('engineeringOpen').minimumBidders;

describe('opening decision: bid count at the deadline against the procedure minimum', () => {
  it.each([
    [0, 'failed'],
    [2, 'failed'],
    [3, 'open'],
    [7, 'open'],
  ] as const)('engineering (条例 44, minimum 3): %i bids ⇒ %s', (count, kind) => {
    expect(openingDecision(count, engineering)).toMatchObject({ kind, count, minimum: 3 });
  });
  it('names the count, the minimum and the article in the failure reason', () => {
    expect(openingDecision(2, engineering)).toMatchObject({ reason: expect.stringContaining('实到 2 个') });
    expect(openingDecision(2, engineering)).toMatchObject({ reason: expect.stringContaining('第四十四条') });
  });
  it('single source (minimum 1) opens with one bid', () => {
    expect(openingDecision(1, procedureOf('gpSingleSource').minimumBidders).kind).toBe('open');
  });
});

describe('电子招标投标办法 Art 31: a bid not decrypted', () => {
  it.each([
    ['bidder', 'deemedRevoked'],
    ['other', 'deemedWithdrawn'],
  ] as const)('cause %s ⇒ %s', (cause, outcome) => {
    expect(art31Outcome(cause)).toBe(outcome);
  });
});

const bid = (over: Partial<OpeningBidInput>): OpeningBidInput => ({
  bidId: 'b',
  bidderId: 'u',
  bidderName: '甲公司',
  state: 'decrypted',
  method: 'bidderKey',
  summary: { price: '100.00', duration: '365日', quality: '合格' },
  securityStatus: 'guaranteed',
  checkedInAt: null,
  ...over,
});

describe('opening summary and record', () => {
  it('reads the three fields read out at opening, and refuses anything else', () => {
    expect(parseOpeningSummary(Buffer.from(JSON.stringify({ price: '14500000.00', duration: '365日', quality: '合格', extra: 1 })))).toEqual({ price: '14500000.00', duration: '365日', quality: '合格' });
    expect(() => parseOpeningSummary(Buffer.from('{"price":"1"}'))).toThrow(/duration/);
    expect(() => parseOpeningSummary(Buffer.from('not json'))).toThrow(SyntaxError);
  });

  it('builds one row per bid with price, duration, quality, security and decryption method; Art 31 outcomes without contents', () => {
    const record = buildOpeningRecord({
      tenderId: 't',
      sectionCode: 's',
      fallback: { shares: [5, 1, 3], publicKey: '04ab' },
      ceilingPrice: '14800000.00',
      floatPoint: { letter: 'C', rate: '0.01' },
      bids: [bid({ bidId: 'a', checkedInAt: '2026-12-18T01:10:00.000Z' }), bid({ bidId: 'b', method: 'custodianFallback' }), bid({ bidId: 'c', state: 'deemedRevoked', method: null, summary: null, securityStatus: 'unverified' })],
    });
    expect(record.bidCount).toBe(3);
    expect(record.fallback).toEqual({ used: true, shares: [1, 3, 5], publicKey: '04ab' });
    expect(record.rows.map((r) => r.decryption)).toEqual(['bidderKey', 'custodianFallback', 'deemedRevoked']);
    expect(record.rows[0]).toMatchObject({ bidderName: '甲公司', price: '100.00', duration: '365日', quality: '合格', securityStatus: 'guaranteed' });
    expect(record.rows[2]).toMatchObject({ price: null, duration: null, quality: null });
    // Attendance is in the record; absence does not change the bid's outcome (EB7/EB9).
    expect(record.rows.map((r) => r.checkedInAt)).toEqual(['2026-12-18T01:10:00.000Z', null, null]);
    expect(record).toMatchObject({ ceilingPrice: '14800000.00', floatPoint: { letter: 'C', rate: '0.01' } });
  });

  it('refuses a record while a bid is still sealed', () => {
    expect(() => buildOpeningRecord({ tenderId: 't', sectionCode: 's', fallback: null, ceilingPrice: null, floatPoint: null, bids: [bid({ state: 'sealed' })] })).toThrow(/sealed/);
  });
});

describe('custodian fallback key check', () => {
  it('3 of 5 shares rebuild a key matching the opening public key; 2 shares do not', () => {
    const pair = sm2.generateKeyPair();
    const shares = splitSecret(sm2.privateKeyHex(pair.privateKey), 3, 5, randomBytes);
    const [s1, s2, , s4] = shares;
    if (!s1 || !s2 || !s4) throw new Error('shares');
    expect(sm2.publicKeyOf(combineShares([s1, s2, s4]))).toBe(sm2.normalisePublicKey(pair.publicKey));
    expect(sm2.publicKeyOf(combineShares([s1, s4]))).not.toBe(sm2.normalisePublicKey(pair.publicKey));
  });
});
