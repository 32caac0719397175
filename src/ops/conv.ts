// Convolution (1-D and 2-D, channels-last, groups 1 or depthwise): every output element is the
// dense contract of ir/OPS.md over its window; padded taps are absent (they add exactly 0).
import { HlsnetError } from '../diagnostics/errors.js';
import { maxRawNumber, minRawNumber, quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import type { ConvNode } from '../ir/types.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, toBigRaw, type FixedTensor } from './values.js';
import { checkWindow, windowsOf, type WindowAttrs, type Windows } from './windows.js';

const subjectOf = (n: ConvNode): string => `node '${n.name}' (conv)`;

interface ConvDims { readonly c: number; readonly cg: number; readonly f: number; readonly groups: number }

function windowAttrs(n: ConvNode, w: readonly number[]): WindowAttrs {
  return { kernel: w.slice(0, w.length - 2), strides: n.attrs.strides, dilations: n.attrs.dilations, pads: n.attrs.pads };
}

/** Shape and attribute consistency (E501 naming the node); the output shape. */
export function convShape(n: ConvNode, x: readonly number[], w: readonly number[], b?: readonly number[]): number[] {
  const fail = (m: string): never => { throw new HlsnetError('E501', m, { subject: subjectOf(n) }); };
  if (w.length !== x.length + 1) fail(`conv expects W [k.., C/groups, F] of rank ${x.length + 1} for x [${x}], got W [${w}]`);
  const out = checkWindow(n, x, windowAttrs(n, w), false);
  const c = x.at(-1)!;
  const g = n.attrs.groups;
  const [cg, f] = [w.at(-2)!, w.at(-1)!];
  if (g !== 1 && g !== c) fail(`groups must be 1 or C = ${c} (depthwise), got ${JSON.stringify(g)}`);
  if (cg * g !== c) fail(`W [${w}] must have C/groups = ${c / g} input channels, got ${cg}`);
  if (f % g !== 0) fail(`F = ${f} output channels must be a multiple of groups = ${g}`);
  if (b && (b.length !== 1 || b[0] !== f)) fail(`conv bias must be [${f}], got [${b}]`);
  return [...out, f];
}

function convDims(n: ConvNode, x: readonly number[], w: readonly number[]): ConvDims {
  return { c: x.at(-1)!, cg: w.at(-2)!, f: w.at(-1)!, groups: n.attrs.groups };
}

/** chanBase[f]: the first input channel of output channel f's group. */
function chanBases(d: ConvDims): Int32Array {
  const m = d.f / d.groups;
  return Int32Array.from({ length: d.f }, (_, f) => Math.floor(f / m) * d.cg);
}

function wrapOnly(t: FixedType): FixedType {
  return { ...t, rounding: 'TRN', overflow: 'WRAP' };
}

/** As dense: every intermediate of the double path stays below 2^52 in magnitude. */
function numberPathOk(x: FixedType, w: FixedType, b: FixedType | undefined, acc: FixedType, out: FixedType, terms: number): boolean {
  if (out.width > SAFE_BITS) return false;
  const fp = fracBits(x) + fracBits(w);
  if (magnitudeBits(x) + magnitudeBits(w) + Math.max(0, fracBits(acc) - fp) > SAFE_BITS) return false;
  if (b && magnitudeBits(b) + Math.max(0, fracBits(acc) - fracBits(b)) > SAFE_BITS) return false;
  return magnitudeBits(acc) + Math.ceil(Math.log2(terms + 2)) <= SAFE_BITS;
}

export const conv: OpDef<ConvNode> = {
  inferShapes: (n, [x, w, b]) => [convShape(n, x!, w!, b)],

  evalFloat(n, [x, w, b], [xs, ws]) {
    const win = windowsOf(n, xs!, windowAttrs(n, ws!));
    const d = convDims(n, xs!, ws!);
    const base = chanBases(d);
    const y = new Float64Array(win.outCount * d.f);
    const acc = new Float64Array(d.f);
    for (let o = 0; o < win.outCount; o++) {
      for (let f = 0; f < d.f; f++) acc[f] = b ? b[f]! : 0;
      for (let t = win.start[o]!; t < win.start[o + 1]!; t++) {
        const xb = win.inPos[t]! * d.c;
        const wb = win.kPos[t]! * d.cg * d.f;
        for (let c = 0; c < d.cg; c++) {
          const wr = wb + c * d.f;
          for (let f = 0; f < d.f; f++) acc[f]! += x![xb + base[f]! + c]! * w![wr + f]!;
        }
      }
      y.set(acc, o * d.f);
    }
    return [y];
  },

  evalFixed(n, [x, w, b], [out], [xs, ws], ctx) {
    const acc = n.attrs.accum;
    if (!acc) {
      throw new HlsnetError('E504', 'conv accumulator type is not set', {
        subject: subjectOf(n),
        hint: 'run the precision passes (convert does) or set accum in the precision configuration',
      });
    }
    const win = windowsOf(n, xs!, windowAttrs(n, ws!));
    const d = convDims(n, xs!, ws!);
    const useNumber = ctx.mode === 'auto' && isNumberRaw(x!.raw) && isNumberRaw(w!.raw) && (!b || isNumberRaw(b.raw)) &&
      numberPathOk(x!.type, w!.type, b?.type, acc, out!, win.maxTaps * d.cg);
    const raw = useNumber ? convNumber(x!, w!, b, acc, out!, win, d) : convBig(x!, w!, b, acc, out!, win, d);
    return [{ type: out!, raw }];
  },
};

function convNumber(x: FixedTensor, w: FixedTensor, b: FixedTensor | undefined, acc: FixedType, out: FixedType, win: Windows, d: ConvDims): Float64Array {
  const xr = x.raw as Float64Array;
  const wr = w.raw as Float64Array;
  const { c: nc, cg, f: nf } = d;
  const base = chanBases(d);
  const fp = fracBits(x.type) + fracBits(w.type);
  const fa = fracBits(acc);
  const wrap = wrapOnly(acc);
  const bias = new Float64Array(nf);
  if (b) for (let f = 0; f < nf; f++) bias[f] = quantizeNumber((b.raw as Float64Array)[f]!, fracBits(b.type), acc);
  // As dense: when accum keeps every product bit, quantizing a product is only a wrap, which
  // commutes with the sum: add the raw products exactly, then scale and wrap once.
  const exact = fa >= fp && magnitudeBits(x.type) + magnitudeBits(w.type) + Math.ceil(Math.log2(win.maxTaps * cg + 2)) + (fa - fp) <= SAFE_BITS;
  const scale = 2 ** (fa - fp);
  const [accMin, accMax] = [minRawNumber(acc), maxRawNumber(acc)]; // sums in range need no wrap
  const sums = new Float64Array(nf);
  const y = new Float64Array(win.outCount * nf);
  for (let o = 0; o < win.outCount; o++) {
    const [t0, t1] = [win.start[o]!, win.start[o + 1]!];
    if (!exact) sums.set(bias);
    else if (d.groups === 1) macDense(xr, wr, sums, win.inPos, win.kPos, t0, t1, nc, nf);
    else macGrouped(xr, wr, sums, win.inPos, win.kPos, t0, t1, nc, cg, nf, base);
    if (!exact) {
      for (let t = t0; t < t1; t++) {
        const xb = win.inPos[t]! * nc;
        const wb = win.kPos[t]! * cg * nf;
        for (let c = 0; c < cg; c++) {
          for (let f = 0; f < nf; f++) {
            const p = xr[xb + base[f]! + c]! * wr[wb + c * nf + f]!;
            if (p !== 0) sums[f]! += quantizeNumber(p, fp, acc);
          }
        }
      }
    }
    const yo = o * nf;
    for (let f = 0; f < nf; f++) {
      // Exact path: bias and product sum are each below 2^52, so their sum is exact; wrap once.
      const s = exact ? bias[f]! + sums[f]! * scale : sums[f]!;
      y[yo + f] = quantizeNumber(s >= accMin && s <= accMax ? s : quantizeNumber(s, fa, wrap), fa, out);
    }
  }
  return y;
}

/** sums[f] = Σ x·w over taps t0..t1 of one window, groups = 1 (raw products, exact in doubles). */
function macDense(
  xr: Float64Array, wr: Float64Array, sums: Float64Array, inPos: Int32Array, kPos: Int32Array,
  t0: number, t1: number, nc: number, nf: number,
): void {
  sums.fill(0);
  for (let t = t0; t < t1; t++) {
    const xb = inPos[t]! * nc;
    let wrow = kPos[t]! * nc * nf;
    for (let c = 0; c < nc; c++, wrow += nf) {
      const xv = xr[xb + c]!;
      if (xv === 0) continue;
      for (let f = 0; f < nf; f++) sums[f] = sums[f]! + xv * wr[wrow + f]!;
    }
  }
}

/** As macDense for groups > 1: output channel f reads input channel base[f] + c. */
function macGrouped(
  xr: Float64Array, wr: Float64Array, sums: Float64Array, inPos: Int32Array, kPos: Int32Array,
  t0: number, t1: number, nc: number, cg: number, nf: number, base: Int32Array,
): void {
  sums.fill(0);
  for (let t = t0; t < t1; t++) {
    const xb = inPos[t]! * nc;
    let wrow = kPos[t]! * cg * nf;
    for (let c = 0; c < cg; c++, wrow += nf) {
      for (let f = 0; f < nf; f++) sums[f] = sums[f]! + xr[xb + base[f]! + c]! * wr[wrow + f]!;
    }
  }
}

function convBig(x: FixedTensor, w: FixedTensor, b: FixedTensor | undefined, acc: FixedType, out: FixedType, win: Windows, d: ConvDims): bigint[] {
  const xr = toBigRaw(x.raw);
  const wr = toBigRaw(w.raw);
  const { c: nc, cg, f: nf } = d;
  const base = chanBases(d);
  const fp = fracBits(x.type) + fracBits(w.type);
  const fa = fracBits(acc);
  const wrap = wrapOnly(acc);
  const bias = b ? toBigRaw(b.raw).map((v) => quantize(v, fracBits(b.type), acc)) : new Array<bigint>(nf).fill(0n);
  const y = new Array<bigint>(win.outCount * nf);
  for (let o = 0; o < win.outCount; o++) {
    for (let f = 0; f < nf; f++) {
      let s = bias[f]!;
      for (let t = win.start[o]!; t < win.start[o + 1]!; t++) {
        const xb = win.inPos[t]! * nc + base[f]!;
        const wb = win.kPos[t]! * cg * nf + f;
        for (let c = 0; c < cg; c++) {
          const wv = wr[wb + c * nf]!;
          if (wv !== 0n) s += quantize(xr[xb + c]! * wv, fp, acc);
        }
      }
      y[o * nf + f] = quantize(quantize(s, fa, wrap), fa, out);
    }
  }
  return y;
}
