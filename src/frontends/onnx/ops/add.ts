// Converts ONNX Add (batched + constant, or batched + batched) into an `add` node with per-sample shapes.
import { intAttr, findAttribute } from '../attributes.js';
import type { BatchedValue, ConstantValue, ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { broadcastShapes, normalizeAxis } from '../shapes.js';

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
  if (a.kind === 'batched' && b.kind === 'batched') {
    checkLegacyBroadcast(ctx, n, a.shape.length + 1, b.shape.length + 1);
    if (a.shape.length !== b.shape.length) {
      // Different ranks would align one input's batch axis with a feature axis of the other.
      ctx.fail(n, 'E105', `inputs have per-sample shapes ${describeShape(a.shape)} and ${describeShape(b.shape)} of different rank`,
        'reshape both inputs to the same rank before adding');
    }
    inputs = [a.name, b.name];
    shape = broadcastShapes(a.shape, b.shape);
  } else {
    // The constant goes second, as `add` (and the bias-folding pass) expect.
    const x = (a.kind === 'batched' ? a : b) as BatchedValue;
    const c = (a.kind === 'constant' ? a : b) as ConstantValue;
    checkLegacyBroadcast(ctx, n, x.shape.length + 1, c.shape.length);
    const perSample = perSampleConstant(ctx, n, c, x);
    inputs = [x.name, perSample.name];
    shape = broadcastShapes(x.shape, perSample.shape);
  }
  if (!shape) {
    const [sa, sb] = [a, b].map((v) => describeShape(v.kind === 'batched' ? ['batch', ...v.shape] : v.shape));
    ctx.fail(n, 'E103', `input shapes ${sa} and ${sb} cannot be broadcast together`, 'the model is inconsistent; re-export it');
  }
  ctx.defineBatched(n, out, shape);
  ctx.emit({ op: 'add', name: n.name, inputs, outputs: [out], attrs: {} });
}
