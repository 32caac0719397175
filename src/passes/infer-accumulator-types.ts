// Replaces unset ('auto') dense accumulator types with the narrowest exact type: one that
// holds every product without rounding and every possible final sum without overflow.
import { fromFloat, maxRaw, minRaw } from '../fixed/quantize.js';
import { typeForRange } from '../fixed/rules.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import { typeOf } from '../ir/graph.js';
import type { DenseNode, Graph, Node } from '../ir/types.js';
import type { Pass } from './types.js';

/**
 * With WRAP accumulators the sum is exact modulo 2^W whatever the order, so it is
 * enough that the *final* sum of each output fits: bound it over the input range
 * using the actual quantized weights (tighter than a bound from the weight type).
 */
export function exactDenseAccum(g: Graph, n: DenseNode): FixedType {
  const tx = typeOf(g, n.inputs[0]!);
  const tw = typeOf(g, n.inputs[1]!);
  const tb = n.inputs[2] ? typeOf(g, n.inputs[2]) : undefined;
  const fp = fracBits(tx) + fracBits(tw);
  const fa = Math.max(fp, tb ? fracBits(tb) : fp);
  const [nIn, nOut] = g.tensors[n.inputs[1]!]!.shape as [number, number];
  const w = g.tensors[n.inputs[1]!]!.data!.map((v) => fromFloat(v, tw));
  const b = n.inputs[2] ? g.tensors[n.inputs[2]]!.data!.map((v) => fromFloat(v, tb!)) : undefined;
  const xlo = minRaw(tx);
  const xhi = maxRaw(tx);
  const up = BigInt(fa - fp);
  let lo = 0n;
  let hi = 0n;
  for (let j = 0; j < nOut; j++) {
    let l = b ? b[j]! << BigInt(fa - fracBits(tb!)) : 0n;
    let h = l;
    for (let i = 0; i < nIn; i++) {
      const wij = w[i * nOut + j]!;
      const p1 = (wij * xlo) << up;
      const p2 = (wij * xhi) << up;
      l += p1 < p2 ? p1 : p2;
      h += p1 < p2 ? p2 : p1;
    }
    if (j === 0 || l < lo) lo = l;
    if (j === 0 || h > hi) hi = h;
  }
  return typeForRange(lo, hi, fa);
}

export const inferAccumulatorTypes: Pass = {
  name: 'infer-accumulator-types',
  run(g: Graph): Graph {
    const nodes = g.nodes.map((n): Node => (n.op === 'dense' && !n.attrs.accum ? { ...n, attrs: { ...n.attrs, accum: exactDenseAccum(g, n) } } : n));
    return { ...g, nodes };
  },
};
