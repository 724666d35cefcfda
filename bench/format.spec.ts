import { describe, expect, it } from 'vitest';
import { formatBenchLine, formatFigure, formatRatio } from './format.js';

const LINE = /^BENCH [\w.-]+ \w+=\d+(\.\d+)?\S* baseline=\d+(\.\d+)?\S* ratio=\d+(\.\d+)?(e-\d+)?$/;

describe('formatBenchLine', () => {
  it('prints one line: name, metric=value+unit, baseline with the same unit, ratio value/baseline', () => {
    const line = formatBenchLine({ name: 'http.regions', metric: 'throughput', unit: 'req/s', value: 8123.4, baseline: 21450.2 });
    expect(line).toBe('BENCH http.regions throughput=8123req/s baseline=21450req/s ratio=0.38');
    expect(line).toMatch(LINE);
  });

  it('keeps small figures readable and ratios above 1 for "slower" metrics', () => {
    expect(formatBenchLine({ name: 'http.announcements', metric: 'p99', unit: 'ms', value: 12.345, baseline: 1.234 })).toBe(
      'BENCH http.announcements p99=12.3ms baseline=1.23ms ratio=10.00',
    );
    expect(formatBenchLine({ name: 'coldstart.first', metric: 'ready', unit: 'ms', value: 2480, baseline: 310 })).toMatch(LINE);
  });

  it('refuses a zero, negative or non-finite baseline and a non-finite value instead of printing Infinity', () => {
    const base = { name: 'x.y', metric: 'p99', unit: 'ms', value: 1 };
    expect(() => formatBenchLine({ ...base, baseline: 0 })).toThrow(/baseline/);
    expect(() => formatBenchLine({ ...base, baseline: Number.NaN })).toThrow(/baseline/);
    expect(() => formatBenchLine({ ...base, value: Number.POSITIVE_INFINITY, baseline: 1 })).toThrow(/value/);
  });

  it('refuses names and metrics that would break the line format', () => {
    expect(() => formatBenchLine({ name: 'a b', metric: 'p99', unit: 'ms', value: 1, baseline: 1 })).toThrow(/name or metric/);
    expect(() => formatBenchLine({ name: 'a', metric: 'p=99', unit: 'ms', value: 1, baseline: 1 })).toThrow(/name or metric/);
  });
});

describe('figures and ratios', () => {
  it('rounds to about three significant digits', () => {
    expect(formatFigure(21450.6)).toBe('21451');
    expect(formatFigure(41.66)).toBe('41.7');
    expect(formatFigure(1.2)).toBe('1.2');
    expect(formatFigure(0.456)).toBe('0.46');
    expect(formatFigure(0)).toBe('0');
  });

  it('never prints a small ratio as 0.00', () => {
    expect(formatRatio(0.38)).toBe('0.38');
    expect(formatRatio(0.0042)).toBe('0.0042');
    expect(formatRatio(52.314)).toBe('52.31');
  });
});
