// Replaces unset ('auto') accumulator types of dense, conv and average pools with the narrowest
// exact type: one that holds every product without rounding and every possible final sum without overflow.
import { fromFloat, maxRaw, minRaw } from '../fixed/quantize.js';
import { typeForRange } from '../fixed/rules.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import { typeOf } from '../ir/graph.js';
import type { BatchNormNode, ConvNode, DenseNode, Graph, GlobalPoolNode, Node, PoolNode } from '../ir/types.js';
import { poolWindows } from '../ops/pool.js';
import type { Pass } from './types.js';

/**
 * With WRAP accumulators the sum is exact modulo 2^W whatever the order, so it is enough that
 * the *final* sum of each output fits: bound it over the input range using the actual quantized
 * weights (tighter than a bound from the weight type). W is [nIn, nOut] in C order: output j
 * sums over i (for conv, i runs over a whole window: kernel taps × the group's input channels).
 */
function exactWeightedAccum(g: Graph, n: DenseNode | ConvNode | BatchNormNode, nIn: number, nOut: number): FixedType {
  const tx = typeOf(g, n.inputs[0]!);
  const tw = typeOf(g, n.inputs[1]!);
  const tb = n.inputs[2] ? typeOf(g, n.inputs[2]) : undefined;
  const fp = fracBits(tx) + fracBits(tw);
  const fa = Math.max(fp, tb ? fracBits(tb) : fp);
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

export function exactDenseAccum(g: Graph, n: DenseNode): FixedType {
  const [nIn, nOut] = g.tensors[n.inputs[1]!]!.shape as [number, number];
  return exactWeightedAccum(g, n, nIn, nOut);
}

/**
 * Every input type holds 0, so each term's bounds straddle 0 and a window cut by padding sums
 * fewer terms within the full window's bounds: the full window bounds every output.
 */
export function exactConvAccum(g: Graph, n: ConvNode): FixedType {
  const w = g.tensors[n.inputs[1]!]!.shape;
  const nOut = w.at(-1)!;
  return exactWeightedAccum(g, n, w.reduce((a, b) => a * b, 1) / nOut, nOut);
}

/** The exact window sum: F = F(x), at most the most in-range taps of any window times x's range. */
export function exactPoolAccum(g: Graph, n: PoolNode | GlobalPoolNode): FixedType {
  const tx = typeOf(g, n.inputs[0]!);
  const taps = BigInt(poolWindows(n, g.tensors[n.inputs[0]!]!.shape).win.maxTaps);
  return typeForRange(taps * minRaw(tx), taps * maxRaw(tx), fracBits(tx));
}

/** `n` with its accumulator type set (the exact one) when the config left it 'auto'. */
export function withAccum(g: Graph, n: Node): Node {
  switch (n.op) {
    case 'dense': return n.attrs.accum ? n : { ...n, attrs: { ...n.attrs, accum: exactDenseAccum(g, n) } };
    case 'conv': return n.attrs.accum ? n : { ...n, attrs: { ...n.attrs, accum: exactConvAccum(g, n) } };
    // One product per output: the scale is a [1, C] weight matrix and the shift its bias.
    case 'batchnorm': return n.attrs.accum ? n : { ...n, attrs: { ...n.attrs, accum: exactWeightedAccum(g, n, 1, g.tensors[n.inputs[1]!]!.shape[0]!) } };
    case 'avgpool':
    case 'global_avgpool':
      return n.attrs.accum ? n : ({ ...n, attrs: { ...n.attrs, accum: exactPoolAccum(g, n) } } as Node);
    default: return n;
  }
}

export const inferAccumulatorTypes: Pass = {
  name: 'infer-accumulator-types',
  run(g: Graph): Graph {
    return { ...g, nodes: g.nodes.map((n) => withAccum(g, n)) };
  },
};
