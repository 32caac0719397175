// io_stream conv / pool kernels (hls/nnet/nnet_conv_stream.h, nnet_pooling_stream.h) == the io_parallel
// kernels, bit for bit, on the same configs and constants (from windowView) and the same inputs drawn
// over the input type's whole raw range. The io_parallel kernels equal the fixed simulator
// (conv-csim.test.ts), so this makes the stream kernels equal it too. Also: each stream kernel reads
// exactly in_height*in_width words and writes exactly out_height*out_width, and the line-buffer schedule
// holds over a sweep of geometries.
import { execa } from 'execa';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, parsePrecisionConfig } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import type { WindowNode } from '../../../src/backends/vitis/conv-views.js';
import { mulberry32 } from '../../helpers/random.js';
import { REPO } from '../../helpers/paths.js';
import { compileCpp, requireTool } from '../../helpers/tools.js';
import { convGraph, poolGraph, type ConvSpec, type PoolSpec } from '../../ops/conv-graphs.js';
import { windowsGraph } from './conv-cases.js';
import { harnessProgram, parseRun, type KernelCase } from './stream-kernels-harness.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-stream-kernels-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CONFIGS: Record<string, object> = {
  exact: { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<12,4,RND>' } } },
  // Narrow accumulators: products round and sums wrap, so any change of accumulation would show.
  narrow: {
    Model: { Precision: { default: 'fixed<10,3,RND_CONV,SAT>', param: 'fixed<10,1,RND_CONV,SAT>' } },
    LayerType: { Conv: { Precision: { accum: 'fixed<12,3,RND>' } }, Pooling: { Precision: { accum: 'fixed<8,3,TRN_ZERO>' } } },
    LayerName: { x: { Precision: 'fixed<10,4,RND>' } },
  },
  unsigned: { Model: { Precision: 'fixed<9,4,RND,SAT_SYM>' }, LayerName: { x: { Precision: 'ufixed<8,3>' } } },
};
const UNSIGNED_CASES = ['conv2d_s2_d2_pads1_0_2_1', 'depthwise1d_s2_pads2_0_nobias', 'maxpool2d_3x3_s2_pad1', 'avgpool2d_include_pad', 'global_maxpool1d', 'global_avgpool2d_48'];
const WINDOW_OPS = new Set(['conv', 'maxpool', 'avgpool', 'global_maxpool', 'global_avgpool']);

const cv = (x: number[], k: number[], f: number, strides: number[], pads: number[], o: Partial<ConvSpec> = {}): ConvSpec =>
  ({ x, k, f, strides, dilations: k.map(() => 1), pads, groups: 1, bias: true, ...o });
const pl = (op: PoolSpec['op'], x: number[], k: number[], strides: number[], pads: number[], countIncludePad = false): PoolSpec =>
  ({ op, x, k, strides, pads, countIncludePad });

/** The shapes the streaming is for, and the schedule's corner cases. */
const EXTRAS: Record<string, ConvSpec | PoolSpec> = {
  conv_32x32x3_same: cv([32, 32, 3], [3, 3], 4, [1, 1], [1, 1, 1, 1]),
  conv_s2_bottom_right_pads: cv([9, 10, 2], [3, 3], 3, [2, 2], [1, 0, 3, 3]),  // two output rows complete on the last row
  conv_top_rows_all_padding: cv([5, 6, 2], [2, 3], 2, [1, 2], [3, 2, 1, 2]),  // row 0 of the output is the bias
  conv_s3_k2_skipped_rows: cv([11, 10, 2], [2, 2], 3, [3, 3], [0, 0, 0, 0], { bias: false }),
  conv_kernel_is_input: cv([5, 4, 3], [5, 4], 3, [1, 1], [0, 0, 0, 0]),
  conv_height1_tall_pads: cv([1, 8, 2], [1, 3], 2, [1, 1], [2, 1, 2, 1]),  // every output row completes at row 0
  depthwise_d2_pads2: cv([7, 7, 3], [3, 3], 6, [1, 1], [2, 2, 2, 2], { groups: 3, dilations: [2, 2] }),
  conv1d_40_k5_d2: cv([40, 3], [5], 2, [1], [4, 4], { dilations: [2] }),
  maxpool_3x3_s1_same: pl('maxpool', [7, 9, 3], [3, 3], [1, 1], [1, 1, 1, 1]),
  maxpool_3x3_s2_pads1_2_2_1: pl('maxpool', [7, 9, 3], [3, 3], [2, 2], [1, 2, 2, 1]),
  maxpool1d_k3_s2_pads2: pl('maxpool', [13, 2], [3], [2], [2, 2]),
  avgpool_exclude_pad: pl('avgpool', [7, 9, 3], [3, 2], [2, 1], [2, 1, 1, 0], false),
  avgpool_include_pad: pl('avgpool', [7, 9, 3], [3, 2], [2, 1], [2, 1, 1, 0], true),
  avgpool_3x3_s1_same_include_pad: pl('avgpool', [6, 5, 2], [3, 3], [1, 1], [1, 1, 1, 1], true),
  global_maxpool1d: pl('global_maxpool', [20, 3], [], [], []),
  global_maxpool2d: pl('global_maxpool', [6, 5, 4], [], [], []),
  global_avgpool1d: pl('global_avgpool', [20, 3], [], [], []),
  global_avgpool2d_32x32x3: pl('global_avgpool', [32, 32, 3], [], [], []),
};

