// fold-pad-into-conv: a zero pad of spatial axes feeding only a conv becomes conv padding, with the
// simulator's outputs unchanged (float exactly, fixed bit for bit); pads that cannot fold stay.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/frontends/onnx/index.js';
import { compile, optimize, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../src/index.js';
import { PRECISION, runPasses } from '../../src/passes/pipelines.js';
import { foldPadIntoConv } from '../../src/passes/fold-pad-into-conv.js';
import type { ConvNode, Graph, Node } from '../../src/ir/types.js';
import { a, buildModel, floatTensor, int64Tensor, node, valueInfo } from '../helpers/onnx-build.js';
import { edgeAwareInputs } from '../helpers/fixed-inputs.js';
import { mulberry32 } from '../helpers/random.js';

const rand = mulberry32(17);
const data = (n: number): number[] => Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : Math.round((rand() * 2 - 1) * 64) / 64));

/** x [6, 5, 2] -> pad -> conv 3x3 (stride 2, own pads) -> y; `extra` adds a second consumer of the pad. */
function graph(pads: number[], value = 0, extra = false): Graph {
  const padded = [6 + pads[0]! + pads[3]!, 5 + pads[1]! + pads[4]!, 2 + pads[2]! + pads[5]!];
  const conv = { strides: [2, 1], dilations: [1, 2], pads: [0, 1, 1, 0], groups: 1 };
  const out = [Math.floor((padded[0]! + 1 - 3) / 2) + 1, padded[1]! + 1 - 5 + 1, 3];
  const nodes = [
    { name: 'pad', op: 'pad', inputs: ['x'], outputs: ['p'], attrs: { pads, value } },
    { name: 'conv', op: 'conv', inputs: ['p', 'w', 'b'], outputs: ['y'], attrs: conv },
    ...(extra ? [{ name: 'relu', op: 'relu', inputs: ['p'], outputs: ['r'], attrs: {} }] : []),
  ] as Node[];
  const t = (name: string, shape: number[], d?: number[]) => ({ [name]: { name, shape, ...(d ? { data: d } : {}) } });
  return {
    name: 'padconv', inputs: ['x'], outputs: extra ? ['y', 'r'] : ['y'], nodes,
    tensors: {
      ...t('x', [6, 5, 2]), ...t('p', padded), ...t('y', out), ...(extra ? t('r', padded) : {}),
      ...t('w', [3, 3, padded[2]!, 3], data(9 * padded[2]! * 3)), ...t('b', [3], data(3)),
    },
  };
}

const COUNT = 500;
const CONFIG = parsePrecisionConfig({ Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<8,3,RND,SAT>' } } });
const ctx = () => ({ config: CONFIG, warnings: [] });

function expectSameOutputs(before: Graph, after: Graph): void {
  const x = edgeAwareInputs({ signed: true, width: 8, int: 3, rounding: 'RND', overflow: 'SAT' }, COUNT, 60, 3);
  const [fb] = simulateFloat(before, [x], COUNT);
  const [fa] = simulateFloat(after, [x], COUNT);
  // === so that 0 and -0 (a skipped tap versus an added 0·w) count as equal.
  expect(fa!.every((v, i) => v === fb![i])).toBe(true);
  const xb = runPasses(before, PRECISION, ctx());
  const xa = runPasses(after, PRECISION, ctx());
  const rb = simulateFixed(xb, [x], COUNT).values[0]!;
  const ra = simulateFixed(xa, [x], COUNT).values[0]!;
  expect(Array.from(ra)).toEqual(Array.from(rb));
  expect(new Set(ra).size).toBeGreaterThan(100);
}

describe('fold-pad-into-conv', () => {
  it('a zero pad of the spatial axes folds into the conv pads; float and fixed outputs are unchanged', () => {
    const g = graph([1, 2, 0, 0, 1, 0]);
    const folded = optimize(g).graph;
    expect(folded.nodes.map((n) => n.op)).toEqual(['conv']);
    const conv = folded.nodes[0] as ConvNode;
    expect(conv.inputs[0]).toBe('x');
    expect(conv.attrs.pads).toEqual([1, 3, 1, 1]);
    expect(folded.tensors.p).toBeUndefined();
    expectSameOutputs(g, folded);
  });

  it.each([
    ['a non-zero value', graph([1, 1, 0, 1, 1, 0], 0.5)],
    ['a channel pad', graph([1, 0, 1, 0, 0, 0])],
    ['a crop', graph([-1, 1, 0, 0, 1, 0])],
    ['a second consumer', graph([1, 1, 0, 1, 1, 0], 0, true)],
  ])('%s stays a pad', (_name, g) => {
    expect(foldPadIntoConv.run(g, ctx())).toBe(g);
    expect(optimize(g).graph.nodes.map((n) => n.op)).toContain('pad');
  });

  it.each([
    ['its LayerName', { LayerName: { pad: { Precision: 'fixed<4,1,TRN,SAT>' } } }],
    ['its LayerType', { LayerType: { ZeroPadding2D: { Precision: 'fixed<4,1,TRN,SAT>' } } }],
  ])('a pad given a type by %s stays (it casts), and the config applies', (_name, entry) => {
    const g = graph([1, 2, 0, 0, 1, 0]);
    const config = parsePrecisionConfig({ Model: { Precision: 'fixed<16,6>' }, ...entry });
    const c = compile(g, { config }).graph;
    expect(c.nodes.map((n) => n.op)).toEqual(['pad', 'conv']);
    expect(c.tensors.p!.type).toEqual(parsePrecisionConfig({ Model: { Precision: 'fixed<4,1,TRN,SAT>' } }).model.precision.default);
  });

  it('an ONNX Pad (ZeroPadding2D export) before a Conv imports channels-last and folds away', () => {
    const bytes = buildModel({
      nodes: [
        node('Pad', ['x', 'pads'], ['p'], { name: 'zero_padding2d' }),
        node('Conv', ['p', 'w', 'b'], ['y'], { name: 'conv2d', attrs: [a.ints('kernel_shape', [3, 3])] }),
      ],
      inputs: [valueInfo('x', ['N', 2, 6, 5])],
      outputs: [valueInfo('y', undefined)],
      initializers: [int64Tensor('pads', [8], [0, 0, 1, 2, 0, 0, 1, 0]), floatTensor('w', [3, 2, 3, 3], data(54)), floatTensor('b', [3], data(3))],
      opset: 13,
    });
    const g = importOnnx(bytes, 'zp.onnx').graph;
    expect(g.nodes.map((n) => n.op)).toEqual(['pad', 'conv', 'transpose']);
    const folded = optimize(g).graph;
    expect(folded.nodes.map((n) => n.op)).toEqual(['conv', 'transpose']);
    expect((folded.nodes[0] as ConvNode).attrs.pads).toEqual([1, 2, 1, 0]);
    expectSameOutputs(g, folded);
  });
});
