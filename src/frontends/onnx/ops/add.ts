// Converts ONNX Add (batched + constant, or batched + batched) into an `add` node with per-sample shapes.
import { intAttr, findAttribute } from '../attributes.js';
import type { BatchedValue, ConstantValue, ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { broadcastShapes, normalizeAxis } from '../shapes.js';
import { constantForLayout, identityPerm, onnxShape, relayout } from '../layout.js';
import type { Layout } from '../context.js';

/**
 * The constant as seen per sample. A constant spanning the batch axis too (e.g. a [1, N] bias
 * for [batch, N] data) loses that leading 1 under a new name; one that differs per batch row is rejected.
 */
function perSampleConstant(ctx: ImportContext, n: OnnxNode, c: ConstantValue, x: BatchedValue): { name: string; shape: number[] } {
  const fullRank = x.shape.length + 1;
  if (c.shape.length < fullRank) return { name: c.name, shape: [...c.shape] };
  const extra = c.shape.slice(0, c.shape.length - x.shape.length);
  if (c.shape.length > fullRank || extra.some((d) => d !== 1)) {
    ctx.fail(n, 'E105', `constant '${c.name}' of shape ${describeShape(c.shape)} broadcasts over the batch axis of '${x.name}' (per-sample shape ${describeShape(x.shape)})`,
      'use a constant that is the same for every sample (leading dimension 1 or absent)');
  }
  const shape = c.shape.slice(extra.length);
  return { name: ctx.newConstant(`${c.name}_per_sample`, shape, c.data), shape };
}

/** Opset < 7 Add broadcasts only with broadcast=1, aligning B at `axis`; we accept the numpy-compatible cases. */
function checkLegacyBroadcast(ctx: ImportContext, n: OnnxNode, fullRankA: number, rankB: number): void {
  if (ctx.opset >= 7 || intAttr(ctx, n, 'broadcast', 0) === 0 || !findAttribute(n, 'axis')) return;
  const axis = normalizeAxis(intAttr(ctx, n, 'axis', 0), fullRankA);
  if (axis !== fullRankA - rankB) {
    ctx.fail(n, 'E105', `legacy broadcasting with axis=${intAttr(ctx, n, 'axis', 0)} aligns B away from the last axes, which is not supported`,
      'export with opset >= 7 (numpy broadcasting)');
  }
}

export function convertAdd(n: OnnxNode, ctx: ImportContext): void {
  const a = ctx.input(n, 0, 'input A');
  const b = ctx.input(n, 1, 'input B');
  const out = n.outputs[0]!;
  if (a.kind === 'constant' && b.kind === 'constant') {
    ctx.fail(n, 'E105', `both inputs ('${a.name}', '${b.name}') are constants; constant folding is not supported yet`,
      'fold constant subgraphs before export (e.g. with onnxsim)');
  }
  let inputs: string[];
  let shape: number[] | undefined;
  let layout: Layout | undefined;
  if (a.kind === 'batched' && b.kind === 'batched') {
    const [sa, sb] = [onnxShape(a), onnxShape(b)];
    checkLegacyBroadcast(ctx, n, sa.length + 1, sb.length + 1);
    if (sa.length !== sb.length) {
      // Different ranks would align one input's batch axis with a feature axis of the other.
      ctx.fail(n, 'E105', `inputs have per-sample shapes ${describeShape(sa)} and ${describeShape(sb)} of different rank`,
        'reshape both inputs to the same rank before adding');
    }
    // Both in A's layout (a flattened one is undone: the two orders would have to agree element by element).
    const flat = a.layout?.unflat || b.layout?.unflat;
    const x = flat ? relayout(ctx, n, a, identityPerm(sa.length)) : a;
    const y = relayout(ctx, n, b, x.layout ? x.layout.perm : identityPerm(sb.length));
    inputs = [x.name, y.name];
    layout = x.layout;
    shape = broadcastShapes(x.shape, y.shape);
  } else {
    // The constant goes second, as `add` (and the bias-folding pass) expect.
    const x = (a.kind === 'batched' ? a : b) as BatchedValue;
    const c = (a.kind === 'constant' ? a : b) as ConstantValue;
    checkLegacyBroadcast(ctx, n, x.shape.length + 1, c.shape.length);
    let perSample = perSampleConstant(ctx, n, c, x);
    // A constant broadcast in ONNX layout, e.g. an NCHW bias [C, 1, 1], follows x into the IR layout ([C]).
    const moved = perSample.shape.length <= x.shape.length ? constantForLayout(x, perSample.shape, c.data) : undefined;
    if (moved) perSample = { name: ctx.newConstant(`${c.name}_channels_last`, moved.shape, moved.data), shape: moved.shape };
    inputs = [x.name, perSample.name];
    layout = x.layout;
    shape = broadcastShapes(x.shape, perSample.shape);
  }
  if (!shape) {
    const [sa, sb] = [a, b].map((v) => describeShape(v.kind === 'batched' ? ['batch', ...v.shape] : v.shape));
    ctx.fail(n, 'E103', `input shapes ${sa} and ${sb} cannot be broadcast together`, 'the model is inconsistent; re-export it');
  }
  ctx.defineBatched(n, out, shape, layout);
  ctx.emit({ op: 'add', name: n.name, inputs, outputs: [out], attrs: {} });
}
