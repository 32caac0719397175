// Converts Pad (mode 'constant') into an IR `pad` on the per-sample tensor in its IR layout: the ONNX
// pads are permuted like the axes, so channels-last data stays channels-last (no transpose is emitted).
import { floatAttr, intsAttr, stringAttr } from '../attributes.js';
import type { BatchedValue, ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';
import { identityPerm, onnxShape, relayout } from '../layout.js';

/** The data input with a plain (not flattened) layout, and its ONNX rank including the batch axis. */
export function layoutInput(n: OnnxNode, ctx: ImportContext, role: string): { x: BatchedValue; perm: number[]; rank: number } {
  let x = ctx.batched(n, 0, role);
  if (x.layout?.unflat) x = relayout(ctx, n, x, identityPerm(1));
  const rank = onnxShape(x).length + 1;
  return { x, perm: x.layout ? [...x.layout.perm] : identityPerm(rank - 1), rank };
}

/** Axes given as input `i` (opset 18), normalized; all axes when absent. */
export function axesInput(n: OnnxNode, ctx: ImportContext, i: number, rank: number, given?: number[]): number[] {
  const v = given ?? (ctx.optional(n, i) ? ctx.constant(n, i, 'axes').data.map(Number) : undefined);
  if (!v) return identityPerm(rank);
  const axes = v.map((a) => (a < 0 ? a + rank : a));
  if (axes.some((a) => !Number.isInteger(a) || a < 0 || a >= rank) || new Set(axes).size !== axes.length) {
    ctx.fail(n, 'E103', `axes ${describeShape(v)} are not distinct axes of a rank-${rank} input`, 're-export the model');
  }
  return axes;
}

function padsAndValue(n: OnnxNode, ctx: ImportContext, rank: number): { begins: number[]; ends: number[]; value: number } {
  let pads: number[];
  let value = 0;
  let axes = identityPerm(rank);
  if (ctx.opset < 11) {
    pads = intsAttr(ctx, n, 'pads') ?? ctx.fail(n, 'E103', 'attribute pads is missing', 're-export the model');
    value = floatAttr(ctx, n, 'value', 0);
  } else {
    pads = ctx.constant(n, 1, 'pads').data.map(Number);
    if (ctx.optional(n, 2)) {
      const c = ctx.constant(n, 2, 'constant_value');
      if (c.data.length !== 1) ctx.fail(n, 'E103', `constant_value '${c.name}' must be a scalar, got shape ${describeShape(c.shape)}`, 're-export the model');
      value = c.data[0]!;
    }
    axes = axesInput(n, ctx, 3, rank);
  }
  if (pads.length !== 2 * axes.length) {
    ctx.fail(n, 'E103', `pads has ${pads.length} values; ${axes.length} axes need ${2 * axes.length} (begins, then ends)`, 're-export the model');
  }
  const begins = new Array<number>(rank).fill(0);
  const ends = new Array<number>(rank).fill(0);
  axes.forEach((a, k) => { begins[a] = pads[k]!; ends[a] = pads[axes.length + k]!; });
  return { begins, ends, value };
}

export function convertPad(n: OnnxNode, ctx: ImportContext): void {
  const mode = stringAttr(ctx, n, 'mode', 'constant');
  if (mode !== 'constant') {
    ctx.fail(n, 'E105', `mode '${mode}' is not supported; only mode 'constant' (padding with one value) is`,
      'pad with a constant (e.g. zeros), or use a Conv/Pool padding in the model instead of reflect/edge/wrap');
  }
  const { x, perm, rank } = layoutInput(n, ctx, 'data');
  const { begins, ends, value } = padsAndValue(n, ctx, rank);
  if (begins[0] !== 0 || ends[0] !== 0) {
    ctx.fail(n, 'E105', `pads [${begins[0]}, ${ends[0]}] on the batch axis would add or remove samples`, 'pad only the feature/spatial axes (batch pads 0)');
  }
  if (!Number.isFinite(value)) ctx.fail(n, 'E105', `constant value ${value} is not finite`, 'pad with a finite value');
  // IR axis i is ONNX per-sample axis perm[i], i.e. ONNX axis perm[i] + 1.
  const pads = [...perm.map((p) => begins[p + 1]!), ...perm.map((p) => ends[p + 1]!)];
  const outShape = x.shape.map((d, i) => d + pads[i]! + pads[x.shape.length + i]!);
  if (outShape.some((d) => d < 1)) {
    ctx.fail(n, 'E105', `negative pads crop input ${describeShape(['batch', ...onnxShape(x)])} to nothing on some axis`, 'keep at least one element on every axis');
  }
  const out = n.outputs[0]!;
  if (pads.every((p) => p === 0)) return ctx.alias(n, out, x);
  ctx.defineBatched(n, out, outShape, x.layout);
  ctx.emit({ op: 'pad', name: n.name, inputs: [x.name], outputs: [out], attrs: { pads, value } });
}
