// Elementwise layers as RTL: every element through the same small function of its raw bits, then the output cast.
import { fracBits, type FixedType } from '../../fixed/types.js';
import { typeOf, size } from '../../ir/graph.js';
import type { Graph, LinearNode, ReluNode } from '../../ir/types.js';
import { layerModule, type BuiltLayer } from './layer-rtl.js';
import { literal, type ModuleBuilder, type Sig } from './netlist.js';
import { quantizeRtl } from './quantize-rtl.js';

/** y = quantize(max(x, 0), out). */
export function reluRtl(m: ModuleBuilder, x: Sig, xType: FixedType, out: FixedType): Sig {
  const pos = x.signed ? m.wire(x.width, true, `${x.name}[${x.width - 1}] ? ${literal(0n, x.width)} : ${x.name}`, 'rl') : x;
  return quantizeRtl(m, pos, fracBits(xType), out);
}

export function elementwiseLayer(g: Graph, n: ReluNode | LinearNode, module: string): BuiltLayer {
  const xType = typeOf(g, n.inputs[0]!);
  const out = typeOf(g, n.outputs[0]!);
  const count = size(g.tensors[n.outputs[0]!]!.shape);
  return layerModule(module, `${n.op} '${n.name}': ${count} elements`, [{ elements: count, type: xType }], { elements: count, type: out }, (b) =>
    b.inputs[0]!.map((x) => (n.op === 'relu' ? reluRtl(b.m, x, xType, out) : quantizeRtl(b.m, x, fracBits(xType), out))),
  );
}
