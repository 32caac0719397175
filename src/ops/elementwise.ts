// Shared machinery for ops that map each element independently (relu, linear, casts).
import { quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, type FixedTensor, type FixedContext } from './values.js';

/** Quantize every element of x (after an exact elementwise map) into `out`. */
export function castEach(
  x: FixedTensor,
  out: FixedType,
  ctx: FixedContext,
  mapNumber: (r: number) => number = (r) => r,
  mapBig: (r: bigint) => bigint = (r) => r,
): FixedTensor {
  const fx = fracBits(x.type);
  const shift = Math.max(0, fracBits(out) - fx);
  if (ctx.mode === 'auto' && isNumberRaw(x.raw) && magnitudeBits(x.type) + shift <= SAFE_BITS && out.width <= SAFE_BITS) {
    const r = x.raw;
    const y = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) y[i] = quantizeNumber(mapNumber(r[i]!), fx, out);
    return { type: out, raw: y };
  }
  const r = isNumberRaw(x.raw) ? Array.from(x.raw, (v) => BigInt(v)) : x.raw;
  return { type: out, raw: r.map((v) => quantize(mapBig(v), fx, out)) };
}

export function sameShape(shapes: readonly (readonly number[])[]): number[][] {
  return [[...shapes[0]!]];
}

export function mapFloat(x: Float64Array, f: (v: number) => number): Float64Array {
  const y = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = f(x[i]!);
  return y;
}
