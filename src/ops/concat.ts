// Concatenation along `axis` (channels-last: a channel concat is the last axis): every element is
// copied with one cast to the output type, y = quantize(x, T(out)), as linear does.
import { HlsnetError } from '../diagnostics/errors.js';
import { quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import type { ConcatNode } from '../ir/types.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, toBigRaw, type FixedTensor } from './values.js';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export function concatShape(n: ConcatNode, shapes: readonly (readonly number[])[]): number[] {
  const subject = `node '${n.name}' (concat)`;
  const s0 = shapes[0]!;
  const ax = n.attrs.axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= s0.length) throw new HlsnetError('E501', `concat axis ${ax} is out of range for rank ${s0.length}`, { subject });
  for (const s of shapes) {
    if (s.length !== s0.length || s.some((d, i) => i !== ax && d !== s0[i])) {
      throw new HlsnetError('E501', `concat inputs [${s0}] and [${s}] differ outside axis ${ax}`, { subject });
    }
  }
  const out = [...s0];
  out[ax] = shapes.reduce((a, s) => a + s[ax]!, 0);
  return out;
}

/** Flat layout: `outer` blocks, each the inputs' `inner` chunks one after another. */
export function concatBlocks(n: ConcatNode, shapes: readonly (readonly number[])[]): { outer: number; inner: number[] } {
  const ax = n.attrs.axis;
  return { outer: prod(shapes[0]!.slice(0, ax)), inner: shapes.map((s) => prod(s.slice(ax))) };
}

function gather<T>(n: ConcatNode, xs: readonly ArrayLike<T>[], shapes: readonly (readonly number[])[], put: (k: number, v: T, i: number) => void): void {
  const { outer, inner } = concatBlocks(n, shapes);
  let k = 0;
  for (let o = 0; o < outer; o++) {
    xs.forEach((x, i) => {
      const w = inner[i]!;
      for (let j = 0; j < w; j++) put(k++, x[o * w + j]!, i);
    });
  }
}

export const concat: OpDef<ConcatNode> = {
  inferShapes: (n, shapes) => [concatShape(n, shapes)],
  evalFloat(n, xs, shapes) {
    const y = new Float64Array(prod(concatShape(n, shapes)));
    gather(n, xs, shapes, (k, v) => (y[k] = v));
    return [y];
  },
  evalFixed(n, xs, [outT], shapes, ctx) {
    const out = outT as FixedType;
    const total = prod(concatShape(n, shapes));
    const fr = xs.map((x) => fracBits(x.type));
    const ok = ctx.mode === 'auto' && out.width <= SAFE_BITS &&
      xs.every((x, i) => isNumberRaw(x.raw) && magnitudeBits(x.type) + Math.max(0, fracBits(out) - fr[i]!) <= SAFE_BITS);
    if (ok) {
      const y = new Float64Array(total);
      gather(n, xs.map((x) => x.raw as Float64Array), shapes, (k, v, i) => (y[k] = quantizeNumber(v, fr[i]!, out)));
      return [{ type: out, raw: y }] as FixedTensor[];
    }
    const y = new Array<bigint>(total);
    gather(n, xs.map((x) => toBigRaw(x.raw)), shapes, (k, v, i) => (y[k] = quantize(v, fr[i]!, out)));
    return [{ type: out, raw: y }];
  },
};
