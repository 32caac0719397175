// Converts ONNX Constant nodes into constant tensors (no IR node): value, value_float(s), value_int(s).
import { findAttribute, floatAttr, floatsAttr, intAttr, intsAttr, tensorAttr } from '../attributes.js';
import type { ImportContext, OnnxNode } from '../context.js';
import { describeNode } from '../context.js';
import { decodeTensor } from '../tensor.js';

const INT64 = 7;
const FLOAT = 1;

export function convertConstant(n: OnnxNode, ctx: ImportContext): void {
  const out = n.outputs[0]!;
  const tensor = tensorAttr(ctx, n, 'value');
  if (tensor) {
    const t = decodeTensor(tensor, ctx.file, `${describeNode(n)}, attribute 'value'`);
    ctx.defineConstant(n, out, t.shape, t.data, t.dataType);
  } else if (findAttribute(n, 'value_float')) {
    ctx.defineConstant(n, out, [], [floatAttr(ctx, n, 'value_float', 0)], FLOAT);
  } else if (findAttribute(n, 'value_floats')) {
    const values = floatsAttr(ctx, n, 'value_floats')!;
    ctx.defineConstant(n, out, [values.length], values, FLOAT);
  } else if (findAttribute(n, 'value_int')) {
    ctx.defineConstant(n, out, [], [intAttr(ctx, n, 'value_int', 0)], INT64);
  } else if (findAttribute(n, 'value_ints')) {
    const values = intsAttr(ctx, n, 'value_ints')!;
    ctx.defineConstant(n, out, [values.length], values, INT64);
  } else {
    const names = n.attributes.map((a) => a.name).join(', ') || 'none';
    ctx.fail(n, 'E105', `only numeric dense constants are supported (attributes: ${names})`,
      'use a dense numeric tensor (sparse and string constants are not supported)');
  }
}
