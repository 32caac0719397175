// Result-type rules: products and sums are exact in mulType/addType; typeForRange is the narrowest fit.
import { describe, expect, it } from 'vitest';
import { HlsnetError } from '../../src/diagnostics/errors.js';
import { parseFixedType as p } from '../../src/fixed/parse.js';
import { addType, mulType, typeForRange } from '../../src/fixed/rules.js';
import { fixedType, type FixedType } from '../../src/fixed/types.js';
import { Rng, show } from './random.js';
import { refQuantize, refRange } from './reference.js';

const frac = (t: FixedType) => t.width - t.int;

/** Whether the exact value raw·2^-f survives conversion to t (TRN/WRAP) unchanged. */
function lossless(raw: bigint, f: number, t: FixedType): boolean {
  const r = refQuantize(raw, f, { ...t, rounding: 'TRN', overflow: 'WRAP' });
  const d = frac(t) - f; // compare in the finer of the two scales
  return d >= 0 ? r === raw * 2n ** BigInt(d) : r * 2n ** BigInt(-d) === raw;
}

/** Interesting raws of t: both ends, around zero, and a few random ones. */
function samples(rng: Rng, t: FixedType): bigint[] {
  const { min, max } = refRange(t);
  const xs = [min, max, 0n, min + 1n, max - 1n];
  for (let i = 0; i < 3; i++) xs.push(min + rng.bits(t.width) % (max - min + 1n));
  return xs.filter((x) => x >= min && x <= max);
}

