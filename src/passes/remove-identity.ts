// Replaces Identity and Dropout nodes (inference no-ops) with direct connections.
import { pruneTensors, renameUses } from '../ir/graph.js';
import type { Graph } from '../ir/types.js';
import type { Pass } from './types.js';

export const removeIdentity: Pass = {
  name: 'remove-identity',
  run(g: Graph): Graph {
    let out = g;
    for (const n of g.nodes) {
      if (n.op !== 'identity') continue;
      const [src] = n.inputs;
      const [dst] = n.outputs;
      out = { ...out, nodes: out.nodes.filter((m) => m !== n) };
      if (out.outputs.includes(dst!) && !out.inputs.includes(src!)) {
        // Keep the graph output's name: rename the producer's output instead.
        out = renameProducedTensor(out, src!, dst!);
      } else {
        out = renameUses(out, dst!, src!);
      }
    }
    return pruneTensors(out);
  },
};

function renameProducedTensor(g: Graph, from: string, to: string): Graph {
  const nodes = g.nodes.map((n) => ({
    ...n,
    inputs: n.inputs.map((x) => (x === from ? to : x)),
    outputs: n.outputs.map((x) => (x === from ? to : x)),
  })) as Graph['nodes'];
  const t = g.tensors[from]!;
  return { ...g, nodes, tensors: { ...g.tensors, [to]: { ...t, name: to } } };
}
