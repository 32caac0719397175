// Optimizers and penalties: a few steps of SGD (with and without momentum) and Adam against the published
// update formulas evaluated by hand in the test, and the L1/L2 penalty's value and gradient.
import { describe, expect, it } from 'vitest';
import type { Param } from '../../src/train/layer.js';
import { addPenaltyGradient, createOptimizer, penalty } from '../../src/train/optimizers.js';

function param(values: number[], regularized = true): Param {
  return { name: 'kernel', shape: [values.length], value: Float64Array.from(values), grad: new Float64Array(values.length), regularized };
}

/** Gradients fed at steps 1, 2, 3 (made up, with a sign change and a zero). */
const GRADS = [[0.5, -1, 2], [0.25, 0, -1], [-0.5, 3, 0.125]];
const W0 = [1, -2, 0.5];

describe('optimizers', () => {
  it('SGD without momentum: w −= lr·g', () => {
    const p = param(W0);
    const opt = createOptimizer({ type: 'sgd', lr: 0.1 }, [p]);
    const w = [...W0];
    for (const g of GRADS) {
      p.grad.set(g);
      opt.step();
      g.forEach((gi, i) => (w[i] = w[i]! - 0.1 * gi));
    }
    expect(Array.from(p.value)).toEqual(w);
    expect(opt.iterations).toBe(3);
  });

  it('SGD with momentum (Keras): v = m·v − lr·g, w += v, by hand', () => {
    const p = param(W0);
    const opt = createOptimizer({ type: 'sgd', lr: 0.1, momentum: 0.9 }, [p]);
    for (const g of GRADS) {
      p.grad.set(g);
      opt.step();
    }
    // Component 0: v1 = −0.05, w = 0.95; v2 = −0.045 − 0.025 = −0.07, w = 0.88; v3 = −0.063 + 0.05 = −0.013, w = 0.867.
    // Component 1: v1 = 0.1, w = −1.9; v2 = 0.09, w = −1.81; v3 = 0.081 − 0.3 = −0.219, w = −2.029.
    // Component 2: v1 = −0.2, w = 0.3; v2 = −0.18 + 0.1 = −0.08, w = 0.22; v3 = −0.072 − 0.0125 = −0.0845, w = 0.1355.
    expect(p.value[0]).toBeCloseTo(0.867, 14);
    expect(p.value[1]).toBeCloseTo(-2.029, 14);
    expect(p.value[2]).toBeCloseTo(0.1355, 14);
  });

  it('Adam (Kingma & Ba, bias-corrected, eps on sqrt(v̂)): three steps from the formulas', () => {
    const lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
    const p = param(W0);
    const opt = createOptimizer({ type: 'adam', lr }, [p]);
    const w = [...W0], m = [0, 0, 0], v = [0, 0, 0];
    GRADS.forEach((g, step) => {
      p.grad.set(g);
      opt.step();
      const t = step + 1;
      for (let i = 0; i < 3; i++) {
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        const mHat = m[i]! / (1 - b1 ** t), vHat = v[i]! / (1 - b2 ** t);
        w[i] = w[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
      }
    });
    w.forEach((wi, i) => expect(p.value[i]).toBeCloseTo(wi, 13));
    // The first Adam step moves every weight with a non-zero gradient by lr·g/(|g| + eps) ≈ ±lr.
    const q = param([0, 0]);
    const first = createOptimizer({ type: 'adam', lr: 0.001 }, [q]);
    q.grad.set([1e-3, -5]);
    first.step();
    expect(q.value[0]).toBeCloseTo(-0.001 * (1e-3 / (1e-3 + 1e-7)), 15);
    expect(q.value[1]).toBeCloseTo(0.001, 9);
  });

  it('Adam defaults are Keras\'s (lr 0.001, eps 1e-7), SGD\'s lr is 0.01', () => {
    const a = param([0]), s = param([0]);
    const adam = createOptimizer({ type: 'adam' }, [a]), sgd = createOptimizer({ type: 'sgd' }, [s]);
    a.grad[0] = 1e-7;
    s.grad[0] = 1;
    adam.step();
    sgd.step();
    expect(a.value[0]).toBeCloseTo(-0.001 * 0.5, 12);
    expect(s.value[0]).toBeCloseTo(-0.01, 15);
  });
});

describe('L1/L2 penalties', () => {
  it('value l1·Σ|w| + l2·Σw² over regularized params only', () => {
    const k = param([1, -2, 0]), b = param([5], false);
    expect(penalty([k, b], 0.1, 0.01)).toBeCloseTo(0.1 * 3 + 0.01 * 5, 14);
    expect(penalty([k, b], 0, 0)).toBe(0);
  });

  it('gradient l1·sign(w) + 2·l2·w added to regularized grads; sign(0) = 0', () => {
    const k = param([1, -2, 0]), b = param([5], false);
    k.grad.set([1, 1, 1]);
    addPenaltyGradient([k, b], 0.1, 0.01);
    expect(Array.from(k.grad)).toEqual([1 + 0.1 + 0.02, 1 - 0.1 - 0.04, 1]);
    expect(b.grad[0]).toBe(0);
  });
});