describe('mulType / addType hold every result exactly', () => {
  it('on 2,000 random type pairs × sampled operands (including all extreme pairs)', () => {
    const rng = new Rng(2024);
    const failures: string[] = [];
    let checked = 0;
    for (let i = 0; i < 2000; i++) {
      const a = rng.type(1, 40);
      const b = rng.type(1, 40);
      const m = mulType(a, b);
      const s = addType(a, b);
      const fs = Math.max(frac(a), frac(b));
      for (const x of samples(rng, a)) {
        for (const y of samples(rng, b)) {
          checked++;
          if (!lossless(x * y, frac(a) + frac(b), m)) failures.push(`${x}·${y}: ${show(a)} × ${show(b)} -> ${show(m)}`);
          const sum = x * 2n ** BigInt(fs - frac(a)) + y * 2n ** BigInt(fs - frac(b));
          if (!lossless(sum, fs, s)) failures.push(`${x}+${y}: ${show(a)} + ${show(b)} -> ${show(s)}`);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
    expect(checked).toBeGreaterThan(100000);
  });

  it('matches the ap_fixed rules on hand-checked cases', () => {
    expect(mulType(p('ap_fixed<16,6>'), p('ap_fixed<16,6>'))).toEqual(p('fixed<32,12>'));
    expect(mulType(p('ufixed<8,8>'), p('fixed<8,3>'))).toEqual(p('fixed<16,11>'));
    expect(mulType(p('ufixed<8,0>'), p('ufixed<4,-2>'))).toEqual(p('ufixed<12,-2>'));
    expect(mulType(p('fixed<16,6,RND,SAT>'), p('fixed<8,1,RND_CONV>'))).toEqual(p('fixed<24,7>')); // TRN/WRAP
    // signed <8,3> + unsigned <8,0>: I = max(3, 0 + 1) + 1 = 4, F = max(5, 8) = 8
    expect(addType(p('ap_fixed<8,3>'), p('ap_ufixed<8,0>'))).toEqual(p('fixed<12,4>'));
    expect(addType(p('ap_ufixed<8,0>'), p('ap_fixed<8,3>'))).toEqual(p('fixed<12,4>'));
    expect(addType(p('fixed<16,6>'), p('fixed<16,6>'))).toEqual(p('fixed<17,7>'));
    expect(addType(p('ufixed<8,0>'), p('ufixed<8,0>'))).toEqual(p('ufixed<9,1>'));
    expect(addType(p('fixed<8,3>'), p('fixed<4,6>'))).toEqual(p('fixed<12,7>')); // F = max(5, -2)
    expect(addType(p('fixed<4,2>'), p('ufixed<4,6>'))).toEqual(p('fixed<10,8>')); // I = max(2, 6 + 1) + 1
  });

  it('is minimal on those cases: one bit fewer loses an extreme result', () => {
    const narrower = (t: FixedType): FixedType => fixedType(t.signed, t.width - 1, t.int - 1);
    // (-2^15)² needs all 32 bits of fixed<32,12>.
    const a = p('fixed<16,6>');
    const m = mulType(a, a);
    const minA = -(2n ** 15n);
    expect(lossless(minA * minA, 20, m)).toBe(true);
    expect(lossless(minA * minA, 20, narrower(m))).toBe(false);
    // max(<8,3>) + max(<8,0> unsigned) = 127/32 + 255/256 ≈ 4.96 needs I = 4.
    const s = addType(p('fixed<8,3>'), p('ufixed<8,0>'));
    const sum = 127n * 8n + 255n;
    expect(lossless(sum, 8, s)).toBe(true);
    expect(lossless(sum, 8, narrower(s))).toBe(false);
    const u = addType(p('ufixed<8,0>'), p('ufixed<8,0>'));
    expect(lossless(510n, 8, narrower(u))).toBe(false);
  });
});

describe('typeForRange', () => {
  it('picks the narrowest type on hand-checked ranges', () => {
    expect(typeForRange(0n, 0n, 0)).toEqual(p('ufixed<1,1>'));
    expect(typeForRange(0n, 255n, 0)).toEqual(p('ufixed<8,8>'));
    expect(typeForRange(3n, 256n, 0)).toEqual(p('ufixed<9,9>'));
    expect(typeForRange(-128n, 127n, 4)).toEqual(p('fixed<8,4>'));
    expect(typeForRange(-129n, 0n, 4)).toEqual(p('fixed<9,5>'));
    expect(typeForRange(-128n, 128n, 0)).toEqual(p('fixed<9,9>'));
    expect(typeForRange(-1n, 0n, 0)).toEqual(p('fixed<1,1>'));
    expect(typeForRange(-1n, -1n, 10)).toEqual(p('fixed<1,-9>'));
    expect(typeForRange(-2n, -1n, 0)).toEqual(p('fixed<2,2>'));
    expect(typeForRange(-5n, 5n, -3, 'RND', 'SAT')).toEqual(p('fixed<4,7,RND,SAT>'));
  });

  it('rejects an empty range with E204', () => {
    expect(() => typeForRange(5n, 3n, 0)).toThrow(HlsnetError);
    try {
      typeForRange(5n, 3n, 0);
    } catch (e) {
      expect((e as HlsnetError).code).toBe('E204');
    }
  });

  it('holds both ends and is minimal on 20,000 random ranges', () => {
    const rng = new Rng(55);
    const failures: string[] = [];
    for (let i = 0; i < 20000; i++) {
      let lo = rng.signedBig(rng.int(0, 80));
      let hi = rng.chance(0.2) ? lo : rng.signedBig(rng.int(0, 80));
      if (lo > hi) [lo, hi] = [hi, lo];
      const f = rng.int(-20, 40);
      const t = typeForRange(lo, hi, f);
      const { min, max } = refRange(t);
      if (t.width < 1 || t.signed !== lo < 0n || frac(t) !== f) failures.push(`bad shape ${show(t)} for [${lo}, ${hi}]`);
      if (lo < min || hi > max) failures.push(`[${lo}, ${hi}] not in ${show(t)}`);
      if (t.width > 1) {
        const n = refRange(fixedType(t.signed, t.width - 1, t.int - 1));
        if (lo >= n.min && hi <= n.max) failures.push(`[${lo}, ${hi}] also fits in width ${t.width - 1}`);
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
