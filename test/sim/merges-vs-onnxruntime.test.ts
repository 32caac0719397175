// The float executor on NCHW ONNX models with every merge op against ONNX Runtime: a channel Concat (the
// IR's last axis), a spatial Concat, Mul/Sub by per-channel [C, 1, 1] constants (one before the data),
// 3- and 4-input Max/Min/Mean/Sum, and Adds of two batched tensors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importOnnx } from '../../src/frontends/onnx/index.js';
import { compile, optimize, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../src/index.js';
import { permuteSamples } from '../../src/data/layout.js';
import type { Graph } from '../../src/ir/types.js';
import { a, buildModel, floatTensor, node, valueInfo } from '../helpers/onnx-build.js';
import { runOrt } from '../helpers/ort.js';
import { mulberry32, uniformFloat32 } from '../helpers/random.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-merge-ort-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const X = [2, 4, 4];
const seeded = (n: number, seed: number): number[] => Array.from(uniformFloat32(mulberry32(seed), 1, n, -1, 1));

const MODELS: Record<string, Uint8Array> = {
  channels: buildModel({
    nodes: [
      node('Conv', ['x', 'w', 'b'], ['c'], { attrs: [a.ints('pads', [1, 1, 1, 1])] }),
      node('Relu', ['c'], ['r']),
      node('Concat', ['x', 'r'], ['cat'], { attrs: [a.int('axis', 1)] }),
      node('Mul', ['cat', 'k'], ['m']),
      node('Sub', ['kc', 'm'], ['s']),
      node('Max', ['s', 'cat', 'm'], ['mx']),
      node('Min', ['mx', 'cat'], ['mn']),
      node('Mean', ['mn', 's', 'mx', 'cat'], ['mean']),
      node('Sum', ['mean', 'cat', 'm'], ['y']),
    ],
    inputs: [valueInfo('x', ['N', ...X])],
    outputs: [valueInfo('y', undefined)],
    initializers: [
      floatTensor('w', [3, 2, 3, 3], seeded(54, 1)), floatTensor('b', [3], seeded(3, 2)),
      floatTensor('k', [5, 1, 1], seeded(5, 3)), floatTensor('kc', [5, 1, 1], seeded(5, 4)),
    ],
  }),
  spatial: buildModel({
    nodes: [
      node('Conv', ['x', 'w', 'b'], ['c'], { attrs: [a.ints('pads', [1, 1, 1, 1])] }),
      node('Concat', ['x', 'c'], ['h'], { attrs: [a.int('axis', 2)] }),
      node('Concat', ['c', 'x'], ['h2'], { attrs: [a.int('axis', -2)] }),
      node('Add', ['h', 'h2'], ['y']),
    ],
    inputs: [valueInfo('x', ['N', ...X])],
    outputs: [valueInfo('y', undefined)],
    initializers: [floatTensor('w', [2, 2, 3, 3], seeded(36, 5)), floatTensor('b', [2], seeded(2, 6))],
  }),
};

function toIr(g: Graph, x: Float64Array, count: number): Float64Array {
  const name = g.inputs[0]!;
  const perm = g.source?.inputPerm?.[name];
  return perm ? permuteSamples(x, count, g.source!.inputShapes![name]!, perm) : x;
}

describe('merge ops on NCHW models: float executor vs ONNX Runtime', () => {
  for (const [name, bytes] of Object.entries(MODELS)) {
    it(`${name}: 500 random inputs, imported and optimized graphs`, async () => {
      const file = join(work, `${name}.onnx`);
      writeFileSync(file, bytes);
      const imported = importOnnx(bytes, file).graph;
      const count = 500;
      const x = uniformFloat32(mulberry32(name.length), count, 32, -4, 4);
      const { y } = await runOrt(file, x, count);
      for (const g of [imported, optimize(imported).graph]) {
        const [ours] = simulateFloat(g, [toIr(g, Float64Array.from(x), count)], count);
        expect(ours!.length).toBe(y.length);
        let worst = 0;
        for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(ours![i]! - y[i]!) / Math.max(Math.abs(y[i]!), 1));
        expect(worst).toBeLessThanOrEqual(1e-5);
      }
      // The channel concat is a last-axis concat in the IR.
      if (name === 'channels') expect(imported.nodes.find((n) => n.op === 'concat')!.attrs).toEqual({ axis: 2 });
      // Wide types: the fixed simulation follows float closely (a smoke test of the merge contracts).
      const fx = compile(imported, { config: parsePrecisionConfig({ Model: { Precision: 'fixed<32,10>' } }) }).graph;
      const [fixed] = simulateFixed(fx, [toIr(fx, Float64Array.from(x), count)], count).values;
      for (let i = 0; i < y.length; i++) expect(Math.abs(fixed![i]! - y[i]!)).toBeLessThan(1e-3);
    }, 120_000);
  }
});
