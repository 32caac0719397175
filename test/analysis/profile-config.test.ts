// The proposed configuration round-trips through YAML and parsePrecisionConfig, and on the
// calibration data every float value of every profiled tensor lies inside the type the compiler
// gives it (so nothing saturates or wraps); the fixed simulator then tracks the float outputs.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatProposalYaml, proposeTypes, typeRange } from '../../src/analysis/profile-config.js';
import { profileGraph, type Profile } from '../../src/analysis/profile.js';
import { readInput } from '../../src/cli/options.js';
import { fromFloat, toFloat } from '../../src/fixed/quantize.js';
import { compile, loadModel, optimize, parsePrecisionConfig, simulateFixed, type Graph } from '../../src/index.js';
import { runFloatSample } from '../../src/sim/float.js';
import { REPO, sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

/** Every tensor value of every sample, collected from a separate float run of the compiled graph. */
function floatValues(g: Graph, x: Float64Array, count: number): Map<string, number[]> {
  const per = x.length / count;
  const out = new Map<string, number[]>();
  for (let s = 0; s < count; s++) {
    runFloatSample(g, [x.subarray(s * per, (s + 1) * per)], (name, v) => {
      const a = out.get(name) ?? [];
      for (const y of v) a.push(y);
      out.set(name, a);
    });
  }
  return out;
}

function roundTrip(g: Graph, p: Profile, opts: { width?: number; coverage?: number }): Graph {
  const yaml = formatProposalYaml(proposeTypes(p, opts), ['test']);
  const config = parsePrecisionConfig(parseYaml(yaml), 'proposal.yml');
  // Every LayerName entry names a layer; the compile below would throw E203 otherwise.
  expect(Object.keys(config.layerName).length).toBeGreaterThan(0);
  return compile(g, { config }).graph;
}

const jet = (): { g: Graph; x: Float64Array; count: number } => {
  const g = loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph;
  const r = mulberry32(21);
  const count = 300;
  return { g, x: Float64Array.from({ length: count * 16 }, () => (r() * 2 - 1) * 4), count };
};

const calo = (): { g: Graph; x: Float64Array; count: number } => {
  const g = loadModel(join(REPO, 'examples', 'calo-cnn', 'calo_cnn.onnx')).graph;
  const d = readInput(optimize(g).graph, join(REPO, 'examples', 'calo-cnn', 'images.dat'));
  return { g, x: d.data, count: d.count };
};

describe('the proposed configuration covers the calibration data', () => {
  for (const [name, make] of [['jet tagger', jet], ['calo CNN', calo]] as const) {
    it(`${name}: every result, weight and bias value lies in its compiled type; fixed outputs track float`, () => {
      const { g, x, count } = make();
      const opt = optimize(g).graph;
      const p = profileGraph(opt, [x], count);
      const compiled = roundTrip(g, p, {});
      const values = floatValues(compiled, x, count);
      let checked = 0;
      for (const l of p.layers) {
        for (const s of [l.result, l.weight, l.bias]) {
          if (!s) continue;
          const t = compiled.tensors[s.tensor]!.type!;
          const { lo, hi } = typeRange(t);
          const v = s.role === 'weight' || s.role === 'bias' ? compiled.tensors[s.tensor]!.data! : values.get(s.tensor)!;
          expect(v.length, s.tensor).toBe(s.count);
          const outside = v.filter((y) => y < lo || y > hi);
          expect(outside, `${s.role} ${s.tensor} in ${JSON.stringify(t)}`).toEqual([]);
          if (s.role === 'weight' || s.role === 'bias') {
            // Rounded to nearest without saturation: within half an LSB of the float constant.
            for (const w of v) expect(Math.abs(toFloat(fromFloat(w, t), t) - w)).toBeLessThanOrEqual(typeRange(t).lsb / 2);
          }
          checked++;
        }
      }
      expect(checked).toBe(p.layers.length + 2 * p.layers.filter((l) => l.weight).length);
      const fixed = simulateFixed(compiled, [x], count).values[0]!;
      const float = values.get(compiled.outputs[0]!)!;
      const err = Math.max(...float.map((f, i) => Math.abs(f - fixed[i]!)));
      expect(err).toBeLessThan(0.01);
    });
  }

  it('--coverage 99: each result type leaves at most 1% of its values outside, and some tensor does saturate', () => {
    const { g, x, count } = jet();
    const p = profileGraph(optimize(g).graph, [x], count);
    const compiled = roundTrip(g, p, { coverage: 99, width: 12 });
    const values = floatValues(compiled, x, count);
    let saturating = 0;
    for (const l of p.layers) {
      const t = compiled.tensors[l.result.tensor]!.type!;
      expect(t.width).toBe(12);
      const { lo, hi } = typeRange(t);
      const v = values.get(l.result.tensor)!;
      const out = v.filter((y) => y < lo || y > hi).length / v.length;
      expect(out, l.name).toBeLessThanOrEqual(0.01);
      if (out > 0) saturating++;
    }
    expect(saturating).toBeGreaterThan(0);
  });

  it('quotes layer names YAML would misread, and they parse back unchanged', () => {
    const names = ['conv1/Conv:0', 'a b', '#x', 'plain_name.1'];
    const t = { signed: true, width: 16, int: 3, rounding: 'TRN', overflow: 'SAT' } as const;
    const yaml = formatProposalYaml(new Map(names.map((n) => [n, { result: t }])));
    const c = parsePrecisionConfig(parseYaml(yaml), 'q.yml');
    expect(Object.keys(c.layerName)).toEqual(names);
    for (const n of names) expect(c.layerName[n]!.precision.result).toEqual(t);
  });
});
