// Emit a graph's Vitis project, run g++ C simulation on every sample and compare every output with the
// simulator; a failure lists the first mismatches by producing node, sample and element.
import { expect } from 'vitest';
import { writeFolder } from '../../src/cli/files.js';
import { buildVitisProject, csimCompare, type CsimReport, type ProjectOptions } from '../../src/index.js';
import type { Graph } from '../../src/ir/types.js';
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
  const outPer = g.outputs.map((o) => g.tensors[o]!.shape.reduce((a, b) => a * b, 1));
  expect(r.samples).toBe(count);
  expect(r.outputsCompared).toBe(count * outPer.reduce((a, b) => a + b, 0));
  const described = r.mismatches.slice(0, 10).map((m) => {
    let i = m.index;
    let o = 0;
    while (i >= outPer[o]!) i -= outPer[o++]!;
    const node = g.nodes.find((n) => n.outputs[0] === g.outputs[o]);
    return `${node?.name ?? g.outputs[o]}: sample ${m.sample} element ${i}${detail ? `, ${detail(m.sample, i)}` : ''}: csim ${m.csim}, sim ${m.sim}`;
  });
  expect(described).toEqual([]);
  return r;
}
