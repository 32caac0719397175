// Graphs for the windowed-op C-simulation tests: every conv, pool, global pool and transpose case
// side by side on reshaped views of one input x [96] (one g++ build per precision), plus a small
// conv -> relu -> maxpool -> reshape -> dense chain. Weights are seeded, with exact zeros among them.
import type { Graph, Node, Tensor } from '../../../src/ir/types.js';
import { mulberry32 } from '../../helpers/random.js';

export const X_SIZE = 96;

/** Views of x: 1-D [L, C] and 2-D [H, W, C]. */
const VIEWS: Record<string, number[]> = { v1: [16, 6], v2: [8, 6, 2], v3: [4, 4, 6], v4: [12, 8] };

type Attrs = Record<string, unknown>;
interface Case { readonly name: string; readonly op: Node['op']; readonly view: string; readonly attrs: Attrs; readonly w?: number[]; readonly bias?: boolean }

const conv = (strides: number[], dilations: number[], pads: number[], groups = 1): Attrs => ({ strides, dilations, pads, groups });
const pool = (kernel: number[], strides: number[], pads: number[], countIncludePad?: boolean): Attrs =>
  ({ kernel, strides, pads, ...(countIncludePad === undefined ? {} : { countIncludePad }) });

/** Every case; node names say what they test (1d/2d, stride s, dilation d, asymmetric pads, ...). */
export const WINDOW_CASES: readonly Case[] = [
  { name: 'conv1d_pad1', op: 'conv', view: 'v1', attrs: conv([1], [1], [1, 1]), w: [3, 6, 4], bias: true },
  { name: 'conv1d_s2_d3_pads0_2_nobias', op: 'conv', view: 'v1', attrs: conv([2], [3], [0, 2]), w: [2, 6, 3] },
  { name: 'conv2d_s2_d2_pads1_0_2_1', op: 'conv', view: 'v2', attrs: conv([2, 2], [2, 2], [1, 0, 2, 1]), w: [3, 3, 2, 4], bias: true },
  { name: 'depthwise2d_mult2', op: 'conv', view: 'v3', attrs: conv([1, 1], [1, 1], [1, 1, 1, 1], 6), w: [3, 3, 1, 12], bias: true },
  { name: 'depthwise1d_s2_pads2_0_nobias', op: 'conv', view: 'v1', attrs: conv([2], [1], [2, 0], 6), w: [3, 1, 6] },
  { name: 'maxpool2d_3x3_s2_pad1', op: 'maxpool', view: 'v2', attrs: pool([3, 3], [2, 2], [1, 1, 1, 1]) },
  { name: 'maxpool1d_k4_s3_pads2_1', op: 'maxpool', view: 'v1', attrs: pool([4], [3], [2, 1]) },
  { name: 'avgpool2d_exclude_pad', op: 'avgpool', view: 'v2', attrs: pool([3, 3], [2, 2], [1, 1, 1, 0], false) },
  { name: 'avgpool2d_include_pad', op: 'avgpool', view: 'v2', attrs: pool([3, 3], [2, 2], [1, 1, 1, 0], true) },
  { name: 'avgpool1d_k3_pads1_2', op: 'avgpool', view: 'v1', attrs: pool([3], [1], [1, 2]) },
  { name: 'avgpool1d_k4_s4', op: 'avgpool', view: 'v4', attrs: pool([4], [4], [0, 0]) },
  { name: 'global_maxpool2d', op: 'global_maxpool', view: 'v3', attrs: {} },
  { name: 'global_maxpool1d', op: 'global_maxpool', view: 'v1', attrs: {} },
  { name: 'global_avgpool2d_48', op: 'global_avgpool', view: 'v2', attrs: {} },
  { name: 'global_avgpool1d_12', op: 'global_avgpool', view: 'v4', attrs: {} },
  { name: 'global_avgpool2d_16', op: 'global_avgpool', view: 'v3', attrs: {} },
  { name: 'transpose_201', op: 'transpose', view: 'v3', attrs: { perm: [2, 0, 1] } },
  { name: 'transpose_120', op: 'transpose', view: 'v2', attrs: { perm: [1, 2, 0] } },
  { name: 'transpose_10', op: 'transpose', view: 'v1', attrs: { perm: [1, 0] } },
];

