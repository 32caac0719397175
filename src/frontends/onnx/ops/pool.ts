// Converts MaxPool, AveragePool (1-D / 2-D), GlobalMaxPool / GlobalAveragePool and spatial ReduceMax / ReduceMean into channels-last pool nodes.
import { intAttr, intsAttr } from '../attributes.js';
import type { ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { channelsLast, relayout, samePerm } from '../layout.js';
import { axesAttr, windowOf } from './window.js';
import { spatialInput } from './conv.js';

function convertPool(n: OnnxNode, ctx: ImportContext, op: 'maxpool' | 'avgpool'): void {
  const { x, shape } = spatialInput(n, ctx, 'input X');
  const rank = shape.length;
  if (intAttr(ctx, n, 'ceil_mode', 0) !== 0) {
    ctx.fail(n, 'E105', 'ceil_mode=1 (output size rounded up) is not supported', 'export the pooling with ceil_mode=0 (the default), padding explicitly if needed');
  }
  if (intAttr(ctx, n, 'storage_order', 0) !== 0 || (n.outputs[1] && ctx.used.has(n.outputs[1]))) {
    ctx.fail(n, 'E105', 'the Indices output (and its storage_order) is not supported', 'export the pooling without the indices output (return_indices=False)');
  }
  if (axesAttr(ctx, n, 'dilations', rank - 1, 1).some((d) => d !== 1)) {
    ctx.fail(n, 'E105', 'dilated pooling is not supported', 'export the pooling with dilations of 1');
  }
  if (!intsAttr(ctx, n, 'kernel_shape')) ctx.fail(n, 'E103', "missing the required attribute 'kernel_shape'", 're-export the model');
  const kernel = axesAttr(ctx, n, 'kernel_shape', rank - 1, 0);
  const win = windowOf(ctx, n, shape.slice(1), kernel, false);
  const out = n.outputs[0]!;
  const countIncludePad = op === 'avgpool' && intAttr(ctx, n, 'count_include_pad', 0) !== 0;
  ctx.defineBatched(n, out, [...win.out, shape[0]!], { perm: channelsLast(rank) });
  ctx.emit({
    op, name: n.name, inputs: [relayout(ctx, n, x, channelsLast(rank)).name], outputs: [out],
    attrs: { kernel: win.kernel, strides: win.strides, pads: win.pads, ...(countIncludePad ? { countIncludePad } : {}) },
  });
}

export const convertMaxPool = (n: OnnxNode, ctx: ImportContext): void => convertPool(n, ctx, 'maxpool');
export const convertAveragePool = (n: OnnxNode, ctx: ImportContext): void => convertPool(n, ctx, 'avgpool');

/** IR global pools give [C]; ONNX keeps [C, 1, ...], which a free reshape restores (channels-last [1, ..., C]). */
function convertGlobal(n: OnnxNode, ctx: ImportContext, op: 'global_maxpool' | 'global_avgpool'): void {
  const { x, shape } = spatialInput(n, ctx, 'input X');
  const c = shape[0]!;
  const pooled = ctx.freshName(`${n.name}_pooled`);
  ctx.defineBatched(undefined, pooled, [c]);
  ctx.emit({ op, name: n.name, inputs: [relayout(ctx, n, x, channelsLast(shape.length)).name], outputs: [pooled], attrs: {} });
  const outShape = [...new Array<number>(shape.length - 1).fill(1), c];
  ctx.defineBatched(n, n.outputs[0]!, outShape, { perm: channelsLast(shape.length) });
  ctx.emit({ op: 'reshape', name: ctx.freshName(`${n.name}_keepdims`), inputs: [pooled], outputs: [n.outputs[0]!], attrs: { shape: outShape } });
}

export const convertGlobalMaxPool = (n: OnnxNode, ctx: ImportContext): void => convertGlobal(n, ctx, 'global_maxpool');
export const convertGlobalAveragePool = (n: OnnxNode, ctx: ImportContext): void => convertGlobal(n, ctx, 'global_avgpool');

/**
 * ReduceMean / ReduceMax over every spatial axis with keepdims=0 ([batch, C, ...] -> [batch, C]; tf2onnx writes Keras
 * global pooling so, and the exporter uses it): exactly a global pool, with no reshape around it.
 */
function convertReduce(n: OnnxNode, ctx: ImportContext, op: 'global_maxpool' | 'global_avgpool'): void {
  const { x, shape } = spatialInput(n, ctx, 'input data');
  const rank = shape.length + 1;
  const given = ctx.opset >= 18 ? (ctx.optional(n, 1) ? ctx.constant(n, 1, 'axes').data.map(Number) : undefined) : intsAttr(ctx, n, 'axes');
  const axes = (given ?? []).map((a) => (a < 0 ? a + rank : a)).sort((p, q) => p - q);
  const spatial = Array.from({ length: rank - 2 }, (_, i) => i + 2);
  if (!samePerm(axes, spatial) || intAttr(ctx, n, 'keepdims', 1) !== 0) {
    ctx.fail(n, 'E105', `only a reduction over the spatial axes ${describeShape(spatial)} of ${describeShape(['batch', ...shape])} with keepdims=0 (a global pool) is supported`,
      'use GlobalAveragePool / GlobalMaxPool, or reduce over all spatial axes with keepdims=0');
  }
  ctx.defineBatched(n, n.outputs[0]!, [shape[0]!]);
  ctx.emit({ op, name: n.name, inputs: [relayout(ctx, n, x, channelsLast(shape.length)).name], outputs: [n.outputs[0]!], attrs: {} });
}

export const convertReduceMax = (n: OnnxNode, ctx: ImportContext): void => convertReduce(n, ctx, 'global_maxpool');
export const convertReduceMean = (n: OnnxNode, ctx: ImportContext): void => convertReduce(n, ctx, 'global_avgpool');
