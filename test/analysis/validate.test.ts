// validateModel against an independent recomputation from simulateFloat/simulateFixed: the jet tagger
// (errors, agreement, accuracy, per-class AUC by pair counting), a one-sigmoid binary classifier, an
// autoencoder's anomaly score, the threshold checks and the coded errors for labels and options.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { validateModel } from '../../src/analysis/validate.js';
import { parseDat } from '../../src/data/dat.js';
import type { Graph } from '../../src/ir/types.js';
import { compile, loadModel, optimize, parsePrecisionConfig, parseFixedType, simulateFixed, simulateFloat, withDefaultPrecision, defaultConfig } from '../../src/index.js';
import { thrown } from '../helpers/errors.js';
import { REPO } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

const JET = join(REPO, 'examples', 'jet-tagger');

function pairAuc(scores: ArrayLike<number>, positive: (i: number) => boolean): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!positive(i)) continue;
    for (let j = 0; j < scores.length; j++) {
      if (positive(j)) continue;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

function expectCode(f: () => unknown, code: string, message: RegExp): void {
  const e = thrown(f);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(message);
}

const argmax = (a: Float64Array, s: number, n: number): number => {
  let k = 0;
  for (let i = 1; i < n; i++) if (a[s * n + i]! > a[s * n + k]!) k = i;
  return k;
};

describe('validateModel on the jet tagger', () => {
  const loaded = loadModel(join(JET, 'jet_tagger.onnx'));
  const dat = parseDat(readFileSync(join(JET, 'inputs.dat'), 'utf8'), 'inputs.dat');
  const count = dat.shape[0]!;
  const r = mulberry32(77);
  const labels = Int32Array.from({ length: count }, () => Math.floor(r() * 5));
  const configs = {
    'precision.yml (argmax softmax)': parsePrecisionConfig(parseYaml(readFileSync(join(JET, 'precision.yml'), 'utf8')), 'precision.yml'),
    'fixed<10,4> (table softmax)': withDefaultPrecision(defaultConfig(), parseFixedType('fixed<10,4>')),
  };

  for (const [what, config] of Object.entries(configs)) {
    it(`${what}: errors, agreement, accuracy and AUCs equal a recomputation`, () => {
      const g = compile(loaded.graph, { config }).graph;
      const rep = validateModel(g, { data: dat.data, count }, { labels });
      const float = simulateFloat(optimize(loaded.graph).graph, [dat.data], count)[0]!;
      const fixed = simulateFixed(g, [dat.data], count).values[0]!;
      expect(rep.kind).toBe('classifier');
      expect(rep.samples).toBe(count);
      expect(rep.outputs.map((o) => o.index)).toEqual([0, 1, 2, 3, 4]);
      let all = 0;
      for (const o of rep.outputs) {
        const errs = Array.from({ length: count }, (_, s) => Math.abs(fixed[s * 5 + o.index]! - float[s * 5 + o.index]!));
        expect(o.maxAbsError).toBe(Math.max(...errs));
        expect(o.meanAbsError).toBeCloseTo(errs.reduce((a, b) => a + b, 0) / count, 14);
        all = Math.max(all, ...errs);
      }
      expect(rep.maxAbsError).toBe(all);
      expect(rep.maxAbsError).toBeGreaterThan(0);
      let same = 0;
      let rightFloat = 0;
      let rightFixed = 0;
      for (let s = 0; s < count; s++) {
        same += Number(argmax(fixed, s, 5) === argmax(float, s, 5));
        rightFloat += Number(argmax(float, s, 5) === labels[s]);
        rightFixed += Number(argmax(fixed, s, 5) === labels[s]);
      }
      expect(rep.agreement).toBe(same / count);
      expect(rep.agreementRule).toBe('argmax');
      expect(rep.accuracy).toEqual({ float: rightFloat / count, fixed: rightFixed / count });
      expect(rep.auc.map((a) => a.name)).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4']);
      rep.auc.forEach((a, k) => {
        const col = (v: Float64Array): Float64Array => Float64Array.from({ length: count }, (_, s) => v[s * 5 + k]!);
        expect(a.positives).toBe(labels.filter((l) => l === k).length);
        expect(a.negatives).toBe(count - a.positives);
        expect(a.float).toBeCloseTo(pairAuc(col(float), (i) => labels[i] === k), 12);
        expect(a.fixed).toBeCloseTo(pairAuc(col(fixed), (i) => labels[i] === k), 12);
        expect(a.drop).toBe(a.float - a.fixed);
        expect(a.curves.float[0]).toMatchObject({ fpr: 0, tpr: 0 });
        expect(a.curves.fixed.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
      });
      expect(rep.checks).toEqual([]);
      expect(rep.passed).toBe(true);
    });
  }

  it('thresholds: each check names the worst output or class and passes or fails on its limit', () => {
    const g = compile(loaded.graph, { config: configs['fixed<10,4> (table softmax)'] }).graph;
    const base = validateModel(g, { data: dat.data, count }, { labels });
    const worstOut = base.outputs.reduce((a, o) => (o.maxAbsError > a.maxAbsError ? o : a));
    const worstAuc = base.auc.reduce((a, c) => (c.drop > a.drop ? c : a));
    const pass = validateModel(g, { data: dat.data, count }, { labels, thresholds: { maxAbsError: base.maxAbsError, minAgreement: base.agreement!, maxAucDrop: Math.max(0, worstAuc.drop) } });
    expect(pass.checks.map((c) => [c.name, c.passed])).toEqual([['max-abs-error', true], ['min-agreement', true], ['max-auc-drop', true]]);
    expect(pass.passed).toBe(true);
    expect(pass.checks[0]!.where).toBe(`${worstOut.output}[${worstOut.index}]`);
    expect(pass.checks[2]!.where).toBe(worstAuc.name);
    const fail = validateModel(g, { data: dat.data, count }, { labels, thresholds: { maxAbsError: base.maxAbsError / 2, minAgreement: 1.5, maxAucDrop: 1 } });
    expect(fail.checks.map((c) => [c.name, c.passed])).toEqual([['max-abs-error', false], ['min-agreement', false], ['max-auc-drop', true]]);
    expect(fail.passed).toBe(false);
  });

  it('labels that do not fit: E304 naming the label source', () => {
    const g = compile(loaded.graph, { config: configs['fixed<10,4> (table softmax)'] }).graph;
    const x = { data: dat.data, count };
    expectCode(() => validateModel(g, x, { labels: labels.subarray(1), labelSource: 'y.npy' }), 'E304', /255 labels for 256 samples/);
    expectCode(() => validateModel(g, x, { labels: Int32Array.from(labels, (l, i) => (i === 9 ? 5 : l)), labelSource: 'y.npy' }), 'E304', /sample 9 is 5, not an integer from 0 to 4/);
    expectCode(() => validateModel(g, x, { labels: Float64Array.from(labels, (l, i) => (i === 3 ? 0.5 : l)) }), 'E304', /sample 3 is 0.5/);
    expectCode(() => validateModel(g, x, { thresholds: { maxAucDrop: 0.1 } }), 'E403', /needs labels/);
    expectCode(() => validateModel(g, x, { autoencoder: true }), 'E403', /input's 16 values per sample, this one has 5/);
  });
});

/** A tiny untyped autoencoder: 4 -> 2 (relu) -> 4, weights near a projection onto the first two inputs. */
function autoencoder(): Graph {
  return {
    name: 'ae', inputs: ['x'], outputs: ['y'],
    nodes: [
      { name: 'enc', op: 'dense', inputs: ['x', 'We', 'be'], outputs: ['h'], attrs: {} },
      { name: 'act', op: 'relu', inputs: ['h'], outputs: ['a'], attrs: {} },
      { name: 'dec', op: 'dense', inputs: ['a', 'Wd'], outputs: ['y'], attrs: {} },
    ],
    tensors: {
      x: { name: 'x', shape: [4] },
      We: { name: 'We', shape: [4, 2], data: [0.9, 0.1, -0.05, 1.1, 0.2, -0.1, 0.1, 0.05] },
      be: { name: 'be', shape: [2], data: [0.01, -0.02] },
      h: { name: 'h', shape: [2] }, a: { name: 'a', shape: [2] },
      Wd: { name: 'Wd', shape: [2, 4], data: [1.05, 0, 0.1, -0.1, 0.05, 0.95, -0.1, 0.1] },
      y: { name: 'y', shape: [4] },
    },
  };
}

/** A one-output sigmoid classifier: 3 -> 1. */
function binary(): Graph {
  return {
    name: 'bin', inputs: ['x'], outputs: ['p'],
    nodes: [
      { name: 'fc', op: 'dense', inputs: ['x', 'W', 'b'], outputs: ['z'], attrs: {} },
      { name: 'sig', op: 'sigmoid', inputs: ['z'], outputs: ['p'], attrs: {} },
    ],
    tensors: {
      x: { name: 'x', shape: [3] }, W: { name: 'W', shape: [3, 1], data: [1.5, -2, 0.75] }, b: { name: 'b', shape: [1], data: [0.1] },
      z: { name: 'z', shape: [1] }, p: { name: 'p', shape: [1] },
    },
  } as Graph;
}

describe('validateModel: binary classifier and autoencoder', () => {
  const config = withDefaultPrecision(defaultConfig(), parseFixedType('fixed<8,3>'));

  it('one sigmoid output: agreement on y > 0.5, one AUC with labels 0/1', () => {
    const g = compile(binary(), { config }).graph;
    const r = mulberry32(8);
    const n = 300;
    const x = Float64Array.from({ length: n * 3 }, () => r() * 4 - 2);
    const float = simulateFloat(g, [x], n)[0]!;
    const fixed = simulateFixed(g, [x], n).values[0]!;
    const labels = Int32Array.from(float, (p) => Number(p + 0.6 * (r() - 0.5) > 0.5));
    const rep = validateModel(g, { data: x, count: n }, { labels });
    expect(rep.agreementRule).toBe('y > 0.5');
    let same = 0;
    for (let s = 0; s < n; s++) same += Number((fixed[s]! > 0.5) === (float[s]! > 0.5));
    expect(rep.agreement).toBe(same / n);
    expect(rep.auc).toHaveLength(1);
    expect(rep.auc[0]!.name).toBe('class 1');
    expect(rep.auc[0]!.float).toBeCloseTo(pairAuc(float, (i) => labels[i] === 1), 12);
    expect(rep.auc[0]!.fixed).toBeCloseTo(pairAuc(fixed, (i) => labels[i] === 1), 12);
    expect(rep.accuracy!.float).toBe(labels.filter((l, s) => l === Number(float[s]! > 0.5)).length / n);
    expectCode(() => validateModel(g, { data: x, count: n }, { labels: Int32Array.from(labels, (l, i) => (i === 0 ? 2 : l)) }), 'E304', /from 0 to 1/);
  });

  it('autoencoder: anomaly score = mean squared (output − input); its AUC and error equal a recomputation', () => {
    const g = compile(autoencoder(), { config }).graph;
    const r = mulberry32(9);
    const n = 240;
    const flags = Int32Array.from({ length: n }, () => Number(r() < 0.25));
    // Normal samples live near the first two inputs' plane; anomalies do not.
    const x = Float64Array.from({ length: n * 4 }, (_, i) => {
      const s = Math.floor(i / 4);
      const big = i % 4 < 2 || flags[s] ? 1.5 : 0.1;
      return (r() * 2 - 1) * big;
    });
    const rep = validateModel(g, { data: x, count: n }, { autoencoder: true, labels: flags, thresholds: { maxAucDrop: 0.05, maxAbsError: 10 } });
    const score = (y: Float64Array): Float64Array => Float64Array.from({ length: n }, (_, s) => [0, 1, 2, 3].reduce((a, i) => a + (y[s * 4 + i]! - x[s * 4 + i]!) ** 2, 0) / 4);
    const sFloat = score(simulateFloat(g, [x], n)[0]!);
    const sFixed = score(simulateFixed(g, [x], n).values[0]!);
    expect(rep.kind).toBe('autoencoder');
    expect(rep.agreement).toBeUndefined();
    expect(rep.auc.map((a) => a.name)).toEqual(['anomaly score']);
    expect(rep.auc[0]!.float).toBeCloseTo(pairAuc(sFloat, (i) => flags[i] === 1), 12);
    expect(rep.auc[0]!.fixed).toBeCloseTo(pairAuc(sFixed, (i) => flags[i] === 1), 12);
    expect(rep.auc[0]!.float).toBeGreaterThan(0.8);
    const errs = Array.from(sFloat, (v, s) => Math.abs(sFixed[s]! - v));
    expect(rep.scoreError!.max).toBeCloseTo(Math.max(...errs), 14);
    expect(rep.scoreError!.mean).toBeCloseTo(errs.reduce((a, b) => a + b, 0) / n, 14);
    expect(rep.checks.map((c) => c.name)).toEqual(['max-abs-error', 'max-auc-drop']);
    expect(rep.passed).toBe(rep.auc[0]!.drop <= 0.05);
    expectCode(() => validateModel(g, { data: x, count: n }, { autoencoder: true, thresholds: { minAgreement: 0.9 } }), 'E403', /no meaning for an autoencoder/);
    expectCode(() => validateModel(g, { data: x, count: n }, { autoencoder: true, labels: Int32Array.from(flags, (f, i) => (i === 5 ? 3 : f)) }), 'E304', /sample 5 is 3/);
  });

  it('an AUC drop threshold with only one class present fails: nothing to check', () => {
    const g = compile(binary(), { config }).graph;
    const x = Float64Array.from({ length: 30 }, (_, i) => (i % 7) / 7);
    const rep = validateModel(g, { data: x, count: 10 }, { labels: new Int32Array(10), thresholds: { maxAucDrop: 0.5 } });
    expect(rep.auc[0]!.float).toBeNaN();
    expect(rep.checks[0]).toMatchObject({ name: 'max-auc-drop', passed: false, where: 'no AUC for class 1 (no positive or no negative samples)' });
  });

  it('an AUC drop threshold fails when only some classes have an AUC (review regression: 3 of 5 unchecked passed)', () => {
    const g = compile(loadModel(join(JET, 'jet_tagger.onnx')).graph).graph;
    const x = Float64Array.from({ length: 40 * 16 }, (_, i) => Math.sin(i));
    const labels = Int32Array.from({ length: 40 }, (_, i) => i % 2); // binary labels on a 5-class model
    const rep = validateModel(g, { data: x, count: 40 }, { labels, thresholds: { maxAucDrop: 1 } });
    expect(rep.checks[0]).toMatchObject({ name: 'max-auc-drop', passed: false, where: 'no AUC for class 2, class 3, class 4 (no positive or no negative samples)' });
    expect(rep.passed).toBe(false);
  });
});

describe('review regressions: layouts and non-finite values', () => {
  it('an NCHW ONNX autoencoder is scored against its input in the model layout (identity conv: every score 0)', async () => {
    const { buildModel, node, a, valueInfo, floatTensor } = await import('../../src/frontends/onnx/proto-build.js');
    const { importOnnx } = await import('../../src/frontends/onnx/index.js');
    const { permuteSamples } = await import('../../src/data/layout.js');
    const bytes = buildModel({
      nodes: [node('Conv', ['X', 'Wt'], ['Y'], { name: 'conv', attrs: [a.ints('kernel_shape', [1, 1])] })],
      inputs: [valueInfo('X', ['N', 2, 3, 3])], outputs: [valueInfo('Y', ['N', 2, 3, 3])],
      initializers: [floatTensor('Wt', [2, 2, 1, 1], [1, 0, 0, 1])],
    });
    const g = compile(importOnnx(bytes, 'ae.onnx').graph, { config: withDefaultPrecision(defaultConfig(), parseFixedType('fixed<16,6>')) }).graph;
    const count = 20;
    // Values on the fixed grid, so the quantized input equals the float one and every score is exactly 0.
    const model = Float64Array.from({ length: count * 18 }, (_, i) => ((i * 13) % 17) / 8 - 1);
    const x = permuteSamples(model, count, [2, 3, 3], g.source!.inputPerm!.X!);
    const r = validateModel(g, { data: x, count }, { autoencoder: true, labels: Array.from({ length: count }, (_, i) => i % 2) });
    expect(r.scoreError).toEqual({ max: 0, mean: 0 });
    expect(r.auc[0]!.float).toBe(0.5);
    expect(r.auc[0]!.fixed).toBe(0.5);
  });

  it('non-finite inputs or outputs are E303 naming the sample, never a silently wrong metric', async () => {
    const g = compile(loadModel(join(JET, 'jet_tagger.onnx')).graph).graph;
    const x = new Float64Array(3 * 16).fill(0.25);
    x[20] = NaN;
    expectCode(() => validateModel(g, { data: x, count: 3 }, { dataSource: 'x.npy' }), 'E303', /sample 1 is not finite/);
    // y = 2·x0 − 2·x1: finite inputs of 1.7e308 overflow to Inf − Inf = NaN in the float run.
    const { IrBuilder } = await import('../../src/train/ir-builder.js');
    const ir = new IrBuilder();
    ir.value('x', [2]);
    ir.push({ op: 'dense', name: 'd', inputs: ['x', ir.constant('w', [2, 1], [2, -2])], outputs: [ir.value('y', [1])], attrs: {} });
    const d = compile(ir.graph('nan', ['x'], ['y']), { config: withDefaultPrecision(defaultConfig(), parseFixedType('fixed<16,6>')) }).graph;
    expectCode(() => validateModel(d, { data: Float64Array.of(1, 0, 1.7e308, 1.7e308), count: 2 }, { labels: [0, 1] }), 'E303', /float run gives NaN in output 'y' for sample 1/);
  });
});
