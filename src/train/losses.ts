// The training losses (mse, binary and categorical cross-entropy) with their gradients and accuracies,
// including the fused forms that start from the logits before a final sigmoid or softmax.
import { HlsnetError } from '../diagnostics/errors.js';
import type { LossName } from './spec-types.js';

/** Keras clips probabilities to [EPS, 1 − EPS] before taking logs (backend epsilon). */
const EPS = 1e-7;

export interface Loss {
  readonly name: LossName;
  /**
   * Fused: `compute` reads the logits z that enter the final sigmoid (binary CE) or softmax (categorical CE)
   * and returns the gradient with respect to z, p − y. This avoids log(0) and the 1/p(1 − p) blow-up when
   * a probability saturates, and the fit loop skips the final activation's backward.
   */
  readonly fused: boolean;
  /** Target values per sample: outputs per sample, or (categorical CE with class indices) rows per sample. */
  readonly yPer: number;
  /**
   * The loss of `batch` samples, averaged like Keras (mse/binary CE over every output, categorical CE over
   * rows of the last axis). When `grad` is given it receives d(that mean)/d(input), so summing parameter
   * gradients over the batch gives the gradient of the mean loss.
   */
  compute(input: Float64Array, y: Float64Array, batch: number, grad: Float64Array | null): number;
  /** Correct predictions among `batch` samples of network output (probabilities), or undefined if accuracy does not apply. */
  correct(output: Float64Array, y: Float64Array, batch: number): { readonly correct: number; readonly total: number } | undefined;
}

/**
 * The loss for a network whose per-sample output has `outShape`; `yPer` is the number of target values per
 * sample (categorical CE: one-hot rows when it equals the output size, class indices when it equals the
 * number of rows). `fused` as in Loss.fused.
 */
export function createLoss(name: LossName, outShape: readonly number[], yPer: number, fused = false): Loss {
  const size = outShape.reduce((a, b) => a * b, 1);
  const k = outShape.length ? outShape[outShape.length - 1]! : 1;
  const rows = size / k;
  if (name === 'categorical_crossentropy') {
    if (yPer !== size && yPer !== rows) throw badTargets(name, yPer, `${size} (one-hot) or ${rows} (class indices)`);
    return categorical(size, k, yPer === size && k > 1 ? 'onehot' : yPer === rows ? 'index' : 'onehot', fused);
  }
  if (yPer !== size) throw badTargets(name, yPer, String(size));
  if (name === 'mse') {
    if (fused) throw new Error('mse has no fused form');
    return mse(size);
  }
  return binary(size, fused);
}

function badTargets(name: LossName, yPer: number, expected: string): HlsnetError {
  return new HlsnetError('E211', `loss ${name}: ${yPer} target values per sample, expected ${expected}`, {
    subject: `loss '${name}'`,
    hint: 'give targets that match the last layer\'s output',
  });
}

function mse(size: number): Loss {
  return {
    name: 'mse', fused: false, yPer: size,
    compute(p, y, batch, grad) {
      const n = batch * size;
      const scale = 2 / n;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const d = p[i]! - y[i]!;
        sum += d * d;
        if (grad) grad[i] = scale * d;
      }
      return sum / n;
    },
    correct: () => undefined,
  };
}

