// Conv, pools and Transpose import: weight layout, auto_pad, groups, layout bookkeeping (cancelling Transposes,
// channels-last inputs, flatten order via dense weight rows, per-channel biases) and the real conv models.
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { a, buildModel, floatTensor, int64Tensor, node, valueInfo } from '../../helpers/onnx-build.js';
import { expectHlsnetError } from '../../helpers/onnx-expect.js';
import { readSharedOnnx } from '../../helpers/onnx-models.js';
import { readFileSync } from 'node:fs';
import { sharedModel } from '../../helpers/paths.js';
import { verify } from '../../../src/ir/verify.js';

/** Imports and checks the graph with the IR's own verify(). */
const imp = (bytes: Uint8Array) => {
  const r = importOnnx(bytes, 'test.onnx');
  verify(r.graph);
  return r;
};
const ops = (g: Graph): string[] => g.nodes.map((n) => n.op);
const iota = (k: number): number[] => Array.from({ length: k }, (_, i) => i);

/** x [N, ...shape] -> Conv(W) -> ...then -> y. */
function convModel(shape: number[], wDims: number[], attrs: ReturnType<typeof a.int>[], then: ReturnType<typeof node>[] = [], inits: ReturnType<typeof floatTensor>[] = []): Uint8Array {
  const wSize = wDims.reduce((p, q) => p * q, 1);
  return buildModel({
    nodes: [node('Conv', ['x', 'W'], [then.length ? 'c' : 'y'], { name: 'conv1', attrs }), ...then],
    inputs: [valueInfo('x', ['N', ...shape])],
    outputs: [valueInfo('y', undefined)],
    initializers: [floatTensor('W', wDims, iota(wSize)), ...inits],
  });
}

describe('Conv → conv', () => {
  test('2-D weights [F, C, kH, kW] become [kH, kW, C, F]; the input is imported channels-last', () => {
    const { graph } = imp(convModel([2, 4, 4], [3, 2, 2, 2], [a.ints('kernel_shape', [2, 2])]));
    const conv = graph.nodes.find((n) => n.op === 'conv')!;
    const w = graph.tensors[conv.inputs[1]!]!;
    expect(w.shape).toEqual([2, 2, 2, 3]);
    // IR [kh, kw, c, f] = ONNX [f, c, kh, kw], ONNX data = its flat index.
    expect(w.data![((1 * 2 + 0) * 2 + 1) * 3 + 2]).toBe(((2 * 2 + 1) * 2 + 1) * 2 + 0);
    expect(conv.attrs).toEqual({ strides: [1, 1], dilations: [1, 1], pads: [0, 0, 0, 0], groups: 1 });
    expect(graph.tensors['x']!.shape).toEqual([4, 4, 2]);
    expect(graph.source).toMatchObject({ inputShapes: { x: [2, 4, 4] }, inputPerm: { x: [1, 2, 0] } });
    // The output is NCHW again, as ONNX declares it: one IR transpose at the end.
    expect(ops(graph)).toEqual(['conv', 'transpose']);
    expect(graph.nodes[1]).toMatchObject({ attrs: { perm: [2, 0, 1] }, outputs: ['y'] });
    expect(graph.tensors['y']!.shape).toEqual([3, 3, 3]);
  });

  test('1-D weights [F, C, k] become [k, C, F]', () => {
    const { graph } = imp(convModel([2, 6], [3, 2, 3], [a.ints('strides', [2]), a.ints('pads', [1, 1])]));
    const conv = graph.nodes[0]!;
    expect(graph.tensors[conv.inputs[1]!]!.shape).toEqual([3, 2, 3]);
    expect(conv.attrs).toMatchObject({ strides: [2], pads: [1, 1] });
    expect(graph.tensors[conv.outputs[0]!]!.shape).toEqual([3, 3]);
    expect(graph.source?.inputPerm).toEqual({ x: [1, 0] });
  });

  test.each([
    // in 5, k 3, stride 2: out 3, total pad 2; in 6: out 3, total pad 1 (odd: the end for UPPER, the begin for LOWER).
    ['SAME_UPPER', [5, 6], [1, 0, 1, 1], [3, 3]],
    ['SAME_LOWER', [5, 6], [1, 1, 1, 0], [3, 3]],
    ['VALID', [5, 6], [0, 0, 0, 0], [2, 2]],
  ])('auto_pad=%s → explicit pads', (mode, hw, pads, out) => {
    const { graph } = imp(convModel([1, ...hw], [1, 1, 3, 3], [a.string('auto_pad', mode), a.ints('strides', [2, 2])]));
    expect(graph.nodes[0]!.attrs).toMatchObject({ pads });
    expect(graph.tensors['y']!.shape).toEqual([1, ...out]);
  });

  test('dilations and the optional bias pass through', () => {
    const bytes = buildModel({
      nodes: [node('Conv', ['x', 'W', 'B'], ['y'], { name: 'c', attrs: [a.ints('dilations', [2, 1])] })],
      inputs: [valueInfo('x', [1, 1, 5, 5])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('W', [2, 1, 2, 2], iota(8)), floatTensor('B', [2], [0.5, -1])],
    });
    const { graph } = imp(bytes);
    expect(graph.nodes[0]).toMatchObject({ inputs: ['x', expect.any(String), 'B'], attrs: { dilations: [2, 1] } });
    expect(graph.tensors['y']!.shape).toEqual([2, 3, 4]);
  });

  test('depthwise (group = channels) is accepted; other groups are E105 naming the node', () => {
    const { graph } = imp(convModel([2, 4, 4], [4, 1, 3, 3], [a.int('group', 2)]));
    expect(graph.nodes[0]!.attrs).toMatchObject({ groups: 2 });
    const err = expectHlsnetError(() => imp(convModel([4, 4, 4], [4, 2, 3, 3], [a.int('group', 2)])), 'E105');
    expect(err.message).toContain("node 'conv1' (Conv)");
    expect(err.message).toContain('groups not in {1, channels}');
  });

  test('3-D convolution is E105', () => {
    expectHlsnetError(() => imp(convModel([1, 3, 3, 3], [1, 1, 1, 1, 1], [])), 'E105');
  });
});

