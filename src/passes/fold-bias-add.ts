// Replaces a dense or conv without bias followed by an Add of a constant per-output-channel vector
// (the last axis) with one dense/conv that has that bias.
import { consumers, isConstant, pruneTensors } from '../ir/graph.js';
import type { ConvNode, DenseNode, Graph, Node } from '../ir/types.js';
import type { Pass } from './types.js';

export const foldBiasAdd: Pass = {
  name: 'fold-bias-add',
  run(g: Graph): Graph {
    let out = g;
    for (const add of g.nodes) {
      if (add.op !== 'add') continue;
      const constIdx = add.inputs.findIndex((x) => isConstant(out, x));
      if (constIdx < 0 || add.inputs.length !== 2) continue;
      const bias = out.tensors[add.inputs[constIdx]!]!;
      const x = add.inputs[1 - constIdx]!;
      const dense = out.nodes.find((n): n is DenseNode | ConvNode => (n.op === 'dense' || n.op === 'conv') && n.outputs[0] === x);
      if (!dense || dense.inputs.length !== 2) continue;
      if (consumers(out, x).length !== 1 || out.outputs.includes(x)) continue;
      const xShape = out.tensors[x]!.shape;
      const nOut = xShape[xShape.length - 1]!;
      // A bias varying only along the output channels ([N], [1, N], or a broadcast scalar) folds exactly: it is the same addition.
      const n = bias.data!.length;
      if (n !== nOut && n !== 1) continue;
      if (bias.shape.slice(0, -1).some((d) => d !== 1) || bias.shape.length > xShape.length) continue;
      const data = n === nOut ? [...bias.data!] : new Array<number>(nOut).fill(bias.data![0]!);
      const biasName = `${dense.name}_bias`;
      const folded = { ...dense, inputs: [dense.inputs[0]!, dense.inputs[1]!, biasName], outputs: add.outputs };
      out = {
        ...out,
        nodes: out.nodes.filter((m) => m !== add).map((m): Node => (m === dense ? folded : m)),
        tensors: { ...out.tensors, [biasName]: { name: biasName, shape: [nOut], data } },
      };
    }
    return pruneTensors(out);
  },
};
