// Graphs for the pad/resize C-simulation and stream tests: every case side by side on reshaped views of
// one input x [60]; pad values that round and saturate, crops, channel pads, and arbitrary resize maps.
import type { Graph, Node, Tensor } from '../../../src/ir/types.js';

export const X_SIZE = 60;

const VIEWS: Record<string, number[]> = { v2: [4, 5, 3], v1: [12, 5], v0: [60] };

interface Case { readonly name: string; readonly view: string; readonly op: 'pad' | 'resize'; readonly attrs: Node['attrs'] }

const rep = (n: number, k: number): number[] => Array.from({ length: n * k }, (_, i) => Math.floor(i / k));
const ident = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

export const SHAPE_CASES: readonly Case[] = [
  { name: 'pad2d_value100', view: 'v2', op: 'pad', attrs: { pads: [1, 0, 0, 2, 1, 0], value: 100 } },
  { name: 'pad2d_chan_crop_value0_3', view: 'v2', op: 'pad', attrs: { pads: [-1, 1, 2, 0, -2, 1], value: 0.3 } },
  { name: 'pad2d_zero', view: 'v2', op: 'pad', attrs: { pads: [0, 2, 0, 1, 1, 0], value: 0 } },
  { name: 'pad1d_value_neg0_7', view: 'v1', op: 'pad', attrs: { pads: [2, -1, 1, 3], value: -0.7 } },
  { name: 'pad_vector_min', view: 'v0', op: 'pad', attrs: { pads: [3, 2], value: -1000 } },
  { name: 'resize2d_up_2x3', view: 'v2', op: 'resize', attrs: { maps: [rep(4, 2), rep(5, 3), ident(3)] } },
  { name: 'resize2d_down', view: 'v2', op: 'resize', attrs: { maps: [[0, 2, 3], [1, 4], ident(3)] } },
  { name: 'resize2d_general_maps', view: 'v2', op: 'resize', attrs: { maps: [[3, 1, 2], [0, 4, 4, 2], [2, 0, 1, 1]] } },
  { name: 'resize1d_up_odd', view: 'v1', op: 'resize', attrs: { maps: [[0, 0, 1, 2, 2, 3, 4, 4, 5, 6, 6, 7, 8, 8, 9, 10, 10, 11], ident(5)] } },
];

function outShape(c: Case): number[] {
  const x = VIEWS[c.view]!;
  if (c.op === 'resize') return (c.attrs as { maps: number[][] }).maps.map((m) => m.length);
  const pads = (c.attrs as { pads: number[] }).pads;
  return x.map((d, i) => d + pads[i]! + pads[x.length + i]!);
}

export function shapesGraph(cases: readonly Case[] = SHAPE_CASES): Graph {
  const tensors: Record<string, Tensor> = { x: { name: 'x', shape: [X_SIZE] } };
  const nodes: Node[] = [];
  const add = (n: Omit<Node, 'attrs'> & { attrs: unknown }, shape: number[]): void => {
    tensors[n.outputs[0]!] = { name: n.outputs[0]!, shape };
    nodes.push(n as Node);
  };
  const views = new Set(cases.map((c) => c.view));
  for (const [v, shape] of Object.entries(VIEWS)) {
    if (views.has(v)) add({ name: `view_${v}`, op: 'reshape', inputs: ['x'], outputs: [v], attrs: { shape } }, shape);
  }
  for (const c of cases) add({ name: c.name, op: c.op, inputs: [c.view], outputs: [`y_${c.name}`], attrs: c.attrs }, outShape(c));
  return { name: 'shapes', inputs: ['x'], outputs: cases.map((c) => `y_${c.name}`), nodes, tensors };
}
