// An independent reference for quantization, written as exact rational arithmetic (not shifts).
// It deliberately shares no code with src/fixed/quantize.ts so that the two can check each other.
import type { FixedType } from '../../src/fixed/types.js';

function pow2n(k: number): bigint {
  let r = 1n;
  for (let i = 0; i < k; i++) r *= 2n;
  return r;
}

/** Floor of n/d for d > 0, by truncating division corrected for the sign. */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d; // truncates toward zero
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

export function refRange(t: FixedType): { min: bigint; max: bigint } {
  if (t.signed) {
    const h = pow2n(t.width - 1);
    return { min: -h, max: h - 1n };
  }
  return { min: 0n, max: pow2n(t.width) - 1n };
}

/** The value raw·2^-frac measured in LSBs of t, as the fraction num/den (den > 0). */
function inLsbs(raw: bigint, frac: number, t: FixedType): { num: bigint; den: bigint } {
  const f = t.width - t.int;
  const k = f - frac; // value / 2^-f = raw · 2^k
  return k >= 0 ? { num: raw * pow2n(k), den: 1n } : { num: raw, den: pow2n(-k) };
}

export function refRound(num: bigint, den: bigint, mode: FixedType['rounding']): bigint {
  const fl = floorDiv(num, den);
  const rem = num - fl * den; // 0 <= rem < den
  if (rem === 0n) return fl;
  const ce = fl + 1n;
  const twice = 2n * rem;
  const positive = num > 0n;
  const nearest = twice < den ? fl : twice > den ? ce : null; // null: exact tie
  switch (mode) {
    case 'TRN':
      return fl;
    case 'TRN_ZERO':
      return positive ? fl : ce;
    case 'RND':
      return nearest ?? ce;
    case 'RND_ZERO':
      return nearest ?? (positive ? fl : ce);
    case 'RND_MIN_INF':
      return nearest ?? fl;
    case 'RND_INF':
      return nearest ?? (positive ? ce : fl);
    case 'RND_CONV': {
      if (nearest !== null) return nearest;
      const flEven = ((fl % 2n) + 2n) % 2n === 0n;
      return flEven ? fl : ce;
    }
  }
}

export function refOverflow(v: bigint, t: FixedType): bigint {
  const { min, max } = refRange(t);
  const inRange = min <= v && v <= max;
  switch (t.overflow) {
    case 'WRAP': {
      const span = max - min + 1n;
      return (((v - min) % span) + span) % span + min;
    }
    case 'SAT':
      return inRange ? v : v > max ? max : min;
    case 'SAT_ZERO':
      return inRange ? v : 0n;
    case 'SAT_SYM': {
      // Signed: the symmetric range [-max, max]; unsigned: plain saturation.
      const lo = t.signed ? -max : min;
      return v > max ? max : v < lo ? lo : v;
    }
  }
}

/** Reference quantization of the exact value raw·2^-frac to t. */
export function refQuantize(raw: bigint, frac: number, t: FixedType): bigint {
  const { num, den } = inLsbs(raw, frac, t);
  return refOverflow(refRound(num, den, t.rounding), t);
}

/** A finite double as an exact (integer, frac) pair, by doubling until it is an integer. */
export function refDecompose(x: number): { raw: bigint; frac: number } {
  let m = x;
  let frac = 0;
  while (!Number.isInteger(m)) {
    m *= 2; // exact: doubling a finite double that is not an integer never overflows
    frac++;
  }
  return { raw: BigInt(m), frac };
}

export function refFromFloat(x: number, t: FixedType): bigint {
  const { raw, frac } = refDecompose(x);
  return refQuantize(raw, frac, t);
}

/**
 * The nearest double to raw·2^-F, through its exact decimal expansion and the JS engine's
 * correctly rounded decimal-to-double conversion (a third, unrelated method).
 */
export function refToFloat(raw: bigint, t: FixedType): number {
  const f = t.width - t.int;
  if (f <= 0) return Number(`${raw * pow2n(-f)}`);
  const neg = raw < 0n;
  const digits = ((neg ? -raw : raw) * 5n ** BigInt(f)).toString().padStart(f + 1, '0');
  const text = `${digits.slice(0, digits.length - f)}.${digits.slice(digits.length - f)}`;
  return Number(neg ? `-${text}` : text);
}
