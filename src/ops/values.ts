// Fixed-point tensor values for the bit-accurate simulator: raw integers scaled by 2^-F.
import type { FixedType } from '../fixed/types.js';

/** Raw integers: a Float64Array on the exact-double path, bigint[] on the wide path. */
export type RawArray = Float64Array | bigint[];

export interface FixedTensor {
  readonly type: FixedType;
  readonly raw: RawArray;
}

export type SimMode = 'auto' | 'bigint';

export interface FixedContext {
  /** `auto`: exact doubles wherever every intermediate fits in 53 bits; `bigint`: always BigInt. */
  readonly mode: SimMode;
}

export function isNumberRaw(r: RawArray): r is Float64Array {
  return r instanceof Float64Array;
}

export function toBigRaw(r: RawArray): bigint[] {
  if (!isNumberRaw(r)) return r;
  const out = new Array<bigint>(r.length);
  for (let i = 0; i < r.length; i++) out[i] = BigInt(r[i]!);
  return out;
}

/** Bits needed to hold any raw value of `t` in magnitude (sign included). */
export function magnitudeBits(t: FixedType): number {
  return t.signed ? t.width : t.width + 1;
}

/** Doubles hold integers exactly below 2^53; we keep one bit of margin. */
export const SAFE_BITS = 52;
