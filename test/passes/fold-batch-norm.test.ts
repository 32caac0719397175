// fold-batch-norm: a batchnorm after a dense or conv disappears into its weights and bias, with the
// float outputs unchanged (1e-6 relative); one that cannot fold stays and is simulated bit-accurately.
import { describe, expect, it } from 'vitest';
import { compile, optimize, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../src/index.js';
import type { Graph, Node } from '../../src/ir/types.js';
import { mulberry32 } from '../helpers/random.js';

const rand = mulberry32(7);
const data = (n: number, lo = -1, hi = 1): number[] => Array.from({ length: n }, () => lo + (hi - lo) * rand());

/** x -> layer -> bn -> relu -> bn2 -> y: bn folds into the layer, bn2 (after a relu) cannot. */
function graph(layer: 'dense' | 'conv'): Graph {
  const conv = layer === 'conv';
  const xShape = conv ? [6, 6, 3] : [8];
  const hShape = conv ? [6, 6, 4] : [4];
  const w = conv ? { shape: [3, 3, 3, 4], data: data(108) } : { shape: [8, 4], data: data(32) };
  const attrs = conv ? { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], groups: 1 } : {};
  const nodes = [
    { name: 'layer', op: layer, inputs: ['x', 'w', 'b'], outputs: ['h'], attrs },
    { name: 'bn', op: 'batchnorm', inputs: ['h', 's1', 't1'], outputs: ['hn'], attrs: {} },
    { name: 'relu', op: 'relu', inputs: ['hn'], outputs: ['a'], attrs: {} },
    { name: 'bn2', op: 'batchnorm', inputs: ['a', 's2', 't2'], outputs: ['y'], attrs: {} },
  ] as Node[];
  const t = (name: string, shape: number[], d?: number[]) => ({ [name]: { name, shape, ...(d ? { data: d } : {}) } });
  return {
    name: `bn_${layer}`, inputs: ['x'], outputs: ['y'], nodes,
    tensors: {
      ...t('x', xShape), ...t('w', w.shape, w.data), ...t('b', [4], data(4)), ...t('h', hShape), ...t('hn', hShape), ...t('a', hShape), ...t('y', hShape),
      ...t('s1', [4], data(4, 0.2, 3)), ...t('t1', [4], data(4)), ...t('s2', [4], data(4, -2, 2)), ...t('t2', [4], data(4)),
    },
  };
}

describe('fold-batch-norm', () => {
  for (const layer of ['dense', 'conv'] as const) {
    it(`${layer} -> batchnorm folds; float outputs agree within 1e-6 relative; a batchnorm after relu stays`, () => {
      const g = graph(layer);
      const folded = optimize(g).graph;
      expect(folded.nodes.map((n) => n.op)).toEqual([layer, 'relu', 'batchnorm']);
      const per = g.tensors.x!.shape.reduce((a, b) => a * b, 1);
      const x = Float64Array.from(data(200 * per, -2, 2));
      const before = simulateFloat(g, [x], 200)[0]!;
      const after = simulateFloat(folded, [x], 200)[0]!;
      let worst = 0;
      before.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - after[i]!) / Math.max(Math.abs(v), 1e-3))));
      expect(worst).toBeLessThanOrEqual(1e-6);
    });
  }

  it('the kept batchnorm: exact accumulator by default, doubles == BigInt, and close to float', () => {
    const g = optimize(graph('dense')).graph;
    const fixed = compile(g, { config: parsePrecisionConfig({ Model: { Precision: 'fixed<18,6,RND>' } }) }).graph;
    const bn = fixed.nodes.find((n) => n.op === 'batchnorm')!;
    expect(bn.op === 'batchnorm' && bn.attrs.accum).toBeTruthy();
    const x = Float64Array.from(data(500 * 8, -2, 2));
    const a = simulateFixed(fixed, [x], 500, 'auto');
    const b = simulateFixed(fixed, [x], 500, 'bigint');
    expect(a.raw).toEqual(b.raw);
    const f = simulateFloat(g, [x], 500)[0]!;
    let worst = 0;
    f.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - a.values[0]![i]!))));
    expect(worst).toBeLessThan(0.05); // 12 fractional bits per layer, weights up to 1, scales up to 3
    expect(worst).toBeGreaterThan(0);
  });
});
