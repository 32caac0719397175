// Fixed simulator == g++ C simulation, bit-exact, for every activation with a parameter or a table
// (ir/OPS.md): exhaustively over every value of inputs up to 14 bits, plus 100,000 random values of a
// 24-bit type, at several type configurations. One project per configuration holds all the ops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { buildVitisProject, simulateFixed, type CsimReport } from '../../../src/index.js';
import { parseFixedType } from '../../../src/fixed/parse.js';
import { fracBits } from '../../../src/fixed/types.js';
import type { Graph } from '../../../src/ir/types.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { compileCpp } from '../../helpers/tools.js';
import {
  ELEMENTWISE, SOFTMAX, compiled, valuesOf, ELEMENTWISE_OPS, elementwiseGraph, elementwiseInputs,  softmaxGraph, softmaxInputs, SOFTMAX_LENGTHS, SOFTMAX_WIDTH,
} from './activation-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-activations-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

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

