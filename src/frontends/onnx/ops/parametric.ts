// Converts the activations with constants (Elu, Selu, LeakyRelu, ThresholdedRelu, HardSigmoid, Clip, PRelu) into IR nodes.
import { SELU_ALPHA, SELU_GAMMA } from '../../../ops/functions.js';
import { findAttribute, floatAttr } from '../attributes.js';
import type { ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { size } from '../shapes.js';

const FINITE_HINT = 'use a finite value';

/** A float attribute, which must be finite. ONNX attributes are float32, so are the defaults. */
function paramAttr(ctx: ImportContext, n: OnnxNode, name: string, fallback: number): number {
  const v = floatAttr(ctx, n, name, Math.fround(fallback));
  if (!Number.isFinite(v)) ctx.fail(n, 'E105', `attribute '${name}' = ${v} is not a finite number`, FINITE_HINT);
  return v;
}

/** The input and output of a one-input activation; the output has the input's shape. */
function unary(n: OnnxNode, ctx: ImportContext): { inputs: string[]; outputs: string[] } {
  const x = ctx.batched(n, 0, 'input');
  ctx.defineBatched(n, n.outputs[0]!, x.shape);
  return { inputs: [x.name], outputs: [n.outputs[0]!] };
}

export function convertElu(n: OnnxNode, ctx: ImportContext): void {
  const alpha = paramAttr(ctx, n, 'alpha', 1);
  ctx.emit({ op: 'elu', name: n.name, ...unary(n, ctx), attrs: { alpha } });
}

export function convertSelu(n: OnnxNode, ctx: ImportContext): void {
  const alpha = paramAttr(ctx, n, 'alpha', SELU_ALPHA);
  const gamma = paramAttr(ctx, n, 'gamma', SELU_GAMMA);
  ctx.emit({ op: 'selu', name: n.name, ...unary(n, ctx), attrs: { alpha, gamma } });
}

export function convertLeakyRelu(n: OnnxNode, ctx: ImportContext): void {
  const alpha = paramAttr(ctx, n, 'alpha', 0.01);
  ctx.emit({ op: 'leaky_relu', name: n.name, ...unary(n, ctx), attrs: { alpha } });
}

export function convertThresholdedRelu(n: OnnxNode, ctx: ImportContext): void {
  const alpha = paramAttr(ctx, n, 'alpha', 1);
  ctx.emit({ op: 'thresholded_relu', name: n.name, ...unary(n, ctx), attrs: { alpha } });
}

export function convertHardSigmoid(n: OnnxNode, ctx: ImportContext): void {
  const alpha = paramAttr(ctx, n, 'alpha', 0.2);
  const beta = paramAttr(ctx, n, 'beta', 0.5);
  ctx.emit({ op: 'hard_sigmoid', name: n.name, ...unary(n, ctx), attrs: { alpha, beta } });
}

/** A clip bound, or undefined for an unbounded side (absent, or the infinity on its own side). */
function clipBound(ctx: ImportContext, n: OnnxNode, which: 'min' | 'max', v: number | undefined): number | undefined {
  if (v === undefined || v === (which === 'min' ? -Infinity : Infinity)) return undefined;
  if (!Number.isFinite(v)) ctx.fail(n, 'E105', `the ${which} bound is ${v}; it must be a finite number (or absent)`, FINITE_HINT);
  return v;
}

/** Opset >= 11: bound `i` is an optional input, which must be a one-element constant. */
function clipInput(ctx: ImportContext, n: OnnxNode, i: number, which: 'min' | 'max'): number | undefined {
  if (!ctx.optional(n, i)) return undefined;
  const c = ctx.constant(n, i, `${which} bound`);
  if (size(c.shape) !== 1) {
    ctx.fail(n, 'E105', `the ${which} bound '${c.name}' has shape ${describeShape(c.shape)}; it must be a scalar`,
      'clip with a scalar bound (a per-element bound is not supported)');
  }
  return c.data[0];
}

/** Clip: opset < 11 has float attributes min/max, later opsets optional constant inputs 1 and 2. */
export function convertClip(n: OnnxNode, ctx: ImportContext): void {
  const legacy = ctx.opset < 11;
  if (legacy && n.inputs.slice(1).some((s) => s)) {
    ctx.fail(n, 'E103', `Clip before opset 11 takes one input, but this one has ${n.inputs.length} (opset ${ctx.opset})`, 're-export the model');
  }
  const misplaced = legacy ? undefined : ['min', 'max'].find((a) => findAttribute(n, a));
  if (misplaced) {
    ctx.fail(n, 'E103', `attribute '${misplaced}' belongs to Clip before opset 11; at opset ${ctx.opset} the bounds are inputs`, 're-export the model');
  }
  const attr = (name: 'min' | 'max'): number | undefined => (findAttribute(n, name) ? floatAttr(ctx, n, name, 0) : undefined);
  const min = clipBound(ctx, n, 'min', legacy ? attr('min') : clipInput(ctx, n, 1, 'min'));
  const max = clipBound(ctx, n, 'max', legacy ? attr('max') : clipInput(ctx, n, 2, 'max'));
  // ONNX: min > max makes every output max; min = max says the same without relying on the order of the two clamps.
  const lo = min !== undefined && max !== undefined && min > max ? max : min;
  ctx.emit({ op: 'clip', name: n.name, ...unary(n, ctx), attrs: { ...(lo === undefined ? {} : { min: lo }), ...(max === undefined ? {} : { max }) } });
}

/** `data` of shape `from` broadcast (numpy rules, `from` of equal or lower rank) to shape `to`. */
function expand(data: readonly number[], from: readonly number[], to: readonly number[]): number[] {
  const pad = to.length - from.length;
  const out = new Array<number>(size(to));
  for (let j = 0; j < out.length; j++) {
    let rest = j;
    let src = 0;
    let stride = 1;
    for (let ax = to.length - 1; ax >= 0; ax--) {
      const k = rest % to[ax]!;
      rest = Math.floor(rest / to[ax]!);
      const d = ax >= pad ? from[ax - pad]! : 1;
      if (d !== 1) src += k * stride;
      stride *= d;
    }
    out[j] = data[src]!;
  }
  return out;
}

/**
 * PRelu: y = x for x ≥ 0, slope·x otherwise, slope a constant broadcast (numpy, unidirectionally) to x.
 * The IR slope is [1] for one value, [C] when it varies along the last axis only, else x's per-sample shape.
 */
export function convertPrelu(n: OnnxNode, ctx: ImportContext): void {
  const x = ctx.batched(n, 0, 'input');
  const s = ctx.constant(n, 1, 'slope');
  const full = ['batch', ...x.shape];
  const perSample = s.shape.length > x.shape.length ? s.shape.slice(s.shape.length - x.shape.length) : s.shape;
  const extra = s.shape.slice(0, s.shape.length - perSample.length);
  const fits = perSample.every((d, i) => d === 1 || d === x.shape[x.shape.length - perSample.length + i]);
  if (extra.length > 1 || !fits) {
    ctx.fail(n, 'E103', `slope '${s.name}' of shape ${describeShape(s.shape)} does not broadcast to the input shape ${describeShape(full)}`, 're-export the model');
  }
  if (extra.some((d) => d !== 1)) {
    ctx.fail(n, 'E105', `slope '${s.name}' of shape ${describeShape(s.shape)} spans the batch axis of the input ${describeShape(full)}`,
      'use a slope that is the same for every sample (leading dimension 1 or absent), e.g. one value per channel');
  }
  if (s.data.some((v) => !Number.isFinite(v))) ctx.fail(n, 'E105', `slope '${s.name}' has a non-finite value`, FINITE_HINT);
  if (ctx.opset < 7 && size(s.shape) !== 1 && x.shape.length !== 1) {
    // Before opset 7 a slope was per channel (axis 1), which is not numpy broadcasting for rank > 2.
    ctx.fail(n, 'E105', `the opset ${ctx.opset} PRelu broadcasts slope '${s.name}' along axis 1 of ${describeShape(full)}, which is not supported`,
      'export with opset >= 7 (numpy broadcasting)');
  }
  let shape: number[];
  let data: number[];
  const c = x.shape.length > 0 ? x.shape[x.shape.length - 1]! : 1;
  const expanded = expand(s.data, perSample, x.shape);
  if (size(s.shape) === 1) [shape, data] = [[1], [s.data[0]!]];
  else if (expanded.every((v, i) => v === expanded[i % c])) [shape, data] = [[c], expanded.slice(0, c)];
  else [shape, data] = [[...x.shape], expanded];
  const same = shape.length === s.shape.length && shape.every((d, i) => d === s.shape[i]);
  const slope = same ? s.name : ctx.newConstant(`${s.name}_per_sample`, shape, data);
  const out = n.outputs[0]!;
  ctx.defineBatched(n, out, x.shape);
  ctx.emit({ op: 'prelu', name: n.name, inputs: [x.name, slope], outputs: [out], attrs: {} });
}
