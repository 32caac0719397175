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
 * and subtractions whose exact result is an integer below 2^53.
 */
export function quantizeNumber(raw: number, frac: number, t: FixedType): number {
  const shift = frac - t.width + t.int;
  let v: number;
  if (shift <= 0) {
    // Beyond 64 bits of left shift every nonzero value is out of range of a <=53-bit type
    // and wraps to 0, exactly as at 64, so clamping keeps the product finite and exact.
    v = raw * POW2[1074 + (shift < -64 ? 64 : -shift)]!;
  } else if (shift > 53) {
    // |raw| < 2^53 < half an LSB: only TRN moves a negative value (down to -1 LSB).
    v = raw < 0 && t.rounding === 'TRN' ? -1 : 0;
  } else {
    const p = POW2[1074 + shift]!;
    const q = Math.floor(raw * POW2[1074 - shift]!); // floor(raw / p); multiplying is exact
    const r = raw - q * p; // in [0, p): an integer below 2^53, so exact
    if (r === 0 || t.rounding === 'TRN') v = q;
    else if (t.rounding === 'TRN_ZERO') v = q < 0 ? q + 1 : q;
    else {
      const half = POW2[1073 + shift]!;
      if (r > half) v = q + 1;
      else if (r < half) v = q;
      else v = q + tieUp(q, t.rounding); // an exact tie; q + 1/2 is negative iff q < 0
    }
  }
  return overflowNumber(v, t);
}

/** 1 if a tie between q and q + 1 goes up under the rounding mode, else 0. */
function tieUp(q: number, rounding: Rounding): number {
  switch (rounding) {
    case 'RND':
      return 1;
    case 'RND_ZERO':
      return q < 0 ? 1 : 0;
    case 'RND_MIN_INF':
      return 0;
    case 'RND_INF':
      return q < 0 ? 0 : 1;
    case 'RND_CONV':
      return q - 2 * Math.floor(q * 0.5); // q's parity (q % 2 would be a slow fmod on doubles)
    default:
      return 0; // TRN and TRN_ZERO never get here
  }
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
      const r = v - span * Math.floor(v * POW2[1074 - w]!);
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
// m in DEC[0] (a typed array: a module-level `let` holding a double would box it, i.e.
// allocate, on every store) and returns frac, a small integer.
const view = new DataView(new ArrayBuffer(8));
const DEC = new Float64Array(1);

function decompose(x: number, t: FixedType): number {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  if (exp === 0x7ff) throw nonFinite(x, t);
  let m = (hi & 0xfffff) * 4294967296 + lo;
  if (exp !== 0) m += 4503599627370496; // the implicit leading bit 2^52 (subnormals have none)
  DEC[0] = hi >>> 31 ? -m : m;
  return exp === 0 ? 1074 : 1075 - exp;
}

// Kept out of `decompose` so that the hot function stays small enough to inline.
function nonFinite(x: number, t: FixedType): HlsnetError {
  return new HlsnetError('E205', `cannot convert ${x} to ${formatFixedType(t)}: only finite values have a fixed-point value`, {
    hint: 'look for NaN or infinite values in the input data or in a float computation upstream',
  });
}

/** The double x, exactly, quantized to t. Throws E205 for NaN and ±Infinity. */
export function fromFloat(x: number, t: FixedType): bigint {
  const frac = decompose(x, t);
  return quantize(BigInt(DEC[0]!), frac, t);
}

/** `fromFloat` on the number path: bit-identical to it when t.width <= 53. */
export function fromFloatNumber(x: number, t: FixedType): number {
  const frac = decompose(x, t);
  return quantizeNumber(DEC[0]!, frac, t);
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
