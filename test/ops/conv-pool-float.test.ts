// Float conv, pools and transpose equal naive references written in the test (direct loops over
// channels-last coordinates) on random shapes, strides, dilations, pads and groups.
import { describe, expect, it } from 'vitest';
import { simulateFloat } from '../../src/index.js';
import type { Graph, Node } from '../../src/ir/types.js';
import { verify } from '../../src/ir/verify.js';
import { mulberry32 } from '../helpers/random.js';
import { convGraph, naiveConv, naivePool, poolGraph, randomConvSpec, randomPoolSpec, type PoolSpec } from './conv-graphs.js';

const SAMPLES = 3;

function close(a: Float64Array, b: Float64Array): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(b[i]!)));
}

function inputs(rand: () => number, n: number): Float64Array {
  return Float64Array.from({ length: n }, () => rand() * 4 - 2);
}

describe('float conv == naive reference', () => {
  for (let seed = 1; seed <= 60; seed++) {
    it(`random conv #${seed}`, () => {
      const rand = mulberry32(seed);
      const spec = randomConvSpec(rand);
      const g = convGraph(spec, rand);
      verify(g);
      const per = spec.x.reduce((a, b) => a * b, 1);
      const x = inputs(rand, per * SAMPLES);
      const y = simulateFloat(g, [x], SAMPLES)[0]!;
      const outPer = y.length / SAMPLES;
      for (let s = 0; s < SAMPLES; s++) {
        const ref = naiveConv(spec, x.subarray(s * per, (s + 1) * per), g.tensors.w!.data!, g.tensors.b?.data);
        close(y.subarray(s * outPer, (s + 1) * outPer), ref);
      }
    });
  }
});

describe('float pools == naive reference', () => {
  const ops: PoolSpec['op'][] = ['maxpool', 'avgpool', 'global_maxpool', 'global_avgpool'];
  for (const op of ops) {
    for (let seed = 1; seed <= 15; seed++) {
      it(`${op} #${seed}`, () => {
        const rand = mulberry32(1000 * (ops.indexOf(op) + 1) + seed);
        const spec = randomPoolSpec(rand, op);
        const g = poolGraph(spec);
        verify(g);
        const per = spec.x.reduce((a, b) => a * b, 1);
        const x = inputs(rand, per * SAMPLES);
        const y = simulateFloat(g, [x], SAMPLES)[0]!;
        const outPer = y.length / SAMPLES;
        for (let s = 0; s < SAMPLES; s++) close(y.subarray(s * outPer, (s + 1) * outPer), naivePool(spec, x.subarray(s * per, (s + 1) * per)));
      });
    }
  }
});

describe('transpose', () => {
  it('permutes [2, 3, 4] by [2, 0, 1] (numpy semantics)', () => {
    const node = { name: 't', op: 'transpose', inputs: ['x'], outputs: ['y'], attrs: { perm: [2, 0, 1] } } as unknown as Node;
    const g: Graph = { name: 'tr', inputs: ['x'], outputs: ['y'], nodes: [node], tensors: { x: { name: 'x', shape: [2, 3, 4] }, y: { name: 'y', shape: [4, 2, 3] } } };
    verify(g);
    const x = Float64Array.from({ length: 24 }, (_, i) => i);
    const y = simulateFloat(g, [x], 1)[0]!;
    // y[k][i][j] = x[i][j][k]
    for (let k = 0; k < 4; k++) for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) expect(y[(k * 2 + i) * 3 + j]).toBe(x[(i * 3 + j) * 4 + k]);
  });
});
