// Fixed simulator == g++ C simulation, bit-exact, for every merge layer (add with a broadcast constant,
// sub, mul, average/maximum/minimum of 2 to 4 inputs, concat on three axes) and a residual block: every output of
// 1,000 edge-aware inputs at three precisions (one with narrow saturating and wrapping outputs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { buildVitisProject, compile, parsePrecisionConfig, simulateFixed } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { compileCpp, requireTool } from '../../helpers/tools.js';
import { MERGE_X_SIZE, mergeGraph } from './merge-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-merge-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = 1000;

const CONFIGS: Record<string, object> = {
  'fixed<16,6> from fixed<12,4,RND>': { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<12,4,RND>' } } },
  'narrow: fixed<8,2,RND_CONV,SAT>, wrapping multiply, SAT_SYM concat, param fixed<6,1>': {
    Model: { Precision: { default: 'fixed<8,2,RND_CONV,SAT>', param: 'fixed<6,1,RND,SAT>' } },
    LayerType: {
      Multiply: { Precision: 'fixed<6,1,TRN,WRAP>' },
      Subtract: { Precision: 'fixed<7,2,RND_INF,SAT_ZERO>' },
      Concatenate: { Precision: 'fixed<6,2,RND,SAT_SYM>' },
      Maximum: { Precision: 'ufixed<6,2,RND_MIN_INF,WRAP>' },
    },
    LayerName: { x: { Precision: 'fixed<10,4,RND>' } },
  },
  'ufixed<8,3> input -> fixed<9,4,RND_ZERO,SAT_SYM>': { Model: { Precision: 'fixed<9,4,RND_ZERO,SAT_SYM>' }, LayerName: { x: { Precision: 'ufixed<8,3>' } } },
};

const producerOf = (g: Graph, o: string): string => g.nodes.find((n) => n.outputs[0] === o)!.name;

describe('merge layers: fixed simulator == g++ C simulation, every output of 1,000 inputs', () => {
  Object.entries(CONFIGS).forEach(([name, config], ci) => {
    it(name, async () => {
      requireTool('g++');
      const g = compile(mergeGraph(), { config: parsePrecisionConfig(config) }).graph;
      const data = edgeAwareInputs(g.tensors.x!.type!, SAMPLES, MERGE_X_SIZE, 700 + ci);
      const sim = simulateFixed(g, [data], SAMPLES);
      g.outputs.forEach((o, i) => expect(new Set(sim.values[i]).size, `${producerOf(g, o)} is constant`).toBeGreaterThan(1));
      await expectCsimBitExact(g, join(work, `merges-${ci}`), data, SAMPLES);
    }, 240_000);
  });

  it('the BigInt path gives the same bits as the number path', () => {
    for (const config of Object.values(CONFIGS)) {
      const g = compile(mergeGraph(), { config: parsePrecisionConfig(config) }).graph;
      const data = edgeAwareInputs(g.tensors.x!.type!, 50, MERGE_X_SIZE, 9);
      const a = simulateFixed(g, [data], 50).values;
      const b = simulateFixed(g, [data], 50, 'bigint').values;
      expect(b).toEqual(a);
    }
  });

  it('compiles warning-free with -Wall -Wextra against hls/csim', async () => {
    const g = compile(mergeGraph(), { config: parsePrecisionConfig(Object.values(CONFIGS)[1]!) }).graph;
    const dir = join(work, 'warnings');
    writeFolder(dir, buildVitisProject(g), false);
    const { warnings } = await compileCpp([join(dir, 'firmware', 'myproject.cpp'), join(dir, 'myproject_test.cpp')], join(dir, 'tb'), [join(dir, 'csim'), join(dir, 'firmware')]);
    expect(warnings).toBe('');
  }, 240_000);
});
