// The Vitis view of the QONNX quantizers: quant is nnet::linear (a cast into its exact type), bipolar_quant
// a sign select, trunc two exact casts around a shift (hls/nnet/nnet_quant.h).
import { formatApType, formatFixedType } from '../../fixed/parse.js';
import { fracBits, type FixedType } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { BipolarQuantNode, Graph, QuantNode, TruncNode } from '../../ir/types.js';
import { truncType } from '../../ops/quant.js';
import { magnitudeBits } from '../../ops/values.js';
import type { ActivationView, ArrayRef, LayerSink } from './activation-views.js';
import { uint } from './format.js';

export type QuantizerNode = QuantNode | BipolarQuantNode | TruncNode;

const typedefLine = (name: string, t: FixedType): string => `typedef ${formatApType(t)} ${name}; // ${formatFixedType(t)}`;

export function quantizerView(g: Graph, n: QuantizerNode, idx: number, x: ArrayRef, y: ArrayRef, sink: LayerSink): ActivationView {
  const call = (kernel: string): string => `nnet::${kernel}<${x.type}, ${y.type}, config${idx}>(${x.name}, ${y.name});`;
  const nIn = uint('n_in', size(g.tensors[n.outputs[0]!]!.shape));
  switch (n.op) {
    case 'quant':
      sink.include('nnet/nnet_activation.h');
      return { base: 'nnet::activ_config', fields: [nIn], call: call('linear') };
    case 'bipolar_quant':
      sink.include('nnet/nnet_quant.h');
      return { base: 'nnet::bipolar_quant_config', fields: [nIn, `static constexpr double scale = ${n.attrs.scale};`], call: call('bipolar_quant') };
    case 'trunc': {
      sink.include('nnet/nnet_quant.h');
      const t = truncType(n);
      const xt = typeOf(g, n.inputs[0]!);
      const f = fracBits(t);
      const k = n.attrs.inBits - n.attrs.outBits;
      const width = magnitudeBits(xt) + Math.max(0, f - fracBits(xt)) + 1;
      const mid: FixedType = { signed: true, width, int: width - f, rounding: 'RND_CONV', overflow: 'WRAP' };
      const wide: FixedType = { ...mid, width: width + k };
      return { base: 'nnet::trunc_config', fields: [nIn, uint('shift', k), typedefLine('mid_t', mid), typedefLine('wide_t', wide)], call: call('trunc') };
    }
  }
}
