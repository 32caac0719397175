// Emit a graph's Vitis project, run g++ C simulation on every sample and compare every output with the
// simulator; a failure lists the first mismatches by producing node, sample and element.
import { expect } from 'vitest';
import { writeFolder } from '../../src/cli/files.js';
import { buildVitisProject, csimCompare, type CsimReport, type ProjectOptions } from '../../src/index.js';
import type { Graph } from '../../src/ir/types.js';
import { describeMismatches, outputSizes } from './mismatches.js';
import { requireTool } from './tools.js';

/** `detail(sample, element)` may add e.g. the input value to a mismatch's description. */
export async function expectCsimBitExact(
  g: Graph, dir: string, data: Float64Array, count: number, detail?: (sample: number, element: number) => string,
  project: Omit<ProjectOptions, 'tbInputs'> = {},
): Promise<CsimReport> {
  requireTool('g++');
  const per = data.length / count;
  writeFolder(dir, buildVitisProject(g, { ...project, tbInputs: { data: data.subarray(0, per), count: 1 } }), false);
  const r = await csimCompare(dir, { data, count });
  const outPer = outputSizes(g);
  expect(r.samples).toBe(count);
  expect(r.outputsCompared).toBe(count * outPer.reduce((a, b) => a + b, 0));
  const described = describeMismatches(g, r.mismatches.map((m) => ({ sample: m.sample, index: m.index, got: m.csim, want: m.sim })), 'csim', detail);
  expect(described).toEqual([]);
  return r;
}
