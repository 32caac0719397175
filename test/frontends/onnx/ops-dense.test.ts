// Conversion of Gemm and MatMul into dense, and of Add, on small built models.
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import type { Graph, Node } from '../../../src/ir/types.js';
import { a, buildModel, floatTensor, node, singleNode, valueInfo } from '../../helpers/onnx-build.js';
import { expectHlsnetError } from '../../helpers/onnx-expect.js';

const imp = (bytes: Uint8Array) => importOnnx(bytes, 'test.onnx');
const only = (g: Graph): Node => {
  expect(g.nodes).toHaveLength(1);
  return g.nodes[0]!;
};

describe('Gemm → dense', () => {
  const B = [1, 2, 3, 4, 5, 6]; // [2, 3] row-major, or [3, 2]

  test('defaults: W is B itself, C [N] is the bias itself', () => {
    const { graph } = imp(singleNode('Gemm', [2], { inputs: ['B', 'C'], initializers: [floatTensor('B', [2, 3], B), floatTensor('C', [3], [7, 8, 9])] }));
    expect(only(graph)).toMatchObject({ op: 'dense', name: 'Gemm1', inputs: ['x', 'B', 'C'], outputs: ['y'] });
    expect(graph.tensors['y']!.shape).toEqual([3]);
  });

  test('alpha and transB make a new [K, N] weight; beta and a [1, N] C make a new [N] bias', () => {
    const { graph } = imp(singleNode('Gemm', [3], {
      inputs: ['B', 'C'],
      initializers: [floatTensor('B', [2, 3], B), floatTensor('C', [1, 2], [10, 20])],
      attrs: [a.int('transB', 1), a.float('alpha', 0.5), a.float('beta', 2)],
      name: 'fc',
    }));
    const n = only(graph);
    expect(n.inputs).toEqual(['x', 'fc_W', 'fc_b']);
    expect(graph.tensors['fc_W']).toEqual({ name: 'fc_W', shape: [3, 2], data: [0.5, 2, 1, 2.5, 1.5, 3] });
    expect(graph.tensors['fc_b']).toEqual({ name: 'fc_b', shape: [2], data: [20, 40] });
    // The original B and C are no longer referenced, so they are not listed.
    expect(graph.tensors['B']).toBeUndefined();
    expect(graph.tensors['y']!.shape).toEqual([2]);
  });

  test.each([
    ['a scalar', [], [5]],
    ['[1]', [1], [5]],
    ['[1, 1]', [1, 1], [5]],
  ])('C of shape %s broadcasts to [N]', (_label, shape, values) => {
    const { graph } = imp(singleNode('Gemm', [2], { inputs: ['B', 'C'], initializers: [floatTensor('B', [2, 3], B), floatTensor('C', shape, values)] }));
    expect(graph.tensors[only(graph).inputs[2]!]).toMatchObject({ shape: [3], data: [5, 5, 5] });
  });

  test('beta = 0 or no C: no bias input', () => {
    const noC = imp(singleNode('Gemm', [2], { inputs: ['B'], initializers: [floatTensor('B', [2, 3], B)] }));
    expect(only(noC.graph).inputs).toEqual(['x', 'B']);
    const emptyC = imp(singleNode('Gemm', [2], { inputs: ['B', ''], initializers: [floatTensor('B', [2, 3], B)] }));
    expect(only(emptyC.graph).inputs).toEqual(['x', 'B']);
    const beta0 = imp(singleNode('Gemm', [2], { inputs: ['B', 'C'], initializers: [floatTensor('B', [2, 3], B), floatTensor('C', [3], [1, 1, 1])], attrs: [a.float('beta', 0)] }));
    expect(only(beta0.graph).inputs).toEqual(['x', 'B']);
  });

  test('a per-batch-row C [M, N] with M > 1 is rejected', () => {
    const bytes = singleNode('Gemm', [2], { inputs: ['B', 'C'], initializers: [floatTensor('B', [2, 3], B), floatTensor('C', [2, 3], B)] });
    expect(expectHlsnetError(() => imp(bytes), 'E105').message).toContain("bias C 'C'");
  });

  test('derived weight names never collide with existing tensors', () => {
    const bytes = buildModel({
      nodes: [node('Gemm', ['x', 'B'], ['fc_W'], { name: 'fc', attrs: [a.int('transB', 1)] }), node('Relu', ['fc_W'], ['y'])],
      inputs: [valueInfo('x', ['N', 3])], outputs: [valueInfo('y', undefined)], initializers: [floatTensor('B', [2, 3], B)],
    });
    const { graph } = imp(bytes);
    expect(graph.nodes[0]!.inputs[1]).toBe('fc_W_2');
    expect(graph.tensors['fc_W']!.data).toBeUndefined();
    // Also not with a name that is only defined later (here an unused Dropout mask).
    const later = buildModel({
      nodes: [node('Gemm', ['x', 'B'], ['h'], { name: 'fc', attrs: [a.int('transB', 1)] }), node('Dropout', ['h'], ['y', 'fc_W'])],
      inputs: [valueInfo('x', ['N', 3])], outputs: [valueInfo('y', undefined)], initializers: [floatTensor('B', [2, 3], B)],
    });
    expect(imp(later).graph.nodes[0]!.inputs[1]).toBe('fc_W_2');
  });
});