describe('pools', () => {
  const pool = (op: string, attrs: ReturnType<typeof a.int>[], shape = [3, 6, 6]) => buildModel({
    nodes: [node(op, ['x'], ['y'], { name: 'p1', attrs })], inputs: [valueInfo('x', ['N', ...shape])], outputs: [valueInfo('y', undefined)],
  });

  test('AveragePool keeps count_include_pad; MaxPool with SAME_UPPER', () => {
    const avg = imp(pool('AveragePool', [a.ints('kernel_shape', [3, 3]), a.ints('pads', [1, 1, 1, 1]), a.int('count_include_pad', 1)])).graph;
    expect(avg.nodes[0]).toMatchObject({ op: 'avgpool', attrs: { kernel: [3, 3], strides: [1, 1], pads: [1, 1, 1, 1], countIncludePad: true } });
    const max = imp(pool('MaxPool', [a.ints('kernel_shape', [2, 2]), a.ints('strides', [2, 2]), a.string('auto_pad', 'SAME_UPPER')], [3, 5, 5])).graph;
    expect(max.nodes[0]).toMatchObject({ op: 'maxpool', attrs: { pads: [0, 0, 1, 1] } });
    expect(max.tensors['y']!.shape).toEqual([3, 3, 3]);
  });

  test('1-D MaxPool over [C, L]: channels-last [L, C] input', () => {
    const { graph } = imp(pool('MaxPool', [a.ints('kernel_shape', [2]), a.ints('strides', [2])], [3, 8]));
    expect(graph.nodes[0]).toMatchObject({ op: 'maxpool', attrs: { kernel: [2], strides: [2], pads: [0, 0] } });
    expect(graph.tensors['x']!.shape).toEqual([8, 3]);
    expect(graph.tensors['y']!.shape).toEqual([3, 4]);
  });

  test('a pool without kernel_shape is E103', () => {
    expectHlsnetError(() => imp(pool('AveragePool', [])), 'E103');
  });

  test.each([
    ['ceil_mode=1', [a.int('ceil_mode', 1)]],
    ['storage_order=1', [a.int('storage_order', 1)]],
    ['dilations', [a.ints('dilations', [2, 2])]],
  ])('MaxPool with %s is E105', (_label, extra) => {
    const err = expectHlsnetError(() => imp(pool('MaxPool', [a.ints('kernel_shape', [2, 2]), ...extra])), 'E105');
    expect(err.message).toContain("node 'p1' (MaxPool)");
  });

  test('GlobalAveragePool: [C] in the IR, reshaped to [1, 1, C]; a Flatten after it needs no reordering', () => {
    const bytes = buildModel({
      nodes: [node('GlobalAveragePool', ['x'], ['g']), node('Flatten', ['g'], ['y'])],
      inputs: [valueInfo('x', ['N', 3, 4, 4])], outputs: [valueInfo('y', undefined)],
    });
    const { graph } = imp(bytes);
    expect(ops(graph)).toEqual(['global_avgpool', 'reshape', 'reshape']);
    expect(graph.tensors['y']!.shape).toEqual([3]);
  });
});

