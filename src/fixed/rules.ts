// Result-type rules: the full-precision types of products and sums (as ap_fixed's), and exact range types.
import { HlsnetError } from '../diagnostics/errors.js';
import { maxRaw, minRaw } from './quantize.js';
import { fixedType, fracBits, type FixedType, type Overflow, type Rounding } from './types.js';

/**
 * The type of a·b that holds every product exactly: W = Wa + Wb, I = Ia + Ib, signed if
 * either is. Modes TRN/WRAP, as ap_fixed's full-precision results (no rounding ever occurs).
 */
export function mulType(a: FixedType, b: FixedType): FixedType {
  return fixedType(a.signed || b.signed, a.width + b.width, a.int + b.int);
}

/**
 * The type of a + b that holds every sum exactly: F = max(Fa, Fb), one carry bit
 * above the larger integer part, where an unsigned operand added to a signed one needs one more
 * integer bit to stay positive: I = max(Ia + [sb && !sa], Ib + [sa && !sb]) + 1.
 */
export function addType(a: FixedType, b: FixedType): FixedType {
  const f = Math.max(fracBits(a), fracBits(b));
  const i = Math.max(a.int + (b.signed && !a.signed ? 1 : 0), b.int + (a.signed && !b.signed ? 1 : 0)) + 1;
  return fixedType(a.signed || b.signed, i + f, i);
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/**
 * The narrowest type with F = frac whose raw range contains [lo, hi]: unsigned when lo >= 0,
 * else signed (two's complement). Width is at least 1. Used to infer exact accumulators.
 */
export function typeForRange(
  lo: bigint,
  hi: bigint,
  frac: number,
  rounding: Rounding = 'TRN',
  overflow: Overflow = 'WRAP',
): FixedType {
  if (lo > hi) {
    throw new HlsnetError('E204', `typeForRange: empty range [${lo}, ${hi}]`, {
      hint: 'the lower bound must not exceed the upper bound (internal error: please report it)',
    });
  }
  let width: number;
  if (lo >= 0n) {
    width = Math.max(1, bitLength(hi));
  } else {
    // A signed W-bit type holds [-2^(W-1), 2^(W-1) - 1]: lo needs bitLength(-lo - 1) < W,
    // hi (if positive) needs bitLength(hi) < W.
    width = 1 + Math.max(bitLength(-lo - 1n), hi > 0n ? bitLength(hi) : 0);
  }
  return fixedType(lo < 0n, width, width - frac, rounding, overflow);
}

/** A type holding every value of `ts` exactly, at F = max F (maximum and minimum compare in it). */
export function exactUnionType(ts: readonly FixedType[]): FixedType {
  const f = Math.max(...ts.map(fracBits));
  const lo = ts.map((t) => minRaw(t) << BigInt(f - fracBits(t))).reduce((a, b) => (a < b ? a : b));
  const hi = ts.map((t) => maxRaw(t) << BigInt(f - fracBits(t))).reduce((a, b) => (a > b ? a : b));
  return typeForRange(lo, hi, f);
}

/** The exact type of Σ x_i (the narrowest at F = max F). */
export function exactSumType(ts: readonly FixedType[]): FixedType {
  const f = Math.max(...ts.map(fracBits));
  const lo = ts.reduce((a, t) => a + (minRaw(t) << BigInt(f - fracBits(t))), 0n);
  const hi = ts.reduce((a, t) => a + (maxRaw(t) << BigInt(f - fracBits(t))), 0n);
  return typeForRange(lo, hi, f);
}

/** The exact type of a − b (the narrowest at F = max F). */
export function exactDifferenceType(a: FixedType, b: FixedType): FixedType {
  const f = Math.max(fracBits(a), fracBits(b));
  const [sa, sb] = [BigInt(f - fracBits(a)), BigInt(f - fracBits(b))];
  return typeForRange((minRaw(a) << sa) - (maxRaw(b) << sb), (maxRaw(a) << sa) - (minRaw(b) << sb), f);
}
