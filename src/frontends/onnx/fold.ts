// Constant folding at import: ONNX nodes whose inputs are all constants (or the static shape of a run-time
// tensor) are evaluated here into constants, so that e.g. Shape→Gather→Unsqueeze→Concat→Reshape becomes a
// static Reshape. Only the ops real exports need; any other all-constant node goes to its normal handler.
import { intAttr, intsAttr } from './attributes.js';
import type { ConstantValue, ImportContext, OnnxNode } from './context.js';
import { onnxShape } from './layout.js';
import { isFloatType } from './tensor.js';

const INT64 = 7;
const FLOAT = 1;

type Const = { readonly shape: readonly number[]; readonly data: readonly number[] };

/** numpy broadcasting of two constants through f (E105 when the shapes do not broadcast). */
function broadcast(ctx: ImportContext, n: OnnxNode, a: Const, b: Const, f: (x: number, y: number) => number): Const {
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (s: readonly number[]): number[] => [...new Array<number>(rank - s.length).fill(1), ...s];
  const [sa, sb] = [pad(a.shape), pad(b.shape)];
  const shape = sa.map((d, i) => {
    if (d !== sb[i] && d !== 1 && sb[i] !== 1) ctx.fail(n, 'E103', `shapes [${a.shape}] and [${b.shape}] do not broadcast`, 're-export the model');
    return Math.max(d, sb[i]!);
  });
  const total = shape.reduce((p, d) => p * d, 1);
  const data = new Array<number>(total);
  const index = (s: readonly number[], coords: number[]): number => coords.reduce((acc, c, i) => acc * s[i]! + (s[i] === 1 ? 0 : c), 0);
  for (let k = 0; k < total; k++) {
    const coords: number[] = [];
    let r = k;
    for (let i = rank - 1; i >= 0; i--) { coords[i] = r % shape[i]!; r = Math.floor(r / shape[i]!); }
    data[k] = f(a.data[index(sa, coords)]!, b.data[index(sb, coords)]!);
  }
  return { shape, data };
}

const BINARY: Readonly<Record<string, (x: number, y: number) => number>> = {
  Add: (x, y) => x + y, Sub: (x, y) => x - y, Mul: (x, y) => x * y, Div: (x, y) => x / y, Pow: (x, y) => x ** y,
};
const UNARY: Readonly<Record<string, (x: number) => number>> = {
  Sqrt: Math.sqrt, Neg: (x) => -x, Reciprocal: (x) => 1 / x, Identity: (x) => x, Sign: Math.sign,
};

/** Axes from the attribute (opset < 13) or the second input (opset ≥ 13), made non-negative for rank + `added`. */
function axesOf(ctx: ImportContext, n: OnnxNode, rank: number, unsqueeze: boolean): number[] | undefined {
  const given = n.inputs[1] ? [...ctx.constant(n, 1, 'axes').data] : intsAttr(ctx, n, 'axes');
  const r = rank + (unsqueeze ? given?.length ?? 0 : 0);
  return given?.map((a) => (a < 0 ? a + r : a));
}

function gather(ctx: ImportContext, n: OnnxNode, x: ConstantValue, idx: ConstantValue): Const {
  const rank = x.shape.length;
  const axis = ((intAttr(ctx, n, 'axis', 0) % rank) + rank) % rank;
  const [outer, dim] = [x.shape.slice(0, axis).reduce((p, d) => p * d, 1), x.shape[axis]!];
  const inner = x.shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const data: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of idx.data) {
      const i = raw < 0 ? raw + dim : raw;
      if (!(i >= 0 && i < dim)) ctx.fail(n, 'E103', `index ${raw} is out of range for axis ${axis} of size ${dim}`, 're-export the model');
      for (let j = 0; j < inner; j++) data.push(x.data[(o * dim + i) * inner + j]!);
    }
  }
  return { shape: [...x.shape.slice(0, axis), ...idx.shape, ...x.shape.slice(axis + 1)], data };
}

function concat(ctx: ImportContext, n: OnnxNode, parts: ConstantValue[]): Const {
  const rank = parts[0]!.shape.length;
  const axis = ((intAttr(ctx, n, 'axis', 0) % rank) + rank) % rank;
  const outer = parts[0]!.shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const data: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const chunk = p.shape.slice(axis).reduce((q, d) => q * d, 1);
      data.push(...p.data.slice(o * chunk, (o + 1) * chunk));
    }
  }
  const shape = [...parts[0]!.shape];
  shape[axis] = parts.reduce((s, p) => s + p.shape[axis]!, 0);
  return { shape, data };
}

