// Hand-checked edge cases of quantize: ties for every rounding mode, range boundaries, odd widths.
import { describe, expect, it } from 'vitest';
import { maxRaw, minRaw, quantize, quantizeNumber } from '../../src/fixed/quantize.js';
import { fixedType, OVERFLOWS, ROUNDINGS, type FixedType, type Overflow, type Rounding } from '../../src/fixed/types.js';
import { refQuantize } from './reference.js';

/** quantize, checked against the number path and the reference on the way. */
function q(raw: bigint, frac: number, t: FixedType): bigint {
  const got = quantize(raw, frac, t);
  expect(refQuantize(raw, frac, t)).toBe(got);
  if (t.width <= 53 && raw < 2n ** 53n && raw > -(2n ** 53n)) expect(quantizeNumber(Number(raw), frac, t)).toBe(Number(got));
  return got;
}

describe('rounding ties and near-ties', () => {
  // Values in LSBs of the target (int<8>, F = 0), given as raw/2 (frac 1) or raw/4 (frac 2).
  const halves = [-5n, -3n, -1n, 1n, 3n, 5n]; // -2.5 -1.5 -0.5 0.5 1.5 2.5
  const expected: Record<Rounding, bigint[]> = {
    TRN: [-3n, -2n, -1n, 0n, 1n, 2n],
    TRN_ZERO: [-2n, -1n, 0n, 0n, 1n, 2n],
    RND: [-2n, -1n, 0n, 1n, 2n, 3n],
    RND_ZERO: [-2n, -1n, 0n, 0n, 1n, 2n],
    RND_MIN_INF: [-3n, -2n, -1n, 0n, 1n, 2n],
    RND_INF: [-3n, -2n, -1n, 1n, 2n, 3n],
    RND_CONV: [-2n, -2n, 0n, 0n, 2n, 2n],
  };
  for (const rounding of ROUNDINGS) {
    it(`${rounding}: exact ties ±0.5, ±1.5, ±2.5 LSB`, () => {
      const t = fixedType(true, 8, 8, rounding);
      expect(halves.map((h) => q(h, 1, t))).toEqual(expected[rounding]);
      // The same ties with many more source fraction bits (a 40-bit shift).
      expect(halves.map((h) => q(h << 39n, 40, t))).toEqual(expected[rounding]);
    });
  }

  it('near-ties go to the nearest value in every RND mode, and TRN/TRN_ZERO as named', () => {
    const quarters = [-3n, -1n, 1n, 3n]; // -0.75 -0.25 0.25 0.75 LSB
    for (const rounding of ROUNDINGS) {
      const t = fixedType(true, 8, 8, rounding);
      const got = quarters.map((r) => q(r, 2, t));
      if (rounding === 'TRN') expect(got).toEqual([-1n, -1n, 0n, 0n]);
      else if (rounding === 'TRN_ZERO') expect(got).toEqual([0n, 0n, 0n, 0n]);
      else expect(got).toEqual([-1n, 0n, 0n, 1n]);
      // Half an LSB plus or minus the smallest source step.
      const s = 1n << 30n;
      const justAbove = q(s + 1n, 31, t);
      const justBelow = q(-(s + 1n), 31, t);
      if (rounding.startsWith('RND')) expect([justAbove, justBelow]).toEqual([1n, -1n]);
    }
  });

  it('a tie in an unsigned type rounds by the same rules', () => {
    const t = (r: Rounding) => fixedType(false, 4, 2, r); // F = 2
    expect(q(5n, 3, t('RND_CONV'))).toBe(2n); // 2.5 LSB -> 2
    expect(q(7n, 3, t('RND_CONV'))).toBe(4n); // 3.5 LSB -> 4
    expect(q(5n, 3, t('RND_ZERO'))).toBe(2n);
    expect(q(5n, 3, t('RND_INF'))).toBe(3n);
  });
});

