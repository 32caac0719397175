// Average pooling in fixed point: a power-of-two count is exact, other counts stay within the
// error of q(1/count), windows cut by padding use their own constant; max pooling ignores padding.
import { describe, expect, it } from 'vitest';
import { fromFloat, toFloat } from '../../src/fixed/quantize.js';
import type { FixedType } from '../../src/fixed/types.js';
import { compile, parsePrecisionConfig, simulateFixed } from '../../src/index.js';
import type { Graph } from '../../src/ir/types.js';
import { edgeAwareInputs } from '../helpers/fixed-inputs.js';
import { mulberry32 } from '../helpers/random.js';
import { lsb, naivePool, poolGraph, type PoolSpec } from './conv-graphs.js';

function compiled(spec: PoolSpec, config: object): Graph {
  return compile(poolGraph(spec), { config: parsePrecisionConfig(config) }).graph;
}

/** The input values the fixed simulator actually sees (quantized to x's type). */
function onGrid(x: Float64Array, t: FixedType): Float64Array {
  return x.map((v) => toFloat(fromFloat(v, t), t));
}

const pool1d = (k: number, s: number, pads: number[], x: number[], countIncludePad = false): PoolSpec =>
  ({ op: 'avgpool', x, k: [k], strides: [s], pads, countIncludePad });

describe('avgpool', () => {
  it('a power-of-two count (2×2) is exact: y = the exact mean, cast once', () => {
    const spec: PoolSpec = { op: 'avgpool', x: [6, 6, 3], k: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0], countIncludePad: false };
    const g = compiled(spec, { Model: { Precision: 'fixed<20,6>' }, LayerName: { x: 'fixed<10,4>' } });
    const x = edgeAwareInputs(g.tensors.x!.type!, 50, 108, 1);
    const y = simulateFixed(g, [x], 50).values[0]!;
    const ref = new Float64Array(y.length);
    for (let s = 0; s < 50; s++) ref.set(naivePool(spec, onGrid(x.subarray(s * 108, (s + 1) * 108), g.tensors.x!.type!)), s * 27);
    expect(y).toEqual(ref); // F(out) = 14 ≥ F(x) + 2: every mean is representable
  });

  for (const [name, param] of [['derived param type', undefined], ['param fixed<8,0>', 'fixed<8,0>']] as const) {
    it(`count 3 stays within the error of q(1/3) (${name})`, () => {
      const spec = pool1d(3, 3, [0, 0], [12, 2]);
      const config = { Model: { Precision: 'fixed<24,8>' }, LayerName: { x: 'fixed<12,4>', ...(param ? { pool: { Precision: { param } } } : {}) } };
      const g = compiled(spec, config);
      const node = g.nodes[0]!;
      const pt = node.op === 'avgpool' ? node.attrs.paramType! : undefined!;
      const qErr = Math.abs(toFloat(fromFloat(1 / 3, pt), pt) - 1 / 3);
      expect(qErr).toBeGreaterThan(0);
      const x = edgeAwareInputs(g.tensors.x!.type!, 100, 24, 2);
      const y = simulateFixed(g, [x], 100).values[0]!;
      let worst = 0;
      for (let s = 0; s < 100; s++) {
        const xs = onGrid(x.subarray(s * 24, (s + 1) * 24), g.tensors.x!.type!);
        const ref = naivePool(spec, xs);
        for (let i = 0; i < 8; i++) {
          // y = TRN(sum · q(1/3)): |y − sum/3| ≤ |sum|·|q(1/3) − 1/3| + one output LSB.
          const sum = 3 * ref[i]!;
          const err = Math.abs(y[s * 8 + i]! - ref[i]!);
          expect(err).toBeLessThanOrEqual(Math.abs(sum) * qErr + lsb(g.tensors.y!.type!) + 1e-12);
          worst = Math.max(worst, err);
        }
      }
      expect(worst).toBeGreaterThan(0);
    });
  }

  it('windows cut by padding divide by their own in-range count (or the full window with countIncludePad)', () => {
    for (const include of [false, true]) {
      const spec = pool1d(4, 1, [1, 2], [5, 1], include); // counts 3, 4, 4, 3, 2 (or 4 everywhere)
      const g = compiled(spec, { Model: { Precision: 'fixed<24,8>' }, LayerName: { x: 'fixed<8,4>' } });
      const x = Float64Array.of(1, 2, 3, 4, 5.5);
      const y = simulateFixed(g, [x], 1).values[0]!;
      // Counts 2 and 4 are exact; count 3 within q(1/3)'s error.
      const ref = naivePool(spec, x);
      for (let i = 0; i < y.length; i++) expect(Math.abs(y[i]! - ref[i]!)).toBeLessThanOrEqual(2 ** -16 + 16 * 2 ** -19);
      if (!include) expect([y[2], y[4]]).toEqual([3.625, 4.75]);
      else expect([y[0], y[4]]).toEqual([1.5, 2.375]);
    }
  });

  it('global_avgpool over 3×3 positions stays within the error of q(1/9)', () => {
    const spec: PoolSpec = { op: 'global_avgpool', x: [3, 3, 4], k: [], strides: [], pads: [], countIncludePad: false };
    const g = compiled(spec, { Model: { Precision: 'fixed<24,8>' }, LayerName: { x: 'fixed<12,4>' } });
    const x = edgeAwareInputs(g.tensors.x!.type!, 50, 36, 3);
    const y = simulateFixed(g, [x], 50).values[0]!;
    for (let s = 0; s < 50; s++) {
      const ref = naivePool(spec, onGrid(x.subarray(s * 36, (s + 1) * 36), g.tensors.x!.type!));
      for (let i = 0; i < 4; i++) expect(Math.abs(y[s * 4 + i]! - ref[i]!)).toBeLessThanOrEqual(9 * 8 * 2 ** -21 + 2 ** -16);
    }
  });
});

describe('maxpool', () => {
  it('padding never wins, even when every input is negative', () => {
    const spec: PoolSpec = { op: 'maxpool', x: [5, 5, 2], k: [3, 3], strides: [2, 2], pads: [2, 1, 2, 1], countIncludePad: false };
    const g = compiled(spec, { Model: { Precision: 'fixed<16,6>' } });
    const rand = mulberry32(9);
    const x = Float64Array.from({ length: 50 * 10 }, () => -1 - rand() * 3);
    const y = simulateFixed(g, [x], 10).values[0]!;
    expect(y.every((v) => v < -1 + 2 ** -10)).toBe(true);
    const per = y.length / 10;
    for (let s = 0; s < 10; s++) {
      expect(y.subarray(s * per, (s + 1) * per)).toEqual(naivePool(spec, onGrid(x.subarray(s * 50, (s + 1) * 50), g.tensors.x!.type!)));
    }
  });
});
