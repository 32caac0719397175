// The network and fit loop: naming, determinism, validation split, early stopping, penalties, dropout,
// divergence, learning on seeded toy problems, toGraph against the float executor, and training speed.
import { describe, expect, it } from 'vitest';
import { fit, trainingRngs, type TrainingData } from '../../src/train/fit.js';
import { evaluate, trainNetwork, type NetworkSpec } from '../../src/train/index.js';
import { Network } from '../../src/train/network.js';
import { makeRng } from '../../src/train/random.js';
import type { FitSpec, LayerSpec } from '../../src/train/spec-types.js';
import { runFloat } from '../../src/sim/float.js';

/** Two Gaussian blobs (σ = 1) centred at ±(c, c, 0, ...), label 1 for the positive one; `extra` noise inputs. */
function blobs(count: number, seed: number, c = 1.5, extra = 0): TrainingData {
  const rng = makeRng(seed), per = 2 + extra;
  const x = new Float64Array(count * per), y = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    y[i] = i % 2;
    const s = y[i] ? c : -c;
    for (let j = 0; j < per; j++) x[i * per + j] = (j < 2 ? s : 0) + rng.normal();
  }
  return { x, y, count, yPer: 1 };
}

/** XOR of signs: uniform in [−1, 1]², class 1 when x1·x2 > 0 (class indices for a 2-way softmax). */
function xor(count: number, seed: number): TrainingData {
  const rng = makeRng(seed);
  const x = Float64Array.from({ length: 2 * count }, () => 2 * rng.uniform() - 1), y = new Float64Array(count);
  for (let i = 0; i < count; i++) y[i] = x[2 * i]! * x[2 * i + 1]! > 0 ? 1 : 0;
  return { x, y, count, yPer: 1 };
}

const LOGISTIC: LayerSpec[] = [{ type: 'dense', units: 1, activation: 'sigmoid' }];
const BASE: FitSpec = { loss: 'binary_crossentropy', optimizer: { type: 'adam', lr: 0.01 }, epochs: 5, batchSize: 32, seed: 1 };
const spec = (layers: LayerSpec[], fitSpec: Partial<FitSpec> = {}, inputShape = [2]): NetworkSpec =>
  ({ name: 'toy', inputShape, layers, fit: { ...BASE, ...fitSpec } });
const kernels = (net: Network): Float64Array[] => net.params.filter((p) => p.regularized).map((p) => p.value);
const bits = (net: Network): number[][] => net.params.map((p) => Array.from(new Uint32Array(Float64Array.from(p.value).buffer)));

describe('network', () => {
  it('names layers like Keras and expands dense/conv activations into their own layers', () => {
    const net = new Network([4], [
      { type: 'dense', units: 3, activation: 'relu' },
      { type: 'dense', units: 3, activation: 'linear', name: 'mid' },
      { type: 'activation', activation: 'tanh' },
      { type: 'dense', units: 2, activation: 'softmax' },
    ], makeRng(1));
    expect(net.layers.map((l) => l.name)).toEqual(['dense_1', 'dense_1_relu', 'mid', 'activation_1', 'dense_2', 'dense_2_softmax']);
    expect(net.finalActivation).toBe('softmax');
    expect(net.outShape).toEqual([2]);
  });

  it('duplicate or reserved names are E211', () => {
    const dup: LayerSpec[] = [{ type: 'dense', units: 2, name: 'a' }, { type: 'dense', units: 2, name: 'a' }];
    expect(() => new Network([2], dup, makeRng(1))).toThrow(expect.objectContaining({ code: 'E211', subject: "layer 'a'" }));
    const clash: LayerSpec[] = [{ type: 'dense', units: 2, name: 'dense_2' }, { type: 'dense', units: 2 }, { type: 'dense', units: 2 }];
    expect(() => new Network([2], clash, makeRng(1))).toThrow(expect.objectContaining({ code: 'E211' }));
    expect(() => new Network([2], [{ type: 'dense', units: 2, name: 'input' }], makeRng(1))).toThrow(expect.objectContaining({ code: 'E211' }));
  });

  it('snapshot/restore round-trips the weights', () => {
    const net = new Network([3], [{ type: 'dense', units: 4, activation: 'relu' }, { type: 'dense', units: 1 }], makeRng(2));
    const before = bits(net), snap = net.snapshot();
    for (const p of net.params) p.value.fill(0.5);
    net.restore(snap);
    expect(bits(net)).toEqual(before);
  });

  it('toGraph of a trained network equals predict under the float executor (weights rounded to float32)', () => {
    const data = xor(400, 5);
    const { network, graph } = trainNetwork(spec([{ type: 'dense', units: 8, activation: 'tanh' }, { type: 'dense', units: 2, activation: 'softmax' }],
      { loss: 'categorical_crossentropy', epochs: 3 }), data);
    expect(graph.inputs).toEqual(['input']);
    expect(graph.source).toEqual({ format: 'native' });
    const [viaIr] = runFloat(graph, [data.x], data.count);
    const direct = network.predict(data.x, data.count);
    let worst = 0;
    direct.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - viaIr![i]!) / Math.max(Math.abs(v), 1e-3))));
    expect(worst).toBeLessThan(1e-6);
  });
});

