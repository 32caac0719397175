// Converts MatMul with a constant [K, N] right operand and Gemm (alpha, beta, transB, optional C) into `dense` nodes.
import { floatAttr, intAttr } from '../attributes.js';
import type { BatchedValue, ImportContext, OnnxNode, ConstantValue } from '../context.js';
import { describeShape } from '../errors.js';
import { flatRows, identityPerm, relayout } from '../layout.js';

/**
 * The IR input and weight of a dense layer on `x`. When `x` is a channels-last tensor flattened in IR
 * order, the weight rows are permuted to match instead of reordering the data (free in hardware).
 */
function layoutInputs(ctx: ImportContext, n: OnnxNode, x: BatchedValue, wName: string, k: number, cols: number): [string, string] {
  if (!x.layout) return [x.name, wName];
  if (!x.layout.unflat) return [relayout(ctx, n, x, identityPerm(x.shape.length)).name, wName];
  const w = ctx.values.get(wName) as ConstantValue;
  const rows = flatRows(x.layout);
  const data = new Array<number>(k * cols);
  rows.forEach((r, i) => { for (let j = 0; j < cols; j++) data[i * cols + j] = w.data[r * cols + j]!; });
  return [x.name, ctx.newConstant(`${n.name}_W_channels_last`, [k, cols], data)];
}

const VECTOR_HINT = 'dense layers take one vector per sample; flatten the input first (dense over the last axis of a higher-rank tensor is not supported yet)';

/** MatMul(x, W) with W a constant [K, N] becomes dense(x, W) (no bias; a later Add may supply one). */
export function convertMatMul(n: OnnxNode, ctx: ImportContext): void {
  const left = ctx.input(n, 0, 'input A');
  if (left.kind === 'constant') {
    ctx.fail(n, 'E105', `the left operand '${left.name}' is a constant; only x · W with constant W on the right is supported`,
      'export the layer as x @ W (e.g. torch.nn.Linear or Keras Dense)');
  }
  const w = ctx.constant(n, 1, 'weight B');
  if (w.shape.length !== 2) {
    ctx.fail(n, 'E105', `weight '${w.name}' has shape ${describeShape(w.shape)}; only 2-D [K, N] weights are supported`, VECTOR_HINT);
  }
  const x = ctx.batched(n, 0, 'input A');
  if (x.shape.length !== 1) {
    ctx.fail(n, 'E105', `input '${x.name}' has per-sample shape ${describeShape(x.shape)}; only vectors are supported`, VECTOR_HINT);
  }
  const [k, cols] = w.shape as [number, number];
  ctx.expectDim(n, `the input length of '${x.name}'`, x.shape[0]!, k, w.shape);
  const out = n.outputs[0]!;
  ctx.defineBatched(n, out, [cols]);
  ctx.emit({ op: 'dense', name: n.name, inputs: layoutInputs(ctx, n, x, w.name, k, cols), outputs: [out], attrs: {} });
}

/** alpha · op(B) as a [K, N] weight; reuses B itself when nothing changes. */
function gemmWeight(ctx: ImportContext, n: OnnxNode, b: ConstantValue, transB: boolean, alpha: number): { name: string; k: number; cols: number } {
  const [rows, cols] = b.shape as [number, number];
  if (!transB && alpha === 1) return { name: b.name, k: rows, cols };
  const k = transB ? cols : rows;
  const outCols = transB ? rows : cols;
  const data = new Array<number>(k * outCols);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < outCols; j++) data[i * outCols + j] = alpha * b.data[transB ? j * cols + i : i * cols + j]!;
  }
  return { name: ctx.newConstant(`${n.name}_W`, [k, outCols], data), k, cols: outCols };
}

/** beta · C broadcast to [N]; C may be a scalar, [1], [N], [1, 1] or [1, N] (a per-sample row). */
function gemmBias(ctx: ImportContext, n: OnnxNode, c: ConstantValue, beta: number, cols: number): string {
  const shape = c.shape;
  const last = shape.length === 0 ? 1 : shape[shape.length - 1]!;
  const perRow = shape.length === 2 ? shape[0]! : 1;
  if (shape.length > 2 || perRow !== 1 || (last !== 1 && last !== cols)) {
    ctx.fail(n, 'E105', `bias C '${c.name}' has shape ${describeShape(shape)}; it must broadcast to one row [${cols}] for every sample`,
      'use a bias of shape [N]; a bias that differs per sample (per batch row) cannot be compiled');
  }
  if (beta === 1 && shape.length === 1 && last === cols) return c.name;
  const data = Array.from({ length: cols }, (_, j) => beta * c.data[last === 1 ? 0 : j]!);
  return ctx.newConstant(`${n.name}_b`, [cols], data);
}

/** Gemm: Y = alpha · op(A) · op(B) + beta · C, with A the batched input. */
export function convertGemm(n: OnnxNode, ctx: ImportContext): void {
  if (intAttr(ctx, n, 'transA', 0) !== 0) {
    ctx.fail(n, 'E105', 'transA=1 (a transposed data input) is not supported: it would mix samples of the batch',
      'export the layer as Y = A · B (+ C) with transA=0; transposing the weight (transB=1) is fine');
  }
  const transB = intAttr(ctx, n, 'transB', 0) !== 0;
  const alpha = floatAttr(ctx, n, 'alpha', 1);
  const beta = floatAttr(ctx, n, 'beta', 1);
  const b = ctx.constant(n, 1, 'weight B');
  if (b.shape.length !== 2) {
    ctx.fail(n, 'E103', `weight B '${b.name}' has shape ${describeShape(b.shape)}; Gemm needs a 2-D B`, 're-export the model');
  }
  const x = ctx.batched(n, 0, 'input A');
  if (x.shape.length !== 1) {
    ctx.fail(n, 'E103', `input A '${x.name}' has per-sample shape ${describeShape(x.shape)}; Gemm needs a 2-D A [batch, K]`, 'flatten the input first');
  }
  const w = gemmWeight(ctx, n, b, transB, alpha);
  ctx.expectDim(n, `the input length of '${x.name}'`, x.shape[0]!, w.k, b.shape);
  const inputs = layoutInputs(ctx, n, x, w.name, w.k, w.cols);
  const c = ctx.optional(n, 2);
  if (c && beta !== 0) {
    if (c.kind !== 'constant') {
      ctx.fail(n, 'E105', `bias C '${c.name}' is computed at run time; only a constant bias is supported`,
        'export the bias as an initializer, or add it with a separate Add node');
    }
    inputs.push(gemmBias(ctx, n, c, beta, w.cols));
  }
  const out = n.outputs[0]!;
  ctx.defineBatched(n, out, [w.cols]);
  ctx.emit({ op: 'dense', name: n.name, inputs, outputs: [out], attrs: {} });
}
