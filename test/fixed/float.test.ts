// fromFloat / fromFloatNumber exactness and toFloat's nearest-double conversion, against the reference.
import { describe, expect, it } from 'vitest';
import { HlsnetError } from '../../src/diagnostics/errors.js';
import { fromFloat, fromFloatNumber, numberPathOk, pow2, toFloat } from '../../src/fixed/quantize.js';
import { fixedType, type FixedType } from '../../src/fixed/types.js';
import { Rng, show } from './random.js';
import { refFromFloat, refToFloat } from './reference.js';

const view = new DataView(new ArrayBuffer(8));
function fromBits(hi: number, lo: number): number {
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
}

/** Doubles of every sort: random bit patterns, scaled uniforms, subnormals, exact ties. */
function randomDouble(rng: Rng, t: FixedType): number {
  const f = t.width - t.int;
  switch (rng.int(0, 4)) {
    case 0:
      return fromBits(rng.u32(), rng.u32());
    case 1:
      return (rng.u32() / 4294967296 - 0.5) * pow2(rng.int(-f - 8, t.int + 8)) + rng.u32() * pow2(-f - 40);
    case 2:
      return fromBits((rng.u32() & 0x800fffff) >>> 0, rng.u32()); // subnormal (or ±0)
    case 3:
      return (rng.int(-(2 ** 20), 2 ** 20) + 0.5) * pow2(-f); // an exact tie at t's LSB
    default:
      return rng.int(-3, 3) * pow2(rng.int(-f - 2, t.int + 2)); // powers of two near the range
  }
}