describe('fit', () => {
  it('is deterministic: the same seed gives bit-identical weights, another seed different ones', () => {
    const data = blobs(300, 3);
    const layers: LayerSpec[] = [{ type: 'dense', units: 6, activation: 'relu' }, ...LOGISTIC];
    const a = trainNetwork(spec(layers, { validationSplit: 0.2 }), data), b = trainNetwork(spec(layers, { validationSplit: 0.2 }), data);
    const c = trainNetwork(spec(layers, { validationSplit: 0.2, seed: 2 }), data);
    expect(bits(a.network)).toEqual(bits(b.network));
    expect(a.history.map((h) => h.valLoss)).toEqual(b.history.map((h) => h.valLoss));
    expect(bits(c.network)).not.toEqual(bits(a.network));
  });

  it('trainNetwork is fit() on a network initialized from the seed\'s init stream', () => {
    const data = blobs(200, 3);
    const layers: LayerSpec[] = [{ type: 'dense', units: 4, activation: 'relu' }, ...LOGISTIC];
    const net = new Network([2], layers, trainingRngs(BASE.seed).init);
    const r = fit(net, data, BASE);
    expect(r.history.length).toBe(BASE.epochs);
    expect(bits(net)).toEqual(bits(trainNetwork(spec(layers), data).network));
  });

  it('holds out the last fraction for validation and includes the last partial batch', () => {
    const data = blobs(250, 4);
    const batchCalls: number[] = [];
    const r = trainNetwork(spec(LOGISTIC, { validationSplit: 0.2, epochs: 2 }), data, undefined, (_done, total) => batchCalls.push(total));
    // 200 training samples in batches of 32: 6 full and one of 8, per epoch.
    expect(batchCalls).toEqual(new Array(14).fill(7));
    const last = r.history[1]!;
    const v = evaluate(r.network, data.x.subarray(200 * 2), data.y.subarray(200), 50, 'binary_crossentropy');
    expect(last.valLoss).toBe(v.loss);
    expect(last.valAccuracy).toBe(v.accuracy);
    expect(last.accuracy).toBeGreaterThan(0.8);
  });

  it('early stopping stops on a rising validation loss and restores the best epoch\'s weights', () => {
    // The validation fraction has flipped labels: the better the fit, the worse val_loss after the first epoch.
    const data = blobs(400, 6);
    for (let i = 300; i < 400; i++) data.y[i] = 1 - data.y[i]!;
    const epochs: number[] = [];
    const r = trainNetwork(spec(LOGISTIC, { validationSplit: 0.25, epochs: 30, earlyStopping: { patience: 3 } }), data, (e) => epochs.push(e.epoch));
    expect(r.stoppedEarly).toBe(true);
    const losses = r.history.map((h) => h.valLoss!);
    const best = losses.indexOf(Math.min(...losses)) + 1;
    expect(r.bestEpoch).toBe(best);
    expect(epochs.length).toBe(best + 3);
    const now = evaluate(r.network, data.x.subarray(600), data.y.subarray(300), 100, 'binary_crossentropy');
    expect(now.loss).toBe(losses[best - 1]);
  });

  it('minDelta: improvements smaller than it do not count', () => {
    const r = trainNetwork(spec(LOGISTIC, { validationSplit: 0.2, epochs: 20, earlyStopping: { patience: 2, minDelta: 10 } }), blobs(200, 7));
    expect(r.history.length).toBe(3);
    expect(r.bestEpoch).toBe(1);
  });

  it('L1 drives more kernel weights to about zero than no penalty; L2 shrinks the kernel norm', () => {
    // Two informative inputs and eight pure-noise ones: the noise weights carry no signal and L1 zeroes them.
    // Measured for seeds 1–3: 61–71 of 88 kernel weights below 1e-2 with L1 against 1–3 without; the L2
    // norm is about half the plain one (2.4 vs 4.7). The thresholds leave wide margins.
    const data = blobs(600, 8, 1.5, 8);
    const layers: LayerSpec[] = [{ type: 'dense', units: 8, activation: 'relu' }, ...LOGISTIC];
    const run = (f: Partial<FitSpec>): Network => trainNetwork(spec(layers, { epochs: 15, ...f }, [10]), data).network;
    const small = (net: Network): number => kernels(net).reduce((n, k) => n + k.filter((w) => Math.abs(w) < 1e-2).length, 0);
    const norm = (net: Network): number => Math.sqrt(kernels(net).reduce((s, k) => s + k.reduce((a, w) => a + w * w, 0), 0));
    const plain = run({}), l1 = run({ l1: 0.01 }), l2 = run({ l2: 0.01 });
    expect(small(l1)).toBeGreaterThan(small(plain) + 20);
    expect(norm(l2)).toBeLessThan(0.8 * norm(plain));
  });

  it('reports the penalty in the loss', () => {
    const data = blobs(64, 9);
    const a = trainNetwork(spec(LOGISTIC, { epochs: 1, optimizer: { type: 'sgd', lr: 0 } }), data);
    const b = trainNetwork(spec(LOGISTIC, { epochs: 1, optimizer: { type: 'sgd', lr: 0 }, l2: 0.5 }), data);
    const w = kernels(a.network)[0]!;
    expect(b.history[0]!.loss - a.history[0]!.loss).toBeCloseTo(0.5 * (w[0]! ** 2 + w[1]! ** 2), 12);
  });

  it('a non-finite loss is E212 naming the epoch', () => {
    const data = blobs(64, 10);
    data.x[3] = 1e200;
    const s = spec([{ type: 'dense', units: 1 }], { loss: 'mse', optimizer: { type: 'sgd', lr: 1e10 } });
    expect(() => trainNetwork(s, data)).toThrow(expect.objectContaining({ code: 'E212', subject: 'epoch 1' }));
  });
});

