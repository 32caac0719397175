// Dense (fully connected): y = x·W + b with the accumulate-then-cast contract of ir/OPS.md.
import { quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import { HlsnetError } from '../diagnostics/errors.js';
import type { DenseNode } from '../ir/types.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, toBigRaw, type FixedTensor } from './values.js';

function dims(node: DenseNode, shapes: readonly (readonly number[])[]): { nIn: number; nOut: number } {
  const w = shapes[1]!;
  return { nIn: w[0]!, nOut: w[1]! };
}

/** The accumulator with rounding ignored: once products are in accum_t, sums are exact modulo 2^W. */
function wrapOnly(t: FixedType): FixedType {
  return { ...t, rounding: 'TRN', overflow: 'WRAP' };
}

function numberPathOk(x: FixedType, w: FixedType, b: FixedType | undefined, acc: FixedType, out: FixedType, nIn: number): boolean {
  if (out.width > SAFE_BITS) return false;
  const fp = fracBits(x) + fracBits(w);
  const prodBits = magnitudeBits(x) + magnitudeBits(w);
  const shiftUp = Math.max(0, fracBits(acc) - fp);
  if (prodBits + shiftUp > SAFE_BITS) return false;
  if (b && magnitudeBits(b) + Math.max(0, fracBits(acc) - fracBits(b)) > SAFE_BITS) return false;
  return magnitudeBits(acc) + Math.ceil(Math.log2(nIn + 2)) <= SAFE_BITS;
}

export const dense: OpDef<DenseNode> = {
  inferShapes(node, shapes) {
    const x = shapes[0]!;
    const w = shapes[1]!;
    if (x.length !== 1 || w.length !== 2 || w[0] !== x[0]) {
      throw new HlsnetError('E501', `dense expects x [K] and W [K, N], got x [${x}] and W [${w}]`, {
        subject: `node '${node.name}' (dense)`,
      });
    }
    const b = shapes[2];
    if (b && (b.length !== 1 || b[0] !== w[1])) {
      throw new HlsnetError('E501', `dense bias must be [${w[1]}], got [${b}]`, { subject: `node '${node.name}' (dense)` });
    }
    return [[w[1]!]];
  },

  evalFloat(node, [x, w, b], shapes) {
    const { nIn, nOut } = dims(node, shapes);
    const y = new Float64Array(nOut);
    for (let j = 0; j < nOut; j++) y[j] = b ? b[j]! : 0;
    for (let i = 0; i < nIn; i++) {
      const xi = x![i]!;
      if (xi === 0) continue;
      const row = i * nOut;
      for (let j = 0; j < nOut; j++) y[j]! += xi * w![row + j]!;
    }
    return [y];
  },

  evalFixed(node, [x, w, b], [outType], shapes, ctx) {
    const acc = node.attrs.accum;
    if (!acc) {
      throw new HlsnetError('E504', 'dense accumulator type is not set', {
        subject: `node '${node.name}' (dense)`,
        hint: 'run the precision passes (convert does) or set accum in the precision configuration',
      });
    }
    const { nIn, nOut } = dims(node, shapes);
    const useNumber =
      ctx.mode === 'auto' &&
      isNumberRaw(x!.raw) &&
      isNumberRaw(w!.raw) &&
      (!b || isNumberRaw(b.raw)) &&
      numberPathOk(x!.type, w!.type, b?.type, acc, outType!, nIn);
    const raw = useNumber ? denseNumber(x!, w!, b, acc, outType!, nIn, nOut) : denseBig(x!, w!, b, acc, outType!, nIn, nOut);
    return [{ type: outType!, raw }];
  },
};

function denseNumber(
  x: FixedTensor, w: FixedTensor, b: FixedTensor | undefined, acc: FixedType, out: FixedType, nIn: number, nOut: number,
): Float64Array {
  const xr = x.raw as Float64Array;
  const wr = w.raw as Float64Array;
  const fp = fracBits(x.type) + fracBits(w.type);
  const fa = fracBits(acc);
  const sums = new Float64Array(nOut);
  if (b) {
    const br = b.raw as Float64Array;
    for (let j = 0; j < nOut; j++) sums[j] = quantizeNumber(br[j]!, fracBits(b.type), acc);
  }
  // When accum_t keeps every product bit (F(acc) >= F(x)+F(w)), quantizing a product into it
  // is only a wrap, and wrapping commutes with the sum: add raw products, scale, wrap once.
  const exactProducts = fa >= fp && magnitudeBits(x.type) + magnitudeBits(w.type) + Math.ceil(Math.log2(nIn + 2)) + (fa - fp) <= SAFE_BITS;
  const prods = exactProducts ? new Float64Array(nOut) : sums;
  for (let i = 0; i < nIn; i++) {
    const xi = xr[i]!;
    if (exactProducts && xi === 0) continue;
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) {
      const wij = wr[row + j]!;
      if (wij === 0) continue; // a pruned weight contributes exactly zero
      if (exactProducts) prods[j]! += xi * wij;
      else sums[j]! += quantizeNumber(xi * wij, fp, acc);
    }
  }
  if (exactProducts) {
    const scale = 2 ** (fa - fp);
    const wrapFirst = wrapOnly(acc);
    for (let j = 0; j < nOut; j++) sums[j]! += quantizeNumber(prods[j]! * scale, fa, wrapFirst);
  }
  const wrap = wrapOnly(acc);
  const y = new Float64Array(nOut);
  for (let j = 0; j < nOut; j++) y[j] = quantizeNumber(quantizeNumber(sums[j]!, fa, wrap), fa, out);
  return y;
}

function denseBig(
  x: FixedTensor, w: FixedTensor, b: FixedTensor | undefined, acc: FixedType, out: FixedType, nIn: number, nOut: number,
): bigint[] {
  const xr = toBigRaw(x.raw);
  const wr = toBigRaw(w.raw);
  const fp = fracBits(x.type) + fracBits(w.type);
  const fa = fracBits(acc);
  const sums = new Array<bigint>(nOut).fill(0n);
  if (b) {
    const br = toBigRaw(b.raw);
    for (let j = 0; j < nOut; j++) sums[j] = quantize(br[j]!, fracBits(b.type), acc);
  }
  for (let i = 0; i < nIn; i++) {
    const xi = xr[i]!;
    const row = i * nOut;
    for (let j = 0; j < nOut; j++) {
      const wij = wr[row + j]!;
      if (wij === 0n) continue;
      sums[j]! += quantize(xi * wij, fp, acc);
    }
  }
  const wrap = wrapOnly(acc);
  return sums.map((s) => quantize(quantize(s, fa, wrap), fa, out));
}
