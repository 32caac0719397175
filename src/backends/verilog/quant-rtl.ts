// The QONNX quantizers as RTL (ir/OPS.md, "QONNX"): quant is one cast, bipolar_quant a sign select, trunc two casts.
import { fracBits, type FixedType } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { BipolarQuantNode, Graph, QuantNode, TruncNode } from '../../ir/types.js';
import { quantizerType } from '../../ops/quant.js';
import { magnitudeBits } from '../../ops/values.js';
import { layerModule, type BuiltLayer } from './layer-rtl.js';
import { literal } from './netlist.js';
import { quantizeRtl } from './quantize-rtl.js';

export function quantizerLayer(g: Graph, n: QuantNode | BipolarQuantNode | TruncNode, module: string): BuiltLayer {
  const xType = typeOf(g, n.inputs[0]!);
  const out = quantizerType(n);
  const count = size(g.tensors[n.outputs[0]!]!.shape);
  const fx = fracBits(xType);
  return layerModule(module, `${n.op} '${n.name}': ${count} elements`, [{ elements: count, type: xType }], { elements: count, type: out }, (b) =>
    b.inputs[0]!.map((x) => {
      const { m } = b;
      switch (n.op) {
        case 'quant': return quantizeRtl(m, x, fx, out);
        case 'bipolar_quant':
          // Raw +1 for x ≥ 0 (zero included), −1 otherwise, in fixed<2, ..>.
          return m.wire(2, true, x.signed ? `${x.name}[${x.width - 1}] ? ${literal(-1n, 2)} : ${literal(1n, 2)}` : literal(1n, 2), 'bq');
        case 'trunc': {
          // Half-even onto the scale's grid (never overflows), then the exact shift by k with R and SAT.
          const f = fracBits(out);
          const width = magnitudeBits(xType) + Math.max(0, f - fx) + 1;
          const midT: FixedType = { signed: true, width, int: width - f, rounding: 'RND_CONV', overflow: 'WRAP' };
          const mid = quantizeRtl(m, x, fx, midT);
          return quantizeRtl(m, mid, f + n.attrs.inBits - n.attrs.outBits, out);
        }
      }
    }),
  );
}
