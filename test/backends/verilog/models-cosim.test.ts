// Real exported models (dense and conv Keras nets): the emitted Verilog run in Verilator equals the
// simulator bit for bit on every output of 10,000 inputs (edge values and saturating ones included),
// at two precisions; the --mult lut and --mult dsp RTL agree with each other; the RTL is lint-clean.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { buildProject, compile, cosimCompare, loadModel, parsePrecisionConfig, simulateFixed, type Graph } from '../../../src/index.js';
import { nonzeroWeights } from '../../../src/analysis/sparsity.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { sharedModel } from '../../helpers/paths.js';
import { lintVerilog } from '../../helpers/verilator-comb.js';
import { requireTool } from '../../helpers/tools.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-rtl-models-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const COUNT = 10_000;
const MODELS = ['three_layer_keras', 'dense_big_keras', 'conv1d_small_keras', 'conv2d_small_keras'];
/** dense_big_keras's hidden weights are ~1e-6 (all zero at fixed<16,6>): its second precision resolves them. */
const NARROW: Record<string, object> = {
  default: { Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } },
  dense_big_keras: { Model: { Precision: { default: 'fixed<12,4,RND_CONV,SAT>', weight: 'fixed<6,-14,RND>' } } },
};

async function project(g: Graph, dir: string, mult: 'lut' | 'dsp', data: Float64Array): Promise<void> {
  const per = data.length / COUNT;
  writeFolder(dir, buildProject(g, { backend: 'verilog', mult, tbInputs: { data: data.subarray(0, per), count: 1 } }), false);
}

function outputsOf(g: Graph): number {
  return g.outputs.reduce((a, o) => a + g.tensors[o]!.shape.reduce((p, q) => p * q, 1), 0);
}

/**
 * The default precision runs with shared adder graphs (lut), the second with `*` operators (dsp);
 * dense_big_keras the other way round (its 12,683 small nonzero weights build faster as adders).
 */
const multOf = (model: string, ci: number): 'lut' | 'dsp' => ((ci === 0) !== (model === 'dense_big_keras') ? 'lut' : 'dsp');
/** g++ -O0 on the Verilated model: the build dominates; 10,000 samples run in seconds either way. */
const FAST_BUILD = { cxxOpt: '-O0' };

async function cosimModel(model: string, mi: number, ci: number, mult: 'lut' | 'dsp', tag: string): Promise<{ g: Graph; data: Float64Array }> {
  const config = ci === 0 ? {} : (NARROW[model] ?? NARROW.default!);
  const g = compile(loadModel(sharedModel(`onnx/${model}.onnx`)).graph, { config: parsePrecisionConfig(config) }).graph;
  const x = g.tensors[g.inputs[0]!]!;
  const per = x.shape.reduce((a, b) => a * b, 1);
  const data = edgeAwareInputs(x.type!, COUNT, per, 500 + 10 * mi + ci);
  const dir = join(work, `m${mi}c${ci}-${tag}`);
  await project(g, dir, mult, data);
  const r = await cosimCompare(dir, { data, count: COUNT }, { threads: 2, build: FAST_BUILD });
  expect(r.samples).toBe(COUNT);
  expect(r.outputsCompared).toBe(COUNT * outputsOf(g));
  expect(r.mismatches.slice(0, 5)).toEqual([]);
  expect(r.mismatchCount).toBe(0);
  expect(r.latencyCycles).toBe(r.manifestLatency);
  expect(await lintVerilog(rtlFiles(dir), 'myproject')).toBe('');
  return { g, data };
}

describe('Verilator co-simulation of real models == simulator on 10,000 inputs', () => {
  MODELS.forEach((model, mi) => {
    ['fixed<16,6> (default types)', 'fixed<12,4,RND_CONV,SAT>'].forEach((name, ci) => {
      it(`${model} at ${name}, --mult ${multOf(model, ci)}`, async () => {
        requireTool('verilator');
        const { g, data } = await cosimModel(model, mi, ci, multOf(model, ci), multOf(model, ci));
        if (model === 'dense_big_keras') {
          // Its float outputs barely move (hidden weights ~1e-6): what makes this case non-trivial is the
          // RTL for its 12,683 nonzero weights at the second precision (none at the first).
          if (ci === 0) expect(nonzero(g)).toBeLessThan(1000);
          else expect(nonzero(g)).toBeGreaterThan(10_000);
        } else {
          // The outputs vary: a constant design could not pass by accident.
          expect(new Set(simulateFixed(g, [data], COUNT).raw[0]!.map(String)).size).toBeGreaterThan(10);
        }
      }, 900_000);
    });
  });

  it('--mult lut and --mult dsp RTL agree on 10,000 inputs (conv1d_small_keras, fixed<12,4>)', async () => {
    requireTool('verilator');
    // Both equal the simulator on the same inputs, so they equal each other on every output.
    await cosimModel('conv1d_small_keras', 2, 1, 'dsp', 'eq-dsp');
    await cosimModel('conv1d_small_keras', 2, 1, 'lut', 'eq-lut');
  }, 900_000);
});

function nonzero(g: Graph): number {
  return g.nodes.filter((n) => n.op === 'dense').reduce((a, n) => a + nonzeroWeights(g, n).raw.length, 0);
}

function rtlFiles(dir: string): string[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'verilog', 'manifest.json'), 'utf8')) as { files: string[] };
  return manifest.files.map((f) => join(dir, 'verilog', f));
}
