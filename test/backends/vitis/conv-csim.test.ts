// Fixed simulator == g++ C simulation, bit-exact, for conv (1-D/2-D, stride, dilation, asymmetric
// pads, depthwise), max/avg pools (padding, count_include_pad both ways), global pools, transpose
// and a conv -> relu -> maxpool -> reshape -> dense chain: every output of 1,000 edge-aware inputs,
// at several precisions (one with narrow accumulators that round products and wrap sums).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { buildVitisProject, compile, parsePrecisionConfig, simulateFixed } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { compileCpp } from '../../helpers/tools.js';
import { WINDOW_CASES, windowsGraph, X_SIZE } from './conv-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-conv-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = 1000;
const NARROW = 'fixed<10,3,RND_CONV,SAT> from fixed<10,4,RND>, narrow wrapping accumulators, param fixed<10,1,RND_CONV,SAT>';

const CONFIGS: Record<string, object> = {
  'fixed<16,6> from fixed<12,4,RND>, exact accumulators': {
    Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<12,4,RND>' } },
  },
  [NARROW]: {
    Model: { Precision: { default: 'fixed<10,3,RND_CONV,SAT>', param: 'fixed<10,1,RND_CONV,SAT>' } },
    LayerType: {
      // Products keep 9 of their 13 fractional bits (rounded); sums wrap outside [-4, 4).
      Conv: { Precision: { accum: 'fixed<12,3,RND>' } },
      Dense: { Precision: { accum: 'fixed<12,3,RND>' } },
      // Inputs in [-8, 8) wrap into [-4, 4) and lose their last bit toward zero.
      Pooling: { Precision: { accum: 'fixed<8,3,TRN_ZERO>' } },
    },
    LayerName: { x: { Precision: 'fixed<10,4,RND>' } },
  },
  'ufixed<8,3> (unsigned) -> fixed<9,4,RND,SAT_SYM>': {
    Model: { Precision: 'fixed<9,4,RND,SAT_SYM>' }, LayerName: { x: { Precision: 'ufixed<8,3>' } },
  },
};

function compiled(config: object): Graph {
  return compile(windowsGraph(), { config: parsePrecisionConfig(config) }).graph;
}

/** The node whose output is graph output `o`. */
const producerOf = (g: Graph, o: string): string => g.nodes.find((n) => n.outputs[0] === o)!.name;

/** Emit, compile with g++ and compare every output of every sample; a failure names the node and both outputs. */
async function expectBitExact(g: Graph, folder: string, data: Float64Array): Promise<void> {
  await expectCsimBitExact(g, join(work, folder), data, SAMPLES);
}

describe('windowed ops: fixed simulator == g++ C simulation, every output of 1,000 inputs', () => {
  Object.entries(CONFIGS).forEach(([name, config], ci) => {
    it(name, async () => {
      const g = compiled(config);
      expect(g.outputs).toHaveLength(WINDOW_CASES.length + 1);
      const data = edgeAwareInputs(g.tensors.x!.type!, SAMPLES, X_SIZE, 500 + ci);
      // The comparison means something: no output is constant over the inputs.
      const sim = simulateFixed(g, [data], SAMPLES);
      g.outputs.forEach((o, i) => expect(new Set(sim.values[i]).size, `${producerOf(g, o)} is constant`).toBeGreaterThan(1));
      await expectBitExact(g, `windows-${ci}`, data);
    }, 240_000);
  });

  it('the narrow accumulators really round and wrap (the outputs differ from exact accumulators)', () => {
    const narrow = compiled(CONFIGS[NARROW]!);
    const auto = JSON.parse(JSON.stringify(CONFIGS[NARROW]).replace(/"accum":"[^"]*"/g, '"accum":"auto"')) as object;
    const exact = compiled(auto);
    const data = edgeAwareInputs(narrow.tensors.x!.type!, SAMPLES, X_SIZE, 501);
    const a = simulateFixed(narrow, [data], SAMPLES).values;
    const b = simulateFixed(exact, [data], SAMPLES).values;
    const differing = narrow.outputs.filter((_, i) => a[i]!.some((v, k) => v !== b[i]![k])).map((o) => producerOf(narrow, o));
    for (const op of ['conv', 'avgpool', 'global_avgpool']) {
      expect(differing.filter((n) => WINDOW_CASES.find((c) => c.name === n)?.op === op)).toEqual(
        WINDOW_CASES.filter((c) => c.op === op).map((c) => c.name));
    }
    expect(differing).toContain('chain_dense');
  });
});

describe('the emitted windowed-op project', () => {
  it('compiles warning-free with -Wall -Wextra against hls/csim', async () => {
    const g = compiled(CONFIGS[NARROW]!);
    const dir = join(work, 'warnings');
    writeFolder(dir, buildVitisProject(g), false);
    const { warnings } = await compileCpp([join(dir, 'firmware', 'myproject.cpp'), join(dir, 'myproject_test.cpp')], join(dir, 'tb'), [join(dir, 'csim'), join(dir, 'firmware')]);
    expect(warnings).toBe('');
  }, 240_000);
});