/** Folds `n` when it can (defining its output as a constant) and says so; false leaves it to its handler. */
export function foldConstant(n: OnnxNode, ctx: ImportContext): boolean {
  if (n.domain !== '' && n.domain !== 'ai.onnx') return false;
  const inputs = n.inputs.filter((s) => s).map((s) => ctx.values.get(s)!);
  const out = n.outputs[0]!;
  if (n.opType === 'Shape') {
    const x = inputs[0]!;
    // A symbolic batch folds to 0, which a following Reshape reads as "copy the batch dimension".
    const batch = typeof ctx.batch === 'number' ? ctx.batch : 0;
    const full = x.kind === 'constant' ? x.shape : [batch, ...onnxShape(x)];
    // Opset 15 slices with start/end (negative counts from the back, as in Python).
    const at = (v: number): number => Math.min(Math.max(v < 0 ? v + full.length : v, 0), full.length);
    const shape = full.slice(at(intAttr(ctx, n, 'start', 0)), at(intAttr(ctx, n, 'end', full.length)));
    ctx.defineConstant(n, out, [shape.length], [...shape], INT64);
    return true;
  }
  if (inputs.length === 0 || !inputs.every((v) => v.kind === 'constant')) return false;
  const cs = inputs as ConstantValue[];
  const [x] = cs as [ConstantValue];
  const define = (c: Const, dataType = x.dataType): true => { ctx.defineConstant(n, out, c.shape, c.data, dataType); return true; };
  const binary = BINARY[n.opType];
  if (binary && cs.length === 2) {
    // Integer tensors (shape arithmetic) divide with truncation, as ONNX defines Div on integers.
    const integer = !isFloatType(cs[0]!.dataType);
    const f = integer && n.opType === 'Div' ? (p: number, q: number) => Math.trunc(p / q) : binary;
    return define(broadcast(ctx, n, cs[0]!, cs[1]!, f), cs[0]!.dataType);
  }
  const unary = UNARY[n.opType];
  if (unary) return define({ shape: [...x.shape], data: x.data.map(unary) });
  switch (n.opType) {
    case 'Gather': return define(gather(ctx, n, x, cs[1]!));
    case 'Concat': return define(concat(ctx, n, cs));
    case 'Unsqueeze': {
      const axes = axesOf(ctx, n, x.shape.length, true);
      const shape = [...x.shape];
      for (const a of [...(axes ?? [])].sort((p, q) => p - q)) shape.splice(a, 0, 1);
      return define({ shape, data: [...x.data] });
    }
    case 'Squeeze': {
      const axes = axesOf(ctx, n, x.shape.length, false);
      return define({ shape: x.shape.filter((d, i) => (axes ? !axes.includes(i) : d !== 1)), data: [...x.data] });
    }
    case 'Cast': {
      const to = intAttr(ctx, n, 'to', FLOAT);
      const float = isFloatType(to);
      const data = to === FLOAT ? x.data.map(Math.fround) : float ? [...x.data] : x.data.map(Math.trunc);
      return define({ shape: [...x.shape], data }, to);
    }
    default:
      return false;
  }
}

/** Handlers for ops that exist here only for folding: reached with a run-time input, they fail (E105). */
export function constantOnly(n: OnnxNode, ctx: ImportContext): void {
  ctx.fail(n, 'E105', `${n.opType} is supported only on constants (it is folded at import), but an input is computed at run time`,
    'simplify the model (onnxsim) so that this computation is constant, or remove it');
}

/** Div by a constant: x · (1/c), the reciprocal rounded once to a double (the float reference does the same). */
export function convertDivByConstant(n: OnnxNode, ctx: ImportContext, convertMul: (n: OnnxNode, ctx: ImportContext) => void): void {
  const c = ctx.constant(n, 1, 'divisor');
  const name = ctx.newConstant(`${c.name}_reciprocal`, c.shape, c.data.map((v) => 1 / v));
  convertMul({ ...n, inputs: [n.inputs[0]!, name] }, ctx);
}
