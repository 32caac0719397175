// Checks shared by the trainer's layer tests: seeded inputs away from kinks, the finite-difference check of a
// layer under a random projection loss, and the layer's inference forward against the IR float executor.
import { expect } from 'vitest';
import { IrBuilder } from '../../src/train/ir-builder.js';
import type { ForwardContext, Layer } from '../../src/train/layer.js';
import { createLayer } from '../../src/train/layers/index.js';
import { makeRng } from '../../src/train/random.js';
import type { LayerSpec } from '../../src/train/spec-types.js';
import { runFloat } from '../../src/sim/float.js';
import { checkGradient } from './gradient-check.js';

export const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Uniform values in [lo, hi) kept at least `gap` away from every kink (where derivatives jump). */
export function inputs(seed: number, n: number, lo = -1, hi = 1, kinks: readonly number[] = [], gap = 1e-2): Float64Array {
  const rng = makeRng(seed);
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    do v = lo + (hi - lo) * rng.uniform(); while (kinks.some((k) => Math.abs(v - k) < gap));
    x[i] = v;
  }
  return x;
}

/** A fresh context per call: dropout draws the same mask every time, so the loss is a fixed function of x. */
export const ctxOf = (training: boolean) => (): ForwardContext => ({ training, rng: makeRng(99) });

export const make = (spec: LayerSpec, inShape: readonly number[], seed = 1, name = 'l0'): Layer => createLayer(spec, inShape, name, makeRng(seed));

/**
 * Checks dL/dx and dL/dparam of L = Σ r·y (r random, so every output matters) against central differences.
 * Parameters are re-randomized around their init so biases and batch-norm gamma/beta are not at special values.
 */
export function gradientCheck(layer: Layer, batch: number, x: Float64Array, training = true, tol = 1e-5): void {
  const ctx = ctxOf(training);
  const prng = makeRng(5);
  for (const p of layer.params) for (let i = 0; i < p.value.length; i++) p.value[i] = p.value[i]! + 0.5 * (2 * prng.uniform() - 1);
  const r = inputs(7, batch * size(layer.outShape));
  const loss = (): number => {
    const y = layer.forward(x, batch, ctx());
    let s = 0;
    for (let i = 0; i < y.length; i++) s += r[i]! * y[i]!;
    return s;
  };
  for (const p of layer.params) p.grad.fill(0);
  const y = layer.forward(x, batch, ctx());
  expect(y.length).toBe(batch * size(layer.outShape));
  const dx = Float64Array.from(layer.backward(r, batch));
  const grads = layer.params.map((p) => Float64Array.from(p.grad));
  checkGradient(`${layer.type} dL/dx`, loss, x, dx, tol);
  layer.params.forEach((p, k) => checkGradient(`${layer.type} dL/d${p.name}`, loss, p.value, grads[k]!, tol));
}

/** Inference forward vs the float executor on the layer's IR, with params rounded to float32 as the IR holds them. */
export function irError(layer: Layer, batch: number, x: Float64Array): number {
  for (const p of layer.params) for (let i = 0; i < p.value.length; i++) p.value[i] = Math.fround(p.value[i]!);
  const ir = new IrBuilder();
  const input = ir.value('x', layer.inShape);
  const out = layer.toIr(input, ir);
  const g = ir.graph('t', [input], [out]);
  expect(g.tensors[out]!.shape).toEqual(layer.outShape);
  const [expected] = runFloat(g, [x], batch);
  const y = layer.forward(x, batch, ctxOf(false)());
  let scale = 0;
  let err = 0;
  for (let i = 0; i < y.length; i++) {
    scale = Math.max(scale, Math.abs(expected![i]!));
    err = Math.max(err, Math.abs(y[i]! - expected![i]!));
  }
  return err / scale;
}

/** The IR node(s) the layer emits on an input 'x'. */
export function irNodes(layer: Layer): IrBuilder {
  const ir = new IrBuilder();
  layer.toIr(ir.value('x', layer.inShape), ir);
  return ir;
}
