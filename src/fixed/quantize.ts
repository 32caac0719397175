// Quantization: the exact value raw·2^-frac converted to a FixedType's raw integer (round, then overflow).
//
// Semantics (ap_fixed's documented AP_* modes). Rounding to the target LSB happens first,
// overflow handling second, so rounding may push a value out of range (e.g. max + 1/2 LSB
// with RND) and the overflow mode then decides.
//   TRN floor (toward -inf)          TRN_ZERO toward zero
//   RND nearest, ties toward +inf    RND_ZERO nearest, ties toward zero
//   RND_MIN_INF ties toward -inf     RND_INF nearest, ties away from zero
//   RND_CONV nearest, ties to even
//   WRAP modulo 2^W into the range (two's complement when signed)
//   SAT clamp to [min, max]          SAT_ZERO any out-of-range value becomes 0
//   SAT_SYM signed: clamp to [-max, max]; unsigned: same as SAT.
// SAT_SYM decision: a signed SAT_SYM type never holds the most negative raw -2^(W-1).
// Every value below -max becomes -max, including exactly -2^(W-1) (whether it arrives as
// input or is produced by rounding), so the range is symmetric. Signed W=1 SAT_SYM is always 0.
//
// Two paths, bit-identical where both apply: `quantize` on BigInt (any size) and
// `quantizeNumber` on doubles for the simulator's fast path (see `numberPathOk`).
import { HlsnetError } from '../diagnostics/errors.js';
import { formatFixedType } from './parse.js';
import type { FixedType, Rounding } from './types.js';

/** POW2[k + 1074] = 2^k exactly for k in [-1074, 1023]; built by exact doublings/halvings. */
const POW2 = new Float64Array(2098);
POW2[1074] = 1;
for (let k = 1; k <= 1023; k++) POW2[1074 + k] = POW2[1073 + k]! * 2;
for (let k = 1; k <= 1074; k++) POW2[1074 - k] = POW2[1075 - k]! / 2;

/** 2^k as a double: exact for -1074 <= k <= 1023, 0 below, Infinity above. */
export function pow2(k: number): number {
  if (k < -1074) return 0;
  if (k > 1023) return Infinity;
  return POW2[k + 1074]!;
}

export function minRaw(t: FixedType): bigint {
  return t.signed ? -(1n << BigInt(t.width - 1)) : 0n;
}

export function maxRaw(t: FixedType): bigint {
  return (1n << BigInt(t.signed ? t.width - 1 : t.width)) - 1n;
}

/** Number versions of minRaw/maxRaw: exact for width <= 53. */
export function minRawNumber(t: FixedType): number {
  return t.signed ? -POW2[1073 + t.width]! : 0;
}

export function maxRawNumber(t: FixedType): number {
  return POW2[1074 + (t.signed ? t.width - 1 : t.width)]! - 1;
}

/**
 * Rounds raw·2^-shift to an integer with the given mode (shift <= 0 is an exact left shift).
 * Exported for callers that round without a target type (e.g. toFloat's 53-bit rounding).
 */
export function roundShift(raw: bigint, shift: number, rounding: Rounding): bigint {
  if (shift <= 0) return shift === 0 ? raw : raw << BigInt(-shift);
  const s = BigInt(shift);
  const q = raw >> s; // BigInt >> is floor division by 2^shift
  if (rounding === 'TRN') return q;
  const rem = raw - (q << s); // in [0, 2^shift): the part floor dropped
  if (rem === 0n) return q;
  if (rounding === 'TRN_ZERO') return raw < 0n ? q + 1n : q;
  const half = 1n << (s - 1n);
  if (rem > half) return q + 1n;
  if (rem < half) return q;
  // An exact tie between q and q + 1; the value q + 1/2 is negative iff q < 0.
  switch (rounding) {
    case 'RND':
      return q + 1n;
    case 'RND_ZERO':
      return q < 0n ? q + 1n : q;
    case 'RND_MIN_INF':
      return q;
    case 'RND_INF':
      return q < 0n ? q : q + 1n;
    case 'RND_CONV':
      return (q & 1n) === 0n ? q : q + 1n;
    default:
      return unreachable(rounding);
  }
}

/** Applies t's overflow mode to an integer already at t's LSB. */
export function overflowRaw(v: bigint, t: FixedType): bigint {
  if (t.overflow === 'WRAP') return t.signed ? BigInt.asIntN(t.width, v) : BigInt.asUintN(t.width, v);
  const min = minRaw(t);
  const max = maxRaw(t);
  if (v >= min && v <= max) return t.overflow === 'SAT_SYM' && t.signed && v === min ? -max : v;
  switch (t.overflow) {
    case 'SAT':
      return v < min ? min : max;
    case 'SAT_ZERO':
      return 0n;
    case 'SAT_SYM':
      return v > max ? max : t.signed ? -max : min;
    default:
      return unreachable(t.overflow);
  }
}

/** The exact value raw·2^-frac (frac any integer) as t's raw integer. */
export function quantize(raw: bigint, frac: number, t: FixedType): bigint {
  return overflowRaw(roundShift(raw, frac - t.width + t.int, t.rounding), t);
}

/**
 * Whether `quantizeNumber` is exact (bit-identical to `quantize`): the source raw fits in
 * `inputBits` bits of magnitude (|raw| < 2^inputBits; the width of any fixed type holding raw
 * qualifies, e.g. mulType(a, b).width for a product), inputBits <= 53 so raw is a safe
 * integer, frac is an integer (any size), and t.width <= 53 so every result is a safe integer.
 */
export function numberPathOk(inputBits: number, frac: number, t: FixedType): boolean {
  return inputBits <= 53 && t.width <= 53 && Number.isInteger(frac);
}

