// Max and average pooling per channel, channels-last (windowed 1-D/2-D and global), per ir/OPS.md:
// max over in-range taps (padding never wins); average = exact window sum × q(1/count), one cast.
import { HlsnetError } from '../diagnostics/errors.js';
import { fromFloat, quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import type { GlobalPoolNode, PoolNode } from '../ir/types.js';
import { requireParamType } from './exact-activations.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, toBigRaw, type FixedContext, type FixedTensor } from './values.js';
import { checkWindow, windowsOf, type WindowAttrs, type Windows } from './windows.js';

function poolAttrs(n: PoolNode): WindowAttrs {
  const s = n.attrs.kernel?.length ?? 0;
  return { kernel: n.attrs.kernel, strides: n.attrs.strides, dilations: new Array<number>(s).fill(1), pads: n.attrs.pads };
}

/** A global pool is one window over every spatial position. */
function globalWindows(x: readonly number[]): Windows {
  const taps = x.slice(0, -1).reduce((a, b) => a * b, 1);
  const idx = Int32Array.from({ length: taps }, (_, i) => i);
  return { outSpatial: [], outCount: 1, kernelSize: taps, start: Int32Array.of(0, taps), inPos: idx, kPos: idx, maxTaps: taps };
}

/** Pool windows and, per output position, the count its average divides by. */
export function poolWindows(n: PoolNode | GlobalPoolNode, x: readonly number[]): { win: Windows; counts: Int32Array } {
  const win = n.op === 'maxpool' || n.op === 'avgpool' ? windowsOf(n, x, poolAttrs(n)) : globalWindows(x);
  const full = (n.op === 'avgpool' || n.op === 'maxpool') && n.attrs.countIncludePad;
  const counts = Int32Array.from({ length: win.outCount }, (_, o) => (full ? win.kernelSize : win.start[o + 1]! - win.start[o]!));
  return { win, counts };
}

/** The distinct counts of a pool's windows (each gets its own constant q(1/count)). */
export function distinctCounts(n: PoolNode | GlobalPoolNode, x: readonly number[]): number[] {
  return [...new Set(poolWindows(n, x).counts)].sort((a, b) => a - b);
}

function checkGlobal(n: GlobalPoolNode, x: readonly number[]): number[] {
  if (x.length < 2 || x.length > 3) {
    throw new HlsnetError('E501', `${n.op} expects x [L, C] or [H, W, C] (channels-last), got [${x}]`, { subject: `node '${n.name}' (${n.op})` });
  }
  return [x.at(-1)!];
}

function evalFloat(n: PoolNode | GlobalPoolNode, x: Float64Array, xs: readonly number[]): Float64Array {
  const { win, counts } = poolWindows(n, xs);
  const nc = xs.at(-1)!;
  const isMax = n.op === 'maxpool' || n.op === 'global_maxpool';
  const y = new Float64Array(win.outCount * nc);
  for (let o = 0; o < win.outCount; o++) {
    for (let c = 0; c < nc; c++) {
      let v = isMax ? -Infinity : 0;
      for (let t = win.start[o]!; t < win.start[o + 1]!; t++) {
        const xv = x[win.inPos[t]! * nc + c]!;
        v = isMax ? Math.max(v, xv) : v + xv;
      }
      y[o * nc + c] = isMax ? v : v / counts[o]!;
    }
  }
  return y;
}

function evalFixed(n: PoolNode | GlobalPoolNode, x: FixedTensor, out: FixedType, xs: readonly number[], ctx: FixedContext): FixedTensor {
  const { win, counts } = poolWindows(n, xs);
  const nc = xs.at(-1)!;
  const fx = fracBits(x.type);
  if (n.op === 'maxpool' || n.op === 'global_maxpool') {
    if (ctx.mode === 'auto' && isNumberRaw(x.raw) && magnitudeBits(x.type) + Math.max(0, fracBits(out) - fx) <= SAFE_BITS && out.width <= SAFE_BITS) {
      const xr = x.raw;
      const y = new Float64Array(win.outCount * nc);
      for (let o = 0; o < win.outCount; o++) {
        for (let c = 0; c < nc; c++) {
          let m = -Infinity;
          for (let t = win.start[o]!; t < win.start[o + 1]!; t++) m = Math.max(m, xr[win.inPos[t]! * nc + c]!);
          y[o * nc + c] = quantizeNumber(m, fx, out);
        }
      }
      return { type: out, raw: y };
    }
    const xr = toBigRaw(x.raw);
    const y = new Array<bigint>(win.outCount * nc);
    for (let o = 0; o < win.outCount; o++) {
      for (let c = 0; c < nc; c++) {
        let m = xr[win.inPos[win.start[o]!]! * nc + c]!;
        for (let t = win.start[o]! + 1; t < win.start[o + 1]!; t++) { const v = xr[win.inPos[t]! * nc + c]!; if (v > m) m = v; }
        y[o * nc + c] = quantize(m, fx, out);
      }
    }
    return { type: out, raw: y };
  }
  return { type: out, raw: average(n, x, out, win, counts, nc, ctx) };
}

/** sum = Σ quantize(x, accum) modulo 2^W(accum) (exact by default); y = quantize(sum · q(1/count), out). */
function average(n: PoolNode | GlobalPoolNode, x: FixedTensor, out: FixedType, win: Windows, counts: Int32Array, nc: number, ctx: FixedContext): FixedTensor['raw'] {
  const acc = n.attrs.accum;
  if (!acc) throw new HlsnetError('E504', `${n.op} accumulator type is not set`, { subject: `node '${n.name}' (${n.op})`, hint: 'run the precision passes (convert does)' });
  const pt = requireParamType(n, n.attrs.paramType);
  const fx = fracBits(x.type);
  const fa = fracBits(acc);
  const fy = fa + fracBits(pt);
  const wrap: FixedType = { ...acc, rounding: 'TRN', overflow: 'WRAP' };
  const inv = new Map<number, bigint>();
  for (const k of counts) if (!inv.has(k)) inv.set(k, fromFloat(1 / k, pt));
  const ok = ctx.mode === 'auto' && isNumberRaw(x.raw) && out.width <= SAFE_BITS &&
    magnitudeBits(x.type) + Math.max(0, fa - fx) <= SAFE_BITS &&
    magnitudeBits(acc) + Math.ceil(Math.log2(win.maxTaps + 2)) <= SAFE_BITS &&
    magnitudeBits(acc) + magnitudeBits(pt) <= SAFE_BITS;
  if (ok) {
    const xr = x.raw as Float64Array;
    const q = Float64Array.from(counts, (k) => Number(inv.get(k)!));
    const y = new Float64Array(win.outCount * nc);
    for (let o = 0; o < win.outCount; o++) {
      for (let c = 0; c < nc; c++) {
        let s = 0;
        for (let t = win.start[o]!; t < win.start[o + 1]!; t++) s += quantizeNumber(xr[win.inPos[t]! * nc + c]!, fx, acc);
        y[o * nc + c] = quantizeNumber(quantizeNumber(s, fa, wrap) * q[o]!, fy, out);
      }
    }
    return y;
  }
  const xr = toBigRaw(x.raw);
  const y = new Array<bigint>(win.outCount * nc);
  for (let o = 0; o < win.outCount; o++) {
    const q = inv.get(counts[o]!)!;
    for (let c = 0; c < nc; c++) {
      let s = 0n;
      for (let t = win.start[o]!; t < win.start[o + 1]!; t++) s += quantize(xr[win.inPos[t]! * nc + c]!, fx, acc);
      y[o * nc + c] = quantize(quantize(s, fa, wrap) * q, fy, out);
    }
  }
  return y;
}

export const pool: OpDef<PoolNode> = {
  inferShapes: (n, [x]) => [[...checkWindow(n, x!, poolAttrs(n), true), x!.at(-1)!]],
  evalFloat: (n, [x], [xs]) => [evalFloat(n, x!, xs!)],
  evalFixed: (n, [x], [out], [xs], ctx) => [evalFixed(n, x!, out!, xs!, ctx)],
};

export const globalPool: OpDef<GlobalPoolNode> = {
  inferShapes: (n, [x]) => [checkGlobal(n, x!)],
  evalFloat: (n, [x], [xs]) => [evalFloat(n, x!, xs!)],
  evalFixed: (n, [x], [out], [xs], ctx) => [evalFixed(n, x!, out!, xs!, ctx)],
};
