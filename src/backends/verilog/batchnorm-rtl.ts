// Batchnorm kept as a per-channel scale and shift, as RTL (ir/OPS.md): the dense contract with one product per output.
import { HlsnetError } from '../../diagnostics/errors.js';
import { fromFloat, quantize } from '../../fixed/quantize.js';
import { fracBits } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { BatchNormNode, Graph } from '../../ir/types.js';
import type { MultStyle } from './emit.js';
import { constantProduct } from './kernel-rtl.js';
import { layerModule, type BuiltLayer } from './layer-rtl.js';
import { sum } from './netlist.js';
import { quantizeRtl } from './quantize-rtl.js';

/** y = quantize(wrap(quantize(x·scale, accum) + quantize(shift, accum)), out), channel = last axis. */
export function batchnormLayer(g: Graph, n: BatchNormNode, module: string, mult: MultStyle): BuiltLayer {
  const acc = n.attrs.accum;
  if (!acc) throw new HlsnetError('E504', 'batchnorm accumulator type is not set', { subject: `node '${n.name}' (batchnorm)`, hint: 'run the precision passes (convert does)' });
  const [xName, sName, tName] = n.inputs as [string, string, string];
  const xType = typeOf(g, xName);
  const [sType, tType] = [typeOf(g, sName), typeOf(g, tName)];
  const scale = g.tensors[sName]!.data!.map((v) => fromFloat(v, sType));
  const shift = g.tensors[tName]!.data!.map((v) => quantize(fromFloat(v, tType), fracBits(tType), acc));
  const out = typeOf(g, n.outputs[0]!);
  const count = size(g.tensors[n.outputs[0]!]!.shape);
  const fp = fracBits(xType) + fracBits(sType);
  const fa = fracBits(acc);
  const c = scale.length;
  return layerModule(module, `batchnorm '${n.name}': ${count} elements, ${c} channels`, [{ elements: count, type: xType }], { elements: count, type: out }, (b) => {
    const { m } = b;
    return b.inputs[0]!.map((x, i) => {
      const p = quantizeRtl(m, constantProduct(m, x, scale[i % c]!, mult), fp, acc);
      const t = shift[i % c]!;
      const terms = [{ sig: p, shift: 0, neg: false }];
      if (t !== 0n) terms.push({ sig: m.konst(t, acc.width, acc.signed), shift: 0, neg: false });
      const s = sum(m, terms, acc.width, 'acc', acc.signed);
      return quantizeRtl(m, s, fa, out);
    });
  });
}
