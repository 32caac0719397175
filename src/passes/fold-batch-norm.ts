// Replaces a dense or conv followed by a batchnorm (its only consumer) with one dense/conv whose
// weights and bias absorb the per-channel scale and shift: W'[.., f] = W[.., f]·s_f, b'_f = b_f·s_f + t_f.
import { consumers, pruneTensors } from '../ir/graph.js';
import type { Graph, Node } from '../ir/types.js';
import type { Pass } from './types.js';

export const foldBatchNorm: Pass = {
  name: 'fold-batch-norm',
  run(g: Graph): Graph {
    let out = g;
    for (const bn of g.nodes) {
      if (bn.op !== 'batchnorm') continue;
      const x = bn.inputs[0]!;
      const layer = out.nodes.find((n) => (n.op === 'dense' || n.op === 'conv') && n.outputs[0] === x);
      if (!layer || consumers(out, x).length !== 1 || out.outputs.includes(x)) continue;
      const scale = out.tensors[bn.inputs[1]!]!.data!;
      const shift = out.tensors[bn.inputs[2]!]!.data!;
      const w = out.tensors[layer.inputs[1]!]!;
      const f = w.shape[w.shape.length - 1]!;
      if (scale.length !== f) continue;
      // The output channel is the weights' last axis for dense [K, N] and conv [.., C/g, F] alike.
      const wData = w.data!.map((v, i) => v * scale[i % f]!);
      const b = layer.inputs[2] ? out.tensors[layer.inputs[2]]!.data! : new Array<number>(f).fill(0);
      const bData = b.map((v, j) => v * scale[j]! + shift[j]!);
      const wName = `${layer.name}_W_bn`;
      const bName = `${layer.name}_b_bn`;
      const folded = { ...layer, inputs: [layer.inputs[0]!, wName, bName], outputs: bn.outputs } as Node;
      out = {
        ...out,
        nodes: out.nodes.filter((m) => m !== bn).map((m) => (m === layer ? folded : m)),
        tensors: {
          ...out.tensors,
          [wName]: { name: wName, shape: w.shape, data: wData },
          [bName]: { name: bName, shape: [f], data: bData },
        },
      };
    }
    return pruneTensors(out);
  },
};
