// The fit loop: seeded shuffling, mini-batch gradient steps with L1/L2 penalties, a held-out validation
// split, early stopping with restore of the best weights, and one history record per epoch.
import { HlsnetError } from '../diagnostics/errors.js';
import type { ForwardContext } from './layer.js';
import { checkTargets, createLoss, type Loss } from './losses.js';
import type { Network, WeightSnapshot } from './network.js';
import { addPenaltyGradient, createOptimizer, penalty } from './optimizers.js';
import { makeRng, permutation, type Rng } from './random.js';
import type { FitSpec, LossName } from './spec-types.js';

/** `count` samples: x holds count × (network input size) values, y count × yPer targets (an autoencoder passes x). */
export interface TrainingData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly count: number;
  readonly yPer: number;
}

export interface EpochStats {
  /** From 1. */
  readonly epoch: number;
  /** Mean over the epoch's batches (weighted by batch size) of data loss + penalty, as Keras reports it. */
  readonly loss: number;
  readonly accuracy?: number;
  /** On the validation split in inference mode, penalty included (as Keras). */
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly seconds: number;
}

export interface FitResult {
  readonly history: readonly EpochStats[];
  readonly stoppedEarly: boolean;
  /** With early stopping: the epoch whose weights the network holds now. */
  readonly bestEpoch?: number;
}

/** Independent seeded streams of one run: weight initialization, epoch shuffles and dropout masks. */
export function trainingRngs(seed: number): { readonly init: Rng; readonly shuffle: Rng; readonly dropout: Rng } {
  const root = makeRng(seed);
  return { init: root.fork(), shuffle: root.fork(), dropout: root.fork() };
}

/**
 * The loss a network trains with: fused with its final activation when that is sigmoid + binary CE or
 * softmax + categorical CE (the loss then reads the final activation's input; see losses.ts).
 */
export function lossFor(net: Network, name: LossName, yPer: number): Loss {
  const act = net.finalActivation;
  const fused = (act === 'sigmoid' && name === 'binary_crossentropy') || (act === 'softmax' && name === 'categorical_crossentropy');
  const k = net.outShape[net.outShape.length - 1] ?? 1;
  // Cross-entropy over classes only means something for probabilities that sum to one over at least two.
  if (name === 'categorical_crossentropy' && (act !== 'softmax' || k < 2)) {
    throw new HlsnetError('E211', `categorical_crossentropy needs a softmax over ≥ 2 classes as the last layer (the last layer gives ${act ?? 'no activation'} over ${k})`, {
      subject: `loss '${name}'`,
      hint: k < 2 ? 'for two classes use one sigmoid output with binary_crossentropy, or a softmax over 2 units' : 'end the network with activation: softmax',
    });
  }
  return createLoss(name, net.outShape, yPer, fused);
}

/** Trains `net` in place; deterministic: the same network, data and spec give bit-identical weights. */
export function fit(
  net: Network,
  data: TrainingData,
  spec: FitSpec,
  onEpoch?: (e: EpochStats) => void,
  onBatch?: (done: number, total: number) => void,
): FitResult {
  checkSpec(spec);
  const loss = lossFor(net, spec.loss, data.yPer);
  const { inSize, outSize } = net;
  const yPer = data.yPer;
  if (data.x.length < data.count * inSize || data.y.length < data.count * yPer) {
    throw new HlsnetError('E211', `training data hold fewer values than ${data.count} samples need`, { subject: 'training data' });
  }
  checkTargets(loss, net.outShape, data.y, data.count);
  // Keras holds out the last fraction before any shuffling.
  const split = spec.validationSplit ?? 0;
  const nTrain = split > 0 ? Math.floor(data.count * (1 - split)) : data.count;
  const nVal = data.count - nTrain;
  if (nTrain < 1 || (split > 0 && nVal < 1)) {
    throw new HlsnetError('E211', `validationSplit ${split} leaves ${nTrain} training and ${nVal} validation samples of ${data.count}`, {
      subject: 'fit.validationSplit', hint: 'use more samples or a split that keeps at least one sample on each side',
    });
  }
  const l1 = spec.l1 ?? 0, l2 = spec.l2 ?? 0;
  const { shuffle, dropout } = trainingRngs(spec.seed);
  const ctx: ForwardContext = { training: true, rng: dropout };
  const optimizer = createOptimizer(spec.optimizer, net.params);

  // One set of batch buffers for the whole run; the last partial batch uses views of them.
  const bs = Math.min(spec.batchSize, nTrain);
  const xb = new Float64Array(bs * inSize), yb = new Float64Array(bs * yPer), gb = new Float64Array(bs * outSize);
  const tail = nTrain % bs;
  const views = (n: number): [Float64Array, Float64Array, Float64Array] =>
    [xb.subarray(0, n * inSize), yb.subarray(0, n * yPer), gb.subarray(0, n * outSize)];
  const full = views(bs), part = views(tail);
  const batches = Math.ceil(nTrain / bs);

  const history: EpochStats[] = [];
  const patience = spec.earlyStopping?.patience, minDelta = spec.earlyStopping?.minDelta ?? 0;
  let best = Infinity, bestEpoch: number | undefined, bestWeights: WeightSnapshot | undefined, wait = 0, stoppedEarly = false;

  for (let epoch = 1; epoch <= spec.epochs; epoch++) {
    const t0 = performance.now();
    const order = permutation(nTrain, shuffle);
    let lossSum = 0, correct = 0, total = 0;
    for (let b = 0; b < batches; b++) {
      const start = b * bs;
      const n = Math.min(bs, nTrain - start);
      gather(data.x, inSize, order, start, n, xb);
      gather(data.y, yPer, order, start, n, yb);
      const [xv, yv, gv] = n === bs ? full : part;
      // Keras's batch loss uses the weights before the update, so the penalty is taken before the step.
      const batchLoss = lossAndGradient(net, loss, xv, yv, n, ctx, gv) + penalty(net.params, l1, l2);
      if (!Number.isFinite(batchLoss)) throw diverged(epoch, `batch ${b + 1}`);
      const acc = loss.correct(net.inputOf(net.layers.length), yv, n);
      if (acc) { correct += acc.correct; total += acc.total; }
      addPenaltyGradient(net.params, l1, l2);
      optimizer.step();
      lossSum += batchLoss * n;
      onBatch?.(b + 1, batches);
    }
    if (!net.params.every((p) => p.value.every(Number.isFinite))) throw diverged(epoch, 'a weight');
    let stats: EpochStats = { epoch, loss: lossSum / nTrain, ...(total ? { accuracy: correct / total } : {}), seconds: 0 };
    if (nVal > 0) {
      const v = evaluateWith(net, loss, data.x.subarray(nTrain * inSize), data.y.subarray(nTrain * yPer), nVal);
      stats = { ...stats, valLoss: v.loss + penalty(net.params, l1, l2), ...(v.accuracy !== undefined ? { valAccuracy: v.accuracy } : {}) };
      if (!Number.isFinite(stats.valLoss)) throw diverged(epoch, 'the validation loss');
    }
    stats = { ...stats, seconds: (performance.now() - t0) / 1000 };
    history.push(stats);
    onEpoch?.(stats);
    if (patience !== undefined) {
      // Monitors val_loss, or the training loss when there is no validation split.
      const monitored = stats.valLoss ?? stats.loss;
      if (monitored < best - minDelta) {
        best = monitored;
        bestEpoch = epoch;
        bestWeights = net.snapshot();
        wait = 0;
      } else if (++wait >= patience) {
        stoppedEarly = epoch < spec.epochs;
        break;
      }
    }
  }
  // Unlike Keras (which restores only when it stops), the best weights are kept whenever early stopping is on.
  if (bestWeights) net.restore(bestWeights);
  return { history, stoppedEarly, ...(bestEpoch !== undefined ? { bestEpoch } : {}) };
}

