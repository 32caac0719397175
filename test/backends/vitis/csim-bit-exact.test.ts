// Fixed-point simulator vs g++ C simulation of the emitted Vitis HLS project: bit-exact on
// every output of 1,000 inputs, for the jet tagger and dense_big at several precisions.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFolder } from '../../../src/cli/files.js';
import { parseNpy } from '../../../src/data/npy.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildVitisProject, compile, csimCompare, loadModel, optimize, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { sharedModel } from '../../helpers/paths.js';
import { compileCpp, requireTool } from '../../helpers/tools.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-csim-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * dense_big_keras's hidden weights are ~1.5e-6: at the three model-wide precisions they
 * quantize to zero (its outputs are then its biases), so its wrapping configuration gives
 * the dense weights a type that can hold them. Its biases (~0.06) exceed that accumulator's
 * range [-2^-7, 2^-7), so it wraps.
 */
const NARROW: Record<string, { config: object; accumLimit: number }> = {
  three_layer_keras: {
    config: { Model: { Precision: 'fixed<16,6,RND,SAT>' }, LayerType: { Dense: { Precision: { accum: 'fixed<16,2,RND>' } } } },
    accumLimit: 2,
  },
  dense_big_keras: {
    config: {
      Model: { Precision: 'fixed<16,6,RND,SAT>' },
      LayerType: { Dense: { Precision: { weight: 'fixed<12,-12,RND>', result: 'fixed<16,-2,RND,SAT>', accum: 'fixed<24,-6,RND>' } } },
    },
    accumLimit: 2 ** -7,
  },
};

const CONFIGS: Record<string, object> = {
  'fixed<16,6>': { Model: { Precision: 'fixed<16,6>' } },
  'fixed<8,3>': { Model: { Precision: 'fixed<8,3>' } },
  'fixed<12,4,RND_CONV,SAT>': { Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } },
  // Narrow accumulators that round the products and wrap the sums: NARROW, per model.
  'narrow wrapping accumulators': {},
};

function cutAfter(g: Graph, tensorName: string): Graph {
  const last = g.nodes.findIndex((n) => n.outputs.includes(tensorName));
  return { ...g, nodes: g.nodes.slice(0, last + 1), outputs: [tensorName] };
}

function configFor(model: string, configName: string): object {
  return configName === 'narrow wrapping accumulators' ? NARROW[model]!.config : CONFIGS[configName]!;
}

/** 1,000 edge-aware inputs through g++ C simulation of `g`'s project: every output must match. */
async function expectCsimBitExact(g: Graph, folder: string, seed: number): Promise<Float64Array> {
  requireTool('g++');
  const x = edgeAwareInputs(g.tensors[g.inputs[0]!]!.type!, 1000, g.tensors[g.inputs[0]!]!.shape[0]!, seed);
  const dir = join(work, folder);
  writeFolder(dir, buildVitisProject(g, { tbInputs: { data: x, count: 1000 } }), false);
  const r = await csimCompare(dir);
  expect(r.samples).toBe(1000);
  expect(r.outputsCompared).toBe(1000 * g.tensors[g.outputs[0]!]!.shape[0]!);
  expect(r.mismatches).toEqual([]);
  return x;
}

async function csimCase(model: string, configName: string): Promise<{ g: Graph; x: Float64Array }> {
  const g = compile(loadModel(sharedModel(`onnx/${model}.onnx`)).graph, { config: parsePrecisionConfig(configFor(model, configName)) }).graph;
  const x = await expectCsimBitExact(g, `${model}-${Object.keys(CONFIGS).indexOf(configName)}`, 1234 + model.length);
  return { g, x };
}

