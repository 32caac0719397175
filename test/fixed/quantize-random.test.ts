// Random differential tests: quantize and quantizeNumber against the rational reference, every mode.
import { describe, expect, it } from 'vitest';
import { maxRaw, minRaw, quantize, quantizeNumber } from '../../src/fixed/quantize.js';
import { fixedType, OVERFLOWS, ROUNDINGS, type FixedType } from '../../src/fixed/types.js';
import { Rng, show } from './random.js';
import { refQuantize } from './reference.js';

/** A source (raw, frac) for target t, biased toward ties, range boundaries and zero. */
function sourceFor(rng: Rng, t: FixedType, maxRawBits: number): { raw: bigint; frac: number } {
  const f = t.width - t.int;
  const frac = rng.chance(0.1) ? f + rng.int(-200, 200) : f + rng.int(-40, 40);
  const shift = frac - f; // > 0: the source has more fraction bits than t
  const kind = rng.int(0, 9);
  let raw: bigint;
  if (kind < 4 || shift <= 0) {
    raw = rng.signedBig(maxRawBits);
    if (shift < 0 && kind >= 4) raw = rng.signedBig(Math.max(0, t.width + 2 + shift)); // near t's range
  } else {
    const s = BigInt(shift);
    const lsb = 1n << s;
    const anchors = [minRaw(t), maxRaw(t), minRaw(t) - 1n, maxRaw(t) + 1n, 0n, -1n, 1n];
    const base = kind < 7 ? rng.pick(anchors) : rng.signedBig(t.width + 1);
    // an offset within one LSB: an exact tie, just around it, exact, or random
    const half = lsb >> 1n;
    const offsets = [0n, half, -half, half + 1n, half - 1n, 1n, -1n, rng.bits(shift)];
    raw = base * lsb + rng.pick(offsets);
  }
  return { raw, frac };
}

describe('quantize vs reference (random)', () => {
  const perCombo = 2000;
  for (const signed of [true, false]) {
    for (const rounding of ROUNDINGS) {
      for (const overflow of OVERFLOWS) {
        const name = `${signed ? 'signed' : 'unsigned'} ${rounding} ${overflow}`;
        it(`${name}: ${perCombo} cases, W 1..64, raws up to 130 bits`, () => {
          const seed = (ROUNDINGS.indexOf(rounding) * 16 + OVERFLOWS.indexOf(overflow)) * 2 + (signed ? 1 : 0) + 1;
          const rng = new Rng(seed);
          const failures: string[] = [];
          for (let i = 0; i < perCombo; i++) {
            const t = { ...rng.type(1, 64, signed), rounding, overflow };
            const { raw, frac } = sourceFor(rng, t, 130);
            const got = quantize(raw, frac, t);
            const want = refQuantize(raw, frac, t);
            if (got !== want) failures.push(`seed ${seed} case ${i}: quantize(${raw}n, ${frac}, ${show(t)}) = ${got}, reference ${want}`);
          }
          expect(failures.slice(0, 5)).toEqual([]);
        });
      }
    }
  }
});

describe('quantizeNumber vs quantize (random, precondition holds)', () => {
  const perCombo = 1000;
  for (const signed of [true, false]) {
    for (const rounding of ROUNDINGS) {
      for (const overflow of OVERFLOWS) {
        const name = `${signed ? 'signed' : 'unsigned'} ${rounding} ${overflow}`;
        it(`${name}: ${perCombo} cases, W 1..53, safe-integer raws`, () => {
          const seed = 1000 + (ROUNDINGS.indexOf(rounding) * 16 + OVERFLOWS.indexOf(overflow)) * 2 + (signed ? 1 : 0);
          const rng = new Rng(seed);
          const failures: string[] = [];
          for (let i = 0; i < perCombo; i++) {
            const t = { ...rng.type(1, 53, signed), rounding, overflow };
            let { raw, frac } = sourceFor(rng, t, 53);
            if (raw >= 1n << 53n || raw <= -(1n << 53n)) raw = rng.signedBig(53); // keep it safe
            if (rng.chance(0.02)) frac += rng.pick([-2000, 2000]); // shifts far beyond a double's range
            const got = quantizeNumber(Number(raw), frac, t);
            const want = quantize(raw, frac, t);
            if (!Object.is(got, Number(want))) {
              failures.push(`seed ${seed} case ${i}: quantizeNumber(${raw}, ${frac}, ${show(t)}) = ${got}, quantize ${want}`);
            }
          }
          expect(failures.slice(0, 5)).toEqual([]);
        });
      }
    }
  }

  it('agrees at every shift from -70 to 70 on the largest safe integers, every mode', () => {
    const failures: string[] = [];
    const mags = [2n ** 53n - 1n, 2n ** 53n - 2n, 2n ** 52n + 1n, 2n ** 52n, 2n ** 52n - 1n, 3n, 1n];
    for (const t0 of [fixedType(true, 1, 1), fixedType(true, 17, 5), fixedType(false, 8, 0), fixedType(true, 53, 20)]) {
      for (const rounding of ROUNDINGS) {
        for (const overflow of OVERFLOWS) {
          const t = { ...t0, rounding, overflow };
          for (let shift = -70; shift <= 70; shift++) {
            const frac = t.width - t.int + shift;
            for (const m of mags) {
              for (const raw of [m, -m]) {
                const got = quantizeNumber(Number(raw), frac, t);
                const want = quantize(raw, frac, t);
                if (!Object.is(got, Number(want))) failures.push(`quantizeNumber(${raw}, ${frac}, ${show(t)}) = ${got}, quantize ${want}`);
              }
            }
          }
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('handles the largest safe integers and -0', () => {
    const rng = new Rng(77);
    const failures: string[] = [];
    const extremes = [2n ** 53n - 1n, -(2n ** 53n - 1n), 2n ** 52n, -(2n ** 52n), 2n ** 52n + 1n, 0n];
    for (let i = 0; i < 5000; i++) {
      const t = rng.type(1, 53);
      const raw = rng.pick(extremes);
      const frac = t.width - t.int + rng.int(-60, 60);
      const got = quantizeNumber(Number(raw), frac, t);
      const want = quantize(raw, frac, t);
      if (!Object.is(got, Number(want))) failures.push(`quantizeNumber(${raw}, ${frac}, ${show(t)}) = ${got}, quantize ${want}`);
      if (!Object.is(quantizeNumber(-0, frac, t), Number(quantize(0n, frac, t)))) failures.push(`-0 into ${show(t)}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });
});
