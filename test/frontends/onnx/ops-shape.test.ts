// Conversion of Flatten/Reshape, Softmax, Identity/Dropout/Relu/Sigmoid, and graph-level rules (inputs, names, order).
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import type { Graph, Node } from '../../../src/ir/types.js';
import { a, buildModel, floatTensor, int64Tensor, node, singleNode, valueInfo } from '../../helpers/onnx-build.js';
import { expectHlsnetError } from '../../helpers/onnx-expect.js';

const imp = (bytes: Uint8Array) => importOnnx(bytes, 'test.onnx');
const only = (g: Graph): Node => {
  expect(g.nodes).toHaveLength(1);
  return g.nodes[0]!;
};

describe('Flatten and Reshape → reshape', () => {
  test.each([
    [1, [4, 5], [20]],
    [-2, [4, 5], [20]],
    [2, [1, 6, 2], [12]],
    [3, [1, 1, 3], [3]],
  ])('Flatten axis=%i of [batch, %j] → %j', (axis, shape, want) => {
    const { graph, warnings } = imp(singleNode('Flatten', shape, { attrs: [a.int('axis', axis)] }));
    expect(only(graph)).toMatchObject({ op: 'reshape', attrs: { shape: want } });
    expect(graph.tensors['y']!.shape).toEqual(want);
    expect(warnings).toEqual([]);
  });

  test('Flatten default axis is 1', () => {
    expect(only(imp(singleNode('Flatten', [2, 3])).graph).attrs).toEqual({ shape: [6] });
  });

  test('Flatten axis=0 (Keras exports) is a per-sample flatten with a W101 warning', () => {
    const { graph, warnings } = imp(singleNode('Flatten', [2, 3], { attrs: [a.int('axis', 0)] }));
    expect(only(graph).attrs).toEqual({ shape: [6] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'W101', subject: "test.onnx: node 'Flatten1' (Flatten)" });
  });

  test('Flatten that would merge features into the batch is rejected', () => {
    expectHlsnetError(() => imp(singleNode('Flatten', [2, 3], { attrs: [a.int('axis', 2)] })), 'E105');
  });

  test.each([
    ['0 copies the batch, -1 infers', [0, -1], [4, 5], [20]],
    ['-1 batch with a full sample shape', [-1, 5, 4], [4, 5], [5, 4]],
    ['0 in a feature position copies that dimension', [0, 0, -1], [4, 5], [4, 5]],
    ['explicit sizes', [0, 2, 10], [4, 5], [2, 10]],
  ])('Reshape %s: %j of [batch, %j] → %j', (_label, target, shape, want) => {
    const { graph, warnings } = imp(singleNode('Reshape', shape, { inputs: ['s'], initializers: [int64Tensor('s', [target.length], target, 'raw')] }));
    expect(only(graph)).toMatchObject({ op: 'reshape', inputs: ['x'], attrs: { shape: want } });
    expect(graph.tensors['y']!.shape).toEqual(want);
    expect(graph.tensors['s']).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  test('Reshape whose first entry is the fixed exported batch size: accepted with W101', () => {
    const bytes = buildModel({
      nodes: [node('Reshape', ['x', 's'], ['y'])], inputs: [valueInfo('x', [1, 4, 5])], outputs: [valueInfo('y', undefined)],
      initializers: [int64Tensor('s', [2], [1, 20])],
    });
    const { graph, warnings } = imp(bytes);
    expect(only(graph).attrs).toEqual({ shape: [20] });
    expect(warnings.map((w) => w.code)).toEqual(['W101']);
  });

  test('Reshape with the shape from a Constant node, and opset 1-4 with a shape attribute', () => {
    const viaConstant = buildModel({
      nodes: [node('Constant', [], ['s'], { attrs: [a.tensor('value', int64Tensor('', [2], [-1, 6]))] }), node('Reshape', ['x', 's'], ['y'])],
      inputs: [valueInfo('x', ['N', 2, 3])], outputs: [valueInfo('y', undefined)],
    });
    expect(only(imp(viaConstant).graph).attrs).toEqual({ shape: [6] });
    const legacy = buildModel({
      nodes: [node('Reshape', ['x'], ['y'], { attrs: [a.ints('shape', [0, 3, 2])] })],
      inputs: [valueInfo('x', ['N', 2, 3])], outputs: [valueInfo('y', undefined)], opset: 4,
    });
    expect(only(imp(legacy).graph).attrs).toEqual({ shape: [3, 2] });
  });

  test.each([
    ['a batch size that is not the exported one', [2, -1], 'E105'],
    ['-1 batch that regroups samples', [-1, 3], 'E105'],
    ['a scalar target', [], 'E105'],
    ['two -1', [0, -1, -1], 'E103'],
    ['the wrong element count', [0, 7], 'E103'],
    ['a non-divisible -1', [0, 7, -1], 'E103'],
    ['0 copying a missing dimension', [0, 6, 0], 'E103'],
  ])('Reshape with %s is rejected', (_label, target, code) => {
    const bytes = singleNode('Reshape', [2, 3], { inputs: ['s'], initializers: [int64Tensor('s', [target.length], target)] });
    expect(expectHlsnetError(() => imp(bytes), code as 'E103' | 'E105').subject).toBe("test.onnx: node 'Reshape1' (Reshape)");
  });

  test('Reshape with allowzero=1 and a 0 entry is rejected', () => {
    const bytes = singleNode('Reshape', [6], { inputs: ['s'], initializers: [int64Tensor('s', [2], [0, 6])], attrs: [a.int('allowzero', 1)], opset: 14 });
    expectHlsnetError(() => imp(bytes), 'E105');
  });
});

describe('Softmax', () => {
  test.each([
    [13, undefined, [5]],
    [13, -1, [5]],
    [13, 2, [4, 5]],
    [11, undefined, [5]],
    [11, 1, [1, 5]],
    [11, 2, [4, 5]],
    [7, 1, [5]],
  ])('opset %i axis=%s on [batch, %j] is a last-axis softmax', (opset, axis, shape) => {
    const attrs = axis === undefined ? [] : [a.int('axis', axis)];
    const { graph } = imp(singleNode('Softmax', shape, { attrs, opset }));
    expect(only(graph)).toMatchObject({ op: 'softmax', attrs: { implementation: 'stable' } });
    expect(graph.tensors['y']!.shape).toEqual(shape);
  });

  test.each([
    [13, 1, [4, 5]],
    [13, 0, [5]],
    [11, undefined, [4, 5]],
    [11, 0, [5]],
    [11, 5, [5]],
  ])('opset %i axis=%s on [batch, %j] is rejected', (opset, axis, shape) => {
    const attrs = axis === undefined ? [] : [a.int('axis', axis)];
    const code = axis === 5 ? 'E103' : 'E105';
    expect(expectHlsnetError(() => imp(singleNode('Softmax', shape, { attrs, opset })), code).subject).toContain('Softmax1');
  });
});

describe('Identity, Dropout, Relu, Sigmoid', () => {
  test('Dropout (opset 13, mask unused) → identity with origin Dropout', () => {
    const bytes = buildModel({
      nodes: [node('Dropout', ['x', 'ratio'], ['y', 'mask'], { name: 'drop' })],
      inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)], initializers: [floatTensor('ratio', [], [0.3])],
    });
    const { graph } = imp(bytes);
    expect(only(graph)).toEqual({ op: 'identity', name: 'drop', inputs: ['x'], outputs: ['y'], attrs: { origin: 'Dropout' } });
    expect(graph.tensors['mask']).toBeUndefined();
  });

  test('Dropout opset 6 with is_test, and opset 12 with training_mode = false', () => {
    const old = singleNode('Dropout', [4], { attrs: [a.int('is_test', 1), a.float('ratio', 0.5)], opset: 6 });
    expect(only(imp(old).graph).op).toBe('identity');
    const bytes = buildModel({
      nodes: [node('Dropout', ['x', '', 't'], ['y'])], inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)],
      initializers: [{ name: 't', dims: [], dataType: 9, int32Data: [0] }], opset: 12,
    });
    expect(only(imp(bytes).graph).op).toBe('identity');
  });

  test('Dropout whose mask is used, or in training mode, is rejected', () => {
    const mask = buildModel({
      nodes: [node('Dropout', ['x'], ['y', 'mask'], { name: 'drop' })], inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', undefined), valueInfo('mask', undefined)],
    });
    expect(expectHlsnetError(() => imp(mask), 'E105').message).toContain("'mask'");
    const training = buildModel({
      nodes: [node('Dropout', ['x', '', 't'], ['y'])], inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)],
      initializers: [{ name: 't', dims: [], dataType: 9, int32Data: [1] }], opset: 12,
    });
    expectHlsnetError(() => imp(training), 'E105');
  });

  test('Identity of a constant aliases it (no node); of data it is an identity node', () => {
    const bytes = buildModel({
      nodes: [node('Identity', ['W0'], ['W']), node('MatMul', ['x', 'W'], ['h']), node('Identity', ['h'], ['y'])],
      inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)], initializers: [floatTensor('W0', [2, 2], [1, 0, 0, 1])],
    });
    const { graph } = imp(bytes);
    expect(graph.nodes.map((n) => n.op)).toEqual(['dense', 'identity']);
    expect(graph.tensors['W']).toEqual({ name: 'W', shape: [2, 2], data: [1, 0, 0, 1] });
  });

  test('Relu and Sigmoid keep the shape', () => {
    expect(imp(singleNode('Relu', [2, 3])).graph.tensors['y']!.shape).toEqual([2, 3]);
    expect(only(imp(singleNode('Sigmoid', [7])).graph).op).toBe('sigmoid');
    expectHlsnetError(() => imp(buildModel({
      nodes: [node('Relu', ['c'], ['y'])], inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('c', [2], [1, 2])],
    })), 'E105');
  });
});

