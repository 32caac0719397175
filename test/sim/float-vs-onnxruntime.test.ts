// The float executor against ONNX Runtime on the real hls4ml example models: the shipped
// golden outputs and a live onnxruntime-node run on 1,000 seeded random inputs.
import { describe, expect, it } from 'vitest';
import { loadModel, optimize, simulateFloat } from '../../src/index.js';
import { parseNpy } from '../../src/data/npy.js';
import { readFileSync } from 'node:fs';
import { runOrt } from '../helpers/ort.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32, uniformFloat32 } from '../helpers/random.js';

const MODELS = ['three_layer_keras', 'three_layer_pytorch', 'dense_big_keras', 'two_layer_keras'];

/**
 * ORT computes in float32, we in float64: the difference is float32 rounding (~6e-8
 * relative per operation, accumulated over <= 100-term sums), well inside 1e-5. The
 * outputs are probabilities, and ORT's float32 sigmoid/softmax carry an *absolute* error
 * of about 2^-24 (seen: an exact 0 where float64 gives 9.9e-8), so the error is taken
 * relative to max(|ref|, 1/16): relative 1e-5 above 1/16, absolute 6.25e-7 below.
 */
function maxRelError(ours: ArrayLike<number>, ref: ArrayLike<number>): number {
  expect(ours.length).toBe(ref.length);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(ours[i]! - ref[i]!) / Math.max(Math.abs(ref[i]!), 1 / 16);
    worst = Math.max(worst, err);
  }
  return worst;
}

function floatGraph(name: string) {
  return optimize(loadModel(sharedModel(`onnx/${name}.onnx`)).graph).graph;
}

describe('float executor vs ONNX Runtime', () => {
  for (const name of MODELS) {
    it(`${name}: matches the golden outputs (onnxruntime 1.30, float32)`, () => {
      const g = floatGraph(name);
      const x = parseNpy(readFileSync(sharedModel(`golden/${name}/input.npy`)), 'input.npy');
      const y = parseNpy(readFileSync(sharedModel(`golden/${name}/output.npy`)), 'output.npy');
      const count = x.shape[0]!;
      const [ours] = simulateFloat(g, [x.data], count);
      expect(maxRelError(ours!, y.data)).toBeLessThanOrEqual(1e-5);
    });

    it(`${name}: matches a live onnxruntime-node run on 1,000 random inputs`, async () => {
      const g = floatGraph(name);
      const per = g.tensors[g.inputs[0]!]!.shape.reduce((a, b) => a * b, 1);
      const count = 1000;
      const x = uniformFloat32(mulberry32(7 + name.length), count, per, -4, 4);
      const { y } = await runOrt(sharedModel(`onnx/${name}.onnx`), x, count);
      const [ours] = simulateFloat(g, [Float64Array.from(x)], count);
      expect(maxRelError(ours!, y)).toBeLessThanOrEqual(1e-5);
    });
  }
});
