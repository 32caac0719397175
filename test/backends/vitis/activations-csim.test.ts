// Fixed simulator == g++ C simulation, bit-exact, for every activation with a parameter or a table
// (ir/OPS.md): exhaustively over every value of inputs up to 14 bits, plus 100,000 random values of a
// 24-bit type, at several type configurations. One project per configuration holds all the ops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { buildVitisProject, compile, parsePrecisionConfig, simulateFixed, type CsimReport } from '../../../src/index.js';
import { parseFixedType } from '../../../src/fixed/parse.js';
import { fracBits } from '../../../src/fixed/types.js';
import type { Graph } from '../../../src/ir/types.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { compileCpp } from '../../helpers/tools.js';
import {
  ELEMENTWISE_OPS, elementwiseGraph, elementwiseInputs, everyValue, randomValues, softmaxGraph, softmaxInputs, SOFTMAX_LENGTHS, SOFTMAX_WIDTH, type ElementwiseAttrs,
} from './activation-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-activations-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SELU = { alpha: 1.6732632423543772, gamma: 1.0507009873554805 };

interface Case {
  readonly input: string;
  /** exhaustive: every value of the input type; otherwise that many random values. */
  readonly values: 'exhaustive' | number;
  readonly config: object;
}

const ELEMENTWISE: Record<string, Case & { readonly attrs: ElementwiseAttrs }> = {
  'fixed<10,4> -> fixed<12,2,RND,SAT>, exact tables (one entry per input)': {
    input: 'fixed<10,4>', values: 'exhaustive',
    config: { Model: { Precision: 'fixed<12,2,RND,SAT>' }, LayerName: { sigmoid: { Precision: 'ufixed<10,0,RND,SAT>' } } },
    attrs: { clip: { min: 0, max: 6 }, leakyAlpha: 0.1, thresholdAlpha: 1, hardSigmoid: { alpha: 0.2, beta: 0.5 }, eluAlpha: 1, selu: SELU },
  },
  'fixed<14,5,RND> -> fixed<16,6>, 64-entry tables, param fixed<10,2,RND_CONV,SAT>': {
    input: 'fixed<14,5,RND>', values: 'exhaustive',
    config: {
      Model: { Precision: { default: 'fixed<16,6>', param: 'fixed<10,2,RND_CONV,SAT>' }, table_size: 64 },
      LayerName: { sigmoid: { Precision: 'ufixed<10,1>' }, tanh: { Precision: { result: 'fixed<10,1,RND,SAT>', table: 'fixed<12,2,RND,SAT>' } } },
    },
    attrs: { clip: { min: -1.3, max: 2.7 }, leakyAlpha: 0.3, thresholdAlpha: 0.37, hardSigmoid: { alpha: 1 / 6, beta: 0.5 }, eluAlpha: 0.7, selu: SELU },
  },
  'ufixed<8,3> (unsigned) -> narrow fixed<6,2,RND_CONV,WRAP>, 16-entry tables over [1, 5]': {
    input: 'ufixed<8,3>', values: 'exhaustive',
    config: {
      Model: { Precision: 'fixed<6,2,RND_CONV,WRAP>', table_size: 16, table_range: [1, 5] },
      LayerName: { tanh: { Precision: 'fixed<5,1,RND_CONV,SAT_SYM>' }, sigmoid: { Precision: 'ufixed<4,0,RND,SAT_ZERO>' } },
    },
    attrs: { clip: { max: 2.5 }, leakyAlpha: 0.1, thresholdAlpha: 7.9, hardSigmoid: { alpha: -0.4, beta: 1.2 }, eluAlpha: 1, selu: { alpha: 1.5, gamma: 2.25 } },
  },
  'fixed<8,10> (LSB 4) -> fixed<10,12,RND_INF,SAT>, ufixed<8,0> and fixed<8,-1> outputs': {
    input: 'fixed<8,10>', values: 'exhaustive',
    config: {
      Model: { Precision: 'fixed<10,12,RND_INF,SAT>' },
      LayerName: { sigmoid: { Precision: 'ufixed<8,0,RND,SAT>' }, hard_sigmoid: { Precision: 'ufixed<8,0,RND,SAT>' }, tanh: { Precision: 'fixed<8,-1,RND,SAT>' }, softsign: { Precision: 'fixed<8,1,RND_ZERO,SAT>' } },
    },
    attrs: { clip: { min: -300, max: 1000 }, leakyAlpha: 0.01, thresholdAlpha: 40, hardSigmoid: { alpha: 0.01, beta: 0.5 }, eluAlpha: 2, selu: SELU },
  },
  'wide: 100,000 random fixed<24,8> -> fixed<20,6,RND,SAT>, 1024-entry tables': {
    input: 'fixed<24,8>', values: 100_000,
    config: { Model: { Precision: 'fixed<20,6,RND,SAT>', table_size: 1024 }, LayerName: { sigmoid: { Precision: 'ufixed<18,1,RND_MIN_INF,SAT>' } } },
    attrs: { clip: { min: -0.5 }, leakyAlpha: 0.2, thresholdAlpha: -2.25, hardSigmoid: { alpha: 0.2, beta: 0.5 }, eluAlpha: 1, selu: SELU },
  },
};

