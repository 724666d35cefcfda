import { describe, expect, it } from 'vitest';
import { canonicalJson, requestHash } from './canonical-json.js';

describe('canonical JSON for idempotency hashes', () => {
  it('sorts object keys recursively, so key order does not change the hash', () => {
    const a = { tenderId: 'T-1', bid: { price: '100.00', currency: 'CNY' }, lots: [{ b: 2, a: 1 }] };
    const b = { lots: [{ a: 1, b: 2 }], bid: { currency: 'CNY', price: '100.00' }, tenderId: 'T-1' };
    expect(canonicalJson(a)).toBe('{"bid":{"currency":"CNY","price":"100.00"},"lots":[{"a":1,"b":2}],"tenderId":"T-1"}');
    expect(requestHash(a)).toBe(requestHash(b));
    expect(requestHash(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when any value changes', () => {
    const base = { tenderId: 'T-1', price: '100.00', lots: [1, 2] };
    expect(requestHash({ ...base, price: '100.01' })).not.toBe(requestHash(base));
    expect(requestHash({ ...base, lots: [2, 1] })).not.toBe(requestHash(base)); // array order is meaningful
    expect(requestHash({ ...base, price: 100 })).not.toBe(requestHash(base)); // type is meaningful
    expect(requestHash({ ...base, extra: null })).not.toBe(requestHash(base));
  });

  it('follows JSON.stringify for the values JSON cannot carry', () => {
    expect(canonicalJson({ b: undefined, a: new Date('2026-11-27T02:00:00Z'), c: [undefined, Number.NaN] })).toBe(
      '{"a":"2026-11-27T02:00:00.000Z","c":[null,null]}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson('公告')).toBe('"公告"');
    expect(() => canonicalJson({ amount: 10n })).toThrow(TypeError);
  });

  it('orders keys by code units, independent of locale', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, 中: 4, _: 5 })).toBe('{"B":2,"_":5,"a":3,"b":1,"中":4}');
  });
});
