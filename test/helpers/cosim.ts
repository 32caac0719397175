// Emit a graph's Verilog, run it in Verilator on every sample and compare every output with the
// simulator; a failure lists the first mismatches by producing node, sample and element.
import { expect } from 'vitest';
import { writeFolder } from '../../src/cli/files.js';
import { buildProject, cosimCompare, type CosimReport, type ProjectOptions } from '../../src/index.js';
import type { Graph } from '../../src/ir/types.js';
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
  const outPer = g.outputs.map((o) => g.tensors[o]!.shape.reduce((a, b) => a * b, 1));
  expect(r.samples).toBe(count);
  expect(r.outputsCompared).toBe(count * outPer.reduce((a, b) => a + b, 0));
  const described = r.mismatches.slice(0, 10).map((m) => {
    let i = m.index;
    let o = 0;
    while (i >= outPer[o]!) i -= outPer[o++]!;
    const node = g.nodes.find((n) => n.outputs[0] === g.outputs[o]);
    return `${node?.name ?? g.outputs[o]}: sample ${m.sample} element ${i}${detail ? `, ${detail(m.sample, i)}` : ''}: rtl ${m.rtl}, sim ${m.sim}`;
  });
  expect(described).toEqual([]);
  expect(r.mismatchCount).toBe(0);
  expect(r.latencyCycles).toBe(r.manifestLatency);
  return r;
}