describe('dropout', () => {
  const layers: LayerSpec[] = [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dropout', rate: 0.5 }, ...LOGISTIC];
  it('changes training but not inference', () => {
    const data = blobs(200, 11);
    const withDrop = trainNetwork(spec(layers, { epochs: 2 }), data);
    const without = trainNetwork(spec(layers.filter((l) => l.type !== 'dropout'), { epochs: 2 }), data);
    // Same seed: same initial weights (dropout has none), so only the masks make the trained weights differ.
    expect(bits(withDrop.network)).not.toEqual(bits(without.network));
    const net = withDrop.network;
    const p1 = net.predict(data.x, data.count), p2 = net.predict(data.x, data.count);
    expect(p1).toEqual(p2);
    // Inference skips the dropout layer: the same as running the layers around it.
    const h = net.layers[1]!.forward(net.layers[0]!.forward(data.x, data.count, { training: false, rng: makeRng(0) }), data.count, { training: false, rng: makeRng(0) });
    const out = net.layers[4]!.forward(net.layers[3]!.forward(h, data.count, { training: false, rng: makeRng(0) }), data.count, { training: false, rng: makeRng(0) });
    expect(Array.from(out)).toEqual(Array.from(p1));
  });
});

describe('learning on seeded toy problems', () => {
  it('two Gaussian blobs: logistic regression reaches ≥ 95% on held-out samples', () => {
    // Centres ±(1.5, 1.5), σ = 1: the Bayes boundary is linear with accuracy Φ(1.5·√2) = 98.3%; on 2000
    // test samples the standard error is 0.3%, so 95% leaves a margin of ~10 standard errors.
    const r = trainNetwork(spec(LOGISTIC, { epochs: 10 }), blobs(1000, 12));
    const test = blobs(2000, 13);
    expect(evaluate(r.network, test.x, test.y, test.count, 'binary_crossentropy').accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('XOR of signs: one hidden relu layer reaches ≥ 95% (a linear model is at chance)', () => {
    // The classes are separable by the two axes; 16 relu units fit the four quadrant corners, and only
    // samples very near an axis are at risk (measured 99.0–99.3% for seeds 1–3; the linear model 48–59%).
    const layers: LayerSpec[] = [{ type: 'dense', units: 16, activation: 'relu' }, { type: 'dense', units: 2, activation: 'softmax' }];
    const r = trainNetwork(spec(layers, { loss: 'categorical_crossentropy', epochs: 40, batchSize: 16 }), xor(2000, 14));
    const test = xor(2000, 15);
    expect(evaluate(r.network, test.x, test.y, test.count, 'categorical_crossentropy').accuracy).toBeGreaterThanOrEqual(0.95);
    const linear = trainNetwork(spec([{ type: 'dense', units: 2, activation: 'softmax' }], { loss: 'categorical_crossentropy', epochs: 10 }), xor(2000, 14));
    expect(evaluate(linear.network, test.x, test.y, test.count, 'categorical_crossentropy').accuracy).toBeLessThan(0.7);
  });

  it('an autoencoder (y = x, mse) lowers its reconstruction loss', () => {
    const data = blobs(500, 16, 1.5, 2);
    const r = trainNetwork(spec([{ type: 'dense', units: 2, activation: 'tanh' }, { type: 'dense', units: 4 }], { loss: 'mse', epochs: 10 }, [4]),
      { ...data, y: data.x, yPer: 4 });
    expect(r.history[9]!.loss).toBeLessThan(0.7 * r.history[0]!.loss);
    expect(r.history[0]!.accuracy).toBeUndefined();
  });
});

describe('non-finite validation loss (review regression)', () => {
  it('a NaN in the held-out targets stops training with E212 instead of silently disabling early stopping', () => {
    const data = blobs(200, 3);
    const y = Float64Array.from({ length: 400 }, (_, i) => data.x[i]!);
    y[399] = NaN; // in the last 20%: the validation part
    expect(() => trainNetwork(spec([{ type: 'dense', units: 2 }], { loss: 'mse', validationSplit: 0.2, earlyStopping: { patience: 2 } }), { ...data, y, yPer: 2 }))
      .toThrow(expect.objectContaining({ code: 'E212' }));
  });
});
