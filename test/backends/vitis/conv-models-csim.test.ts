// Real exported CNNs (Keras conv1d/conv2d, the ONNX-zoo MNIST CNN): g++ C simulation of the emitted
// project == the simulator, bit-exact on every output of 1,000 inputs, at two precisions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, loadModel, parsePrecisionConfig, simulateFixed } from '../../../src/index.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { sharedModel } from '../../helpers/paths.js';
import { expectCsimBitExact } from '../../helpers/csim.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-conv-models-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODELS = ['onnx/conv1d_small_keras.onnx', 'onnx/conv2d_small_keras.onnx', 'qonnx/mnist-conv/model.onnx'];
const CONFIGS: Record<string, object> = {
  'fixed<16,6> (default types)': {},
  'fixed<12,4,RND_CONV,SAT>': { Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } },
};
/**
 * Narrow accumulators that round every product make g++ slow on the fully unrolled MNIST net (about
 * 4 minutes): that case runs on the two small Keras models, where it compiles in seconds.
 */
const NARROW = { Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' }, LayerType: { Conv: { Precision: { accum: 'fixed<20,6,RND>' } } } };

describe('real CNNs: g++ csim == simulator on 1,000 inputs', () => {
  MODELS.forEach((model, mi) => {
    const configs = Object.entries(model.startsWith('onnx/') ? { ...CONFIGS, 'fixed<12,4,RND_CONV,SAT>, narrow rounding accumulators': NARROW } : CONFIGS);
    configs.forEach(([name, config], ci) => {
      it(`${model} at ${name}`, async () => {
        const g = compile(loadModel(sharedModel(model)).graph, { config: parsePrecisionConfig(config) }).graph;
        expect(g.nodes.some((n) => n.op === 'conv')).toBe(true);
        const x = g.tensors[g.inputs[0]!]!;
        const per = x.shape.reduce((a, b) => a * b, 1);
        const data = edgeAwareInputs(x.type!, 1000, per, 300 + 10 * mi + ci);
        await expectCsimBitExact(g, join(work, `m${mi}c${ci}`), data, 1000);
        expect(new Set(simulateFixed(g, [data], 1000).raw[0]!.map(String)).size).toBeGreaterThan(10);
      }, 240_000);
    });
  });
});
