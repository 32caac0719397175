// Softmax over the last axis: exact in float; in fixed point `skip` (pass-through) and `argmax` (one-hot).
import { HlsnetError } from '../diagnostics/errors.js';
import { quantize } from '../fixed/quantize.js';
import type { SoftmaxNode } from '../ir/types.js';
import { sameShape } from './elementwise.js';
import type { OpDef } from './types.js';
import { isNumberRaw, toBigRaw } from './values.js';

export const softmax: OpDef<SoftmaxNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),

  evalFloat(_n, [x], shapes) {
    const shape = shapes[0]!;
    const n = shape.length ? shape[shape.length - 1]! : 1;
    const y = new Float64Array(x!.length);
    for (let off = 0; off < x!.length; off += n) {
      let m = -Infinity;
      for (let i = 0; i < n; i++) m = Math.max(m, x![off + i]!);
      let s = 0;
      for (let i = 0; i < n; i++) s += y[off + i] = Math.exp(x![off + i]! - m);
      for (let i = 0; i < n; i++) y[off + i]! /= s;
    }
    return [y];
  },

  evalFixed(node, [x], [out], shapes) {
    const impl = node.attrs.implementation;
    if (impl === 'skip') return [x!];
    if (impl !== 'argmax') {
      throw new HlsnetError('E502', `softmax implementation '${impl}' has no fixed-point implementation yet`, {
        subject: `node '${node.name}' (softmax)`,
        hint: "set implementation: argmax or skip for this layer (the table-based softmax is planned)",
      });
    }
    const shape = shapes[0]!;
    const n = shape.length ? shape[shape.length - 1]! : 1;
    // One-hot of the first maximum; comparing raw integers of one type is exact.
    const r = toBigRaw(x!.raw);
    const one = quantize(1n, 0, out!);
    const y = new Array<bigint>(r.length).fill(quantize(0n, 0, out!));
    for (let off = 0; off < r.length; off += n) {
      let best = off;
      for (let i = 1; i < n; i++) if (r[off + i]! > r[best]!) best = off + i;
      y[best] = one;
    }
    if (isNumberRaw(x!.raw) && out!.width <= 52) return [{ type: out!, raw: Float64Array.from(y, Number) }];
    return [{ type: out!, raw: y }];
  },
};
