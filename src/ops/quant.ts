// QONNX quantizers (ir/OPS.md, "QONNX"): quant (IntQuant), bipolar_quant and trunc. Float evaluation is the
// QONNX formula on exact values; fixed evaluation is a cast into the exact ap_fixed type the attributes define.
import { HlsnetError } from '../diagnostics/errors.js';
import { quantize } from '../fixed/quantize.js';
import { fracBits, type FixedType, type Rounding } from '../fixed/types.js';
import type { BipolarQuantNode, QonnxRounding, QuantNode, TruncNode } from '../ir/types.js';
import { castEach, mapFloat, sameShape } from './elementwise.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS } from './values.js';

/** QONNX rounding to an integer, as its reference implementation (numpy) defines each mode. */
export function qonnxRound(v: number, mode: QonnxRounding): number {
  const a = Math.abs(v);
  switch (mode) {
    case 'ROUND': case 'HALF_EVEN': {
      const f = Math.floor(v);
      const d = v - f;
      return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
    }
    case 'CEIL': return Math.ceil(v);
    case 'FLOOR': return Math.floor(v);
    case 'UP': return Math.sign(v) * Math.ceil(a);
    case 'DOWN': return Math.trunc(v);
    case 'HALF_UP': return Math.sign(v) * Math.floor(a + 0.5);
    case 'HALF_DOWN': return Math.sign(v) * Math.ceil(a - 0.5);
  }
}

/** The clamp bounds of IntQuant's integer grid (QONNX min_int / max_int). */
export function quantBounds(signed: boolean, narrow: boolean, bits: number): [number, number] {
  const lo = signed ? -(2 ** (bits - 1)) + (narrow ? 1 : 0) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1 - (narrow ? 1 : 0);
  return [lo, hi];
}

/** The IntQuant formula on one value (any scale and zero point): (clamp(round(x/s + z)) − z)·s. */
export function qonnxQuant(x: number, scale: number, zeroPoint: number, bits: number, signed: boolean, narrow: boolean, mode: QonnxRounding): number {
  const [lo, hi] = quantBounds(signed, narrow, bits);
  const q = Math.min(Math.max(qonnxRound(x / scale + zeroPoint, mode), lo), hi);
  return (q - zeroPoint) * scale + 0; // + 0: no negative zero (the fixed simulator has none)
}

/** The ap_fixed rounding mode equal to a QONNX mode on a fixed grid, or undefined (CEIL, UP: none exists). */
export function apRounding(mode: QonnxRounding): Rounding | undefined {
  const map: Record<QonnxRounding, Rounding | undefined> = {
    ROUND: 'RND_CONV', HALF_EVEN: 'RND_CONV', FLOOR: 'TRN', DOWN: 'TRN_ZERO', HALF_UP: 'RND_INF', HALF_DOWN: 'RND_ZERO',
    CEIL: undefined, UP: undefined,
  };
  return map[mode];
}

/** F with scale = 2^-F, or undefined when the scale is not a power of two. */
export function scaleFrac(scale: number): number | undefined {
  if (!(scale > 0) || !Number.isFinite(scale)) return undefined;
  const e = Math.log2(scale);
  return Number.isInteger(e) && 2 ** e === scale ? -e : undefined;
}

/** Why no ap_fixed type expresses this quantizer exactly, or undefined when one does. */
export function quantUnsupported(a: QuantNode['attrs']): string | undefined {
  if (!Number.isInteger(a.bits) || a.bits < 1) return `bit width ${a.bits} is not a positive integer`;
  if (apRounding(a.rounding) === undefined) return `rounding_mode ${a.rounding} has no ap_fixed equivalent`;
  if (!a.signed && a.narrow) return 'unsigned narrow range [0, 2^b − 2] has no ap_fixed equivalent';
  if (scaleFrac(a.scale) === undefined) return `scale ${a.scale} is not a power of two`;
  return undefined;
}

/** The exact output type: (u)fixed<b, b − F, rounding, SAT or SAT_SYM (signed narrow)>. */
export function quantType(n: QuantNode): FixedType {
  const why = quantUnsupported(n.attrs);
  if (why) throw new HlsnetError('E501', `quant ${why}`, { subject: `node '${n.name}' (quant)`, hint: QUANT_SUPPORTED });
  const { bits, signed, narrow, rounding, scale } = n.attrs;
  const f = scaleFrac(scale)!;
  return { signed, width: bits, int: bits - f, rounding: apRounding(rounding)!, overflow: signed && narrow ? 'SAT_SYM' : 'SAT' };
}

