// Fixed-point simulator vs g++ C simulation of the emitted Vitis HLS project: bit-exact on
// every output of 1,000 inputs, for the jet tagger and dense_big at several precisions.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildVitisProject, compile, csimCompare, loadModel, optimize, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { sharedModel } from '../../helpers/paths.js';
import { requireTool } from '../../helpers/tools.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-csim-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeProject(dir: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
}

const CONFIGS: Record<string, object> = {
  'fixed<16,6>': { Model: { Precision: 'fixed<16,6>' } },
  'fixed<8,3>': { Model: { Precision: 'fixed<8,3>' } },
  'fixed<12,4,RND_CONV,SAT>': { Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } },
  // Narrow accumulators that round the products and wrap the sums: the contract must still hold.
  'narrow wrapping accumulators': {
    Model: { Precision: 'fixed<16,6,RND,SAT>' },
    LayerType: { Dense: { Precision: { accum: 'fixed<18,4,RND>' } } },
  },
};

async function csimCase(model: string, configName: string): Promise<{ g: Graph; x: Float64Array }> {
  requireTool('g++');
  const g = compile(loadModel(sharedModel(`onnx/${model}.onnx`)).graph, { config: parsePrecisionConfig(CONFIGS[configName]) }).graph;
  const inType = g.tensors[g.inputs[0]!]!.type!;
  const per = g.tensors[g.inputs[0]!]!.shape[0]!;
  const x = edgeAwareInputs(inType, 1000, per, 1234 + model.length);
  const dir = join(work, `${model}-${Object.keys(CONFIGS).indexOf(configName)}`);
  writeProject(dir, buildVitisProject(g, { tbInputs: { data: x, count: 1000 } }));
  const r = await csimCompare(dir);
  expect(r.samples).toBe(1000);
  expect(r.outputsCompared).toBe(1000 * g.tensors[g.outputs[0]!]!.shape[0]!);
  expect(r.mismatches).toEqual([]);
  return { g, x };
}

describe('fixed simulator == g++ C simulation, every output of 1,000 inputs', () => {
  for (const model of ['three_layer_keras', 'dense_big_keras']) {
    for (const configName of Object.keys(CONFIGS)) {
      it(`${model} at ${configName}`, async () => {
        const { g, x } = await csimCase(model, configName);
        if (configName === 'fixed<16,6>') {
          // An independent sanity check that the bits are meaningful: close to float on in-range inputs.
          const fg = optimize(loadModel(sharedModel(`onnx/${model}.onnx`)).graph).graph;
          const inRange = x.map((v) => Math.max(-31, Math.min(31, v)));
          const fixed = simulateFixed(g, [inRange], 1000).values[0]!;
          const logits = simulateFloat({ ...fg, outputs: [g.nodes.at(-2)!.outputs[0]!] }, [inRange], 1000)[0]!;
          let worst = 0;
          for (let i = 0; i < fixed.length; i++) worst = Math.max(worst, Math.abs(fixed[i]! - logits[i]!));
          expect(worst).toBeGreaterThan(0); // quantization is visible...
          expect(worst).toBeLessThan(32); // ...but the network still computes its logits, not noise
        }
        if (configName === 'narrow wrapping accumulators') {
          // The narrowed accumulators really wrap: exact accumulators give different outputs.
          const exact = compile(g.source ? loadModel(sharedModel(`onnx/${model}.onnx`)).graph : g, {
            config: parsePrecisionConfig({ Model: { Precision: 'fixed<16,6,RND,SAT>' } }),
          }).graph;
          const a = simulateFixed(g, [x], 1000).values[0]!;
          const b = simulateFixed(exact, [x], 1000).values[0]!;
          let differ = 0;
          for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) differ++;
          expect(differ).toBeGreaterThan(a.length / 10);
        }
      }, 120_000);
    }
  }
});
