// Converts Conv (1-D / 2-D, NCW / NCHW in ONNX) into a channels-last `conv` node with weights [k..., C/g, F].
import { intAttr } from '../attributes.js';
import type { BatchedValue, ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { channelsLast, onnxShape, relayout, transposeData } from '../layout.js';
import { axesAttr, windowOf } from './window.js';

/** The batched data input as [C, ...spatial] in ONNX, with 1 or 2 spatial axes. */
export function spatialInput(n: OnnxNode, ctx: ImportContext, role: string): { x: BatchedValue; shape: number[] } {
  const x = ctx.batched(n, 0, role);
  const shape = onnxShape(x);
  if (shape.length < 2 || shape.length > 3) {
    ctx.fail(n, 'E105', `input '${x.name}' has shape ${describeShape(['batch', ...shape])}; only 1-D [batch, C, L] and 2-D [batch, C, H, W] data are supported`,
      'use a 1-D or 2-D layer (3-D convolution and pooling are not supported)');
  }
  return { x, shape };
}

export function convertConv(n: OnnxNode, ctx: ImportContext): void {
  const { x, shape } = spatialInput(n, ctx, 'input X');
  const w = ctx.constant(n, 1, 'weight W');
  const rank = shape.length;
  if (w.shape.length !== rank + 1) {
    ctx.fail(n, 'E103', `weight '${w.name}' has shape ${describeShape(w.shape)}; for input ${describeShape(['batch', ...shape])} it must be [F, C/group, ${rank === 2 ? 'k' : 'kH, kW'}]`, 're-export the model');
  }
  const [f, cg, ...kernel] = w.shape as [number, number, ...number[]];
  const c = shape[0]!;
  const groups = intAttr(ctx, n, 'group', 1);
  if (groups !== 1 && groups !== c) {
    ctx.fail(n, 'E105', `group=${groups} with ${c} input channels: groups not in {1, channels} (only ordinary and depthwise convolutions are supported)`,
      'use group=1 or a depthwise convolution (group = number of input channels)');
  }
  ctx.expectDim(n, `the channels per group of weight '${w.name}'`, cg, c / groups, w.shape);
  if (f % groups !== 0) ctx.fail(n, 'E103', `${f} output channels do not divide into ${groups} groups`, 're-export the model');
  const declared = axesAttr(ctx, n, 'kernel_shape', kernel.length, 0);
  if (declared.some((k, i) => k !== 0 && k !== kernel[i])) {
    ctx.fail(n, 'E103', `kernel_shape ${describeShape(declared)} does not match weight '${w.name}' ${describeShape(w.shape)}`, 're-export the model');
  }
  const win = windowOf(ctx, n, shape.slice(1), kernel, true);

  // ONNX [F, C/g, k...] -> IR [k..., C/g, F].
  const wPerm = [...kernel.map((_, i) => i + 2), 1, 0];
  const wName = ctx.newConstant(`${n.name}_W`, [...kernel, cg, f], transposeData(w.data, w.shape, wPerm));
  const inputs = [relayout(ctx, n, x, channelsLast(rank)).name, wName];
  const b = ctx.optional(n, 2);
  if (b) {
    const bias = ctx.constant(n, 2, 'bias B');
    if (bias.shape.length !== 1 || bias.shape[0] !== f) {
      ctx.fail(n, 'E103', `bias '${bias.name}' has shape ${describeShape(bias.shape)} but must be [${f}]`, 're-export the model');
    }
    inputs.push(bias.name);
  }
  const out = n.outputs[0]!;
  ctx.defineBatched(n, out, [...win.out, f], { perm: channelsLast(rank) });
  ctx.emit({
    op: 'conv', name: n.name, inputs, outputs: [out],
    attrs: { strides: win.strides, dilations: win.dilations, pads: win.pads, groups },
  });
}
