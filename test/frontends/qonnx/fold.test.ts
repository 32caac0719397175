// Constant folding at import (src/frontends/onnx/fold.ts): the values below are worked out by hand from the
// ONNX operator definitions (Shape, Gather, Unsqueeze, Squeeze, Concat, Cast, Pow, Sqrt, Div, Transpose).
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { a, buildModel, floatTensor, int64Tensor, node, valueInfo } from '../../helpers/onnx-build.js';

describe('constant folding at import', () => {
  it.each([['N', 13], [1, 11]] as const)('Shape→Gather→Unsqueeze→Concat→Reshape with batch %s (opset %s) becomes a static reshape', (batch, opset) => {
    const unsqueeze = opset >= 13
      ? node('Unsqueeze', ['g', 'ax'], ['u'], { name: 'unsq' })
      : node('Unsqueeze', ['g'], ['u'], { name: 'unsq', attrs: [a.ints('axes', [0])] });
    const g = importOnnx(buildModel({
      nodes: [
        node('Shape', ['x'], ['s'], { name: 'shape' }), node('Gather', ['s', 'i0'], ['g'], { name: 'gather', attrs: [a.int('axis', 0)] }),
        unsqueeze, node('Concat', ['u', 'm1'], ['c'], { name: 'cat', attrs: [a.int('axis', 0)] }),
        node('Reshape', ['x', 'c'], ['y'], { name: 'flat' }),
      ],
      inputs: [valueInfo('x', [batch, 2, 3, 4])], outputs: [valueInfo('y', undefined)],
      initializers: [int64Tensor('i0', [], [0]), int64Tensor('m1', [1], [-1]), int64Tensor('ax', [1], [0])],
      opset,
    }), 'chain.onnx').graph;
    expect(g.nodes).toEqual([expect.objectContaining({ op: 'reshape', attrs: { shape: [24] } })]);
  });

  it('Pow, Sqrt, Squeeze, Cast, Transpose of constants fold; Div by a constant multiplies by the reciprocal', () => {
    const g = importOnnx(buildModel({
      nodes: [
        node('Pow', ['v', 'half'], ['p'], { name: 'pow' }), node('Sqrt', ['p'], ['q'], { name: 'sqrt' }),
        node('Squeeze', ['q'], ['sq'], { name: 'squeeze', attrs: [a.ints('axes', [0])] }), node('Cast', ['sq'], ['ci'], { name: 'cast', attrs: [a.int('to', 7)] }),
        node('Transpose', ['w'], ['wt'], { name: 'tr', attrs: [a.ints('perm', [1, 0])] }), node('MatMul', ['x', 'wt'], ['m'], { name: 'mm' }),
        node('Div', ['m', 'ci'], ['y'], { name: 'div' }),
      ],
      inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('v', [1, 2], [256, 81]), floatTensor('half', [], [0.5]), floatTensor('w', [2, 2], [1, 2, 3, 4])],
      opset: 11,
    }), 'consts.onnx').graph;
    expect(g.nodes.map((n) => n.op)).toEqual(['dense', 'mul']);
    // (256^0.5)^0.5 = 4, (81^0.5)^0.5 = 3 → Cast to INT64 → [4, 3]; W^T = [[1, 3], [2, 4]].
    expect(g.tensors[g.nodes[0]!.inputs[1]!]!.data).toEqual([1, 3, 2, 4]);
    expect(g.tensors[g.nodes[1]!.inputs[1]!]!.data).toEqual([0.25, 1 / 3]);
  });
});
