// Merge layers (ir/OPS.md): sub and mul (two inputs), average, maximum and minimum (n inputs), all
// elementwise with numpy broadcasting: exact arithmetic on the raw values, then one cast to T(out).
import { fromFloat, quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import type { BinaryNode, MergeNode } from '../ir/types.js';
import { broadcastIndex, broadcastShape } from './add.js';
import { requireParamType } from './exact-activations.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, toBigRaw, type FixedContext, type FixedTensor, type RawArray } from './values.js';

type ElementwiseNode = BinaryNode | MergeNode;

function outShape(n: ElementwiseNode, shapes: readonly (readonly number[])[]): number[] {
  return shapes.slice(1).reduce<number[]>((s, t) => broadcastShape(s, t, `node '${n.name}' (${n.op})`), [...shapes[0]!]);
}

export function evalFloatElementwise(n: ElementwiseNode, xs: readonly Float64Array[], shapes: readonly (readonly number[])[]): Float64Array {
  const out = outShape(n, shapes);
  const idx = shapes.map((s) => broadcastIndex(s, out));
  const y = new Float64Array(idx[0]!.length);
  for (let k = 0; k < y.length; k++) {
    const v = xs.map((x, i) => x[idx[i]![k]!]!);
    switch (n.op) {
      case 'sub': y[k] = v[0]! - v[1]!; break;
      case 'mul': y[k] = v[0]! * v[1]!; break;
      case 'maximum': y[k] = Math.max(...v); break;
      case 'minimum': y[k] = Math.min(...v); break;
      case 'average': y[k] = v.reduce((a, b) => a + b, 0) / v.length; break;
    }
  }
  return y;
}

/** The raw of q(1/n) in the average's param type, and that type. */
export function averageConstant(n: MergeNode): { q: bigint; type: FixedType } {
  const type = requireParamType(n, n.attrs.paramType);
  return { q: fromFloat(1 / n.inputs.length, type), type };
}

/**
 * Raw values are aligned to F = max F(x_i) (mul: F = F(a) + F(b), no alignment); `bits` bounds the
 * magnitude of every exact intermediate, so the double path is taken only when it is exact.
 */
function evalFixedElementwise(n: ElementwiseNode, xs: readonly FixedTensor[], outT: FixedType, shapes: readonly (readonly number[])[], ctx: FixedContext): RawArray {
  const out = outShape(n, shapes);
  const idx = shapes.map((s) => broadcastIndex(s, out));
  const count = idx[0]!.length;
  const fr = xs.map((x) => fracBits(x.type));
  const isMul = n.op === 'mul';
  const f = isMul ? fr[0]! + fr[1]! : Math.max(...fr);
  const shift = fr.map((fi) => (isMul ? 0 : f - fi));
  const aligned = Math.max(...xs.map((x, i) => magnitudeBits(x.type) + shift[i]!));
  const avg = n.op === 'average' ? averageConstant(n) : undefined;
  const fy = avg ? f + fracBits(avg.type) : f;
  let bits: number;
  if (isMul) bits = magnitudeBits(xs[0]!.type) + magnitudeBits(xs[1]!.type);
  else if (n.op === 'sub') bits = aligned + 1;
  else if (avg) bits = aligned + Math.ceil(Math.log2(xs.length)) + magnitudeBits(avg.type);
  else bits = aligned;
  if (ctx.mode === 'auto' && xs.every((x) => isNumberRaw(x.raw)) && bits <= SAFE_BITS && outT.width <= SAFE_BITS) {
    const r = xs.map((x) => x.raw as Float64Array);
    const sc = shift.map((s) => 2 ** s);
    const q = avg ? Number(avg.q) : 1;
    const y = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const a = r[0]![idx[0]![k]!]! * sc[0]!;
      let v: number;
      if (n.op === 'sub') v = a - r[1]![idx[1]![k]!]! * sc[1]!;
      else if (isMul) v = a * r[1]![idx[1]![k]!]!;
      else {
        v = a;
        for (let i = 1; i < r.length; i++) {
          const b = r[i]![idx[i]![k]!]! * sc[i]!;
          v = n.op === 'maximum' ? Math.max(v, b) : n.op === 'minimum' ? Math.min(v, b) : v + b;
        }
        if (avg) v *= q;
      }
      y[k] = quantizeNumber(v, fy, outT);
    }
    return y;
  }
  const r = xs.map((x) => toBigRaw(x.raw));
  const sc = shift.map((s) => BigInt(s));
  const y = new Array<bigint>(count);
  for (let k = 0; k < count; k++) {
    const a = r[0]![idx[0]![k]!]! << sc[0]!;
    let v: bigint;
    if (n.op === 'sub') v = a - (r[1]![idx[1]![k]!]! << sc[1]!);
    else if (isMul) v = a * r[1]![idx[1]![k]!]!;
    else {
      v = a;
      for (let i = 1; i < r.length; i++) {
        const b = r[i]![idx[i]![k]!]! << sc[i]!;
        v = n.op === 'maximum' ? (b > v ? b : v) : n.op === 'minimum' ? (b < v ? b : v) : v + b;
      }
      if (avg) v *= avg.q;
    }
    y[k] = quantize(v, fy, outT);
  }
  return y;
}

const elementwise = <N extends ElementwiseNode>(): OpDef<N> => ({
  inferShapes: (n, shapes) => [outShape(n, shapes)],
  evalFloat: (n, xs, shapes) => [evalFloatElementwise(n, xs, shapes)],
  evalFixed: (n, xs, [outT], shapes, ctx) => [{ type: outT!, raw: evalFixedElementwise(n, xs, outT!, shapes, ctx) }],
});

export const binary: OpDef<BinaryNode> = elementwise<BinaryNode>();
export const merge: OpDef<MergeNode> = elementwise<MergeNode>();