describe('fixed simulator == g++ C simulation, every output of 1,000 inputs', () => {
  for (const model of ['three_layer_keras', 'dense_big_keras']) {
    for (const configName of Object.keys(CONFIGS)) {
      it(`${model} at ${configName}`, async () => {
        const { g, x } = await csimCase(model, configName);
        if (configName === 'fixed<16,6>' && model === 'three_layer_keras') {
          // An independent sanity check that the bits mean something: on in-distribution inputs
          // (the golden set: uniform [0,1)) the fixed logits stay close to the float ones.
          const fg = optimize(loadModel(sharedModel(`onnx/${model}.onnx`)).graph).graph;
          const golden = parseNpy(readFileSync(sharedModel(`golden/${model}/input.npy`)), 'input.npy');
          const n = golden.shape[0]!;
          // Compared before the softmax (stable by default): the logits.
          const fixed = simulateFixed(cutAfter(g, g.nodes.at(-2)!.outputs[0]!), [golden.data], n).values[0]!;
          const logits = simulateFloat({ ...fg, outputs: [g.nodes.at(-2)!.outputs[0]!] }, [golden.data], n)[0]!;
          let worst = 0;
          for (let i = 0; i < fixed.length; i++) worst = Math.max(worst, Math.abs(fixed[i]! - logits[i]!));
          expect(worst).toBeGreaterThan(0); // quantization is visible...
          expect(worst).toBeLessThan(1); // ...but small next to logits of several units (10 fractional bits per layer)
        }
        if (configName === 'narrow wrapping accumulators') {
          // The narrowed accumulators really wrap: with exact ('auto') accumulators and otherwise the
          // same types, some layer's sums leave the narrow accumulator's range on many entries.
          const { config, accumLimit } = NARROW[model]!;
          const autoAccum = JSON.parse(JSON.stringify(config).replace(/"accum":"[^"]*"/, '"accum":"auto"')) as object;
          const exact = compile(loadModel(sharedModel(`onnx/${model}.onnx`)).graph, { config: parsePrecisionConfig(autoAccum) }).graph;
          let beyond = 0;
          for (const n of exact.nodes.filter((m) => m.op === 'dense')) {
            const sums = simulateFixed(cutAfter(exact, n.outputs[0]!), [x], 1000).values[0]!;
            beyond = Math.max(beyond, sums.filter((v) => Math.abs(v) >= accumLimit).length / sums.length);
          }
          expect(beyond).toBeGreaterThan(0.01);
          // ...and the wrapped logits differ from the exact ones (the softmax may round the difference away).
          const a = simulateFixed(cutAfter(g, g.nodes.at(-2)!.outputs[0]!), [x], 1000).values[0]!;
          const b = simulateFixed(cutAfter(exact, exact.nodes.at(-2)!.outputs[0]!), [x], 1000).values[0]!;
          expect(a.some((v, i) => v !== b[i])).toBe(true);
        }
      }, 120_000);
    }
  }
});

describe('the emitted project', () => {
  it('compiles warning-free with -Wall -Wextra against hls/csim', async () => {
    const g = compile(loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph, { config: parsePrecisionConfig(CONFIGS['fixed<12,4,RND_CONV,SAT>']) }).graph;
    const dir = join(work, 'warnings');
    writeFolder(dir, buildVitisProject(g), false);
    const { warnings } = await compileCpp([join(dir, 'firmware', 'myproject.cpp'), join(dir, 'myproject_test.cpp')], join(dir, 'tb'), [join(dir, 'csim'), join(dir, 'firmware')]);
    expect(warnings).toBe('');
  }, 120_000);
});

describe('dense without a bias', () => {
  it('is bit-exact in C simulation too (the bias-free kernel)', async () => {
    const base = compile(loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph, { config: parsePrecisionConfig(CONFIGS['fixed<12,4,RND_CONV,SAT>']) }).graph;
    // Drop every bias (a MatMul without Add), then recompute the exact accumulators for it.
    const stripped = { ...base, nodes: base.nodes.map((n) => (n.op === 'dense' ? { ...n, inputs: n.inputs.slice(0, 2), attrs: {} } : n)) };
    const g = compile(stripped, { config: parsePrecisionConfig(CONFIGS['fixed<12,4,RND_CONV,SAT>']) }).graph;
    expect(g.nodes.filter((n) => n.op === 'dense').every((n) => n.inputs.length === 2 && n.op === 'dense' && n.attrs.accum)).toBe(true);
    await expectCsimBitExact(g, 'nobias', 99);
  }, 120_000);
});

describe('softmax as argmax', () => {
  it('emits a one-hot output that is bit-exact in C simulation and picks the float argmax', async () => {
    const config = parsePrecisionConfig({ Model: { Precision: 'fixed<16,6>' }, LayerType: { Softmax: { implementation: 'argmax', Precision: 'ufixed<1,1>' } } });
    const g = compile(loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph, { config }).graph;
    expect(g.nodes.at(-1)).toMatchObject({ op: 'softmax', attrs: { implementation: 'argmax' } });
    const x = await expectCsimBitExact(g, 'argmax', 7);
    const y = simulateFixed(g, [x], 1000).values[0]!;
    for (let s = 0; s < 1000; s++) expect(Array.from(y.subarray(5 * s, 5 * s + 5)).sort()).toEqual([0, 0, 0, 0, 1]);
    // On in-distribution inputs the one-hot marks the float model's most probable class.
    const golden = parseNpy(readFileSync(sharedModel('golden/three_layer_keras/input.npy')), 'input.npy');
    const probs = parseNpy(readFileSync(sharedModel('golden/three_layer_keras/output.npy')), 'output.npy').data;
    const hot = simulateFixed(g, [golden.data], 16).values[0]!;
    let agree = 0;
    for (let s = 0; s < 16; s++) {
      const p = Array.from(probs.subarray(5 * s, 5 * s + 5));
      if (hot[5 * s + p.indexOf(Math.max(...p))] === 1) agree++;
    }
    expect(agree).toBeGreaterThanOrEqual(15);
  }, 120_000);
});