export const QUANT_SUPPORTED = 'supported on run-time tensors: a power-of-two scalar scale, zero point 0, rounding_mode ROUND/HALF_EVEN, ' +
  'FLOOR, DOWN, HALF_UP or HALF_DOWN, signed (narrow or not) or unsigned non-narrow (a non-power-of-two scale only where it folds ' +
  'exactly into the dense/conv layers around it); Quant on constants folds with any parameters';

/** ±scale: fixed<2, 2 − F> holds raw ±1 exactly. */
export function bipolarType(n: BipolarQuantNode): FixedType {
  const f = scaleFrac(n.attrs.scale);
  if (f === undefined) throw new HlsnetError('E501', `bipolar_quant scale ${n.attrs.scale} is not a power of two`, { subject: `node '${n.name}' (bipolar_quant)` });
  return { signed: true, width: 2, int: 2 - f, rounding: 'TRN', overflow: 'WRAP' };
}

/**
 * Output: signed, outBits + 2 bits at the scale's F, saturating beyond: R may round a signed input up to
 * 2^(outBits−1) and an unsigned one up to 2^outBits, which both fit, so inputs within inBits never saturate.
 */
export function truncType(n: TruncNode): FixedType {
  const f = scaleFrac(n.attrs.scale);
  const r = apRounding(n.attrs.rounding);
  const subject = `node '${n.name}' (trunc)`;
  if (f === undefined || r === undefined || !(n.attrs.inBits >= n.attrs.outBits) || n.attrs.outBits < 1) {
    throw new HlsnetError('E501', 'trunc needs a power-of-two scale, an ap_fixed rounding mode and 1 <= out_bits <= in_bits', { subject });
  }
  return { signed: true, width: n.attrs.outBits + 2, int: n.attrs.outBits + 2 - f, rounding: r, overflow: 'SAT' };
}

export const quant: OpDef<QuantNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (n, [x]) => {
    const a = n.attrs;
    return [mapFloat(x!, (v) => qonnxQuant(v, a.scale, 0, a.bits, a.signed, a.narrow, a.rounding))];
  },
  evalFixed: (n, [x], _out, _s, ctx) => [castEach(x!, quantType(n), ctx)],
};

export const bipolarQuant: OpDef<BipolarQuantNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (n, [x]) => [mapFloat(x!, (v) => (v >= 0 ? n.attrs.scale : -n.attrs.scale))],
  evalFixed: (n, [x]) => {
    const t = bipolarType(n);
    const r = x!.raw;
    return [{ type: t, raw: isNumberRaw(r) ? r.map((v) => (v >= 0 ? 1 : -1)) : r.map((v) => (v >= 0n ? 1n : -1n)) }];
  },
};

export const trunc: OpDef<TruncNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (n, [x]) => {
    const { scale, inBits, outBits, rounding } = n.attrs;
    const k = 2 ** (inBits - outBits);
    return [mapFloat(x!, (v) => qonnxRound(qonnxRound(v / scale, 'ROUND') / k, rounding) * scale + 0)];
  },
  evalFixed: (n, [x]) => {
    // Step 1 rounds half-even onto the scale's grid (exact when x is on it); step 2 divides by 2^k with R.
    const t = truncType(n);
    const f = fracBits(t);
    const fx = fracBits(x!.type);
    const width = magnitudeBits(x!.type) + Math.max(0, f - fx) + 1;
    const midT: FixedType = { signed: true, width, int: width - f, rounding: 'RND_CONV', overflow: 'WRAP' };
    const k = n.attrs.inBits - n.attrs.outBits;
    const raw = Array.from(x!.raw as ArrayLike<number | bigint>, (v) => quantize(quantize(BigInt(v), fx, midT), f + k, t));
    return [{ type: t, raw: isNumberRaw(x!.raw) && t.width <= SAFE_BITS ? Float64Array.from(raw, Number) : raw }];
  },
};

/** The output type a QONNX quantizer node fixes by itself. */
export function quantizerType(n: QuantNode | BipolarQuantNode | TruncNode): FixedType {
  return n.op === 'quant' ? quantType(n) : n.op === 'bipolar_quant' ? bipolarType(n) : truncType(n);
}
