// Conversion of the ONNX activations (Clip, PRelu, the parametric ones, LogSoftmax) on small built models.
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { SELU_ALPHA, SELU_GAMMA } from '../../../src/ops/functions.js';
import { simulateFloat } from '../../../src/index.js';
import type { Graph, Node } from '../../../src/ir/types.js';
import { a, buildModel, floatTensor, node, singleNode, valueInfo } from '../../helpers/onnx-build.js';
import { expectHlsnetError } from '../../helpers/onnx-expect.js';

const imp = (bytes: Uint8Array) => importOnnx(bytes, 'test.onnx');
const only = (g: Graph): Node => {
  expect(g.nodes).toHaveLength(1);
  return g.nodes[0]!;
};

describe('elementwise activations without attributes', () => {
  test.each([['Tanh', 'tanh'], ['Softplus', 'softplus'], ['Softsign', 'softsign'], ['HardSwish', 'hard_swish'], ['Relu', 'relu'], ['Sigmoid', 'sigmoid']])(
    '%s → %s', (opType, op) => {
      const { graph } = imp(singleNode(opType, [2, 3]));
      expect(only(graph)).toEqual({ op, name: `${opType}1`, inputs: ['x'], outputs: ['y'], attrs: {} });
      expect(graph.tensors['y']!.shape).toEqual([2, 3]);
    });
});

describe('parametric activations: attributes and their float32 defaults', () => {
  test.each([
    ['LeakyRelu', 'leaky_relu', { alpha: Math.fround(0.01) }],
    ['Elu', 'elu', { alpha: 1 }],
    ['ThresholdedRelu', 'thresholded_relu', { alpha: 1 }],
    ['HardSigmoid', 'hard_sigmoid', { alpha: Math.fround(0.2), beta: 0.5 }],
    ['Selu', 'selu', { alpha: SELU_ALPHA, gamma: SELU_GAMMA }],
  ])('%s defaults', (opType, op, attrs) => {
    expect(only(imp(singleNode(opType, [4])).graph)).toMatchObject({ op, attrs });
  });

  test('the LeakyRelu default is the float32 0.01, not the double', () => {
    const alpha = (only(imp(singleNode('LeakyRelu', [4])).graph).attrs as { alpha: number }).alpha;
    expect(alpha).toBe(0.009999999776482582);
    expect(alpha).not.toBe(0.01);
  });

  test('given attributes are the exact float32 values', () => {
    const { graph } = imp(singleNode('HardSigmoid', [4], { attrs: [a.float('alpha', 0.1), a.float('beta', 0.6)] }));
    expect(only(graph).attrs).toEqual({ alpha: Math.fround(0.1), beta: Math.fround(0.6) });
  });

  test('a non-finite alpha is rejected', () => {
    const err = expectHlsnetError(() => imp(singleNode('Elu', [4], { attrs: [a.float('alpha', Infinity)], name: 'e1' })), 'E105');
    expect(err.message).toContain("node 'e1' (Elu)");
  });
});

describe('Clip', () => {
  test('opset 6: float attributes, an absent one is unbounded', () => {
    const both = imp(singleNode('Clip', [4], { attrs: [a.float('min', 0), a.float('max', 6)], opset: 6 }));
    expect(only(both.graph)).toMatchObject({ op: 'clip', inputs: ['x'], attrs: { min: 0, max: 6 } });
    const maxOnly = only(imp(singleNode('Clip', [4], { attrs: [a.float('max', 0.1)], opset: 6 })).graph);
    expect(maxOnly.attrs).toStrictEqual({ max: Math.fround(0.1) });
    expect(only(imp(singleNode('Clip', [4], { opset: 6 })).graph).attrs).toStrictEqual({});
  });

  test('opset 13: constant inputs (an initializer, a Constant node), one absent', () => {
    const minOnly = imp(singleNode('Clip', [4], { inputs: ['lo'], initializers: [floatTensor('lo', [], [-1])] }));
    expect(only(minOnly.graph)).toMatchObject({ inputs: ['x'], attrs: { min: -1 } });
    expect(only(minOnly.graph).attrs).toStrictEqual({ min: -1 });
    const maxOnly = imp(buildModel({
      nodes: [node('Constant', [], ['hi'], { attrs: [a.float('value_float', 6)] }), node('Clip', ['x', '', 'hi'], ['y'], { name: 'relu6' })],
      inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', undefined)],
    }));
    expect(only(maxOnly.graph)).toMatchObject({ op: 'clip', name: 'relu6', inputs: ['x'] });
    expect(only(maxOnly.graph).attrs).toStrictEqual({ max: 6 });
  });

  test('an infinite bound on its own side is no bound', () => {
    const g = imp(singleNode('Clip', [4], { inputs: ['lo', 'hi'], initializers: [floatTensor('lo', [], [-Infinity]), floatTensor('hi', [1], [1])] })).graph;
    expect(only(g).attrs).toStrictEqual({ max: 1 });
  });

  test('min > max (every output is max in ONNX) becomes min = max', () => {
    const g = imp(singleNode('Clip', [3], { inputs: ['lo', 'hi'], initializers: [floatTensor('lo', [], [2]), floatTensor('hi', [], [1])] })).graph;
    expect(only(g).attrs).toStrictEqual({ min: 1, max: 1 });
    expect(Array.from(simulateFloat(g, [Float64Array.from([0, 1.5, 3])], 1)[0]!)).toEqual([1, 1, 1]);
  });

  test('a bound computed at run time is rejected, naming the node', () => {
    const bytes = buildModel({
      nodes: [node('Sigmoid', ['x'], ['m'], { name: 's' }), node('Clip', ['x', 'm'], ['y'], { name: 'clip1' })],
      inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', undefined)],
    });
    const err = expectHlsnetError(() => imp(bytes), 'E105');
    expect(err.message).toContain("node 'clip1' (Clip)");
    expect(err.message).toContain("min bound 'm' must be a constant");
  });

  test('a bound with several values is rejected', () => {
    const bytes = singleNode('Clip', [2], { inputs: ['lo'], initializers: [floatTensor('lo', [2], [0, 1])] });
    expect(expectHlsnetError(() => imp(bytes), 'E105').message).toContain('must be a scalar');
  });
});