describe('overflow at the range boundaries', () => {
  const s44 = (o: Overflow) => fixedType(true, 4, 4, 'TRN', o); // raws -8..7
  const u44 = (o: Overflow) => fixedType(false, 4, 4, 'TRN', o); // raws 0..15
  const cases: [bigint, Record<Overflow, bigint>][] = [
    [7n, { WRAP: 7n, SAT: 7n, SAT_ZERO: 7n, SAT_SYM: 7n }], // max
    [8n, { WRAP: -8n, SAT: 7n, SAT_ZERO: 0n, SAT_SYM: 7n }], // max + 1 LSB
    [-8n, { WRAP: -8n, SAT: -8n, SAT_ZERO: -8n, SAT_SYM: -7n }], // the most negative value
    [-9n, { WRAP: 7n, SAT: -8n, SAT_ZERO: 0n, SAT_SYM: -7n }], // min - 1 LSB
    [0n, { WRAP: 0n, SAT: 0n, SAT_ZERO: 0n, SAT_SYM: 0n }],
    [1000n, { WRAP: -8n, SAT: 7n, SAT_ZERO: 0n, SAT_SYM: 7n }], // 1000 = 62·16 + 8
    [-1000n, { WRAP: -8n, SAT: -8n, SAT_ZERO: 0n, SAT_SYM: -7n }],
    [2n ** 200n + 3n, { WRAP: 3n, SAT: 7n, SAT_ZERO: 0n, SAT_SYM: 7n }],
    [-(2n ** 200n) + 3n, { WRAP: 3n, SAT: -8n, SAT_ZERO: 0n, SAT_SYM: -7n }],
  ];
  for (const [raw, want] of cases) {
    it(`signed <4,4>: ${raw}`, () => {
      for (const o of OVERFLOWS) expect([o, q(raw, 0, s44(o))]).toEqual([o, want[o]]);
    });
  }

  it('unsigned <4,4>: 15, 16, -1, far out of range', () => {
    const table: [bigint, Record<Overflow, bigint>][] = [
      [15n, { WRAP: 15n, SAT: 15n, SAT_ZERO: 15n, SAT_SYM: 15n }],
      [16n, { WRAP: 0n, SAT: 15n, SAT_ZERO: 0n, SAT_SYM: 15n }],
      [-1n, { WRAP: 15n, SAT: 0n, SAT_ZERO: 0n, SAT_SYM: 0n }],
      [2n ** 150n + 5n, { WRAP: 5n, SAT: 15n, SAT_ZERO: 0n, SAT_SYM: 15n }],
      [-(2n ** 150n), { WRAP: 0n, SAT: 0n, SAT_ZERO: 0n, SAT_SYM: 0n }],
    ];
    for (const [raw, want] of table) for (const o of OVERFLOWS) expect([raw, o, q(raw, 0, u44(o))]).toEqual([raw, o, want[o]]);
  });

  it('rounding can push a value out of range; overflow then decides', () => {
    // fixed<4,2>: F = 2, raws -8..7 (-2 .. 1.75). 1.875 = raw 15 at frac 3.
    const t = (r: Rounding, o: Overflow) => fixedType(true, 4, 2, r, o);
    expect(q(15n, 3, t('TRN', 'SAT'))).toBe(7n);
    expect(q(15n, 3, t('RND', 'SAT'))).toBe(7n);
    expect(q(15n, 3, t('RND', 'WRAP'))).toBe(-8n);
    expect(q(15n, 3, t('RND', 'SAT_ZERO'))).toBe(0n);
    expect(q(15n, 3, t('RND_ZERO', 'WRAP'))).toBe(7n); // tie toward zero stays in range
    // -2.125 = raw -17 at frac 3: TRN floors to -2.25 (out of range), RND ties up to -2 (in range).
    expect(q(-17n, 3, t('TRN', 'SAT'))).toBe(-8n);
    expect(q(-17n, 3, t('TRN', 'WRAP'))).toBe(7n);
    expect(q(-17n, 3, t('TRN', 'SAT_ZERO'))).toBe(0n);
    expect(q(-17n, 3, t('RND', 'SAT_ZERO'))).toBe(-8n);
  });

  it('SAT_SYM never yields the most negative raw, even when rounding lands exactly on it', () => {
    const t = (r: Rounding) => fixedType(true, 4, 2, r, 'SAT_SYM');
    expect(q(-17n, 3, t('RND'))).toBe(-7n); // -2.125 rounds to -2.0 = raw -8, then -> -7
    expect(q(-8n, 2, t('TRN'))).toBe(-7n); // exactly -2.0 on input
    expect(q(-1000n, 0, t('TRN'))).toBe(-7n);
    expect(q(7n, 2, t('TRN'))).toBe(7n);
    expect(q(-7n, 2, t('TRN'))).toBe(-7n);
  });
});

