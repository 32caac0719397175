// The bit-accurate fixed-point executor: exact raw-integer arithmetic per ir/OPS.md,
// on exact doubles where every intermediate fits in 53 bits and on BigInt otherwise.
import { HlsnetError } from '../diagnostics/errors.js';
import { fromFloat, fromFloatNumber, toFloat } from '../fixed/quantize.js';
import type { FixedType } from '../fixed/types.js';
import { size } from '../ir/graph.js';
import type { Graph } from '../ir/types.js';
import { opDef } from '../ops/registry.js';
import { SAFE_BITS, type FixedContext, type FixedTensor, type SimMode } from '../ops/values.js';

function needType(g: Graph, name: string): FixedType {
  const t = g.tensors[name]?.type;
  if (!t) {
    throw new HlsnetError('E504', `tensor '${name}' has no fixed-point type`, {
      subject: `tensor '${name}'`,
      hint: 'run the precision passes first (hlsnet convert does this; in the API use compile())',
    });
  }
  return t;
}

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
    v = quantizeFloats(g.tensors[name]!.data!, needType(g, name), mode);
    cache.set(key, v);
  }
  return v;
}

/** One sample: float inputs (IR layout) are quantized to the input types; returns raw outputs. */
export function runFixedSample(g: Graph, inputs: readonly ArrayLike<number>[], mode: SimMode = 'auto'): FixedTensor[] {
  const ctx: FixedContext = { mode };
  const values = new Map<string, FixedTensor>();
  g.inputs.forEach((name, i) => values.set(name, quantizeFloats(inputs[i]!, needType(g, name), mode)));
  const get = (name: string): FixedTensor => values.get(name) ?? constant(g, name, mode);
  for (const n of g.nodes) {
    const ins = n.inputs.map(get);
    const shapes = n.inputs.map((x) => g.tensors[x]!.shape);
    const outTypes = n.outputs.map((o) => needType(g, o));
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
  const inSizes = g.inputs.map((x) => size(g.tensors[x]!.shape));
  const outSizes = g.outputs.map((x) => size(g.tensors[x]!.shape));
  const values = outSizes.map((s) => new Float64Array(s * count));
  const raw = outSizes.map(() => [] as bigint[]);
  const types = g.outputs.map((o) => needType(g, o));
  for (let k = 0; k < count; k++) {
    const sample = inputs.map((a, i) => a.subarray(k * inSizes[i]!, (k + 1) * inSizes[i]!));
    const res = runFixedSample(g, sample, mode);
    res.forEach((r, i) => {
      values[i]!.set(fixedToFloats(r), k * outSizes[i]!);
      for (const v of r.raw) raw[i]!.push(BigInt(v));
    });
  }
  return { values, raw, types };
}