/**
 * One forward and backward pass of `n` samples: every param's grad becomes the gradient of the mean data loss
 * (no penalty), which is returned. A fused loss starts the backward pass below the final activation.
 */
export function lossAndGradient(net: Network, loss: Loss, x: Float64Array, y: Float64Array, n: number, ctx: ForwardContext, grad: Float64Array): number {
  const last = net.layers.length - 1;
  const out = net.forward(x, n, ctx);
  net.zeroGrads();
  const value = loss.compute(loss.fused ? net.inputOf(last) : out, y, n, grad);
  net.backward(grad, n, loss.fused ? last - 1 : last);
  return value;
}

/** Copies rows order[start..start+n) of `src` (per values each) into `dst`. */
function gather(src: Float64Array, per: number, order: Int32Array, start: number, n: number, dst: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const from = order[start + i]! * per, to = i * per;
    for (let j = 0; j < per; j++) dst[to + j] = src[from + j]!;
  }
}

/** Mean loss (no penalty) and accuracy of `count` samples in inference mode, in chunks. */
export function evaluateWith(net: Network, loss: Loss, x: Float64Array, y: Float64Array, count: number, chunk = 512): { loss: number; accuracy?: number } {
  const ctx: ForwardContext = { training: false, rng: makeRng(0) };
  const last = net.layers.length - 1;
  let sum = 0, correct = 0, total = 0;
  for (let start = 0; start < count; start += chunk) {
    const n = Math.min(chunk, count - start);
    const yv = y.subarray(start * loss.yPer, (start + n) * loss.yPer);
    const out = net.forward(x.subarray(start * net.inSize, (start + n) * net.inSize), n, ctx);
    // compute() averages per call; weight by the chunk's size so the result is the mean over all samples.
    sum += loss.compute(loss.fused ? net.inputOf(last) : out, yv, n, null) * n;
    const acc = loss.correct(out, yv, n);
    if (acc) { correct += acc.correct; total += acc.total; }
  }
  return { loss: sum / count, ...(total ? { accuracy: correct / total } : {}) };
}

function diverged(epoch: number, where: string): HlsnetError {
  return new HlsnetError('E212', `the loss became non-finite (${where} of epoch ${epoch})`, {
    subject: `epoch ${epoch}`,
    hint: 'lower the learning rate, scale the inputs to about unit range, or add batch normalization',
  });
}

function checkSpec(s: FitSpec): void {
  const bad = (key: string, what: string): never => {
    throw new HlsnetError('E211', `fit.${key}: ${what}`, { subject: `fit.${key}` });
  };
  if (!Number.isInteger(s.epochs) || s.epochs < 1) bad('epochs', `must be a positive integer, got ${s.epochs}`);
  if (!Number.isInteger(s.batchSize) || s.batchSize < 1) bad('batchSize', `must be a positive integer, got ${s.batchSize}`);
  if ((s.l1 ?? 0) < 0 || (s.l2 ?? 0) < 0) bad('l1/l2', 'penalties must be ≥ 0');
  const v = s.validationSplit ?? 0;
  if (!(v >= 0 && v < 1)) bad('validationSplit', `must be in [0, 1), got ${v}`);
  if (s.earlyStopping && !(Number.isInteger(s.earlyStopping.patience) && s.earlyStopping.patience >= 0)) bad('earlyStopping.patience', 'must be an integer ≥ 0');
}
