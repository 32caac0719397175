// Replaces the unset types of a quantized graph's constants (QONNX: source.quantized) with the narrowest fixed
// type holding every value exactly, so folded Quant weights (and the float constants between Quant nodes)
// are never re-rounded by the configuration's weight/bias/default types (ir/OPS.md, "QONNX").
import { fromFloat } from '../fixed/quantize.js';
import { typeForRange } from '../fixed/rules.js';
import type { FixedType } from '../fixed/types.js';
import type { Tensor } from '../ir/types.js';
import type { Pass } from './types.js';

/** The widest constant the Vitis backend emits exactly (decimal literals exact as C++ doubles). */
export const MAX_CONSTANT_WIDTH = 53;

/** Fractional bits needed by a finite double: v·2^F is an integer (F may be negative). */
function fracNeeded(v: number): number {
  if (v === 0) return -Infinity;
  let f = 0;
  let x = Math.abs(v);
  while (!Number.isInteger(x)) { x *= 2; f++; }
  while (x % 2 === 0) { x /= 2; f--; }
  return f;
}

/** The narrowest type with F = f whose range holds every value of `data` rounded half-even to that grid. */
function typeAt(data: readonly number[], f: number): FixedType {
  // A type wide enough never to overflow: fromFloat then only rounds (exactly, on the double's dyadic value).
  const wide: FixedType = { signed: true, width: 2200, int: 2200 - f, rounding: 'RND_CONV', overflow: 'WRAP' };
  const raws = data.map((v) => fromFloat(v, wide));
  const lo = raws.reduce((a, b) => (a < b ? a : b), 0n);
  const hi = raws.reduce((a, b) => (a > b ? a : b), 0n);
  return typeForRange(lo, hi, f, 'RND_CONV', 'SAT');
}

/**
 * The narrowest type holding every value of `data` exactly (rounding RND_CONV: a no-op on exact values);
 * when that needs more than MAX_CONSTANT_WIDTH bits (float parameters such as folded BatchNorm scales), the
 * MAX_CONSTANT_WIDTH-bit type with just enough integer bits, the values rounded half-even into it.
 */
export function exactConstantType(data: readonly number[]): FixedType {
  let f = data.reduce((m, v) => Math.max(m, fracNeeded(v)), 0); // no spread: weight tensors can be large
  let t = typeAt(data, f);
  while (t.width > MAX_CONSTANT_WIDTH) {
    f -= t.width - MAX_CONSTANT_WIDTH;
    t = typeAt(data, f);
  }
  return t;
}

export const typeQuantizedConstants: Pass = {
  name: 'type-quantized-constants',
  run(g) {
    if (!g.source?.quantized) return g;
    const tensors: Record<string, Tensor> = { ...g.tensors };
    for (const [name, t] of Object.entries(g.tensors)) {
      if (!t.data || t.type) continue;
      tensors[name] = { ...t, type: exactConstantType(t.data) };
    }
    return { ...g, tensors };
  },
};
