// The graph for the merge-layer C-simulation tests: every merge op side by side on views of one
// input x [48], with broadcasting (batched and constant operands, a constant first) and a residual
// block conv -> relu -> add(skip). Weights are seeded, with exact zeros among them.
import type { Graph, Node, Tensor } from '../../../src/ir/types.js';
import { mulberry32 } from '../../helpers/random.js';

export const MERGE_X_SIZE = 48;

function weights(n: number, seed: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => (i % 5 === 3 ? 0 : Math.round((rand() * 2 - 1) * 64) / 64 + (rand() - 0.5) / 256));
}

type Attrs = Record<string, unknown>;

export function mergeGraph(): Graph {
  const tensors: Record<string, Tensor> = { x: { name: 'x', shape: [MERGE_X_SIZE] } };
  const nodes: Node[] = [];
  const node = (name: string, op: Node['op'], inputs: string[], out: string, shape: number[], attrs: Attrs = {}): void => {
    tensors[out] = { name: out, shape };
    nodes.push({ name, op, inputs, outputs: [out], attrs } as Node);
  };
  const constant = (name: string, shape: number[], seed: number): string => {
    tensors[name] = { name, shape, data: weights(shape.reduce((a, b) => a * b, 1), seed).map((v) => 2 * v) };
    return name;
  };
  const S = [4, 4, 3];
  node('view', 'reshape', ['x'], 'v', S, { shape: S });
  // The residual block: conv 3x3 (same padding) -> relu -> add the skip connection.
  constant('cw', [3, 3, 3, 3], 10);
  constant('cb', [3], 11);
  node('res_conv', 'conv', ['v', 'cw', 'cb'], 'c1', S, { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], groups: 1 });
  node('res_relu', 'relu', ['c1'], 'r', S);
  node('res_add', 'add', ['r', 'v'], 'y_res_add', S);
  node('gmax', 'global_maxpool', ['v'], 'g', [3]);
  node('add_const_c', 'add', ['v', constant('k_add', [3], 12)], 'y_add_const_c', S);
  node('sub', 'sub', ['v', 'r'], 'y_sub', S);
  node('sub_const_first', 'sub', [constant('k_sub', [4, 1, 3], 13), 'v'], 'y_sub_const_first', S);
  node('sub_broadcast', 'sub', ['g', 'v'], 'y_sub_broadcast', S);
  node('mul', 'mul', ['v', 'r'], 'y_mul', S);
  node('mul_const_c', 'mul', ['v', constant('k_mul', [3], 14)], 'y_mul_const_c', S);
  node('average', 'average', ['v', 'r'], 'y_average', S);
  node('maximum', 'maximum', ['v', 'r'], 'y_maximum', S);
  node('minimum_broadcast', 'minimum', ['v', 'g'], 'y_minimum_broadcast', S);
  node('average3', 'average', ['v', 'r', 'c1'], 'y_average3', S);
  node('average4_broadcast', 'average', ['v', 'g', 'r', 'c1'], 'y_average4_broadcast', S);
  node('maximum4_broadcast', 'maximum', ['c1', 'v', 'g', 'r'], 'y_maximum4_broadcast', S);
  node('minimum3', 'minimum', ['v', 'c1', 'r'], 'y_minimum3', S);
  node('concat_c', 'concat', ['v', 'r'], 'y_concat_c', [4, 4, 6], { axis: 2 });
  node('concat_h', 'concat', ['v', 'r'], 'y_concat_h', [8, 4, 3], { axis: 0 });
  node('concat3_w', 'concat', ['v', 'r', 'c1'], 'y_concat3_w', [4, 12, 3], { axis: 1 });
  const outputs = nodes.filter((n) => n.outputs[0]!.startsWith('y_')).map((n) => n.outputs[0]!);
  return { name: 'merges', inputs: ['x'], outputs, nodes, tensors };
}