function binary(size: number, fused: boolean): Loss {
  return {
    name: 'binary_crossentropy', fused, yPer: size,
    compute(v, y, batch, grad) {
      const n = batch * size;
      const inv = 1 / n;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const t = y[i]!;
        if (fused) {
          // −[t·log σ(z) + (1 − t)·log(1 − σ(z))] = max(z, 0) − z·t + log(1 + e^−|z|), finite for every z.
          const z = v[i]!;
          sum += Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
          if (grad) grad[i] = inv * (sigmoid(z) - t);
        } else {
          const p = Math.min(Math.max(v[i]!, EPS), 1 - EPS);
          sum -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
          // The clip is part of the loss: outside [EPS, 1 − EPS] the loss is flat (as Keras differentiates it).
          if (grad) grad[i] = p === v[i] ? (inv * (p - t)) / (p * (1 - p)) : 0;
        }
      }
      return sum * inv;
    },
    // Binary accuracy (p > 0.5) == y only for a single output, as the trainer reports it.
    correct(p, y, batch) {
      if (size !== 1) return undefined;
      let c = 0;
      for (let i = 0; i < batch; i++) if ((p[i]! > 0.5 ? 1 : 0) === (y[i]! > 0.5 ? 1 : 0)) c++;
      return { correct: c, total: batch };
    },
  };
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function categorical(size: number, k: number, targets: 'index' | 'onehot', fused: boolean): Loss {
  const rows = size / k;
  const row = new Float64Array(k);
  /** Target t_j of row r for class j (index targets: 1 for the labelled class). */
  const target = (y: Float64Array, r: number, j: number): number =>
    targets === 'onehot' ? y[r * k + j]! : y[r] === j ? 1 : 0;
  return {
    name: 'categorical_crossentropy', fused, yPer: targets === 'onehot' ? size : rows,
    compute(v, y, batch, grad) {
      const nRows = batch * rows;
      const inv = 1 / nRows;
      let sum = 0;
      for (let r = 0; r < nRows; r++) {
        const o = r * k;
        let tSum = 0;
        for (let j = 0; j < k; j++) tSum += (row[j] = target(y, r, j));
        if (fused) {
          // −Σ t_j·log softmax(z)_j = Σ t_j·(lse(z) − z_j), with lse computed after subtracting the max.
          let max = -Infinity;
          for (let j = 0; j < k; j++) max = Math.max(max, v[o + j]!);
          let es = 0;
          for (let j = 0; j < k; j++) es += Math.exp(v[o + j]! - max);
          const lse = max + Math.log(es);
          for (let j = 0; j < k; j++) {
            const z = v[o + j]!;
            if (row[j] !== 0) sum += row[j]! * (lse - z);
            // d/dz_j = softmax_j·Σt − t_j, which is p − y for targets summing to one.
            if (grad) grad[o + j] = inv * (Math.exp(z - lse) * tSum - row[j]!);
          }
        } else {
          for (let j = 0; j < k; j++) {
            const p = Math.min(Math.max(v[o + j]!, EPS), 1 - EPS);
            if (row[j] !== 0) sum -= row[j]! * Math.log(p);
            if (grad) grad[o + j] = p === v[o + j] ? (-inv * row[j]!) / p : 0;
          }
        }
      }
      return sum * inv;
    },
    correct(p, y, batch) {
      const nRows = batch * rows;
      let c = 0;
      for (let r = 0; r < nRows; r++) {
        const o = r * k;
        let best = 0;
        for (let j = 1; j < k; j++) if (p[o + j]! > p[o + best]!) best = j;
        let label = 0;
        if (targets === 'index') label = y[r]!;
        else for (let j = 1; j < k; j++) if (y[o + j]! > y[o + label]!) label = j;
        if (best === label) c++;
      }
      return { correct: c, total: nRows };
    },
  };
}

/** Validates targets before training starts: class indices are integers in [0, k), binary targets lie in [0, 1]. */
export function checkTargets(loss: Loss, outShape: readonly number[], y: Float64Array, count: number): void {
  const k = outShape[outShape.length - 1] ?? 1;
  const size = outShape.reduce((a, b) => a * b, 1);
  if (loss.name === 'binary_crossentropy') {
    const bad = y.subarray(0, count * loss.yPer).findIndex((t) => !(t >= 0 && t <= 1));
    if (bad >= 0) {
      throw new HlsnetError('E211', `target ${y[bad]} of sample ${Math.floor(bad / loss.yPer)} is not in [0, 1]`, {
        subject: `loss '${loss.name}'`,
        hint: 'binary_crossentropy takes 0/1 labels (or probabilities); for class indices use categorical_crossentropy with a softmax',
      });
    }
    return;
  }
  // One-hot rows exactly when createLoss chose them (k > 1 and a full row per sample).
  if (loss.name !== 'categorical_crossentropy' || (loss.yPer === size && k > 1)) return;
  for (let i = 0; i < count * loss.yPer; i++) {
    const t = y[i]!;
    if (!Number.isInteger(t) || t < 0 || t >= k) {
      throw new HlsnetError('E211', `class index ${t} of sample ${Math.floor(i / loss.yPer)} is not an integer in [0, ${k})`, {
        subject: `loss '${loss.name}'`,
        hint: `give class indices 0..${k - 1} or one-hot rows of ${k} values`,
      });
    }
  }
}
