// The trainer's networks (every layer type and activation it has) export to ONNX that runs in ONNX Runtime like
// runFloat (|ORT − runFloat| ≤ 1e-5 · max(1, |runFloat|)) and re-imports to the very same IR nodes and tensors.
import { describe, expect, test } from 'vitest';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../../../src/index.js';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { runFloat } from '../../../src/sim/float.js';
import { Network } from '../../../src/train/network.js';
import { makeRng } from '../../../src/train/random.js';
import { ACTIVATIONS, type LayerSpec } from '../../../src/train/spec-types.js';
import type { Graph } from '../../../src/ir/types.js';
import { mulberry32, uniformFloat32 } from '../../helpers/random.js';

const COUNT = 6;

async function check(g: Graph): Promise<void> {
  const per = g.tensors[g.inputs[0]!]!.shape.reduce((p, d) => p * d, 1);
  const x = uniformFloat32(mulberry32(5), COUNT, per, -2, 2);
  const bytes = exportOnnx(g);
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ [g.inputs[0]!]: new ort.Tensor('float32', x, [COUNT, ...g.tensors[g.inputs[0]!]!.shape]) });
  const got = out[g.outputs[0]!]!.data as Float32Array;
  const [want] = runFloat(g, [Float64Array.from(x)], COUNT);
  expect(got.length).toBe(want!.length);
  got.forEach((v, i) => expect(Math.abs(v - want![i]!), `element ${i}`).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want![i]!))));
  const back = importOnnx(bytes, `${g.name}.onnx`).graph;
  expect(back.inputs).toEqual(g.inputs);
  expect(back.outputs).toEqual(g.outputs);
  expect(back.nodes).toEqual(g.nodes);
  expect(back.tensors).toEqual(g.tensors);
}

/** A network with seeded initial weights, and batch-norm parameters and statistics set away from their initial 1s and 0s. */
function net(name: string, inShape: number[], layers: LayerSpec[], seed = 1): Graph {
  const network = new Network(inShape, layers, makeRng(seed));
  const rand = mulberry32(seed + 100);
  for (const layer of network.layers) {
    if (layer.type !== 'batchnorm') continue;
    for (const p of layer.params) p.value.forEach((_, i) => { p.value[i] = 0.5 + rand(); });
    for (const [key, v] of Object.entries(layer.state ?? {})) v.forEach((_, i) => { v[i] = key.includes('var') ? 0.5 + rand() : rand() - 0.5; });
  }
  const g = network.toGraph(name);
  for (const n of g.nodes) if (n.op === 'batchnorm') expect(g.tensors[n.inputs[2]!]!.data!.some((v) => v !== 0)).toBe(true);
  return g;
}

describe('trainer networks: export → ORT == runFloat, re-import == IR', () => {
  test('MLP with dropout and softmax', async () => {
    await check(net('mlp', [10], [
      { type: 'dense', units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.2 },
      { type: 'dense', units: 8, activation: 'relu6', useBias: false }, { type: 'dense', units: 4, activation: 'softmax' },
    ]));
  });

  test("conv2d 'same' stride 2 → batchnorm → leaky_relu → maxpool → conv2d valid → global avgpool → dense", async () => {
    await check(net('cnn2d', [9, 8, 2], [
      { type: 'conv2d', filters: 4, kernel: 3, strides: 2, padding: 'same' }, { type: 'batchnorm' },
      { type: 'activation', activation: 'leaky_relu', alpha: 0.1 }, { type: 'maxpool2d', pool: 2 },
      { type: 'conv2d', filters: 3, kernel: [2, 1], activation: 'elu' }, { type: 'global_avgpool' },
      { type: 'dense', units: 2, activation: 'sigmoid' },
    ]));
  });

  test("conv1d 'same' (even kernel: asymmetric pads) → avgpool → global maxpool / flatten → dense", async () => {
    await check(net('cnn1d', [12, 3], [
      { type: 'conv1d', filters: 4, kernel: 4, padding: 'same', activation: 'selu' }, { type: 'avgpool1d', pool: 2 },
      { type: 'conv1d', filters: 2, kernel: 2, strides: 2, activation: 'hard_swish' }, { type: 'flatten' },
      { type: 'dense', units: 3, activation: 'tanh' },
    ]));
    await check(net('gmax', [7, 7, 1], [
      { type: 'conv2d', filters: 2, kernel: 2, padding: 'same' }, { type: 'batchnorm' }, { type: 'avgpool2d', pool: 3, strides: 2 },
      { type: 'global_maxpool' }, { type: 'dense', units: 2 },
    ]));
  });

  for (const activation of ACTIVATIONS) {
    test(`dense with activation ${activation}`, async () => {
      await check(net(`act_${activation}`, [5], [{ type: 'dense', units: 6, activation }, { type: 'batchnorm' }]));
    });
  }
});
