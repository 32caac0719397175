// Converts the variadic ONNX merges: Max, Min, Mean (n-ary `maximum`/`minimum`/`average`), Sum (a chain of
// `add`s), and Concat (a `concat` along the IR axis that holds the ONNX axis: NCHW channels become the last axis).
import { intAttr } from '../attributes.js';
import type { BatchedValue, ImportContext, OnnxNode, Value } from '../context.js';
import { describeShape } from '../errors.js';
import { identityPerm, onnxShape, relayout } from '../layout.js';
import { normalizeAxis } from '../shapes.js';
import { alignOperands } from './add.js';

function inputsOf(n: OnnxNode, ctx: ImportContext): Value[] {
  const vals = n.inputs.map((_, i) => ctx.input(n, i, `input ${i}`));
  if (vals.length === 0) ctx.fail(n, 'E103', 'has no inputs', 're-export the model');
  return vals;
}

/** One input: the value itself under the output's name. */
function single(n: OnnxNode, ctx: ImportContext, v: Value): void {
  const out = n.outputs[0]!;
  if (v.kind === 'constant') return ctx.defineConstant(n, out, v.shape, v.data, v.dataType);
  ctx.defineBatched(n, out, v.shape, v.layout);
  ctx.emit({ op: 'identity', name: n.name, inputs: [v.name], outputs: [out], attrs: { origin: 'Identity' } });
}

function convertVariadic(op: 'maximum' | 'minimum' | 'average'): (n: OnnxNode, ctx: ImportContext) => void {
  return (n, ctx) => {
    const vals = inputsOf(n, ctx);
    if (vals.length === 1) return single(n, ctx, vals[0]!);
    const { inputs, shape, layout } = alignOperands(ctx, n, vals);
    ctx.defineBatched(n, n.outputs[0]!, shape, layout);
    ctx.emit({ op, name: n.name, inputs, outputs: [n.outputs[0]!], attrs: {} });
  };
}

export const convertMax = convertVariadic('maximum');
export const convertMin = convertVariadic('minimum');
export const convertMean = convertVariadic('average');

/** Sum of n inputs: ((x0 + x1) + x2) + ..., each add cast to its output type (ONNX Sum has no n-ary IR op). */
export function convertSum(n: OnnxNode, ctx: ImportContext): void {
  const vals = inputsOf(n, ctx);
  if (vals.length === 1) return single(n, ctx, vals[0]!);
  const { inputs, shape, layout } = alignOperands(ctx, n, vals);
  let acc = inputs[0]!;
  for (let i = 1; i < inputs.length; i++) {
    const last = i === inputs.length - 1;
    const out = last ? n.outputs[0]! : ctx.freshName(`${n.name}_partial${i}`);
    const name = last ? n.name : ctx.freshName(`${n.name}_${i}`);
    // A constant goes second, as `add` expects.
    const pair = i === 1 && vals[0]!.kind === 'constant' ? [inputs[1]!, acc] : [acc, inputs[i]!];
    ctx.defineBatched(last ? n : undefined, out, shape, layout);
    ctx.emit({ op: 'add', name, inputs: pair, outputs: [out], attrs: {} });
    acc = out;
  }
}

export function convertConcat(n: OnnxNode, ctx: ImportContext): void {
  const vals = inputsOf(n, ctx);
  const batched = vals.map((v, i) => {
    if (v.kind !== 'batched') {
      ctx.fail(n, 'E105', `input ${i} '${v.name}' is a constant; concatenating constants is not supported yet`,
        'concatenate computed tensors only (fold constant branches before export)');
    }
    return v;
  });
  const rank = onnxShape(batched[0]!).length;
  const raw = intAttr(ctx, n, 'axis', 1);
  const axis = normalizeAxis(raw, rank + 1);
  if (axis === undefined) ctx.fail(n, 'E103', `axis ${raw} is out of range for rank ${rank + 1}`, 'the model is inconsistent; re-export it');
  if (axis === 0) ctx.fail(n, 'E105', 'concatenation along the batch axis (axis 0) is not supported', 'concatenate along a feature axis');
  if (vals.length === 1) return single(n, ctx, vals[0]!);
  // Every input in the first one's layout (a flattened layout is undone to the ONNX order).
  const first = batched.some((v) => v.layout?.unflat) ? relayout(ctx, n, batched[0]!, identityPerm(rank)) : batched[0]!;
  const want = first.layout ? first.layout.perm : identityPerm(rank);
  const ir = batched.map((v, i) => (i === 0 ? first : relayout(ctx, n, v, want))) as BatchedValue[];
  // IR shape[i] = ONNX shape[perm[i]]: the ONNX per-sample axis a is IR axis perm.indexOf(a).
  const irAxis = want.indexOf(axis - 1);
  const shape = [...first.shape];
  for (const v of ir.slice(1)) {
    if (v.shape.length !== shape.length || v.shape.some((d, i) => i !== irAxis && d !== shape[i])) {
      ctx.fail(n, 'E103', `inputs of shapes ${ir.map((w) => describeShape(onnxShape(w))).join(', ')} differ outside axis ${raw}`, 'the model is inconsistent; re-export it');
    }
    shape[irAxis] = shape[irAxis]! + v.shape[irAxis]!;
  }
  ctx.defineBatched(n, n.outputs[0]!, shape, first.layout);
  ctx.emit({ op: 'concat', name: n.name, inputs: ir.map((v) => v.name), outputs: [n.outputs[0]!], attrs: { axis: irAxis } });
}