describe('fromFloat', () => {
  it('equals the reference on 30,000 random doubles (bigint path, W 1..80)', () => {
    const rng = new Rng(4242);
    const failures: string[] = [];
    for (let i = 0; i < 30000; i++) {
      const t = rng.type(1, 80);
      const x = randomDouble(rng, t);
      if (!Number.isFinite(x)) continue;
      const got = fromFloat(x, t);
      const want = refFromFloat(x, t);
      if (got !== want) failures.push(`case ${i}: fromFloat(${x}, ${show(t)}) = ${got}, reference ${want}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('fromFloatNumber equals fromFloat on 30,000 random doubles (W 1..53)', () => {
    const rng = new Rng(4343);
    const failures: string[] = [];
    for (let i = 0; i < 30000; i++) {
      const t = rng.type(1, 53);
      const x = randomDouble(rng, t);
      if (!Number.isFinite(x)) continue;
      const got = fromFloatNumber(x, t);
      const want = fromFloat(x, t);
      if (!Object.is(got, Number(want))) failures.push(`case ${i}: fromFloatNumber(${x}, ${show(t)}) = ${got}, fromFloat ${want}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('is exact for doubles with many fraction bits, subnormals and ±0', () => {
    const rnd = fixedType(true, 16, 6, 'RND');
    expect(fromFloat(0.1, rnd)).toBe(102n); // 0.1·1024 = 102.4000000000000056...
    expect(fromFloat(-0.1, rnd)).toBe(-102n);
    // 1 + 2^-52 needs 52 fraction bits; a 60-bit-fraction type holds it exactly.
    const wide = fixedType(true, 64, 4);
    expect(fromFloat(1 + 2 ** -52, wide)).toBe(2n ** 60n + 2n ** 8n);
    expect(fromFloat(-(1 + 2 ** -52), wide)).toBe(-(2n ** 60n) - 2n ** 8n);
    // The smallest subnormal, 2^-1074, into a type whose LSB is exactly 2^-1074.
    const tiny = fixedType(false, 2, -1072); // F = 1074
    expect(fromFloat(5e-324, tiny)).toBe(1n);
    expect(fromFloat(3 * 5e-324, tiny)).toBe(3n);
    expect(fromFloat(5e-324, fixedType(true, 8, 0, 'RND_INF'))).toBe(0n); // far below half an LSB
    expect(fromFloat(-5e-324, fixedType(true, 8, 0, 'TRN'))).toBe(-1n); // floor of a tiny negative
    expect(fromFloat(2.2250738585072014e-308 / 2, fixedType(false, 4, -1020))).toBe(2n); // 2^-1023, F=1024
    for (const z of [0, -0]) {
      expect(fromFloat(z, rnd)).toBe(0n);
      expect(Object.is(fromFloatNumber(z, rnd), 0)).toBe(true);
    }
  });

  it('rounds exact ties from doubles by the mode', () => {
    const conv = fixedType(true, 8, 8, 'RND_CONV');
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5].map((x) => fromFloat(x, conv))).toEqual([0n, 2n, 2n, 0n, -2n, -2n]);
    const rnd = fixedType(true, 8, 8, 'RND');
    expect([0.5, -0.5, -2.5].map((x) => fromFloatNumber(x, rnd))).toEqual([1, 0, -2]);
  });

  it('saturates and wraps huge doubles', () => {
    expect(fromFloat(1e300, fixedType(true, 8, 4, 'TRN', 'SAT'))).toBe(127n);
    expect(fromFloat(-1e300, fixedType(true, 8, 4, 'TRN', 'SAT'))).toBe(-128n);
    expect(fromFloat(1e300, fixedType(true, 8, 4, 'TRN', 'WRAP'))).toBe(0n); // a multiple of 2^8 LSBs
    expect(fromFloatNumber(1e300, fixedType(true, 8, 4, 'TRN', 'WRAP'))).toBe(0);
    expect(fromFloatNumber(Number.MAX_VALUE, fixedType(false, 53, 53, 'TRN', 'SAT'))).toBe(2 ** 53 - 1);
  });

  it('rejects NaN and ±Infinity with E205', () => {
    const t = fixedType(true, 16, 6);
    for (const x of [NaN, Infinity, -Infinity]) {
      for (const f of [fromFloat, fromFloatNumber]) {
        let caught: unknown;
        try {
          f(x, t);
        } catch (e) {
          caught = e;
        }
        expect(caught).toBeInstanceOf(HlsnetError);
        expect((caught as HlsnetError).code).toBe('E205');
        expect((caught as HlsnetError).message).toContain(String(x));
        expect((caught as HlsnetError).message).toContain('fixed<16,6>');
      }
    }
  });
});

describe('toFloat', () => {
  it('is the nearest double on 20,000 random raws, including huge, subnormal and overflowing results', () => {
    const rng = new Rng(99);
    const failures: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const width = rng.int(1, 200);
      const int = rng.chance(0.2) ? rng.int(-1200, 1200) : rng.int(-10, width + 10);
      const t = fixedType(rng.chance(0.5), width, int);
      let raw = rng.bits(rng.int(0, t.signed ? width - 1 : width));
      if (t.signed && rng.chance(0.5)) raw = -raw;
      const got = toFloat(raw, t);
      const want = refToFloat(raw, t);
      if (!Object.is(got, want) && !(got === 0 && want === 0)) failures.push(`toFloat(${raw}n, ${show(t)}) = ${got}, nearest ${want}`);
      if (width <= 53 && !Object.is(toFloat(Number(raw), t), got)) failures.push(`number toFloat(${raw}, ${show(t)}) differs`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('round-trips through fromFloat when the double holds the value exactly', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 5000; i++) {
      const t = rng.type(1, 53);
      const raw = Number(rng.bits(t.width - (t.signed ? 1 : 0))) * (t.signed && rng.chance(0.5) ? -1 : 1);
      expect(fromFloatNumber(toFloat(raw, t), t)).toBe(raw + 0);
    }
  });

  it('handles exact cases by hand', () => {
    expect(toFloat(-128n, fixedType(true, 8, 1))).toBe(-1);
    expect(toFloat(3, fixedType(true, 4, 8))).toBe(48);
    expect(toFloat(2n ** 1024n - 1n, fixedType(false, 1024, 1024))).toBe(Infinity); // rounds up to 2^1024
    const u1024 = fixedType(false, 1024, 1024);
    expect(toFloat(2n ** 1024n - 2n ** 971n, u1024)).toBe(Number.MAX_VALUE);
    expect(toFloat(2n ** 1024n - 2n ** 970n - 1n, u1024)).toBe(Number.MAX_VALUE); // just below the tie
    expect(toFloat(2n ** 1024n - 2n ** 970n, u1024)).toBe(Infinity); // the tie rounds to even: overflow
    expect(toFloat(1n, fixedType(false, 2, -1072))).toBe(5e-324);
    expect(toFloat(1n, fixedType(false, 2, -1073))).toBe(0); // 2^-1075: a tie, to even (0)
    expect(toFloat(3n, fixedType(false, 2, -1073))).toBe(1e-323); // 1.5·2^-1074: a tie, to even (2·2^-1074)
  });
});

describe('numberPathOk', () => {
  it('accepts up to 53-bit inputs and outputs, any integer frac', () => {
    const t = fixedType(true, 18, 8);
    expect(numberPathOk(36, 20, t)).toBe(true);
    expect(numberPathOk(53, -3000, fixedType(false, 53, 0))).toBe(true);
    expect(numberPathOk(54, 20, t)).toBe(false);
    expect(numberPathOk(36, 20, fixedType(true, 54, 8))).toBe(false);
    expect(numberPathOk(36, 0.5, t)).toBe(false);
  });
});
