// Converts Transpose: on data it only changes the layout bookkeeping (an IR transpose appears where a consumer
// needs the ONNX order); on a constant it permutes the data.
import { intsAttr } from '../attributes.js';
import type { ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { composePerm, identityPerm, invertPerm, isIdentity, onnxShape, transposeData } from '../layout.js';

export function convertTranspose(n: OnnxNode, ctx: ImportContext): void {
  const v = ctx.input(n, 0, 'data');
  const rank = v.kind === 'constant' ? v.shape.length : onnxShape(v).length + 1;
  const perm = intsAttr(ctx, n, 'perm') ?? identityPerm(rank).reverse();
  if (perm.length !== rank || !identityPerm(rank).every((i) => perm.includes(i))) {
    ctx.fail(n, 'E103', `perm ${describeShape(perm)} is not a permutation of the ${rank} axes of '${v.name}'`, 're-export the model');
  }
  const out = n.outputs[0]!;
  if (v.kind === 'constant') {
    ctx.defineConstant(n, out, perm.map((i) => v.shape[i]!), transposeData(v.data, v.shape, perm), v.dataType);
    return;
  }
  if (perm[0] !== 0) {
    ctx.fail(n, 'E105', `perm ${describeShape(perm)} moves the batch axis, which would mix samples`, 'keep the batch as the first axis (perm[0] = 0)');
  }
  const q = perm.slice(1).map((p) => p - 1);
  // A vector per sample (maybe flattened in IR order) is unchanged; otherwise IR = ONNX_in.T(P) = ONNX_out.T(inv(q)).T(P).
  if (q.length === 1) return ctx.alias(n, out, v);
  const x = v;
  const have = x.layout ? x.layout.perm : identityPerm(q.length);
  const layout = composePerm(invertPerm(q), have);
  const { layout: _drop, ...plain } = x;
  ctx.alias(n, out, isIdentity(layout) ? plain : { ...plain, layout: { perm: layout } });
}
