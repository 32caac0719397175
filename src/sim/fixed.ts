// The bit-accurate fixed-point executor: exact raw-integer arithmetic per ir/OPS.md,
// on exact doubles where every intermediate fits in 53 bits and on BigInt otherwise.
import { fromFloat, fromFloatNumber, toFloat } from '../fixed/quantize.js';
import type { FixedType } from '../fixed/types.js';
import { typeOf } from '../ir/graph.js';
import type { Graph } from '../ir/types.js';
import { opDef } from '../ops/registry.js';
import { forEachSample, outputSizes } from './batch.js';
import { SAFE_BITS, type FixedContext, type FixedTensor, type SimMode } from '../ops/values.js';

/** Quantize float values into `t` exactly (each double is a dyadic rational). */
export function quantizeFloats(x: ArrayLike<number>, t: FixedType, mode: SimMode): FixedTensor {
  if (mode === 'auto' && t.width <= SAFE_BITS) {
    const raw = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) raw[i] = fromFloatNumber(x[i]!, t);
    return { type: t, raw };
  }
  return { type: t, raw: Array.from({ length: x.length }, (_, i) => fromFloat(x[i]!, t)) };
}

export function fixedToFloats(v: FixedTensor): Float64Array {
  const out = new Float64Array(v.raw.length);
  for (let i = 0; i < out.length; i++) out[i] = toFloat(v.raw[i]!, v.type);
  return out;
}

const constCache = new WeakMap<Graph, Map<string, FixedTensor>>();

function constant(g: Graph, name: string, mode: SimMode): FixedTensor {
  let cache = constCache.get(g);
  if (!cache) constCache.set(g, (cache = new Map()));
  const key = `${mode}:${name}`;
  let v = cache.get(key);
  if (!v) {
    v = quantizeFloats(g.tensors[name]!.data!, typeOf(g, name), mode);
    cache.set(key, v);
  }
  return v;
}

/** One sample: float inputs (IR layout) are quantized to the input types; returns raw outputs. */
export function runFixedSample(g: Graph, inputs: readonly ArrayLike<number>[], mode: SimMode = 'auto'): FixedTensor[] {
  const ctx: FixedContext = { mode };
  const values = new Map<string, FixedTensor>();
  g.inputs.forEach((name, i) => values.set(name, quantizeFloats(inputs[i]!, typeOf(g, name), mode)));
  const get = (name: string): FixedTensor => values.get(name) ?? constant(g, name, mode);
  for (const n of g.nodes) {
    const ins = n.inputs.map(get);
    const shapes = n.inputs.map((x) => g.tensors[x]!.shape);
    const outTypes = n.outputs.map((o) => typeOf(g, o));
    const outs = opDef(n).evalFixed(n, ins, outTypes, shapes, ctx);
    n.outputs.forEach((o, i) => values.set(o, outs[i]!));
  }
  return g.outputs.map(get);
}

export interface FixedBatchResult {
  /** Per graph output: flat values of all samples (exact when the type fits a double). */
  readonly values: Float64Array[];
  /** Per graph output: flat raw integers of all samples. */
  readonly raw: bigint[][];
  readonly types: FixedType[];
}

export function runFixed(g: Graph, inputs: readonly Float64Array[], count: number, mode: SimMode = 'auto'): FixedBatchResult {
  const values = outputSizes(g).map((s) => new Float64Array(s * count));
  const raw = g.outputs.map(() => [] as bigint[]);
  const types = g.outputs.map((o) => typeOf(g, o));
  forEachSample(g, inputs, count, (x) => runFixedSample(g, x, mode), (r, i, offset) => {
    values[i]!.set(fixedToFloats(r), offset);
    for (const v of r.raw) raw[i]!.push(BigInt(v));
  });
  return { values, raw, types };
}