function windowNodes(g: Graph, prefix: string): KernelCase[] {
  return g.nodes.filter((n) => WINDOW_OPS.has(n.op)).map((n) => ({ name: `${prefix}${n.name}`, g, node: n as WindowNode }));
}

function extraCases(config: object): KernelCase[] {
  const rand = mulberry32(77);
  return Object.entries(EXTRAS).flatMap(([name, spec]) => {
    const g0 = 'op' in spec ? poolGraph(spec) : convGraph(spec, rand);
    return windowNodes(compile(g0, { config: parsePrecisionConfig(config) }).graph, '').map((c) => ({ ...c, name }));
  });
}

const elements = (c: KernelCase): number => c.g.tensors[c.node.outputs[0]!]!.shape.reduce((a, b) => a * b, 1);

/** Builds, runs and checks one program. `mayBeConstant`: cases whose outputs the precision makes constant. */
async function expectStreamEqualsParallel(
  label: string, cases: KernelCase[], samples: (c: KernelCase) => number, sweep: boolean, mayBeConstant = (_: KernelCase): boolean => false,
): Promise<void> {
  requireTool('g++');
  const src = join(work, `${label}.cpp`);
  writeFileSync(src, harnessProgram(cases, samples, sweep));
  const { warnings } = await compileCpp([src], join(work, label), [join(REPO, 'hls', 'nnet'), join(REPO, 'hls', 'csim')]);
  expect(warnings).toBe('');
  const r = await execa(join(work, label), [], { reject: false });
  expect(r.exitCode, r.stderr).toBe(0);
  const run = parseRun(r.stdout);
  if (sweep) {
    expect(run.sweep?.failures, r.stdout).toBe(0);
    expect(run.sweep!.checked).toBeGreaterThan(10_000);
  }
  // Every case ran, compared every output element of every sample, and none differs.
  const summary = cases.map((c) => {
    const got = run.cases.get(c.name);
    return { name: c.name, compared: got?.compared, mismatches: got?.mismatches, badCounts: got?.badCounts, varies: (got?.varied ?? 0) > 0 || mayBeConstant(c) };
  });
  expect(summary, r.stdout).toEqual(cases.map((c) => ({ name: c.name, compared: samples(c) * elements(c), mismatches: 0, badCounts: 0, varies: true })));
}

// Concurrent: each test is one g++ build (seconds of one core each); two builds share the machine's cores.
describe.concurrent('io_stream conv / pool kernels == io_parallel kernels, every output element', () => {
  Object.entries(CONFIGS).forEach(([name, config]) => {
    it(`every windowed case of conv-cases.ts, ${name} precision${name === 'exact' ? ', and the schedule sweep' : ''}`, async () => {
      const g = compile(windowsGraph(), { config: parsePrecisionConfig(config) }).graph;
      const all = windowNodes(g, '');
      expect(all.length).toBe(18);
      // Unsigned inputs: one case per kernel is enough (the g++ build is the test's cost).
      const cases = name === 'unsigned' ? all.filter((c) => UNSIGNED_CASES.includes(c.name)) : all;
      expect(cases.length).toBe(name === 'unsigned' ? UNSIGNED_CASES.length : 18);
      await expectStreamEqualsParallel(`cases-${name}`, cases, () => 300, name === 'exact');
    }, 120_000);
  });

  Object.entries(CONFIGS).filter(([name]) => name !== 'unsigned').forEach(([name, config]) => {
    it(`32x32x3 'same' conv, non-monotone emission, skipped rows, 1-D, pools with pads, global pools, ${name} precision`, async () => {
      const cases = extraCases(config);
      expect(cases.map((c) => c.name)).toEqual(Object.keys(EXTRAS));
      // Narrow: a global max of 30 inputs in [-8, 8) saturates fixed<10,3>, and q(1/1024) in fixed<10,1> is 0.
      await expectStreamEqualsParallel(`extras-${name}`, cases, (c) => (c.name.includes('32x32') ? 12 : 200), false,
        (c) => name === 'narrow' && c.name.startsWith('global_'));
    }, 120_000);
  });
});
