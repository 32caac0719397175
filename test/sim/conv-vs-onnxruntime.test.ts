// The float executor on imported convolutional ONNX models against ONNX Runtime (1,000 random inputs given in
// the model's own layout and permuted as the importer recorded), mnist-conv's shipped sample, and ONNX's own
// conv/pool conformance outputs.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { optimize, simulateFloat } from '../../src/index.js';
import { importOnnx } from '../../src/frontends/onnx/index.js';
import { permuteSamples } from '../../src/data/layout.js';
import { size } from '../../src/ir/shape.js';
import type { Graph } from '../../src/ir/types.js';
import { runOrt } from '../helpers/ort.js';
import { REPO, sharedModel } from '../helpers/paths.js';
import { mulberry32, uniformFloat32 } from '../helpers/random.js';
import { readRawTensor } from '../helpers/onnx-raw.js';
import { loadNodeCase } from '../helpers/onnx-node-cases.js';
import { join } from 'node:path';

/**
 * ORT computes in float32, we in float64, so the difference is ORT's rounding: about 2^-24 relative per
 * operation, accumulated over the conv/dense sums (<= 400 terms here). It is an error relative to the sum
 * of the terms' magnitudes, not to the result, so an output that cancels to near 0 keeps an absolute error
 * of the size of its terms. Hence |got − want| ≤ 1e-5 · max(|want|, floor): `floor` is 1/16 for softmax
 * probabilities (as in float-vs-onnxruntime: ORT's float32 exp has an absolute error of ~2^-24) and
 * 1/16 of the largest output magnitude for logits, where the terms are of that size.
 */
function maxRelError(ours: ArrayLike<number>, ref: ArrayLike<number>, floor: number): number {
  expect(ours.length).toBe(ref.length);
  let worst = 0;
  for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - ref[i]!) / Math.max(Math.abs(ref[i]!), floor));
  return worst;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

function importFile(file: string): Graph {
  return importOnnx(new Uint8Array(readFileSync(file)), file).graph;
}

/** Samples in the model's layout → the IR's, with the permutation the importer recorded. */
function toIr(g: Graph, x: Float64Array, count: number): Float64Array {
  const name = g.inputs[0]!;
  const perm = g.source?.inputPerm?.[name];
  return perm ? permuteSamples(x, count, g.source!.inputShapes![name]!, perm) : x;
}

const MODELS: { name: string; file: () => string; softmax: boolean }[] = [
  { name: 'conv1d_small_keras', file: () => sharedModel('onnx/conv1d_small_keras.onnx'), softmax: true },
  { name: 'conv2d_small_keras', file: () => sharedModel('onnx/conv2d_small_keras.onnx'), softmax: true },
  { name: 'mnist-conv', file: () => sharedModel('qonnx/mnist-conv/model.onnx'), softmax: false },
  { name: 'calo-cnn (example)', file: () => join(REPO, 'examples/calo-cnn/calo_cnn.onnx'), softmax: true },
];

/** Worst relative error per model, printed for the record. */
const report: Record<string, number> = {};

describe('float executor vs ONNX Runtime: convolutional models', () => {
  for (const m of MODELS) {
    it(`${m.name}: 1,000 random inputs in the model's layout, imported and optimized graphs`, async () => {
      const file = m.file();
      const imported = importFile(file);
      const shape = imported.source!.inputShapes![imported.inputs[0]!]!;
      const count = 1000;
      const x = uniformFloat32(mulberry32(11 + m.name.length), count, size(shape), -4, 4);
      const { y } = await runOrt(file, x, count);
      const floor = m.softmax ? 1 / 16 : maxAbs(y) / 16;
      for (const g of [imported, optimize(imported).graph]) {
        const [ours] = simulateFloat(g, [toIr(g, Float64Array.from(x), count)], count);
        const err = maxRelError(ours!, y, floor);
        report[m.name] = Math.max(report[m.name] ?? 0, err);
        expect(err).toBeLessThanOrEqual(1e-5);
      }
    }, 120_000);
  }

  it('mnist-conv: the shipped test_data_set_0 output', () => {
    const g = importFile(sharedModel('qonnx/mnist-conv/model.onnx'));
    const read = (f: string) => readRawTensor(new Uint8Array(readFileSync(sharedModel(`qonnx/mnist-conv/test_data_set_0/${f}`))));
    const x = read('input_0.pb');
    const want = read('output_0.pb');
    expect(x.dims).toEqual([1, 1, 28, 28]);
    const [ours] = simulateFloat(g, [toIr(g, Float64Array.from(x.values), 1)], 1);
    const err = maxRelError(ours!, want.values, maxAbs(want.values) / 16);
    report['mnist-conv test_data_set_0'] = err;
    expect(err).toBeLessThanOrEqual(1e-5);
    console.log('max relative error vs ONNX Runtime / references:', report);
  });
});

/** ONNX's conformance cases with their shipped (numpy) outputs; inputs are ~N(0, 1), so floor 1. */
const NODE_CASES: [string, number[]][] = [
  ...['test_conv_with_autopad_same', 'test_conv_with_strides_and_asymmetric_padding', 'test_conv_with_strides_no_padding',
    'test_conv_with_strides_padding'].map((c): [string, number[]] => [c, [1]]),
  ...['default', 'pads', 'pads_count_include_pad', 'precomputed_pads', 'precomputed_pads_count_include_pad', 'precomputed_same_upper',
    'precomputed_strides', 'same_upper', 'strides'].map((c): [string, number[]] => [`test_averagepool_2d_${c}`, []]),
  ...['default', 'pads', 'precomputed_pads', 'precomputed_same_upper', 'precomputed_strides', 'same_upper', 'strides']
    .map((c): [string, number[]] => [`test_maxpool_2d_${c}`, []]),
  ...['test_globalaveragepool', 'test_globalaveragepool_precomputed', 'test_globalmaxpool', 'test_globalmaxpool_precomputed']
    .map((c): [string, number[]] => [c, []]),
  ...['0', '1'].map((c): [string, number[]] => [`test_transpose_all_permutations_${c}`, []]),
];

describe('float executor vs ONNX conformance outputs (conv, pools, transpose)', () => {
  it.each(NODE_CASES)('%s', (name, constants) => {
    const k = loadNodeCase(name, constants);
    const g = importOnnx(k.bytes, `${name}.onnx`).graph;
    const x = k.inputs.find((_, i) => !constants.includes(i))!;
    const count = x.dims[0]!;
    const [ours] = simulateFloat(g, [toIr(g, Float64Array.from(x.values), count)], count);
    expect(maxRelError(ours!, k.outputs[0]!.values, 1)).toBeLessThanOrEqual(1e-5);
  });
});
