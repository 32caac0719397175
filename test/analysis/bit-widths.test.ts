// Automatic bit widths on the jet tagger: with a 0.5% argmax-agreement budget the chosen configuration
// stays within budget on held-out data and needs at least 40% fewer multiplier input bits than
// fixed<16,6> everywhere (recounted here from the compiled graph); plus the loss measures on small data.
import { describe, expect, it } from 'vitest';
import { measure, searchBitWidths } from '../../src/analysis/bit-widths.js';
import { fromFloat } from '../../src/fixed/quantize.js';
import { compile, loadModel, optimize, simulateFixed, simulateFloat } from '../../src/index.js';
import type { Graph } from '../../src/ir/types.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

/**
 * Inputs as the golden reference's for this model (../shared/models/golden: uniform in [0, 1) on a
 * 2^-10 grid), from a seeded generator: calibration and held-out sets never share a sample.
 */
function features(count: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: 16 * count }, () => Math.floor(r() * 1024) / 1024);
}

/** Σ over dense layers of nonzero weights × (data width + weight width), counted from the compiled graph. */
function inputBits(c: Graph): number {
  let bits = 0;
  for (const n of c.nodes) {
    if (n.op !== 'dense') continue;
    const w = c.tensors[n.inputs[1]!]!;
    const nonzero = w.data!.filter((v) => fromFloat(v, w.type!) !== 0n).length;
    bits += nonzero * (c.tensors[n.inputs[0]!]!.type!.width + w.type!.width);
  }
  return bits;
}

describe('measure', () => {
  it('argmax agreement, accuracy drop and max abs error on hand-made outputs', () => {
    const ref = Float64Array.from([0.1, 0.9, 0.7, 0.3, 0.2, 0.8, 0.6, 0.4]);
    const fixed = Float64Array.from([0.2, 0.8, 0.4, 0.6, 0.25, 0.75, 0.5, 0.5]); // sample 2 flips; sample 4 ties -> index 0
    const m = measure(fixed, ref, 4, { kind: 'accuracy', maxDrop: 0.1, labels: Int32Array.from([1, 0, 0, 0]) });
    expect(m.agreement).toBe(3 / 4);
    // Float argmax [1, 0, 1, 0] and fixed [1, 1, 1, 0] against labels [1, 0, 0, 0].
    expect(m.accuracy).toEqual({ float: 3 / 4, fixed: 2 / 4 });
    expect(m.loss).toBe(1 / 4);
    expect(m.maxAbsError).toBeCloseTo(0.3, 15);
    expect(measure(fixed, ref, 4, { kind: 'agreement', maxDrop: 0.1 }).loss).toBe(1 / 4);
    expect(measure(fixed, ref, 4, { kind: 'abs', maxError: 1 }).loss).toBeCloseTo(0.3, 15);
  });
});

describe('automatic bit widths on three_layer_keras', () => {
  it('stays within a 0.5% agreement budget on held-out data with >= 40% fewer multiplier input bits', () => {
    const g = loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph;
    const N = 5000;
    const calib = features(N, 101);
    const held = features(N, 202);
    const r = searchBitWidths(g, calib, N, { budget: { kind: 'agreement', maxDrop: 0.005 } });
    expect(r.measure.loss).toBeLessThanOrEqual(0.005 * 0.5);
    const chosen = compile(g, { config: r.config }).graph;
    const baseline = compile(g).graph;
    const cut = 1 - inputBits(chosen) / inputBits(baseline);
    expect(inputBits(baseline)).toBe(r.baseline.cost.inputBits);
    expect(inputBits(chosen)).toBe(r.cost.inputBits);
    expect(cut).toBeGreaterThanOrEqual(0.4);
    // Held-out: argmax of the fixed outputs against the float model's, samples the search never saw.
    const ref = simulateFloat(optimize(g).graph, [held], N)[0]!;
    const y = simulateFixed(chosen, [held], N).values[0]!;
    let disagree = 0;
    for (let s = 0; s < N; s++) {
      const a = y.subarray(s * 5, s * 5 + 5);
      const b = ref.subarray(s * 5, s * 5 + 5);
      if (a.indexOf(Math.max(...a)) !== b.indexOf(Math.max(...b))) disagree++;
    }
    expect(disagree / N).toBeLessThanOrEqual(0.005);
    // The note's table: chosen widths well below 16 bits.
    for (const n of chosen.nodes.filter((m) => m.op === 'dense')) expect(chosen.tensors[n.inputs[1]!]!.type!.width).toBeLessThan(16);
  }, 600_000);
});