describe('layout bookkeeping', () => {
  test('Keras-style NHWC → Transpose → Conv → Relu → Transpose → Flatten: the transposes cancel', () => {
    const bytes = buildModel({
      nodes: [
        node('Transpose', ['x'], ['t'], { attrs: [a.ints('perm', [0, 3, 1, 2])] }),
        node('Conv', ['t', 'W'], ['c'], { attrs: [a.ints('pads', [1, 1, 1, 1])] }),
        node('Relu', ['c'], ['r']),
        node('Transpose', ['r'], ['u'], { attrs: [a.ints('perm', [0, 2, 3, 1])] }),
        node('Flatten', ['u'], ['y'], { attrs: [a.int('axis', 1)] }),
      ],
      inputs: [valueInfo('x', [1, 4, 4, 2])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('W', [3, 2, 3, 3], iota(54))],
    });
    const { graph } = imp(bytes);
    expect(ops(graph)).toEqual(['conv', 'relu', 'reshape']);
    expect(graph.nodes[0]!.inputs[0]).toBe('x');
    expect(graph.source?.inputPerm).toBeUndefined();
    expect(graph.tensors['y']!.shape).toEqual([48]);
  });

  test('a genuine Transpose becomes an IR transpose', () => {
    const bytes = buildModel({
      nodes: [node('Transpose', ['x'], ['t'], { attrs: [a.ints('perm', [0, 2, 1])] }), node('Relu', ['t'], ['y'])],
      inputs: [valueInfo('x', ['N', 2, 3])], outputs: [valueInfo('y', undefined)],
    });
    const { graph } = imp(bytes);
    expect(ops(graph)).toEqual(['relu', 'transpose']);
    expect(graph.nodes[1]).toMatchObject({ attrs: { perm: [1, 0] }, outputs: ['y'] });
    expect(graph.tensors['y']!.shape).toEqual([3, 2]);
  });

  test('NCHW Conv → Flatten → Gemm: no transpose; the dense weight rows follow the channels-last order', () => {
    // Conv 1x1 to F=2 channels on 2x2: ONNX flattens (f, h, w), the IR data is (h, w, f).
    const bytes = convModel([1, 2, 2], [2, 1, 1, 1], [], [
      node('Flatten', ['c'], ['f']), node('Gemm', ['f', 'G'], ['y']),
    ], [floatTensor('G', [8, 3], iota(24))]);
    const { graph } = imp(bytes);
    expect(ops(graph)).toEqual(['conv', 'reshape', 'dense']);
    const w = graph.tensors[graph.nodes[2]!.inputs[1]!]!;
    const rows = iota(8).map((i) => w.data![i * 3]! / 3);
    // IR position (h, w, f) = ((h·2 + w)·2 + f) reads ONNX row f·4 + h·2 + w.
    expect(rows).toEqual([0, 4, 1, 5, 2, 6, 3, 7]);
  });

  test('two consumers needing the ONNX order share one transpose', () => {
    const bytes = convModel([1, 2, 2], [2, 1, 1, 1], [], [
      node('Flatten', ['c'], ['f']), node('Softmax', ['f'], ['s1']), node('LogSoftmax', ['f'], ['s2']), node('Add', ['s1', 's2'], ['y']),
    ]);
    const { graph } = imp(bytes);
    expect(ops(graph).filter((o) => o === 'transpose')).toHaveLength(1);
  });

  test('a per-channel NCHW bias [C, 1, 1] becomes [C] channels-last', () => {
    const bytes = convModel([1, 3, 3], [2, 1, 1, 1], [], [node('Add', ['c', 'B'], ['y'])], [floatTensor('B', [2, 1, 1], [5, 7])]);
    const { graph } = imp(bytes);
    const add = graph.nodes.find((n) => n.op === 'add')!;
    expect(graph.tensors[add.inputs[1]!]).toMatchObject({ shape: [2], data: [5, 7] });
  });

  test('Softmax after a flattened conv restores the ONNX order first', () => {
    const bytes = convModel([1, 2, 2], [2, 1, 1, 1], [], [node('Flatten', ['c'], ['f']), node('Softmax', ['f'], ['y'])]);
    const { graph } = imp(bytes);
    expect(ops(graph)).toEqual(['conv', 'reshape', 'reshape', 'transpose', 'reshape', 'softmax']);
  });

  test('a conv output that is also a graph output, and a Transpose of it that is another one', () => {
    const bytes = buildModel({
      nodes: [node('Conv', ['x', 'W'], ['c'], { name: 'conv1' }), node('Transpose', ['c'], ['t'], { attrs: [a.ints('perm', [0, 2, 3, 1])] })],
      inputs: [valueInfo('x', ['N', 1, 3, 3])], outputs: [valueInfo('c', undefined), valueInfo('t', undefined)],
      initializers: [floatTensor('W', [2, 1, 1, 1], [1, 2])],
    });
    const { graph } = imp(bytes);
    expect(graph.outputs).toEqual(['c', 't']);
    expect(graph.tensors['c']!.shape).toEqual([2, 3, 3]);
    expect(graph.tensors['t']!.shape).toEqual([3, 3, 2]);
    // t is the channels-last conv result itself: an identity (removed later), no second transpose.
    expect(ops(graph)).toEqual(['conv', 'transpose', 'identity']);
    expect(graph.nodes[2]!.inputs).toEqual(graph.nodes[0]!.outputs);
  });

  test('a channels-last graph input that is also a graph output is returned in its own layout', () => {
    const bytes = buildModel({
      nodes: [node('Conv', ['x', 'W'], ['c'], { name: 'conv1' })],
      inputs: [valueInfo('x', ['N', 2, 3, 3])], outputs: [valueInfo('c', undefined), valueInfo('x', undefined)],
      initializers: [floatTensor('W', [1, 2, 1, 1], [1, 2])],
    });
    const { graph } = imp(bytes);
    expect(graph.inputs).toEqual(['x']);
    expect(graph.tensors['x']!.shape).toEqual([3, 3, 2]);
    const back = graph.nodes.find((n) => n.op === 'transpose' && n.inputs[0] === 'x')!;
    expect(graph.outputs).toEqual(['c', back.outputs[0]]);
    expect(graph.tensors[back.outputs[0]!]!.shape).toEqual([2, 3, 3]);
  });

  test('a Transpose of a constant is folded', () => {
    const bytes = buildModel({
      nodes: [node('Transpose', ['V'], ['W'], { attrs: [a.ints('perm', [1, 0])] }), node('MatMul', ['x', 'W'], ['y'])],
      inputs: [valueInfo('x', ['N', 3])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('V', [2, 3], iota(6))],
    });
    const { graph } = imp(bytes);
    expect(graph.tensors['W']).toMatchObject({ shape: [3, 2], data: [0, 3, 1, 4, 2, 5] });
  });

  test('a Reshape of a constant is folded', () => {
    const bytes = buildModel({
      nodes: [node('Reshape', ['V', 's'], ['W']), node('MatMul', ['x', 'W'], ['y'])],
      inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('V', [2, 2, 2], iota(8)), int64Tensor('s', [2], [4, 2])],
    });
    const { graph } = imp(bytes);
    expect(ops(graph)).toEqual(['dense']);
    expect(graph.tensors['W']).toMatchObject({ shape: [4, 2], data: iota(8) });
  });
});