describe('graph inputs, names and order', () => {
  test.each([
    ['a symbolic batch', 'batch_size'],
    ['batch 1', 1],
    ['a pytorch 0.3 fixed batch', 789444],
  ])('%s is stripped from the input shape', (_label, batch) => {
    const bytes = buildModel({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', [batch, 3, 2])], outputs: [valueInfo('y', undefined)] });
    const { graph } = imp(bytes);
    expect(graph.tensors['x']!.shape).toEqual([3, 2]);
    expect(graph.source).toEqual({ format: 'onnx', file: 'test.onnx', inputShapes: { x: [3, 2] } });
  });

  test('IR-3 style: initializers listed among the inputs are constants, not inputs', () => {
    const bytes = buildModel({
      nodes: [node('MatMul', ['x', 'W'], ['y'])], inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('W', [2, 3], [1, 2, 3, 4, 5, 6]), floatTensor('unused', [1], [0])], initializersAsInputs: true, irVersion: 3, opset: 7,
    });
    const { graph } = imp(bytes);
    expect(graph.inputs).toEqual(['x']);
    expect(Object.keys(graph.source!.inputShapes!)).toEqual(['x']);
    expect(Object.keys(graph.tensors).sort()).toEqual(['W', 'x', 'y']);
  });

  test('empty and repeated node names become unique; explicit names win over generated ones', () => {
    const bytes = buildModel({
      nodes: [
        node('Relu', ['x'], ['a']),
        node('Relu', ['a'], ['b'], { name: 'Relu_0' }),
        node('Relu', ['b'], ['c'], { name: 'dup' }),
        node('Relu', ['c'], ['y'], { name: 'dup' }),
      ],
      inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)],
    });
    expect(imp(bytes).graph.nodes.map((n) => n.name)).toEqual(['Relu_0_2', 'Relu_0', 'dup', 'dup_2']);
  });

  test('nodes listed out of order are imported in topological order', () => {
    const bytes = buildModel({
      nodes: [node('Sigmoid', ['h'], ['y'], { name: 'second' }), node('Relu', ['x'], ['h'], { name: 'first' })],
      inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)],
    });
    expect(imp(bytes).graph.nodes.map((n) => n.name)).toEqual(['first', 'second']);
  });

  test('the graph is named after the file', () => {
    expect(importOnnx(singleNode('Relu', [2]), '/some/dir/jet_tagger.onnx').graph.name).toBe('jet_tagger');
  });
});
