// The optimizers (SGD with momentum, Adam) and the L1/L2 kernel penalties, updating parameters in place.
import type { Param } from './layer.js';
import type { OptimizerSpec } from './spec-types.js';

export interface Optimizer {
  /** One update of every parameter from its current `grad` (the gradient of the mean batch loss). */
  step(): void;
  /** Updates done so far. */
  readonly iterations: number;
}

/** Keras's defaults: lr 0.01 (sgd) / 0.001 (adam), momentum 0, beta1 0.9, beta2 0.999, epsilon 1e-7. */
export function createOptimizer(spec: OptimizerSpec, params: readonly Param[]): Optimizer {
  return spec.type === 'sgd'
    ? sgd(params, spec.lr ?? 0.01, spec.momentum ?? 0)
    : adam(params, spec.lr ?? 0.001, spec.beta1 ?? 0.9, spec.beta2 ?? 0.999, spec.epsilon ?? 1e-7);
}

/** Keras's SGD: v = m·v − lr·g; w += v (plain w −= lr·g when m = 0). */
function sgd(params: readonly Param[], lr: number, momentum: number): Optimizer {
  const velocity = params.map((p) => new Float64Array(p.value.length));
  let t = 0;
  return {
    get iterations() { return t; },
    step() {
      t++;
      params.forEach((p, k) => {
        const w = p.value, g = p.grad, v = velocity[k]!;
        if (momentum === 0) {
          for (let i = 0; i < w.length; i++) w[i] = w[i]! - lr * g[i]!;
          return;
        }
        for (let i = 0; i < w.length; i++) {
          const vi = momentum * v[i]! - lr * g[i]!;
          v[i] = vi;
          w[i] = w[i]! + vi;
        }
      });
    },
  };
}

/**
 * Adam (Kingma & Ba, Algorithm 1): m = b1·m + (1 − b1)·g, v = b2·v + (1 − b2)·g², m̂ = m/(1 − b1^t),
 * v̂ = v/(1 − b2^t), w −= lr·m̂/(√v̂ + eps). Epsilon is added to √v̂ as in the paper (Keras adds it to √v, a slightly larger effective epsilon in early steps).
 */
function adam(params: readonly Param[], lr: number, b1: number, b2: number, eps: number): Optimizer {
  const m = params.map((p) => new Float64Array(p.value.length));
  const v = params.map((p) => new Float64Array(p.value.length));
  let t = 0;
  return {
    get iterations() { return t; },
    step() {
      t++;
      const c1 = 1 / (1 - Math.pow(b1, t));
      const c2 = 1 / (1 - Math.pow(b2, t));
      params.forEach((p, k) => {
        const w = p.value, g = p.grad, mk = m[k]!, vk = v[k]!;
        for (let i = 0; i < w.length; i++) {
          const gi = g[i]!;
          const mi = b1 * mk[i]! + (1 - b1) * gi;
          const vi = b2 * vk[i]! + (1 - b2) * gi * gi;
          mk[i] = mi;
          vk[i] = vi;
          w[i] = w[i]! - (lr * (mi * c1)) / (Math.sqrt(vi * c2) + eps);
        }
      });
    },
  };
}

/** Keras's kernel penalty l1·Σ|w| + l2·Σw² over the `regularized` parameters. */
export function penalty(params: readonly Param[], l1: number, l2: number): number {
  if (l1 === 0 && l2 === 0) return 0;
  let s1 = 0, s2 = 0;
  for (const p of params) {
    if (!p.regularized) continue;
    const w = p.value;
    for (let i = 0; i < w.length; i++) {
      s1 += Math.abs(w[i]!);
      s2 += w[i]! * w[i]!;
    }
  }
  return l1 * s1 + l2 * s2;
}

/** Adds the penalty's gradient l1·sign(w) + 2·l2·w to the `regularized` parameters' grads (sign(0) = 0). */
export function addPenaltyGradient(params: readonly Param[], l1: number, l2: number): void {
  if (l1 === 0 && l2 === 0) return;
  for (const p of params) {
    if (!p.regularized) continue;
    const w = p.value, g = p.grad;
    for (let i = 0; i < w.length; i++) g[i] = g[i]! + l1 * Math.sign(w[i]!) + 2 * l2 * w[i]!;
  }
}
