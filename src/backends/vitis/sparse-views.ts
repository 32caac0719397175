// The Vitis view of a pruned dense or conv layer's weights (ir/OPS.md, "Pruned weights"): its nonzero quantized
// weights and their flat C-order positions in the weight tensor as two constant arrays, for nnet::dense_sparse
// and nnet::conv_sparse.
import { formatFixedType } from '../../fixed/parse.js';
import type { FixedType } from '../../fixed/types.js';
import { typeOf } from '../../ir/graph.js';
import type { Node } from '../../ir/types.js';
import type { Graph } from '../../ir/types.js';
import { nonzeroWeights } from '../../analysis/sparsity.js';
import type { LayerSink } from './activation-views.js';

/** Positions print as plain integers (a fixed type with no fraction bits); the C type is `unsigned`. */
const POSITION: FixedType = { signed: false, width: 32, int: 32, rounding: 'TRN', overflow: 'WRAP' };

/** Emits w<idx> (nonzero weights) and widx<idx> (their positions); returns the array names and the count. */
export function sparseWeights(g: Graph, n: Node, idx: number, sink: LayerSink): { arrays: [string, string]; nnz: number } {
  const tensor = n.inputs[1]!;
  const t = g.tensors[tensor]!;
  const ft = typeOf(g, tensor);
  sink.include(n.op === 'conv' ? 'nnet/nnet_conv_sparse.h' : 'nnet/nnet_dense_sparse.h');
  const { index, raw } = nonzeroWeights(g, n);
  const total = t.data!.length;
  // A C array cannot be empty: a layer with no nonzero weight keeps one unused entry (n_nonzero is 0).
  const keep = raw.length ? raw : [0n];
  const pos = (index.length ? index : [0]).map((i) => BigInt(i));
  sink.type(`weight${idx}_t`, ft, `weights of '${n.name}'`);
  sink.constants(`w${idx}`, `weight${idx}_t`, ft, keep,
    `${tensor} [${t.shape.join('x')}] of layer '${n.name}', ${formatFixedType(ft)}, exact values: the ${raw.length} nonzero of ${total} weights (${total - raw.length} zero: no multiplication)`);
  sink.constants(`widx${idx}`, 'unsigned', POSITION, pos,
    `flat C-order positions in ${tensor} [${t.shape.join('x')}] of the ${raw.length} nonzero weights of layer '${n.name}'`);
  return { arrays: [`w${idx}`, `widx${idx}`], nnz: raw.length };
}