describe('MatMul and Add', () => {
  test('MatMul with constant [K, N] → dense without bias', () => {
    const { graph } = imp(singleNode('MatMul', [3], { inputs: ['W'], initializers: [floatTensor('W', [3, 2], [1, 2, 3, 4, 5, 6])] }));
    expect(only(graph)).toMatchObject({ op: 'dense', inputs: ['x', 'W'] });
    expect(graph.tensors['y']!.shape).toEqual([2]);
  });

  test('MatMul on a per-sample matrix is not supported (dense over vectors only)', () => {
    expectHlsnetError(() => imp(singleNode('MatMul', [4, 3], { inputs: ['W'], initializers: [floatTensor('W', [3, 2], [1, 2, 3, 4, 5, 6])] })), 'E105');
  });

  test('Add with the constant first is reordered to (x, constant)', () => {
    const bytes = buildModel({
      nodes: [node('Add', ['b', 'x'], ['y'])], inputs: [valueInfo('x', ['N', 3])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('b', [3], [1, 2, 3])],
    });
    const { graph } = imp(bytes);
    expect(only(graph)).toMatchObject({ op: 'add', name: 'Add_0', inputs: ['x', 'b'] });
  });

  test('Add of a [1, N] constant: the batch axis is dropped into a per-sample [N] constant', () => {
    const { graph } = imp(singleNode('Add', [3], { inputs: ['b'], initializers: [floatTensor('b', [1, 3], [1, 2, 3])] }));
    const n = only(graph);
    expect(n.inputs).toEqual(['x', 'b_per_sample']);
    expect(graph.tensors['b_per_sample']).toEqual({ name: 'b_per_sample', shape: [3], data: [1, 2, 3] });
    expect(graph.tensors['y']!.shape).toEqual([3]);
  });

  test('Add broadcasting a scalar constant, and a constant that widens the data', () => {
    const scalar = imp(singleNode('Add', [2, 3], { inputs: ['b'], initializers: [floatTensor('b', [], [1])] }));
    expect(scalar.graph.tensors['y']!.shape).toEqual([2, 3]);
    const widen = imp(singleNode('Add', [1], { inputs: ['b'], initializers: [floatTensor('b', [4], [1, 2, 3, 4])] }));
    expect(widen.graph.tensors['y']!.shape).toEqual([4]);
    expectHlsnetError(() => imp(singleNode('Add', [3], { inputs: ['b'], initializers: [floatTensor('b', [4], [1, 2, 3, 4])] })), 'E103');
  });

  test('Add of two computed values (a residual connection)', () => {
    const bytes = buildModel({
      nodes: [node('Relu', ['x'], ['r']), node('Add', ['x', 'r'], ['y'], { name: 'skip' })],
      inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)],
    });
    const { graph } = imp(bytes);
    expect(graph.nodes.map((n) => [n.op, n.name, n.inputs])).toEqual([['relu', 'Relu_0', ['x']], ['add', 'skip', ['x', 'r']]]);
    expect(graph.tensors['y']!.shape).toEqual([4]);
  });

  test('Add of two constants is folded at import (src/frontends/onnx/fold.ts)', () => {
    const bytes = buildModel({
      nodes: [node('Add', ['b', 'c'], ['d']), node('Add', ['x', 'd'], ['y'])],
      inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('b', [2], [1, 2]), floatTensor('c', [2], [3, 4])],
    });
    const g = imp(bytes).graph;
    expect(g.nodes).toHaveLength(1);
    expect(g.tensors[g.nodes[0]!.inputs[1]!]!.data).toEqual([4, 6]);
  });
});
