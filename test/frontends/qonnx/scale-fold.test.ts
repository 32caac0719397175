// A Quant with a non-power-of-two scale folds into its neighbours when every rescaled weight is exact
// (src/frontends/onnx/fold-scales.ts); the reference is the original model evaluated by hand in doubles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { compile, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../../src/index.js';
import { qonnxQuant } from '../../../src/ops/quant.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { thrown } from '../../helpers/errors.js';
import { a, buildModel, floatTensor, int64Tensor, node, valueInfo } from '../../helpers/onnx-build.js';
import { mulberry32 } from '../../helpers/random.js';

const S = 0.375;
const W1 = [3, -2, 1, 0, 2, -3, -1, 1, 2, 1, 0, -2].map((k) => k * S); // [4, 3], multiples of s
const B1 = [1, -1, 2].map((k) => k * S);
const W2 = [0.5, -0.25, 1.75, 1, -1.5, 0.125]; // [3, 2], dyadic: s · w is exact

function model(w1: number[]): Uint8Array {
  return buildModel({
    nodes: [
      node('MatMul', ['x', 'w1'], ['m1'], { name: 'fc1' }), node('Add', ['m1', 'b1'], ['a1'], { name: 'bias1' }),
      node('Relu', ['a1'], ['r1'], { name: 'relu1' }),
      node('Quant', ['r1', 's', 'z', 'bw'], ['q1'], { name: 'act_q', domain: 'finn.custom_op.general', attrs: [a.int('signed', 0), a.int('narrow', 0), a.string('rounding_mode', 'ROUND')] }),
      node('MatMul', ['q1', 'w2'], ['y'], { name: 'fc2' }),
    ],
    inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)],
    initializers: [floatTensor('w1', [4, 3], w1), floatTensor('b1', [3], B1), floatTensor('s', [], [S]), floatTensor('z', [], [0]), int64Tensor('bw', [], [4]), floatTensor('w2', [3, 2], W2)],
  });
}

/** The original QONNX model by hand: dense, bias, relu, Quant at scale s, dense. */
function reference(x: number[]): number[] {
  const h = [0, 1, 2].map((j) => Math.max(0, x.reduce((acc, v, i) => acc + v * W1[i * 3 + j]!, B1[j]!)));
  const q = h.map((v) => qonnxQuant(v, S, 0, 4, false, false, 'ROUND'));
  return [0, 1].map((k) => q.reduce((acc, v, j) => acc + v * W2[j * 2 + k]!, 0));
}

describe('non-power-of-two Quant scale folded into the neighbouring dense layers', () => {
  const imported = importOnnx(model(W1), 'scale.onnx').graph;
  const g = compile(imported, { config: parsePrecisionConfig({ LayerName: { x: { Precision: 'fixed<9,4>' } } }) }).graph;
  const count = 1000;
  const rand = mulberry32(5);
  // Values of the input type fixed<9,4> (the grid 2^-5 on [-8, 8)), so that both executors see the same numbers.
  const x = Float64Array.from({ length: count * 4 }, () => Math.min(8 - 1 / 32, Math.round((rand() * 16 - 8) * 32) / 32));

  it('imports with the quantizer on the integer grid, fixed == float == the hand evaluation on 1,000 inputs (ties included)', () => {
    expect(g.nodes.find((n) => n.op === 'quant')!.attrs).toMatchObject({ scale: 1, bits: 4, signed: false });
    const want = Array.from({ length: count }, (_, s) => reference(Array.from(x.subarray(4 * s, 4 * s + 4)))).flat();
    expect(Array.from(simulateFloat(g, [x], count)[0]!)).toEqual(want);
    expect(Array.from(simulateFixed(g, [x], count).values[0]!)).toEqual(want);
    // Ties of the quantizer input (h/s = k + 1/2) and clamps (h/s > 15) both occur.
    const hs = Array.from({ length: count }, (_, s) => [0, 1, 2].map((j) => Math.max(0, [0, 1, 2, 3].reduce((acc, i) => acc + x[4 * s + i]! * W1[i * 3 + j]!, B1[j]!)) / S)).flat();
    expect(hs.filter((v) => v - Math.floor(v) === 0.5).length).toBeGreaterThan(20);
    expect(hs.filter((v) => v > 15).length).toBeGreaterThan(20);
  });

  it('g++ csim equals the simulator', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qonnx-scale-'));
    try {
      await expectCsimBitExact(g, join(dir, 'prj'), x, count);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('a weight that is not an exact multiple of the scale: E105 naming the Quant node and the weight', () => {
    const e = thrown(() => importOnnx(model(W1.map((v, i) => (i === 4 ? 0.3 : v))), 'scale.onnx'));
    expect(e.code).toBe('E105');
    expect(e.subject).toBe("scale.onnx: node 'act_q' (Quant)");
    expect(e.message).toContain('divided by 0.375 is not exact');
  });
});
