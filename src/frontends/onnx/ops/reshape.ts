// Converts Flatten and Reshape (constant target shape) into `reshape` nodes holding the per-sample shape.
import { intAttr, intsAttr } from '../attributes.js';
import type { BatchedValue, ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { size } from '../shapes.js';
import { flattenedLayout, identityPerm, onnxShape, relayout } from '../layout.js';

/**
 * Reshapes `x` (checked against `shape`, its ONNX per-sample shape). A flatten of channels-last data keeps
 * the IR order and records it (a following dense permutes its weight rows, free in hardware); other
 * reshapes of relaid-out data first restore the ONNX order.
 */
function emitReshape(n: OnnxNode, ctx: ImportContext, x: BatchedValue, shape: number[]): void {
  const out = n.outputs[0]!;
  const flat = shape.length === 1 ? flattenedLayout(x) : undefined;
  const input = shape.length === 1 || !x.layout ? x : relayout(ctx, n, x, identityPerm(onnxShape(x).length));
  ctx.defineBatched(n, out, shape, flat);
  ctx.emit({ op: 'reshape', name: n.name, inputs: [input.name], outputs: [out], attrs: { shape } });
}

/** `x` as ONNX sees it, for the shape checks. */
const asOnnx = (x: BatchedValue): BatchedValue => ({ kind: 'batched', name: x.name, shape: onnxShape(x) });

const full = (x: BatchedValue): string => describeShape(['batch', ...x.shape]);

/** Flatten to [outer, inner] at `axis`; per sample that is [inner] when the outer part is just the batch. */
export function convertFlatten(n: OnnxNode, ctx: ImportContext): void {
  const data = ctx.batched(n, 0, 'input');
  const x = asOnnx(data);
  const fullRank = x.shape.length + 1;
  const given = intAttr(ctx, n, 'axis', 1);
  const axis = given < 0 ? given + fullRank : given;
  if (axis < 0 || axis > fullRank) {
    ctx.fail(n, 'E103', `axis=${given} is out of range for input '${x.name}' of rank ${fullRank}`, 're-export the model');
  }
  if (axis === 0) {
    // Keras exports write axis=0, which folds the batch in too: [1, batch·features].
    ctx.warn(n, 'W101', `axis=0 also flattens the batch axis; imported as a per-sample flatten (axis=1), which is the same for batch size 1 (the model declares batch ${ctx.batch ?? '?'})`);
  } else if (size(x.shape.slice(0, axis - 1)) !== 1) {
    ctx.fail(n, 'E105', `axis=${given} on ${full(x)} merges feature axes into the batch axis`,
      'flatten with axis=1 so that each sample stays one row');
  }
  emitReshape(n, ctx, data, [size(x.shape.slice(Math.max(axis - 1, 0)))]);
}

/** The target shape from the constant second input (opset >= 5) or the `shape` attribute (older). */
function targetShape(n: OnnxNode, ctx: ImportContext): number[] {
  if (ctx.opset < 5) {
    const shape = intsAttr(ctx, n, 'shape');
    if (!shape) ctx.fail(n, 'E103', "missing the 'shape' attribute", 're-export the model');
    return shape;
  }
  const s = ctx.input(n, 1, 'shape');
  if (s.kind !== 'constant') {
    ctx.fail(n, 'E105', `the target shape '${s.name}' is computed at run time; only a constant shape is supported`,
      'export with constant folding (e.g. torch.onnx.export(..., do_constant_folding=True)) or simplify the model with onnxsim so that the shape becomes an initializer');
  }
  if (s.shape.length !== 1 || s.data.some((v) => !Number.isInteger(v))) {
    ctx.fail(n, 'E103', `the target shape '${s.name}' must be a 1-D integer tensor, got shape ${describeShape(s.shape)}`, 're-export the model');
  }
  return [...s.data];
}

/** Resolves 0 (copy) and -1 (infer) in the per-sample part of the target shape. */
function resolve(n: OnnxNode, ctx: ImportContext, x: BatchedValue, rest: number[], what: string): number[] {
  const total = size(x.shape);
  const out = rest.map((d, i) => {
    if (d !== 0) return d;
    if (i >= x.shape.length) ctx.fail(n, 'E103', `${what}: 0 at position ${i + 1} copies a dimension that ${full(x)} does not have`, 're-export the model');
    return x.shape[i]!;
  });
  const infer = out.indexOf(-1);
  if (infer >= 0) {
    const known = size(out.filter((d) => d !== -1));
    if (known === 0 || total % known !== 0) {
      ctx.fail(n, 'E103', `${what}: cannot infer the -1 dimension from ${full(x)}`, 're-export the model');
    }
    out[infer] = total / known;
  }
  if (size(out) !== total) {
    ctx.fail(n, 'E103', `${what}: ${size(out)} elements per sample, but ${full(x)} has ${total}`, 're-export the model');
  }
  return out;
}

/** The first target entry refers to the batch: 0 copies it, -1 infers it, a number must be the exported batch size. */
export function convertReshape(n: OnnxNode, ctx: ImportContext): void {
  const target = targetShape(n, ctx);
  const c = ctx.input(n, 0, 'data');
  if (c.kind === 'constant') {
    // A reshaped weight (mnist-conv's MatMul weight): fold it, with the same 0 / -1 rules.
    const shape = resolve(n, ctx, { kind: 'batched', name: c.name, shape: c.shape }, target, `target shape ${describeShape(target)}`);
    ctx.defineConstant(n, n.outputs[0]!, shape, c.data, c.dataType);
    return;
  }
  const data = ctx.batched(n, 0, 'data');
  const x = asOnnx(data);
  const what = `target shape ${describeShape(target)}`;
  if (target.length === 0) {
    ctx.fail(n, 'E105', `${what} is a scalar, which removes the batch axis`, 'keep the batch as the first dimension');
  }
  if (target.some((d) => d < -1) || target.filter((d) => d === -1).length > 1) {
    ctx.fail(n, 'E103', `${what} is invalid (at most one -1, no other negative values)`, 're-export the model');
  }
  if (target.includes(0) && intAttr(ctx, n, 'allowzero', 0) !== 0) {
    ctx.fail(n, 'E105', `${what} with allowzero=1 makes an empty tensor, which is not supported`, 'use allowzero=0');
  }
  const [first, ...rest] = target as [number, ...number[]];
  if (first === -1) {
    if (rest.includes(-1) || size(rest.map((d, i) => (d === 0 ? x.shape[i] ?? 0 : d))) !== size(x.shape)) {
      ctx.fail(n, 'E105', `${what} on ${full(x)} changes how values are split into samples`,
        'reshape with the batch as the first dimension (0 or -1) and the sample\'s own shape after it');
    }
  } else if (first !== 0) {
    if (first !== ctx.batch) {
      ctx.fail(n, 'E105', `${what} fixes the batch size at ${first}, but the model's batch is ${ctx.batch ?? 'unknown'}`,
        'reshape with 0 or -1 as the first dimension (e.g. x.view(x.size(0), -1) / x.reshape(-1, N))');
    }
    ctx.warn(n, 'W101', `${what} fixes the batch size at ${first}, as exported; imported as a per-sample reshape`);
  }
  emitReshape(n, ctx, data, resolve(n, ctx, x, rest, what));
}
