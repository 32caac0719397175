// Pad and nearest resize as RTL (ir/OPS.md): a gather of input elements, each cast to T(out); padding is q(value).
import { fromFloat } from '../../fixed/quantize.js';
import { fracBits } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { Graph, PadNode, ResizeNode } from '../../ir/types.js';
import { gatherIndex } from '../../ops/gather.js';
import { padMaps } from '../../ops/pad.js';
import { layerModule, type BuiltLayer } from './layer-rtl.js';
import type { Sig } from './netlist.js';
import { quantizeRtl } from './quantize-rtl.js';

export function gatherLayer(g: Graph, n: PadNode | ResizeNode, module: string): BuiltLayer {
  const xShape = g.tensors[n.inputs[0]!]!.shape;
  const xType = typeOf(g, n.inputs[0]!);
  const out = typeOf(g, n.outputs[0]!);
  const src = gatherIndex(xShape, n.op === 'pad' ? padMaps(n, xShape) : n.attrs.maps);
  const fill = n.op === 'pad' ? fromFloat(n.attrs.value, out) : 0n;
  const comment = `${n.op} '${n.name}': [${xShape}] -> [${g.tensors[n.outputs[0]!]!.shape}]`;
  return layerModule(module, comment, [{ elements: size(xShape), type: xType }], { elements: src.length, type: out }, (b) => {
    // One cast per input element read (resize reads elements many times), one constant for the padding.
    const cast = new Map<number, Sig>();
    let pad: Sig | undefined;
    return Array.from(src, (s) => {
      if (s < 0) return (pad ??= b.m.konst(fill, out.width, out.signed));
      let y = cast.get(s);
      if (!y) { y = quantizeRtl(b.m, b.inputs[0]![s]!, fracBits(xType), out); cast.set(s, y); }
      return y;
    });
  });
}