describe('extreme widths and integer parts', () => {
  it('W=1 signed holds raws -1 and 0', () => {
    const t = (r: Rounding, o: Overflow) => fixedType(true, 1, 1, r, o);
    expect(q(-1n, 0, t('TRN', 'WRAP'))).toBe(-1n);
    expect(q(1n, 0, t('TRN', 'WRAP'))).toBe(-1n);
    expect(q(1n, 0, t('TRN', 'SAT'))).toBe(0n);
    expect(q(1n, 1, t('RND', 'SAT'))).toBe(0n); // 0.5 rounds to 1, saturates to 0
    expect(q(1n, 1, t('RND', 'WRAP'))).toBe(-1n);
    expect(q(-1n, 1, t('TRN', 'SAT'))).toBe(-1n); // -0.5 floors to -1
    expect(q(-1n, 1, t('TRN_ZERO', 'SAT'))).toBe(0n);
    expect(q(-5n, 0, t('TRN', 'SAT'))).toBe(-1n);
    expect(q(-1n, 0, t('TRN', 'SAT_SYM'))).toBe(0n); // symmetric range of W=1 is {0}
    expect(q(-1n, 0, t('TRN', 'SAT_ZERO'))).toBe(-1n);
    expect(q(2n, 0, t('TRN', 'SAT_ZERO'))).toBe(0n);
  });

  it('W=1 unsigned holds raws 0 and 1', () => {
    const t = (r: Rounding, o: Overflow) => fixedType(false, 1, 0, r, o); // values 0, 0.5
    expect(q(1n, 1, t('TRN', 'WRAP'))).toBe(1n);
    expect(q(3n, 2, t('RND', 'SAT'))).toBe(1n); // 0.75 -> 1 LSB
    expect(q(3n, 1, t('TRN', 'WRAP'))).toBe(1n); // 1.5 = 3 LSB -> 3 mod 2
    expect(q(3n, 1, t('TRN', 'SAT'))).toBe(1n);
    expect(q(-1n, 1, t('TRN', 'SAT'))).toBe(0n);
    expect(q(-1n, 1, t('TRN', 'WRAP'))).toBe(1n);
    expect(q(-1n, 1, t('TRN', 'SAT_SYM'))).toBe(0n);
    expect(q(1n, 2, t('RND_CONV', 'SAT'))).toBe(0n); // 0.25 = half an LSB, to even
  });

  it('W=64 boundaries', () => {
    const t = (o: Overflow, signed = true) => fixedType(signed, 64, 32, 'TRN', o);
    const max = 2n ** 63n - 1n;
    expect(maxRaw(t('SAT'))).toBe(max);
    expect(minRaw(t('SAT'))).toBe(-(2n ** 63n));
    expect(q(max, 32, t('SAT'))).toBe(max);
    expect(q(max + 1n, 32, t('SAT'))).toBe(max);
    expect(q(max + 1n, 32, t('WRAP'))).toBe(-(2n ** 63n));
    expect(q(-(2n ** 63n), 32, t('SAT_SYM'))).toBe(-max);
    expect(q(2n ** 64n - 1n, 32, t('SAT', false))).toBe(2n ** 64n - 1n);
    expect(q(2n ** 64n, 32, t('WRAP', false))).toBe(0n);
    expect(q(2n ** 64n + 7n, 34, t('WRAP', false))).toBe(2n ** 62n + 1n); // (2^62 + 1.75) LSB, floored
  });

  it('I < 0: all bits are below the binary point', () => {
    const t = fixedType(true, 8, -2, 'RND_CONV', 'SAT'); // F = 10, values in [-1/8, 1/8)
    expect(q(1n, 3, t)).toBe(127n); // 1/8 is just out of range
    expect(q(-1n, 3, t)).toBe(-128n);
    expect(q(1n, 11, t)).toBe(0n); // half an LSB, to even
    expect(q(3n, 11, t)).toBe(2n); // 1.5 LSB, to even
  });

  it('I > W: the LSB weighs more than 1', () => {
    const t = (r: Rounding, o: Overflow = 'WRAP') => fixedType(true, 4, 8, r, o); // F = -4, LSB 16
    expect(q(24n, 0, t('RND_CONV'))).toBe(2n); // 24 = 1.5 LSB -> 2
    expect(q(40n, 0, t('RND_CONV'))).toBe(2n); // 2.5 LSB -> 2
    expect(q(-24n, 0, t('TRN'))).toBe(-2n);
    expect(q(-24n, 0, t('TRN_ZERO'))).toBe(-1n);
    expect(q(127n, 0, t('TRN', 'SAT'))).toBe(7n);
    expect(q(128n, 0, t('TRN', 'WRAP'))).toBe(-8n);
    expect(q(3n, -4, t('TRN'))).toBe(3n); // source already at the LSB
    expect(q(1n, -6, t('TRN'))).toBe(4n); // coarser source: exact left shift
  });
});
