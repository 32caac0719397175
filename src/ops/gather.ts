// Shared by pad and resize: an output element is one input element (or a fill value) cast once to T(out),
// y = quantize(x, T(out)), exactly as concat and linear cast (ir/OPS.md, pad and resize).
import { fromFloat, fromFloatNumber, quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, toBigRaw, type FixedTensor } from './values.js';

/** Per-axis source index of each output index (-1: outside the input) -> flat source of every output element. */
export function gatherIndex(inShape: readonly number[], maps: readonly (readonly number[])[]): Int32Array {
  const outShape = maps.map((m) => m.length);
  const total = outShape.reduce((a, b) => a * b, 1);
  const stride = inShape.map((_, a) => inShape.slice(a + 1).reduce((p, d) => p * d, 1));
  const src = new Int32Array(total);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < total; i++) {
    let s = 0;
    for (let a = 0; a < idx.length && s >= 0; a++) {
      const k = maps[a]![idx[a]!]!;
      s = k < 0 ? -1 : s + k * stride[a]!;
    }
    src[i] = s;
    for (let a = idx.length - 1; a >= 0; a--) { if (++idx[a]! < outShape[a]!) break; idx[a] = 0; }
  }
  return src;
}

export function gatherFloat(src: Int32Array, x: Float64Array, fill: number): Float64Array {
  return Float64Array.from(src, (s) => (s < 0 ? fill : x[s]!));
}

/** y[i] = quantize(x[src[i]], out), or q(fill) (fill quantized to `out` with its modes) where src[i] < 0. */
export function gatherFixed(src: Int32Array, x: FixedTensor, out: FixedType, fill: number): FixedTensor {
  const fr = fracBits(x.type);
  const r = x.raw;
  if (isNumberRaw(r) && out.width <= SAFE_BITS && magnitudeBits(x.type) + Math.max(0, fracBits(out) - fr) <= SAFE_BITS) {
    const f = fromFloatNumber(fill, out);
    return { type: out, raw: Float64Array.from(src, (s) => (s < 0 ? f : quantizeNumber(r[s]!, fr, out))) };
  }
  const big = toBigRaw(r);
  const f = fromFloat(fill, out);
  return { type: out, raw: Array.from(src, (s) => (s < 0 ? f : quantize(big[s]!, fr, out))) };
}
