// Softmax and LogSoftmax over the last axis: exact in float; in fixed point `skip`, `argmax` (one-hot)
// and the table forms `stable` / `latency` (softmax-tables.ts holds their tables and types).
import { quantize } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import type { LogSoftmaxNode, SoftmaxNode } from '../ir/types.js';
import { sameShape } from './elementwise.js';
import { softmaxPlan, type SoftmaxLike } from './softmax-tables.js';
import { tableIndex, type TableLayout } from './tables.js';
import type { OpDef } from './types.js';
import { isNumberRaw, toBigRaw, type FixedTensor } from './values.js';

function lastDim(shape: readonly number[]): number {
  return shape.length ? shape[shape.length - 1]! : 1;
}

function floatSoftmax(x: Float64Array, n: number, log: boolean): Float64Array {
  const y = new Float64Array(x.length);
  for (let off = 0; off < x.length; off += n) {
    let m = -Infinity;
    for (let i = 0; i < n; i++) m = Math.max(m, x[off + i]!);
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.exp(x[off + i]! - m);
    const ls = Math.log(s);
    for (let i = 0; i < n; i++) y[off + i] = log ? x[off + i]! - m - ls : Math.exp(x[off + i]! - m) / s;
  }
  return y;
}

function lookup(t: TableLayout, raw: bigint): bigint {
  return t.entries[tableIndex(Number(raw), t.loRaw, t.shift, t.spec.size)]!;
}

function asTensor(y: bigint[], out: FixedType, numberIn: boolean): FixedTensor {
  return numberIn && out.width <= 52 ? { type: out, raw: Float64Array.from(y, Number) } : { type: out, raw: y };
}

/** The table forms, one row of n at a time (exact integers on BigInt: rows are short). */
function tableSoftmax(node: SoftmaxLike, x: FixedTensor, out: FixedType, n: number): FixedTensor {
  const p = softmaxPlan(node, x.type, n);
  const r = toBigRaw(x.raw);
  const fx = fracBits(x.type);
  const fe = fracBits(p.exp.spec.type);
  const f2 = fracBits(p.second.spec.type);
  const y = new Array<bigint>(r.length);
  for (let off = 0; off < r.length; off += n) {
    let m = r[off]!;
    for (let i = 1; i < n; i++) if (r[off + i]! > m) m = r[off + i]!;
    // d = x − max is exact in diffType (same fraction as x); latency indexes x directly.
    const d = (i: number): bigint => (p.diffType ? r[off + i]! - m : r[off + i]!);
    const e = Array.from({ length: n }, (_, i) => lookup(p.exp, d(i)));
    let sum = 0n;
    for (const v of e) sum += v;
    const s = quantize(sum, fe, p.sumType);
    const t = lookup(p.second, s);
    for (let i = 0; i < n; i++) {
      if (node.op === 'logsoftmax') {
        // y = d − log(s): align the exact difference's fractions, then one cast.
        const fr = Math.max(fx, f2);
        y[off + i] = quantize(d(i) * 2n ** BigInt(fr - fx) - t * 2n ** BigInt(fr - f2), fr, out);
      } else {
        y[off + i] = quantize(e[i]! * t, fe + f2, out);
      }
    }
  }
  return asTensor(y, out, isNumberRaw(x.raw));
}

export const softmax: OpDef<SoftmaxNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (_n, [x], shapes) => [floatSoftmax(x!, lastDim(shapes[0]!), false)],

  evalFixed(node, [x], [out], shapes) {
    const impl = node.attrs.implementation;
    if (impl === 'skip') return [x!];
    const n = lastDim(shapes[0]!);
    if (impl !== 'argmax') return [tableSoftmax(node, x!, out!, n)];
    // One-hot of the first maximum; comparing raw integers of one type is exact.
    const r = toBigRaw(x!.raw);
    const one = quantize(1n, 0, out!);
    const y = new Array<bigint>(r.length).fill(quantize(0n, 0, out!));
    for (let off = 0; off < r.length; off += n) {
      let best = off;
      for (let i = 1; i < n; i++) if (r[off + i]! > r[best]!) best = off + i;
      y[best] = one;
    }
    return [asTensor(y, out!, isNumberRaw(x!.raw))];
  },
};

export const logsoftmax: OpDef<LogSoftmaxNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (_n, [x], shapes) => [floatSoftmax(x!, lastDim(shapes[0]!), true)],
  evalFixed: (node, [x], [out], shapes) => [tableSoftmax(node, x!, out!, lastDim(shapes[0]!))],
};
