// Exact decimal text for fixed-point values, so C++ literals carry the quantized value with no rounding;
// and the lines of the layer config structs.
import { formatApType, formatFixedType } from '../../fixed/parse.js';
import { fracBits, type FixedType } from '../../fixed/types.js';

/** raw·2^-F as an exact decimal string (dyadic rationals have finite decimal expansions). */
export function exactDecimal(raw: bigint, frac: number): string {
  if (frac <= 0) return (raw << BigInt(-frac)).toString();
  const neg = raw < 0n;
  const mag = neg ? -raw : raw;
  const scaled = mag * 5n ** BigInt(frac); // value = scaled / 10^frac
  let s = scaled.toString().padStart(frac + 1, '0');
  let int = s.slice(0, s.length - frac);
  let dec = s.slice(s.length - frac).replace(/0+$/, '');
  s = dec ? `${int}.${dec}` : int;
  return neg && s !== '0' ? `-${s}` : s;
}

export function exactValue(raw: bigint, t: FixedType): string {
  return exactDecimal(raw, fracBits(t));
}

/** Config-struct lines: a typedef with the hlsnet spelling as a comment, and integer constants. */
export const typedef = (name: string, t: FixedType): string => `typedef ${formatApType(t)} ${name}; // ${formatFixedType(t)}`;
export const uint = (name: string, v: number): string => `static const unsigned ${name} = ${v};`;
export const int64 = (name: string, v: bigint | number): string => `static const long long ${name} = ${v};`;
