// Emit a graph's Verilog, run it in Verilator on every sample and compare every output with the
// simulator; a failure lists the first mismatches by producing node, sample and element.
import { expect } from 'vitest';
import { writeFolder } from '../../src/cli/files.js';
import { buildProject, cosimCompare, type CosimReport, type ProjectOptions } from '../../src/index.js';
import type { Graph } from '../../src/ir/types.js';
import { describeMismatches, outputSizes } from './mismatches.js';
import { requireTool } from './tools.js';

/** g++ -O0 on the Verilated model: the build dominates the tests; their samples run in seconds either way. */
export const FAST_BUILD = { cxxOpt: '-O0' } as const;

/** `detail(sample, element)` may add e.g. the input value to a mismatch's description. */
export async function expectRtlBitExact(
  g: Graph, dir: string, data: Float64Array, count: number, project: Omit<ProjectOptions, 'tbInputs'> = {},
  detail?: (sample: number, element: number) => string,
): Promise<CosimReport> {
  requireTool('verilator');
  const per = data.length / count;
  writeFolder(dir, buildProject(g, { backend: 'verilog', ...project, tbInputs: { data: data.subarray(0, per), count: 1 } }), false);
  const r = await cosimCompare(dir, { data, count }, { threads: 2, build: FAST_BUILD });
  const outPer = outputSizes(g);
  expect(r.samples).toBe(count);
  expect(r.outputsCompared).toBe(count * outPer.reduce((a, b) => a + b, 0));
  const described = describeMismatches(g, r.mismatches.map((m) => ({ sample: m.sample, index: m.index, got: m.rtl, want: m.sim })), 'rtl', detail);
  expect(described).toEqual([]);
  expect(r.mismatchCount).toBe(0);
  expect(r.latencyCycles).toBe(r.manifestLatency);
  return r;
}
