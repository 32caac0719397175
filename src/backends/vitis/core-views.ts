// The Vitis view of dense, batchnorm, relu and linear: config fields, exact constant arrays and the kernel
// call, on whatever arrays the caller passes (the io_parallel view: tensors; io_stream: one word or all).
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatFixedType } from '../../fixed/parse.js';
import { fromFloat } from '../../fixed/quantize.js';
import { size, typeOf } from '../../ir/graph.js';
import type { BatchNormNode, DenseNode, Graph, LinearNode, Node, ReluNode } from '../../ir/types.js';
import { assertNever } from '../../ir/types.js';
import type { ArrayRef, LayerSink } from './activation-views.js';
import { layerReuse } from '../../analysis/reuse-factors.js';
import { typedef, uint } from './format.js';
import { isSparseForm } from '../../analysis/sparsity.js';
import { sparseWeights } from './sparse-views.js';

export type CoreNode = DenseNode | BatchNormNode | ReluNode | LinearNode;

export interface CoreView { readonly base: string; readonly fields: readonly string[]; readonly call: string }

/**
 * Emits a constant tensor of layer `n` as exact values: array <array><idx> of type <typeName><idx>_t
 * (w2 of weight2_t, b2 of bias2_t, ...), named the same way by every layer view. Returns the array name.
 */
export function tensorConstants(g: Graph, n: Node, idx: number, sink: LayerSink): (array: string, typeName: string, tensor: string, what: string) => string {
  return (array, typeName, tensor, what) => {
    const t = g.tensors[tensor]!;
    const ft = typeOf(g, tensor);
    sink.type(`${typeName}${idx}_t`, ft, `${what} of '${n.name}'`);
    sink.constants(`${array}${idx}`, `${typeName}${idx}_t`, ft, t.data!.map((v) => fromFloat(v, ft)),
      `${tensor} [${t.shape.join('x')}] of layer '${n.name}', ${formatFixedType(ft)}, exact values`);
    return `${array}${idx}`;
  };
}

/** The layer view of a dense, batchnorm, relu or linear node; `x`/`y` are its input and output arrays. */
export function coreView(g: Graph, n: CoreNode, idx: number, x: ArrayRef, y: ArrayRef, sink: LayerSink): CoreView {
  const subject = `node '${n.name}' (${n.op})`;
  const constants = tensorConstants(g, n, idx, sink);
  const call = (kernel: string, ...arrays: string[]): string =>
    `nnet::${kernel}<${x.type}, ${y.type}, config${idx}>(${[x.name, y.name, ...arrays].join(', ')});`;
  switch (n.op) {
    case 'dense': {
      sink.include('nnet/nnet_dense_latency.h');
      const [nIn, nOut] = g.tensors[n.inputs[1]!]!.shape as [number, number];
      const acc = n.attrs.accum;
      if (!acc) throw new HlsnetError('E504', 'accumulator type not set', { subject });
      // Pruned layers store only their nonzero weights (ir/OPS.md, "Pruned weights").
      const sparse = isSparseForm(g, n) ? sparseWeights(g, n, idx, sink) : undefined;
      const w = sparse ? sparse.arrays : [constants('w', 'weight', n.inputs[1]!, 'weights')];
      const fields = [
        uint('n_in', nIn), uint('n_out', nOut), ...(sparse ? [uint('n_nonzero', sparse.nnz)] : []),
        uint('reuse_factor', n.hints?.reuseFactor ?? 1), uint('multiplier_limit', layerReuse(g, n).multiplierLimit),
        'static const unsigned strategy = nnet::latency;', typedef('accum_t', acc), `typedef weight${idx}_t weight_t;`,
      ];
      const base = sparse ? 'nnet::dense_sparse_config' : 'nnet::dense_config';
      const kernel = sparse ? 'dense_sparse' : 'dense_latency';
      if (!n.inputs[2]) {
        fields.push(`typedef weight${idx}_t bias_t;`);
        return { base, fields, call: call(`${kernel}_nobias`, ...w) };
      }
      const b = constants('b', 'bias', n.inputs[2], 'biases');
      fields.push(`typedef bias${idx}_t bias_t;`);
      return { base, fields, call: call(kernel, ...w, b) };
    }
    case 'batchnorm': {
      sink.include('nnet/nnet_batchnorm.h');
      const acc = n.attrs.accum;
      if (!acc) throw new HlsnetError('E504', 'accumulator type not set', { subject });
      const s = constants('s', 'scale', n.inputs[1]!, 'scales');
      const b = constants('b', 'shift', n.inputs[2]!, 'shifts');
      const fields = [
        uint('n_in', size(g.tensors[n.outputs[0]!]!.shape)), uint('n_chan', g.tensors[n.inputs[1]!]!.shape[0]!), typedef('accum_t', acc),
        `typedef scale${idx}_t scale_t;`, `typedef shift${idx}_t bias_t;`,
      ];
      return { base: 'nnet::batchnorm_config', fields, call: call('batchnorm', s, b) };
    }
    case 'relu':
    case 'linear':
      sink.include('nnet/nnet_activation.h');
      return { base: 'nnet::activ_config', fields: [uint('n_in', size(g.tensors[n.outputs[0]!]!.shape))], call: call(n.op) };
    default:
      return assertNever(n, 'core op');
  }
}