/** Seeded weights in (-1, 1) on a 1/64 grid, every fifth one exactly zero (a pruned weight). */
function weights(n: number, seed: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => (i % 5 === 3 ? 0 : Math.round((rand() * 2 - 1) * 64) / 64 + (rand() - 0.5) / 256));
}

/** The output shape by ir/OPS.md's formulas (verify() checks it against the ops' own inference). */
function outShape(op: Node['op'], x: readonly number[], a: Attrs, w?: readonly number[]): number[] {
  const s = x.length - 1;
  if (op === 'global_maxpool' || op === 'global_avgpool') return [x[s]!];
  if (op === 'transpose') return (a.perm as number[]).map((p) => x[p]!);
  if (op === 'relu') return [...x];
  const k = op === 'conv' ? w!.slice(0, s) : (a.kernel as number[]);
  const [st, pads] = [a.strides as number[], a.pads as number[]];
  const d = (a.dilations as number[] | undefined) ?? k.map(() => 1);
  const spatial = k.map((kk, i) => Math.floor((x[i]! + pads[i]! + pads[s + i]! - d[i]! * (kk - 1) - 1) / st[i]!) + 1);
  return [...spatial, op === 'conv' ? w!.at(-1)! : x[s]!];
}

export function windowsGraph(): Graph {
  const tensors: Record<string, Tensor> = { x: { name: 'x', shape: [X_SIZE] } };
  const nodes: Node[] = [];
  const add = (n: Omit<Node, 'attrs'> & { attrs: Attrs }, shape: number[]): void => {
    tensors[n.outputs[0]!] = { name: n.outputs[0]!, shape };
    nodes.push(n as Node);
  };
  for (const [v, shape] of Object.entries(VIEWS)) add({ name: `view_${v}`, op: 'reshape', inputs: ['x'], outputs: [v], attrs: { shape } }, shape);
  WINDOW_CASES.forEach((c, i) => {
    const inputs = [c.view];
    if (c.w) {
      tensors[`${c.name}_w`] = { name: `${c.name}_w`, shape: c.w, data: weights(c.w.reduce((a, b) => a * b, 1), 100 + i) };
      inputs.push(`${c.name}_w`);
      if (c.bias) {
        const f = c.w.at(-1)!;
        tensors[`${c.name}_b`] = { name: `${c.name}_b`, shape: [f], data: weights(f, 200 + i).map((b) => 4 * b) };
        inputs.push(`${c.name}_b`);
      }
    }
    add({ name: c.name, op: c.op, inputs, outputs: [`y_${c.name}`], attrs: c.attrs }, outShape(c.op, VIEWS[c.view]!, c.attrs, c.w));
  });
  // The chain: conv 3x3 (same padding) -> relu -> maxpool 2x2 -> flatten -> dense.
  tensors.cw = { name: 'cw', shape: [3, 3, 2, 3], data: weights(54, 300) };
  tensors.cb = { name: 'cb', shape: [3], data: weights(3, 301) };
  tensors.dw = { name: 'dw', shape: [36, 5], data: weights(180, 302) };
  tensors.db = { name: 'db', shape: [5], data: weights(5, 303) };
  add({ name: 'chain_conv', op: 'conv', inputs: ['v2', 'cw', 'cb'], outputs: ['c1'], attrs: conv([1, 1], [1, 1], [1, 1, 1, 1]) }, [8, 6, 3]);
  add({ name: 'chain_relu', op: 'relu', inputs: ['c1'], outputs: ['c2'], attrs: {} }, [8, 6, 3]);
  add({ name: 'chain_maxpool', op: 'maxpool', inputs: ['c2'], outputs: ['c3'], attrs: pool([2, 2], [2, 2], [0, 0, 0, 0]) }, [4, 3, 3]);
  add({ name: 'chain_flatten', op: 'reshape', inputs: ['c3'], outputs: ['c4'], attrs: { shape: [36] } }, [36]);
  add({ name: 'chain_dense', op: 'dense', inputs: ['c4', 'dw', 'db'], outputs: ['y_chain'], attrs: {} }, [5]);
  const outputs = nodes.filter((n) => n.outputs[0]!.startsWith('y_')).map((n) => n.outputs[0]!);
  return { name: 'windows', inputs: ['x'], outputs, nodes, tensors };
}
