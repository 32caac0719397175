// pad and resize in the IR: native-JSON round trip, verify() errors for malformed attributes (E501 naming
// the node), hand-computed values, and the simulator's double and BigInt paths agreeing bit for bit.
import { describe, expect, it } from 'vitest';
import { compile, graphFromJson, graphToJson, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../src/index.js';
import { verify } from '../../src/ir/verify.js';
import type { Graph, Node } from '../../src/ir/types.js';
import { edgeAwareInputs } from '../helpers/fixed-inputs.js';
import { thrown } from '../helpers/errors.js';
import { shapesGraph, X_SIZE } from '../backends/vitis/pad-resize-cases.js';

function single(node: Omit<Node, 'inputs' | 'outputs' | 'name'>, x: number[], y: number[]): Graph {
  return {
    name: 'g', inputs: ['x'], outputs: ['y'], nodes: [{ name: 'n', inputs: ['x'], outputs: ['y'], ...node } as Node],
    tensors: { x: { name: 'x', shape: x }, y: { name: 'y', shape: y } },
  };
}

describe('pad and resize in the IR', () => {
  it('round-trips through the native JSON format', () => {
    const g = shapesGraph();
    const back = graphFromJson(graphToJson(g), 'shapes.json');
    expect(back).toEqual(g);
    verify(back);
  });

  it.each([
    ['pads of the wrong length', single({ op: 'pad', attrs: { pads: [1, 1], value: 0 } }, [2, 3], [4, 3]), 'begins then ends'],
    ['a crop to nothing', single({ op: 'pad', attrs: { pads: [-2, 0, 0, 0], value: 0 } }, [2, 3], [1, 3]), 'at least one element'],
    ['a non-finite value', single({ op: 'pad', attrs: { pads: [0, 0, 0, 0], value: null as unknown as number } }, [2, 3], [2, 3]), 'finite'],
    ['a map index outside the input', single({ op: 'resize', attrs: { maps: [[0, 2], [0, 1, 2]] } }, [2, 3], [2, 3]), 'input indices in [0, 1]'],
    ['a map per axis missing', single({ op: 'resize', attrs: { maps: [[0, 1]] } }, [2, 3], [2]), 'one index map per axis'],
    ['a wrong output shape', single({ op: 'pad', attrs: { pads: [1, 0, 0, 0], value: 0 } }, [2, 3], [2, 3]), 'but the op produces [3,3]'],
  ])('verify() rejects %s with E501 naming the node', (_name, g, says) => {
    const err = thrown(() => verify(g));
    expect(err.code).toBe('E501');
    expect(err.subject).toContain("node 'n'");
    expect(err.message).toContain(says);
  });

  it('computes hand-checked values: crop + pad, and a resize gather', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]); // [2, 3]
    const pad = single({ op: 'pad', attrs: { pads: [1, -1, 0, 1], value: 9 } }, [2, 3], [3, 3]);
    expect(Array.from(simulateFloat(pad, [x], 1)[0]!)).toEqual([9, 9, 9, 2, 3, 9, 5, 6, 9]);
    const resize = single({ op: 'resize', attrs: { maps: [[1, 0, 0], [2, 2]] } }, [2, 3], [3, 2]);
    expect(Array.from(simulateFloat(resize, [x], 1)[0]!)).toEqual([6, 6, 3, 3, 3, 3]);
  });

  it('the fixed simulator gives the same bits on its double and BigInt paths', () => {
    const g = compile(shapesGraph(), {
      config: parsePrecisionConfig({ Model: { Precision: 'fixed<8,3,RND,SAT>' }, LayerType: { Padding: { Precision: 'fixed<7,1,RND_INF,SAT_SYM>' } }, LayerName: { x: { Precision: 'fixed<12,5,RND>' } } }),
    }).graph;
    const data = edgeAwareInputs(g.tensors.x!.type!, 300, X_SIZE, 9);
    const a = simulateFixed(g, [data], 300, 'auto').values;
    const b = simulateFixed(g, [data], 300, 'bigint').values;
    expect(a.map((v) => Array.from(v))).toEqual(b.map((v) => Array.from(v)));
  });
});
