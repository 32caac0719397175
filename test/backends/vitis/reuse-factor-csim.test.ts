// Reuse factors are hints: a dense model and a conv model compiled with RF = 1 and with RF > 1 per layer
// simulate to the same bits on 1,000 inputs, g++ csim of the RF > 1 project equals the simulator, and the
// emitted projects differ exactly in the reuse_factor / multiplier_limit fields, the top II and the README.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildVitisProject, compile, loadModel, parsePrecisionConfig, simulateFixed } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { sharedModel } from '../../helpers/paths.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-reuse-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Case { readonly model: string; readonly rf: Readonly<Record<string, number>> }
const CASES: Case[] = [
  // Dense 16x64, 64x32, 32x32, 32x5: n_mult 1024, 2048, 1024, 160.
  { model: 'onnx/three_layer_keras.onnx', rf: { _class__keras_layers_core_Dense__: 4, _class__keras_layers_core_Dense__1: 8, _class__keras_layers_core_Dense__2: 16, _class__keras_layers_core_Dense__3: 5 } },
  // Conv 3x3x1x2 (n_mult 18) on 8x8 outputs, then dense 128x10 (n_mult 1280).
  { model: 'onnx/conv2d_small_keras.onnx', rf: { Conv2D__: 9, Gemm_6: 10 } },
];
const PRECISION = { Precision: 'fixed<12,4,RND_CONV,SAT>' };

/** The numeric fields of each layer's config struct in parameters.h, by layer name (from its `// name: op` comment). */
function configFields(parameters: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const m of parameters.matchAll(/^\/\/ (\S+): \w+\nstruct config\d+ : [\w:]+ \{\n([\s\S]*?)\n\};/gm)) {
    const fields: Record<string, number> = {};
    for (const f of m[2]!.matchAll(/static const unsigned (\w+) = (\d+);/g)) fields[f[1]!] = Number(f[2]);
    out.set(m[1]!, fields);
  }
  return out;
}

/** Lines that differ between two texts of the same line count. */
function changedLines(a: string, b: string): [string, string][] {
  const la = a.split('\n');
  const lb = b.split('\n');
  expect(lb.length).toBe(la.length);
  return la.flatMap((l, i) => (l === lb[i] ? [] : [[l, lb[i]!] as [string, string]]));
}

describe.each(CASES)('$model: RF > 1 changes the hardware, never the numbers', ({ model, rf }) => {
  const g = loadModel(sharedModel(model)).graph;
  const plain = compile(g, { config: parsePrecisionConfig({ Model: PRECISION }) }).graph;
  const layerName = Object.fromEntries(Object.entries(rf).map(([k, v]) => [k, { ReuseFactor: v }]));
  const shared = compile(g, { config: parsePrecisionConfig({ Model: PRECISION, LayerName: layerName }) }).graph;
  const maxRf = Math.max(...Object.values(rf));
  /** Independent of the code under test: the weight tensor's size, and the conv's output positions. */
  const expected = (h: Graph, name: string, r: number): { reuse_factor: number; multiplier_limit: number } => {
    const n = h.nodes.find((x) => x.name === name)!;
    const nMult = h.tensors[n.inputs[1]!]!.shape.reduce((a, b) => a * b, 1);
    const out = h.tensors[n.outputs[0]!]!.shape;
    const positions = n.op === 'conv' ? out.slice(0, -1).reduce((a, b) => a * b, 1) : 1;
    expect(nMult % r).toBe(0);
    return { reuse_factor: r, multiplier_limit: (nMult / r) * positions };
  };

  it('the hints land only on the named dense/conv layers, and the graphs are otherwise equal', () => {
    for (const n of shared.nodes) expect(n.hints?.reuseFactor).toBe(rf[n.name]);
    expect(Object.keys(rf).every((k) => ['dense', 'conv'].includes(shared.nodes.find((n) => n.name === k)!.op))).toBe(true);
    expect(shared.nodes.map(({ hints: _h, ...rest }) => rest)).toEqual(plain.nodes);
    expect(shared.tensors).toEqual(plain.tensors);
  });

  it('the fixed simulator gives identical bits on 1,000 inputs', () => {
    const x = plain.tensors[plain.inputs[0]!]!;
    const per = x.shape.reduce((a, b) => a * b, 1);
    const data = edgeAwareInputs(x.type!, 1000, per, 71);
    const a = simulateFixed(plain, [data], 1000);
    const b = simulateFixed(shared, [data], 1000);
    expect(b.raw).toEqual(a.raw);
    expect(new Set(a.raw[0]!.map(String)).size).toBeGreaterThan(10);
  });

  it('g++ csim of the RF > 1 project equals the simulator on 1,000 inputs', async () => {
    const x = shared.tensors[shared.inputs[0]!]!;
    const per = x.shape.reduce((a, b) => a * b, 1);
    await expectCsimBitExact(shared, join(work, model.replace(/\W/g, '_')), edgeAwareInputs(x.type!, 1000, per, 72), 1000);
  }, 240_000);

  it('the projects differ exactly in reuse_factor / multiplier_limit, the top II, the README and the stored IR', () => {
    const tb = { data: new Float64Array(plain.tensors[plain.inputs[0]!]!.shape.reduce((a, b) => a * b, 1)).fill(0.25), count: 1 };
    const p1 = buildVitisProject(plain, { tbInputs: tb });
    const p2 = buildVitisProject(shared, { tbInputs: tb });
    expect([...p2.keys()]).toEqual([...p1.keys()]);
    const differing = [...p1.keys()].filter((k) => p1.get(k) !== p2.get(k));
    expect(differing.sort()).toEqual(['README.md', 'firmware/myproject.cpp', 'firmware/parameters.h', 'hlsnet/model.json']);

    // The top function: its comment and its pipeline pragma, nothing else.
    expect(changedLines(p1.get('firmware/myproject.cpp')!, p2.get('firmware/myproject.cpp')!)).toEqual([
      ['// myproject: fully parallel (io_parallel, latency strategy) network, II=1 (the largest reuse factor).',
        `// myproject: fully parallel (io_parallel, latency strategy) network, II=${maxRf} (the largest reuse factor).`],
      ['    #pragma HLS PIPELINE II=1', `    #pragma HLS PIPELINE II=${maxRf}`],
    ]);

    // parameters.h: only reuse_factor and multiplier_limit lines change, to the expected values.
    const par1 = p1.get('firmware/parameters.h')!;
    const par2 = p2.get('firmware/parameters.h')!;
    for (const [before, after] of changedLines(par1, par2)) {
      expect(before).toMatch(/^ {4}static const unsigned (reuse_factor|multiplier_limit) = \d+;$/);
      expect(after.replace(/\d+/, '')).toBe(before.replace(/\d+/, ''));
    }
    const f1 = configFields(par1);
    const f2 = configFields(par2);
    for (const [name, r] of Object.entries(rf)) {
      expect(f1.get(name)).toMatchObject(expected(plain, name, 1));
      expect(f2.get(name)).toMatchObject(expected(shared, name, r));
    }
    expect(changedLines(par1, par2)).toHaveLength(2 * Object.keys(rf).length);

    // README: the II and one table row per layer.
    const readme = p2.get('README.md')!;
    expect(readme).toContain(`the top function pipelined at II=${maxRf}`);
    for (const [name, r] of Object.entries(rf)) {
      const e = expected(shared, name, r);
      expect(readme).toMatch(new RegExp(`^\\| \`${name}\` \\| \\w+ \\| \\d+ \\| ${r} \\| ${e.multiplier_limit} \\|$`, 'm'));
    }
  });
});
