// Losses: values against their definitions, finite-difference gradients of every loss (fused and unfused,
// class-index and one-hot targets), and the fused path through a network equal to the unfused one.
import { describe, expect, it } from 'vitest';
import { lossAndGradient, lossFor } from '../../src/train/fit.js';
import { checkTargets, createLoss } from '../../src/train/losses.js';
import { Network } from '../../src/train/network.js';
import { makeRng } from '../../src/train/random.js';
import type { LossName } from '../../src/train/spec-types.js';
import { checkGradient } from '../helpers/gradient-check.js';

const rng = makeRng(7);
const uniform = (n: number, lo: number, hi: number): Float64Array => Float64Array.from({ length: n }, () => lo + (hi - lo) * rng.uniform());

function softmaxRows(z: Float64Array, k: number): Float64Array {
  const p = new Float64Array(z.length);
  for (let r = 0; r < z.length / k; r++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(z[r * k + j]!);
    for (let j = 0; j < k; j++) p[r * k + j] = Math.exp(z[r * k + j]!) / s;
  }
  return p;
}
const sigmoid = (z: Float64Array): Float64Array => z.map((v) => 1 / (1 + Math.exp(-v)));

/** Analytic gradient of loss.compute at v, checked against central differences of the same function. */
function gradCheck(label: string, name: LossName, shape: number[], yPer: number, fused: boolean, v: Float64Array, y: Float64Array, batch: number): void {
  const loss = createLoss(name, shape, yPer, fused);
  const g = new Float64Array(v.length);
  loss.compute(v, y, batch, g);
  checkGradient(label, () => loss.compute(v, y, batch, null), v, g);
}

describe('loss values', () => {
  it('mse is the mean over outputs and samples', () => {
    const loss = createLoss('mse', [2], 2);
    expect(loss.compute(Float64Array.of(1, 2, 3, 4), Float64Array.of(0, 0, 3, 6), 2, null)).toBeCloseTo((1 + 4 + 0 + 4) / 4, 14);
  });

  it('binary CE averages −[y log p + (1−y) log(1−p)] over outputs; fused from logits equals it on σ(z)', () => {
    const z = Float64Array.of(-2, 0.5, 3, -0.1), y = Float64Array.of(0, 1, 1, 0);
    const p = sigmoid(z);
    let expected = 0;
    for (let i = 0; i < 4; i++) expected -= y[i]! * Math.log(p[i]!) + (1 - y[i]!) * Math.log(1 - p[i]!);
    expected /= 4;
    expect(createLoss('binary_crossentropy', [2], 2).compute(p, y, 2, null)).toBeCloseTo(expected, 12);
    expect(createLoss('binary_crossentropy', [2], 2, true).compute(z, y, 2, null)).toBeCloseTo(expected, 12);
  });

  it('categorical CE: index and one-hot targets agree, fused equals unfused, mean over samples', () => {
    const z = Float64Array.of(1, 2, 0.5, -1, 0, 3), p = softmaxRows(z, 3);
    const expected = -(Math.log(p[1]!) + Math.log(p[5]!)) / 2;
    const idx = Float64Array.of(1, 2), hot = Float64Array.of(0, 1, 0, 0, 0, 1);
    expect(createLoss('categorical_crossentropy', [3], 1).compute(p, idx, 2, null)).toBeCloseTo(expected, 12);
    expect(createLoss('categorical_crossentropy', [3], 3).compute(p, hot, 2, null)).toBeCloseTo(expected, 12);
    expect(createLoss('categorical_crossentropy', [3], 1, true).compute(z, idx, 2, null)).toBeCloseTo(expected, 12);
    expect(createLoss('categorical_crossentropy', [3], 3, true).compute(z, hot, 2, null)).toBeCloseTo(expected, 12);
  });

  it('fused losses stay finite where the probabilities saturate', () => {
    const z = Float64Array.of(800, -800);
    expect(createLoss('binary_crossentropy', [1], 1, true).compute(z, Float64Array.of(0, 1), 2, null)).toBeCloseTo(800, 9);
    expect(createLoss('categorical_crossentropy', [2], 1, true).compute(z, Float64Array.of(1), 1, null)).toBeCloseTo(1600, 9);
  });

  it('accuracy: argmax match for categorical CE (index and one-hot), p > 0.5 for one binary output', () => {
    const p = Float64Array.of(0.1, 0.7, 0.2, 0.6, 0.3, 0.1);
    expect(createLoss('categorical_crossentropy', [3], 1).correct(p, Float64Array.of(1, 2), 2)).toEqual({ correct: 1, total: 2 });
    expect(createLoss('categorical_crossentropy', [3], 3).correct(p, Float64Array.of(0, 1, 0, 1, 0, 0), 2)).toEqual({ correct: 2, total: 2 });
    expect(createLoss('binary_crossentropy', [1], 1).correct(Float64Array.of(0.7, 0.2, 0.4), Float64Array.of(1, 1, 0), 3)).toEqual({ correct: 2, total: 3 });
    expect(createLoss('mse', [1], 1).correct(p, p, 1)).toBeUndefined();
  });

  it('mismatched targets are E211', () => {
    expect(() => createLoss('categorical_crossentropy', [3], 2)).toThrow(expect.objectContaining({ code: 'E211' }));
    expect(() => createLoss('mse', [4], 3)).toThrow(expect.objectContaining({ code: 'E211' }));
  });
});

