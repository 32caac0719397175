// The float64 reference executor: runs a Graph on one sample or a batch, no quantization.
import { HlsnetError } from '../diagnostics/errors.js';
import type { Graph } from '../ir/types.js';
import { opDef } from '../ops/registry.js';
import { forEachSample, outputSizes } from './batch.js';

/** One sample: one Float64Array per graph input (IR layout); returns one per graph output. */
const constCache = new WeakMap<Graph, Map<string, Float64Array>>();

/** `onValue`, if given, sees every graph input and every node output of the sample (profiling uses it). */
export function runFloatSample(g: Graph, inputs: readonly Float64Array[], onValue?: (tensor: string, values: Float64Array) => void): Float64Array[] {
  let consts = constCache.get(g);
  if (!consts) constCache.set(g, (consts = new Map()));
  const values = new Map<string, Float64Array>();
  g.inputs.forEach((name, i) => { values.set(name, inputs[i]!); onValue?.(name, inputs[i]!); });
  const get = (name: string): Float64Array => {
    const v = values.get(name);
    if (v) return v;
    const cached = consts.get(name);
    if (cached) return cached;
    const t = g.tensors[name];
    if (t?.data) {
      const c = Float64Array.from(t.data);
      consts.set(name, c);
      return c;
    }
    throw new HlsnetError('E501', `tensor '${name}' has no value`, { subject: `tensor '${name}'` });
  };
  for (const n of g.nodes) {
    const ins = n.inputs.map(get);
    const shapes = n.inputs.map((x) => g.tensors[x]!.shape);
    const outs = opDef(n).evalFloat(n, ins, shapes);
    n.outputs.forEach((o, i) => { values.set(o, outs[i]!); onValue?.(o, outs[i]!); });
  }
  return g.outputs.map(get);
}

/**
 * A batch: per graph input a flat Float64Array of `count` samples; returns per graph
 * output a flat Float64Array of `count` samples.
 */
export function runFloat(g: Graph, inputs: readonly Float64Array[], count: number): Float64Array[] {
  const outs = outputSizes(g).map((s) => new Float64Array(s * count));
  forEachSample(g, inputs, count, (x) => runFloatSample(g, x), (r, i, offset) => outs[i]!.set(r, offset));
  return outs;
}