const SOFTMAX: Record<string, Case> = {
  'fixed<10,4> -> ufixed<10,0,RND,SAT>, log fixed<12,5,RND,SAT>, default tables': {
    input: 'fixed<10,4>', values: 'exhaustive',
    config: { Model: { Precision: 'ufixed<10,0,RND,SAT>' }, LayerType: { LogSoftmax: { Precision: 'fixed<12,5,RND,SAT>' } } },
  },
  'fixed<14,5,RND> -> fixed<16,2>, 64-entry tables, rounded sum ufixed<10,3,RND,SAT>, latency over [-4, 4]': {
    input: 'fixed<14,5,RND>', values: 'exhaustive',
    config: {
      Model: { Precision: { default: 'fixed<16,2>', accum: 'ufixed<10,3,RND,SAT>', exp_table: 'ufixed<12,1,RND,SAT>', inv_table: 'ufixed<14,4>' }, table_size: 64 },
      LayerType: { LogSoftmax: { Precision: { result: 'fixed<14,5>', table: 'fixed<14,4>' } } },
      LayerName: { sm5_latency: { table_range: [-4, 4] }, sm8_latency: { table_range: [-4, 4] } },
    },
  },
  'ufixed<8,3> (unsigned) -> fixed<8,1,RND_CONV,SAT_SYM>, log wraps, 32-entry exp tables over [-3, 0]': {
    input: 'ufixed<8,3>', values: 'exhaustive',
    config: {
      Model: { Precision: 'fixed<8,1,RND_CONV,SAT_SYM>', table_size: 32 },
      LayerType: { LogSoftmax: { Precision: 'fixed<6,2,RND_CONV,WRAP>' } },
      LayerName: { sm5_stable: { table_range: [-3, 0] }, sm8_stable: { table_range: [-3, 0] }, sm5_log: { table_range: [-3, 0] } },
    },
  },
  'wide: 100,000 random fixed<24,8> -> ufixed<18,1,RND,SAT>, log fixed<20,8,RND,SAT>, 1024-entry tables': {
    input: 'fixed<24,8>', values: 100_000,
    config: { Model: { Precision: 'ufixed<18,1,RND,SAT>', table_size: 1024 }, LayerType: { LogSoftmax: { Precision: 'fixed<20,8,RND,SAT>' } } },
  },
};

/** The case's config plus the input type and, for the softmax nodes, their implementation (per node name). */
function compiled(g: Graph, c: Case): Graph {
  const config = c.config as { LayerName?: Record<string, object> };
  const layers: Record<string, object> = { ...config.LayerName, x: { Precision: c.input } };
  for (const n of g.nodes) {
    if (n.op === 'softmax') layers[n.name] = { ...layers[n.name], implementation: n.attrs.implementation };
  }
  const out = compile(g, { config: parsePrecisionConfig({ ...config, LayerName: layers }) }).graph;
  // The forms really are the ones asked for (the config decides them, not the node's attribute).
  const forms = (h: Graph): unknown[] => h.nodes.map((n) => (n.op === 'softmax' ? n.attrs.implementation : n.op));
  expect(forms(out)).toEqual(forms(g));
  return out;
}

function valuesOf(c: Case, seed: number): number[] {
  const t = parseFixedType(c.input);
  return c.values === 'exhaustive' ? everyValue(t) : randomValues(t, c.values, seed);
}

