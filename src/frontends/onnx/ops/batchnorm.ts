// Converts BatchNormalization (inference form) into a per-channel `batchnorm` node on the IR's
// channel axis (the last): scale = gamma / sqrt(var + epsilon), shift = beta − mean · scale, in float64.
import { floatAttr, intAttr } from '../attributes.js';
import type { BatchedValue, ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { channelsLast, constantForLayout, onnxShape, relayout } from '../layout.js';

export function convertBatchNormalization(n: OnnxNode, ctx: ImportContext): void {
  if (intAttr(ctx, n, 'training_mode', 0) !== 0 || n.outputs.slice(1).some((o) => o)) {
    ctx.fail(n, 'E105', 'only the inference form is supported (training_mode=0, one output)', 'export the model in evaluation mode (model.eval() / training=False)');
  }
  let x: BatchedValue = ctx.batched(n, 0, 'input X');
  const shape = onnxShape(x);
  const c = shape[0]!;
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i, k) => {
    const v = ctx.constant(n, i, ['scale', 'B', 'input_mean', 'input_var'][k]!);
    if (v.data.length !== c) ctx.fail(n, 'E103', `'${v.name}' has shape ${describeShape(v.shape)}; the input has ${c} channels`, 're-export the model');
    return v.data;
  });
  const eps = floatAttr(ctx, n, 'epsilon', Math.fround(1e-5));
  const scale = gamma!.map((g, i) => g / Math.sqrt(variance![i]! + eps));
  const shift = beta!.map((b, i) => b - mean![i]! * scale[i]!);
  // The IR normalizes its last axis: bring an ONNX-layout [C, ...spatial] tensor to channels-last.
  if (!x.layout && shape.length > 1) x = relayout(ctx, n, x, channelsLast(shape.length));
  const onnxParam = [c, ...new Array<number>(shape.length - 1).fill(1)];
  const place = (data: number[]): number[] => constantForLayout(x, onnxParam, data)?.data ?? data;
  const scaleName = ctx.newConstant(`${n.name}_scale`, [c], place(scale));
  const shiftName = ctx.newConstant(`${n.name}_shift`, [c], place(shift));
  const out = n.outputs[0]!;
  ctx.defineBatched(n, out, x.shape, x.layout);
  ctx.emit({ op: 'batchnorm', name: n.name, inputs: [x.name, scaleName, shiftName], outputs: [out], attrs: {} });
}
