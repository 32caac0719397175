// Elementwise addition with numpy broadcasting: exact sum, then one cast to the output type.
import { HlsnetError } from '../diagnostics/errors.js';
import { quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits } from '../fixed/types.js';
import { broadcastShapes, size } from '../ir/shape.js';
import type { AddNode } from '../ir/types.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, toBigRaw } from './values.js';

export function broadcastShape(a: readonly number[], b: readonly number[], subject: string): number[] {
  const out = broadcastShapes(a, b);
  if (!out) throw new HlsnetError('E501', `shapes [${a}] and [${b}] do not broadcast`, { subject });
  return out;
}

/** For each output element, the flat index into an input of shape `s` broadcast to `out`. */
export function broadcastIndex(s: readonly number[], out: readonly number[]): Int32Array {
  const total = size(out);
  const idx = new Int32Array(total);
  const strides: number[] = new Array(out.length).fill(0);
  let st = 1;
  for (let i = s.length - 1; i >= 0; i--) {
    const oi = out.length - s.length + i;
    strides[oi] = s[i] === 1 ? 0 : st;
    st *= s[i]!;
  }
  for (let k = 0; k < total; k++) {
    let rem = k;
    let off = 0;
    for (let d = out.length - 1; d >= 0; d--) {
      const c = rem % out[d]!;
      rem = (rem - c) / out[d]!;
      off += c * strides[d]!;
    }
    idx[k] = off;
  }
  return idx;
}

export const add: OpDef<AddNode> = {
  inferShapes: (node, [a, b]) => [broadcastShape(a!, b!, `node '${node.name}' (add)`)],

  evalFloat(_n, [a, b], [sa, sb]) {
    const out = broadcastShape(sa!, sb!, '');
    const ia = broadcastIndex(sa!, out);
    const ib = broadcastIndex(sb!, out);
    const y = new Float64Array(ia.length);
    for (let k = 0; k < y.length; k++) y[k] = a![ia[k]!]! + b![ib[k]!]!;
    return [y];
  },

  evalFixed(_n, [a, b], [outT], [sa, sb], ctx) {
    const out = broadcastShape(sa!, sb!, '');
    const ia = broadcastIndex(sa!, out);
    const ib = broadcastIndex(sb!, out);
    const fa = fracBits(a!.type);
    const fb = fracBits(b!.type);
    const f = Math.max(fa, fb);
    const bits = Math.max(magnitudeBits(a!.type) + f - fa, magnitudeBits(b!.type) + f - fb) + 1;
    if (ctx.mode === 'auto' && isNumberRaw(a!.raw) && isNumberRaw(b!.raw) && bits <= SAFE_BITS && outT!.width <= SAFE_BITS) {
      const ra = a!.raw, rb = b!.raw;
      const sca = 2 ** (f - fa), scb = 2 ** (f - fb);
      const y = new Float64Array(ia.length);
      for (let k = 0; k < y.length; k++) y[k] = quantizeNumber(ra[ia[k]!]! * sca + rb[ib[k]!]! * scb, f, outT!);
      return [{ type: outT!, raw: y }];
    }
    const ra = toBigRaw(a!.raw), rb = toBigRaw(b!.raw);
    const sa2 = BigInt(f - fa), sb2 = BigInt(f - fb);
    const y = new Array<bigint>(ia.length);
    for (let k = 0; k < y.length; k++) y[k] = quantize((ra[ia[k]!]! << sa2) + (rb[ib[k]!]! << sb2), f, outT!);
    return [{ type: outT!, raw: y }];
  },
};