/** Emit, compile with g++ and compare every output of every sample; a failure names op, input and both outputs. */
function expectBitExact(g: Graph, folder: string, data: Float64Array, count: number): Promise<CsimReport> {
  const per = data.length / count;
  return expectCsimBitExact(g, join(work, folder), data, count, (sample, i) => {
    const x = data[sample * per + (i % per)]!;
    return `input ${x} (raw ${x * 2 ** fracBits(g.tensors.x!.type!)})`;
  });
}

/** The comparison means something: no output is constant over the inputs (checked on every `step`-th sample). */
function expectVaried(g: Graph, data: Float64Array, count: number, step: number): void {
  const per = data.length / count;
  const picked = Array.from({ length: Math.ceil(count / step) }, (_, i) => Array.from(data.subarray(i * step * per, (i * step + 1) * per))).flat();
  const sim = simulateFixed(g, [Float64Array.from(picked)], picked.length / per);
  g.outputs.forEach((o, i) => {
    const node = g.nodes.find((n) => n.outputs[0] === o)!;
    expect(new Set(sim.values[i]).size, `${node.name} is constant`).toBeGreaterThan(1);
  });
}

describe('elementwise activations: fixed simulator == g++ C simulation, bit-exact', () => {
  Object.entries(ELEMENTWISE).forEach(([name, c], ci) => {
    it(name, async () => {
      const g = compiled(elementwiseGraph(c.attrs), c);
      expect(g.outputs).toHaveLength(ELEMENTWISE_OPS.length);
      const values = valuesOf(c, 17 + ci);
      // Exhaustive: four shifted copies, so every value meets every slope of the prelu pattern too.
      const { data, count } = elementwiseInputs(values, c.values === 'exhaustive' ? 4 : 1);
      if (c.values === 'exhaustive') expect(new Set(values).size).toBe(2 ** parseFixedType(c.input).width);
      expectVaried(g, data, count, 1);
      await expectBitExact(g, `elementwise-${ci}`, data, count);
    }, 240_000);
  });
});

describe('softmax (stable, latency, argmax, skip) and logsoftmax over rows of 5 and 8: bit-exact', () => {
  Object.entries(SOFTMAX).forEach(([name, c], ci) => {
    it(name, async () => {
      const g = compiled(softmaxGraph(), c);
      const t = parseFixedType(c.input);
      const { data, count } = softmaxInputs(valuesOf(c, 41 + ci), t, 7 + ci, c.values === 'exhaustive');
      if (c.values === 'exhaustive') {
        // Every value sits in every column of both views (x as rows of 5 and as rows of 8).
        for (const n of SOFTMAX_LENGTHS) {
          for (let col = 0; col < n; col++) {
            const seen = new Set<number>();
            for (let e = col; e < data.length; e += n) seen.add(data[e]!);
            expect(seen.size).toBe(2 ** t.width);
          }
        }
      }
      expectVaried(g, data, count, 4);
      await expectBitExact(g, `softmax-${ci}`, data, count);
    }, 240_000);
  });
});

describe('a project with every new kernel', () => {
  it('compiles warning-free with -Wall -Wextra against hls/csim', async () => {
    const c = ELEMENTWISE['fixed<14,5,RND> -> fixed<16,6>, 64-entry tables, param fixed<10,2,RND_CONV,SAT>']!;
    const a = elementwiseGraph(c.attrs, SOFTMAX_WIDTH);
    const s = softmaxGraph();
    // Both on one input x [40]: the elementwise ops and the softmax views of it.
    const merged: Graph = { name: 'all', inputs: ['x'], outputs: [...s.outputs, ...a.outputs], nodes: [...s.nodes, ...a.nodes], tensors: { ...a.tensors, ...s.tensors } };
    const g = compiled(merged, { ...c, input: 'fixed<12,4,RND>' });
    const dir = join(work, 'warnings');
    writeFolder(dir, buildVitisProject(g), false);
    const { warnings } = await compileCpp([join(dir, 'firmware', 'myproject.cpp'), join(dir, 'myproject_test.cpp')], join(dir, 'tb'), [join(dir, 'csim'), join(dir, 'firmware')]);
    expect(warnings).toBe('');
  }, 240_000);
});

