import { describe, expect, it } from 'vitest';
import {
  bitString,
  DerError,
  fromPemAll,
  integer,
  oid,
  parseDer,
  printableString,
  readBitString,
  readInteger,
  readOid,
  readString,
  readTime,
  sequence,
  setOf,
  time,
  tlv,
  toPem,
  unsignedInteger,
  utf8String,
} from './der.js';

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

describe('gm DER codec', () => {
  it('encodes INTEGERs in shortest two’s complement and reads them back', () => {
    const cases: Array<[bigint, string]> = [
      [0n, '020100'],
      [1n, '020101'],
      [127n, '02017f'],
      [128n, '02020080'],
      [256n, '02020100'],
      [-1n, '0201ff'],
      [-128n, '020180'],
      [-129n, '0202ff7f'],
    ];
    for (const [value, encoded] of cases) {
      expect(hexOf(integer(value))).toBe(encoded);
      expect(readInteger(parseDer(bytes(encoded)), 'n')).toBe(value);
    }
    expect(hexOf(unsignedInteger(bytes('00ff')))).toBe('020200ff');
    expect(hexOf(unsignedInteger(bytes('000001')))).toBe('020101');
  });

  it('refuses non-minimal INTEGERs', () => {
    expect(() => readInteger(parseDer(bytes('02020001')), 'n')).toThrow(DerError);
    expect(() => readInteger(parseDer(bytes('0202ff80')), 'n')).toThrow(DerError);
  });

  it('encodes OIDs (incl. large arcs) and the GM/T ones', () => {
    expect(hexOf(oid('1.2.840.10045.2.1'))).toBe('06072a8648ce3d0201');
    expect(hexOf(oid('1.2.156.10197.1.301'))).toBe('06082a811ccf5501822d');
    expect(hexOf(oid('1.2.156.10197.1.501'))).toBe('06082a811ccf55018375');
    for (const dotted of ['2.5.29.19', '1.2.840.113549.1.1.11', '2.999.1', '1.3.6.1.4.1.311.60.2.1.3']) {
      expect(readOid(parseDer(oid(dotted)), 'oid')).toBe(dotted);
    }
  });

  it('uses long-form lengths only when needed and rejects other length forms', () => {
    const long = tlv(0x04, new Uint8Array(200));
    expect(hexOf(long.subarray(0, 3))).toBe('0481c8');
    expect(parseDer(long).value.length).toBe(200);
    expect(() => parseDer(bytes('048105' + '00'.repeat(5)))).toThrow(/shortest/);
    expect(() => parseDer(bytes('3080020100 0000'.replace(/ /g, '')))).toThrow(/indefinite/);
    expect(() => parseDer(bytes('02010000'))).toThrow(/trailing/);
    expect(() => parseDer(bytes('1f2001'))).toThrow(/high tag/);
    expect(() => parseDer(bytes('0405aabb'))).toThrow(/past the end/);
  });

  it('keeps the exact bytes of each nested element', () => {
    const inner = sequence(integer(5n), utf8String('贵州'));
    const outer = sequence(inner, printableString('CN'));
    const node = parseDer(outer);
    expect(hexOf(node.children[0]?.bytes ?? new Uint8Array())).toBe(hexOf(inner));
    expect(readString(node.children[0]?.children[1], 's')).toBe('贵州');
  });

  it('sorts SET OF elements (DER)', () => {
    expect(hexOf(setOf(integer(2n), integer(1n)))).toBe('3106020101020102');
  });

  it('writes UTCTime up to 2049 and GeneralizedTime from 2050 (RFC 5280)', () => {
    const a = new Date('2049-12-31T23:59:59Z');
    const b = new Date('2050-01-01T00:00:00Z');
    expect(hexOf(time(a)).slice(0, 2)).toBe('17');
    expect(hexOf(time(b)).slice(0, 2)).toBe('18');
    expect(readTime(parseDer(time(a)), 't').toISOString()).toBe(a.toISOString());
    expect(readTime(parseDer(time(b)), 't').toISOString()).toBe(b.toISOString());
    expect(() => readTime(parseDer(tlv(0x17, new TextEncoder().encode('250230000000Z'))), 't')).toThrow(/invalid date/);
  });

  it('checks BIT STRING unused bits', () => {
    expect(readBitString(parseDer(bitString(bytes('c0'), 6)), 'b').unusedBits).toBe(6);
    expect(() => readBitString(parseDer(bytes('030206c1')), 'b')).toThrow(/must be zero/);
  });

  it('refuses characters outside PrintableString', () => {
    expect(() => printableString('5201**1234')).toThrow(/PrintableString/);
  });

  it('round-trips PEM', () => {
    const der = sequence(integer(123456789n));
    const pem = toPem('CERTIFICATE', der) + toPem('CERTIFICATE', der);
    expect(fromPemAll(pem, 'CERTIFICATE').map(hexOf)).toEqual([hexOf(der), hexOf(der)]);
  });
});
