// Every activation in RTL == the simulator, bit-exact under Verilator: the same type configurations
// as the C++ test (exhaustive over inputs up to 14 bits, 100,000 random 24-bit values), one build per
// configuration holding all elementwise ops side by side, and one with every softmax form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { buildProject, cosimCompare, type Graph } from '../../../src/index.js';
import { parseFixedType } from '../../../src/fixed/parse.js';
import { requireTool } from '../../helpers/tools.js';
import { compiled, ELEMENTWISE, ELEMENTWISE_OPS, elementwiseGraph, elementwiseInputs, SOFTMAX, softmaxGraph, softmaxInputs, valuesOf } from '../vitis/activation-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-rtl-activations-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function expectRtlBitExact(g: Graph, folder: string, data: Float64Array, count: number, mult: 'lut' | 'dsp'): Promise<void> {
  requireTool('verilator');
  const dir = join(work, folder);
  const per = data.length / count;
  writeFolder(dir, buildProject(g, { backend: 'verilog', mult, tbInputs: { data: data.subarray(0, per), count: 1 } }), false);
  const r = await cosimCompare(dir, { data, count }, { threads: 2, build: { cxxOpt: '-O0' } });
  const outPer = g.outputs.map((o) => g.tensors[o]!.shape.reduce((a, b) => a * b, 1));
  expect(r.outputsCompared).toBe(count * outPer.reduce((a, b) => a + b, 0));
  const described = r.mismatches.slice(0, 8).map((m) => {
    let i = m.index;
    let o = 0;
    while (i >= outPer[o]!) i -= outPer[o++]!;
    const node = g.nodes.find((n) => n.outputs[0] === g.outputs[o]);
    return `${node?.name}: sample ${m.sample} element ${i}, input ${data[m.sample * per + (i % per)]}: rtl ${m.rtl}, sim ${m.sim}`;
  });
  expect(described).toEqual([]);
  expect(r.mismatchCount).toBe(0);
  expect(r.latencyCycles).toBe(r.manifestLatency);
}

describe('elementwise activations: Verilator == simulator, bit-exact', () => {
  Object.entries(ELEMENTWISE).forEach(([name, c], ci) => {
    it(name, async () => {
      const g = compiled(elementwiseGraph(c.attrs), c);
      expect(g.outputs).toHaveLength(ELEMENTWISE_OPS.length);
      const values = valuesOf(c, 17 + ci);
      const { data, count } = elementwiseInputs(values, c.values === 'exhaustive' ? 4 : 1);
      if (c.values === 'exhaustive') expect(new Set(values).size).toBe(2 ** parseFixedType(c.input).width);
      // The param-type products alternate between shift-add graphs and `*` across configurations.
      await expectRtlBitExact(g, `elementwise-${ci}`, data, count, ci % 2 ? 'dsp' : 'lut');
    }, 600_000);
  });
});

describe('softmax (stable, latency, argmax, skip) and logsoftmax in RTL: bit-exact', () => {
  Object.entries(SOFTMAX).forEach(([name, c], ci) => {
    it(name, async () => {
      const g = compiled(softmaxGraph(), c);
      const { data, count } = softmaxInputs(valuesOf(c, 41 + ci), parseFixedType(c.input), 7 + ci, c.values === 'exhaustive');
      await expectRtlBitExact(g, `softmax-${ci}`, data, count, 'lut');
    }, 600_000);
  });
});