describe('PRelu', () => {
  const prelu = (shape: number[], slopeShape: number[], slope: number[], opset = 13) =>
    imp(singleNode('PRelu', shape, { inputs: ['slope'], initializers: [floatTensor('slope', slopeShape, slope)], opset, name: 'p1' })).graph;
  const slopeOf = (g: Graph) => g.tensors[only(g).inputs[1]!]!;

  test('a per-channel slope [C] is the IR slope itself', () => {
    const g = prelu([2, 3], [3], [0.25, 0.5, 0.125]);
    expect(only(g)).toMatchObject({ op: 'prelu', inputs: ['x', 'slope'], attrs: {} });
    expect(slopeOf(g)).toEqual({ name: 'slope', shape: [3], data: [0.25, 0.5, 0.125] });
  });

  test('a slope varying only along the last axis becomes [C]; a single value becomes [1]', () => {
    expect(slopeOf(prelu([2, 3], [1, 2, 3], [0.25, 0.5, 0.125, 0.25, 0.5, 0.125]))).toMatchObject({ shape: [3], data: [0.25, 0.5, 0.125] });
    expect(slopeOf(prelu([2, 3], [], [0.25]))).toMatchObject({ shape: [1], data: [0.25] });
    expect(slopeOf(prelu([2, 3], [1, 1], [0.25]))).toMatchObject({ shape: [1], data: [0.25] });
  });

  test('a slope varying along another axis is expanded to the per-sample shape', () => {
    const g = prelu([2, 3], [2, 1], [0.25, 0.5]);
    expect(slopeOf(g)).toMatchObject({ shape: [2, 3], data: [0.25, 0.25, 0.25, 0.5, 0.5, 0.5] });
    const [y] = simulateFloat(g, [Float64Array.from([-4, 4, -8, -4, 4, -8])], 1);
    expect(Array.from(y!)).toEqual([-1, 4, -2, -2, 4, -4]);
  });

  test('a slope per batch row, a non-broadcasting slope and a computed slope are rejected', () => {
    expect(expectHlsnetError(() => prelu([3], [2, 3], [1, 2, 3, 4, 5, 6]), 'E105').message).toContain('spans the batch axis');
    expect(expectHlsnetError(() => prelu([3], [2], [1, 2]), 'E103').message).toContain("node 'p1' (PRelu)");
    const bytes = buildModel({
      nodes: [node('Sigmoid', ['x'], ['s']), node('PRelu', ['x', 's'], ['y'], { name: 'p2' })],
      inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', undefined)],
    });
    expect(expectHlsnetError(() => imp(bytes), 'E105').message).toContain("slope 's' must be a constant");
  });
});

describe('LogSoftmax', () => {
  test('over the last axis → logsoftmax with no attributes', () => {
    const g = imp(singleNode('LogSoftmax', [2, 5], { name: 'ls' })).graph;
    expect(only(g)).toEqual({ op: 'logsoftmax', name: 'ls', inputs: ['x'], outputs: ['y'], attrs: {} });
    // Opset < 13 normalizes over all axes from `axis` (default 1) on: fine when the ones in between are 1.
    expect(only(imp(singleNode('LogSoftmax', [1, 5], { opset: 11 })).graph).op).toBe('logsoftmax');
  });

  test('over a non-last axis is rejected', () => {
    const err = expectHlsnetError(() => imp(singleNode('LogSoftmax', [2, 5], { attrs: [a.int('axis', 1)], name: 'ls' })), 'E105');
    expect(err.message).toContain("node 'ls' (LogSoftmax)");
    expect(err.message).toContain('only a log-softmax over the last axis');
    expect(expectHlsnetError(() => imp(singleNode('LogSoftmax', [2, 5], { opset: 11 })), 'E105').message).toContain('from 1 on');
  });
});
