// Converts ONNX Add, Sub and Mul (batched with constant, or batched with batched) into `add`/`sub`/`mul` nodes with per-sample shapes.
import { intAttr, findAttribute } from '../attributes.js';
import type { BatchedValue, ConstantValue, ImportContext, OnnxNode, Value } from '../context.js';
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

/** Add, Sub, Mul: an IR `add`/`sub`/`mul` with per-sample shapes; a constant of add/mul goes second (bias folding expects it). */
function convertBinary(op: 'add' | 'sub' | 'mul'): (n: OnnxNode, ctx: ImportContext) => void {
  return (n, ctx) => {
    const a = ctx.input(n, 0, 'input A');
    const b = ctx.input(n, 1, 'input B');
    const x = (a.kind === 'batched' ? a : b) as BatchedValue;
    const rankB = (b.kind === 'batched' ? b.shape.length + 1 : b.shape.length);
    checkLegacyBroadcast(ctx, n, (a.kind === 'batched' ? a.shape.length + 1 : x.shape.length + 1), rankB);
    const { inputs, shape, layout } = alignOperands(ctx, n, [a, b]);
    const ordered = op !== 'sub' && a.kind === 'constant' ? [inputs[1]!, inputs[0]!] : inputs;
    ctx.defineBatched(n, n.outputs[0]!, shape, layout);
    ctx.emit({ op, name: n.name, inputs: ordered, outputs: [n.outputs[0]!], attrs: {} });
  };
}

export const convertAdd = convertBinary('add');
export const convertSub = convertBinary('sub');
export const convertMul = convertBinary('mul');

/**
 * The IR operands of an elementwise op (at least one batched input): batched inputs in the first
 * one's layout (a flattened one is undone: the orders would have to agree element by element),
 * constants per sample and moved into that layout; their broadcast shape.
 */
export function alignOperands(ctx: ImportContext, n: OnnxNode, vals: readonly Value[]): { inputs: string[]; shape: number[]; layout: Layout | undefined } {
  const batched = vals.filter((v): v is BatchedValue => v.kind === 'batched');
  if (batched.length === 0) {
    ctx.fail(n, 'E105', `every input (${vals.map((v) => `'${v.name}'`).join(', ')}) is a constant; constant folding is not supported yet`,
      'fold constant subgraphs before export (e.g. with onnxsim)');
  }
  const ranks = batched.map((v) => onnxShape(v).length);
  if (ranks.some((r) => r !== ranks[0])) {
    // Different ranks would align one input's batch axis with a feature axis of the other.
    ctx.fail(n, 'E105', `inputs have per-sample shapes ${batched.map((v) => describeShape(onnxShape(v))).join(' and ')} of different rank`,
      'reshape the inputs to the same rank first');
  }
  const flat = batched.some((v) => v.layout?.unflat);
  const x = flat ? relayout(ctx, n, batched[0]!, identityPerm(ranks[0]!)) : batched[0]!;
  const want = x.layout ? x.layout.perm : identityPerm(ranks[0]!);
  const inputs: string[] = [];
  const shapes: number[][] = [];
  for (const v of vals) {
    if (v.kind === 'batched') {
      const y = v === batched[0] ? x : relayout(ctx, n, v, want);
      inputs.push(y.name);
      shapes.push([...y.shape]);
      continue;
    }
    let perSample = perSampleConstant(ctx, n, v, x);
    // A constant broadcast in ONNX layout, e.g. an NCHW bias [C, 1, 1], follows x into the IR layout ([C]).
    const moved = perSample.shape.length <= x.shape.length ? constantForLayout(x, perSample.shape, v.data) : undefined;
    if (moved) perSample = { name: ctx.newConstant(`${v.name}_channels_last`, moved.shape, moved.data), shape: moved.shape };
    inputs.push(perSample.name);
    shapes.push(perSample.shape);
  }
  const shape = shapes.slice(1).reduce<number[] | undefined>((s, t) => (s ? broadcastShapes(s, t) : undefined), shapes[0]);
  if (!shape) {
    const described = vals.map((v) => describeShape(v.kind === 'batched' ? ['batch', ...v.shape] : v.shape)).join(', ');
    ctx.fail(n, 'E103', `input shapes ${described} cannot be broadcast together`, 'the model is inconsistent; re-export it');
  }
  return { inputs, shape, layout: x.layout };
}
