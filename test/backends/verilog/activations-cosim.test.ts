// Every activation in RTL == the simulator, bit-exact under Verilator: the same type configurations
// as the C++ test (exhaustive over inputs up to 14 bits, 100,000 random 24-bit values), one build per
// configuration holding all elementwise ops side by side, and one with every softmax form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../../src/index.js';
import { parseFixedType } from '../../../src/fixed/parse.js';
import { expectRtlBitExact } from '../../helpers/cosim.js';
import { compiled, ELEMENTWISE, ELEMENTWISE_OPS, elementwiseGraph, elementwiseInputs, SOFTMAX, softmaxGraph, softmaxInputs, valuesOf } from '../vitis/activation-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-rtl-activations-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectBitExact(g: Graph, folder: string, data: Float64Array, count: number, mult: 'lut' | 'dsp'): Promise<unknown> {
  const per = data.length / count;
  return expectRtlBitExact(g, join(work, folder), data, count, { mult }, (sample, i) => `input ${data[sample * per + (i % per)]}`);
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
      await expectBitExact(g, `elementwise-${ci}`, data, count, ci % 2 ? 'dsp' : 'lut');
    }, 600_000);
  });
});

describe('softmax (stable, latency, argmax, skip) and logsoftmax in RTL: bit-exact', () => {
  Object.entries(SOFTMAX).forEach(([name, c], ci) => {
    it(name, async () => {
      const g = compiled(softmaxGraph(), c);
      const { data, count } = softmaxInputs(valuesOf(c, 41 + ci), parseFixedType(c.input), 7 + ci, c.values === 'exhaustive');
      await expectBitExact(g, `softmax-${ci}`, data, count, 'lut');
    }, 600_000);
  });
});