describe('the real conv models', () => {
  test.each(['conv1d_small_keras', 'conv2d_small_keras'])('%s: no transpose in the IR, input in its own layout', (name) => {
    const { graph } = importOnnx(readSharedOnnx(name), `${name}.onnx`);
    verify(graph);
    expect(ops(graph)).not.toContain('transpose');
    expect(graph.source?.inputPerm).toBeUndefined();
    expect(ops(graph).filter((o) => o === 'conv')).toHaveLength(name.startsWith('conv1d') ? 3 : 1);
  });

  test('mnist-conv: channels-last input with its permutation, biases per channel, no transpose', () => {
    const file = sharedModel('qonnx/mnist-conv/model.onnx');
    const { graph } = importOnnx(new Uint8Array(readFileSync(file)), file);
    verify(graph);
    expect(ops(graph)).toEqual(['conv', 'add', 'relu', 'maxpool', 'conv', 'add', 'relu', 'maxpool', 'reshape', 'dense', 'add']);
    expect(graph.tensors['Input3']!.shape).toEqual([28, 28, 1]);
    expect(graph.source?.inputPerm).toEqual({ Input3: [1, 2, 0] });
    expect(graph.tensors[graph.nodes[1]!.inputs[1]!]!.shape).toEqual([8]);
    expect(graph.tensors[graph.outputs[0]!]!.shape).toEqual([10]);
  });

  test('the calo-cnn example (NCHW, residual add, flatten into Gemm): no transpose anywhere', () => {
    const file = 'examples/calo-cnn/calo_cnn.onnx';
    const { graph } = importOnnx(new Uint8Array(readFileSync(file)), file);
    verify(graph);
    expect(ops(graph)).toEqual(['conv', 'relu', 'maxpool', 'conv', 'relu', 'add', 'maxpool', 'conv', 'relu', 'reshape', 'dense', 'softmax']);
    expect(graph.source?.inputPerm).toEqual({ image: [1, 2, 0] });
    expect(graph.tensors['image']!.shape).toEqual([32, 32, 3]);
  });
});