describe('loss gradients (central differences)', () => {
  const batch = 3;
  it('mse', () => gradCheck('mse', 'mse', [4], 4, false, uniform(12, -2, 2), uniform(12, -2, 2), batch));

  it('binary CE on probabilities and fused on logits, 0/1 and soft targets', () => {
    const y = Float64Array.of(0, 1, 1, 0, 0.3, 0.8);
    gradCheck('bce', 'binary_crossentropy', [2], 2, false, uniform(6, 0.05, 0.95), y, batch);
    gradCheck('bce fused', 'binary_crossentropy', [2], 2, true, uniform(6, -4, 4), y, batch);
  });

  it('categorical CE, unfused and fused, index and one-hot targets', () => {
    const idx = Float64Array.of(0, 3, 2);
    const hot = new Float64Array(12);
    idx.forEach((c, r) => (hot[r * 4 + c] = 1));
    const probs = (): Float64Array => softmaxRows(uniform(12, -2, 2), 4);
    gradCheck('cce index', 'categorical_crossentropy', [4], 1, false, probs(), idx, batch);
    gradCheck('cce one-hot', 'categorical_crossentropy', [4], 4, false, probs(), hot, batch);
    gradCheck('cce fused index', 'categorical_crossentropy', [4], 1, true, uniform(12, -3, 3), idx, batch);
    gradCheck('cce fused one-hot', 'categorical_crossentropy', [4], 4, true, uniform(12, -3, 3), hot, batch);
  });

  it('categorical CE over the last axis of a [2, 3] output with one class index per row', () => {
    gradCheck('cce rows', 'categorical_crossentropy', [2, 3], 2, true, uniform(12, -2, 2), Float64Array.of(0, 2, 1, 1), 2);
  });
});

describe('fused and unfused paths through a network', () => {
  /** The kernel gradient of the fit loop's path against central differences of the unfused loss on the network output. */
  function networkCheck(loss: LossName, act: 'softmax' | 'sigmoid', units: number, y: Float64Array, yPer: number): void {
    const net = new Network([3], [{ type: 'dense', units: 5, activation: 'tanh' }, { type: 'dense', units, activation: act }], makeRng(3));
    const batch = 4;
    const x = uniform(batch * 3, -1, 1);
    const l = lossFor(net, loss, yPer);
    expect(l.fused).toBe(true);
    expect(net.layers.map((layer) => layer.name)).toEqual(['dense_1', 'dense_1_tanh', 'dense_2', `dense_2_${act}`]);
    const ctx = { training: false, rng: makeRng(0) };
    lossAndGradient(net, l, x, y, batch, ctx, new Float64Array(batch * units));
    const plain = createLoss(loss, net.outShape, yPer, false);
    const f = (): number => plain.compute(net.forward(x, batch, ctx), y, batch, null);
    for (const p of net.params) checkGradient(`${loss} ${p.name}`, f, p.value, Float64Array.from(p.grad));
    // The unfused path (backward through the activation layer) gives the same gradients.
    const fusedGrads = net.params.map((p) => Float64Array.from(p.grad));
    lossAndGradient(net, plain, x, y, batch, ctx, new Float64Array(batch * units));
    net.params.forEach((p, i) => p.grad.forEach((g, j) => expect(g).toBeCloseTo(fusedGrads[i]![j]!, 10)));
  }

  it('softmax + categorical CE (index targets)', () => networkCheck('categorical_crossentropy', 'softmax', 3, Float64Array.of(0, 2, 1, 1), 1));
  it('softmax + categorical CE (one-hot targets)', () => networkCheck('categorical_crossentropy', 'softmax', 3, Float64Array.of(1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0), 3));
  it('sigmoid + binary CE', () => networkCheck('binary_crossentropy', 'sigmoid', 2, Float64Array.of(0, 1, 1, 1, 0, 0, 1, 0), 2));
});

describe('targets and clipping (review regressions)', () => {
  it('unfused cross-entropy is flat outside its clip: no gradient pushes a probability past 0 or 1', () => {
    const g = new Float64Array(1);
    createLoss('binary_crossentropy', [1], 1, false).compute(Float64Array.of(1.5), Float64Array.of(1), 1, g);
    expect(g[0]).toBe(0);
    const gc = new Float64Array(2);
    createLoss('categorical_crossentropy', [2], 1, false).compute(Float64Array.of(1.5, -0.5), Float64Array.of(0), 1, gc);
    expect(Array.from(gc)).toEqual([0, 0]);
  });

  it('categorical CE needs a softmax over ≥ 2 classes; binary CE needs targets in [0, 1]; class indices are checked for k = 1 too', () => {
    const sig = new Network([2], [{ type: 'dense', units: 3, activation: 'sigmoid' }], makeRng(1));
    expect(() => lossFor(sig, 'categorical_crossentropy', 1)).toThrow(expect.objectContaining({ code: 'E211' }));
    const one = new Network([2], [{ type: 'dense', units: 1, activation: 'softmax' }], makeRng(1));
    expect(() => lossFor(one, 'categorical_crossentropy', 1)).toThrow(expect.objectContaining({ code: 'E211' }));
    const bin = new Network([2], [{ type: 'dense', units: 1, activation: 'sigmoid' }], makeRng(1));
    const loss = lossFor(bin, 'binary_crossentropy', 1);
    expect(() => checkTargets(loss, [1], Float64Array.of(0, 1, 2), 3)).toThrow(expect.objectContaining({ code: 'E211' }));
    expect(() => checkTargets(loss, [1], Float64Array.of(0, 1, 0.5), 3)).not.toThrow();
    const cce = createLoss('categorical_crossentropy', [3], 1, true);
    expect(() => checkTargets(cce, [3], Float64Array.of(0, 2, 3), 3)).toThrow(expect.objectContaining({ code: 'E211' }));
  });
});