/**
 * `quantize` on doubles, without allocation. Precondition (see numberPathOk): raw is a safe
 * integer and t.width <= 53. Then every step below is exact: scaling by powers of two, floor,
 * and subtractions whose exact result has at most 53 significant bits.
 */
export function quantizeNumber(raw: number, frac: number, t: FixedType): number {
  let shift = frac - t.width + t.int;
  let v: number;
  if (shift <= 0) {
    // Beyond 64 bits of left shift every nonzero value is out of range of a <=53-bit type
    // and wraps to 0, exactly as at 64, so clamping keeps the product finite and exact.
    v = raw * POW2[1074 + (shift < -64 ? 64 : -shift)]!;
  } else {
    // |raw| < 2^53 <= half an LSB for any shift >= 54: the outcome is that of shift 54.
    if (shift > 54) shift = 54;
    const p = POW2[1074 + shift]!;
    const half = POW2[1073 + shift]!;
    // Work on the magnitude: a - qa·p is then exact (it keeps a subset of a's bits).
    const neg = raw < 0;
    const a = neg ? -raw : raw;
    const qa = Math.floor(a / p);
    const ra = a - qa * p;
    let up: boolean; // whether the magnitude rounds up from qa to qa + 1
    switch (t.rounding) {
      case 'TRN':
        up = neg && ra > 0;
        break;
      case 'TRN_ZERO':
        up = false;
        break;
      case 'RND':
        up = neg ? ra > half : ra >= half;
        break;
      case 'RND_ZERO':
        up = ra > half;
        break;
      case 'RND_MIN_INF':
        up = neg ? ra >= half : ra > half;
        break;
      case 'RND_INF':
        up = ra >= half;
        break;
      case 'RND_CONV':
        up = ra > half || (ra === half && qa % 2 === 1);
        break;
      default:
        return unreachable(t.rounding);
    }
    const m = up ? qa + 1 : qa;
    v = neg ? -m : m;
  }
  return overflowNumber(v, t);
}

function overflowNumber(v: number, t: FixedType): number {
  const w = t.width;
  const min = t.signed ? -POW2[1073 + w]! : 0;
  const max = POW2[1074 + (t.signed ? w - 1 : w)]! - 1;
  if (v >= min && v <= max) {
    // 0 - max rather than -max: signed W=1 has max = 0, and -0 must not escape.
    if (t.overflow === 'SAT_SYM' && t.signed && v === min) return 0 - max;
    return v + 0; // + 0 turns -0 into 0
  }
  switch (t.overflow) {
    case 'WRAP': {
      // v - span·floor(v/span) is exact: its true result has at most w <= 53 bits.
      const span = POW2[1074 + w]!;
      const r = v - span * Math.floor(v / span);
      return r > max ? r - span : r;
    }
    case 'SAT':
      return v < min ? min : max;
    case 'SAT_ZERO':
      return 0;
    case 'SAT_SYM':
      return v > max ? max : t.signed ? 0 - max : min;
    default:
      return unreachable(t.overflow);
  }
}

// A finite double is exactly m·2^-frac with m an integer below 2^53; `decompose` leaves
// them here so that the number path allocates nothing.
const view = new DataView(new ArrayBuffer(8));
let decMant = 0;
let decFrac = 0;

function decompose(x: number, t: FixedType): void {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  if (exp === 0x7ff) {
    throw new HlsnetError('E205', `cannot convert ${x} to ${formatFixedType(t)}: only finite values have a fixed-point value`, {
      hint: 'look for NaN or infinite values in the input data or in a float computation upstream',
    });
  }
  let m = (hi & 0xfffff) * 4294967296 + lo;
  if (exp === 0) {
    decFrac = 1074; // subnormal: m·2^-1074, no implicit leading bit
  } else {
    m += 4503599627370496; // the implicit leading bit 2^52
    decFrac = 1075 - exp;
  }
  decMant = hi >>> 31 ? -m : m;
}

/** The double x, exactly, quantized to t. Throws E205 for NaN and ±Infinity. */
export function fromFloat(x: number, t: FixedType): bigint {
  decompose(x, t);
  return quantize(BigInt(decMant), decFrac, t);
}

/** `fromFloat` on the number path: bit-identical to it when t.width <= 53. */
export function fromFloatNumber(x: number, t: FixedType): number {
  decompose(x, t);
  return quantizeNumber(decMant, decFrac, t);
}

/** raw·2^-F as the nearest double (ties to even); exact whenever it is representable. */
export function toFloat(raw: bigint | number, t: FixedType): number {
  const f = t.width - t.int;
  if (typeof raw === 'number') {
    // |raw| < 2^53 and a normal, finite result: one exact power-of-two scaling.
    if (f >= -970 && f <= 1022 && Number.isSafeInteger(raw)) return raw * POW2[1074 - f]!;
    raw = BigInt(raw);
  }
  if (raw === 0n) return 0;
  const neg = raw < 0n;
  const a = neg ? -raw : raw;
  const top = a.toString(2).length - 1 - f; // the value lies in [2^top, 2^(top+1))
  const lsb = Math.max(top - 52, -1074); // a double's LSB there (subnormals: 2^-1074)
  if (lsb > 1023) return neg ? -Infinity : Infinity;
  // Round once, to the double's LSB, so subnormal results are not rounded twice.
  const m = Number(roundShift(a, lsb + f, 'RND_CONV')) * POW2[1074 + lsb]!;
  return neg ? -m : m;
}

function unreachable(x: never): never {
  throw new Error(`unreachable: ${String(x)}`);
}
