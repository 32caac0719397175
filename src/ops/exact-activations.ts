// Table-free activations computed exactly on the raw input and cast once to the output type:
// clip (ReLU6, HardTanh), leaky_relu, prelu, thresholded_relu, hard_sigmoid, hard_swish.
import { HlsnetError } from '../diagnostics/errors.js';
import { fromFloat, quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import type { ClipNode, HardSigmoidNode, HardSwishNode, LeakyReluNode, Node, PreluNode, ThresholdedReluNode } from '../ir/types.js';
import { hardSigmoid, hardSwish } from './functions.js';
import { mapFloat, sameShape } from './elementwise.js';
import { checkDomain, domainOfType } from './tables.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, type FixedContext, type FixedTensor } from './values.js';

const subjectOf = (n: Node): string => `node '${n.name}' (${n.op})`;

/** Raw inputs as doubles: these ops take inputs of at most 48 bits (like the tables). */
function inputRaw(n: Node, x: FixedTensor): Float64Array {
  checkDomain(domainOfType(x.type), subjectOf(n));
  return isNumberRaw(x.raw) ? x.raw : Float64Array.from(x.raw, Number);
}

/** y_i = quantize(v_i · 2^-frac, out) where v_i = value(r_i) is exact: doubles while `bits` allow, else BigInt. */
function mapExact(
  n: Node, x: FixedTensor, out: FixedType, ctx: FixedContext, bits: number,
  valueN: (r: number, i: number) => { raw: number; frac: number },
  valueB: (r: bigint, i: number) => { raw: bigint; frac: number },
): FixedTensor {
  const r = inputRaw(n, x);
  if (ctx.mode === 'auto' && bits <= SAFE_BITS && out.width <= SAFE_BITS) {
    const y = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) {
      const v = valueN(r[i]!, i);
      y[i] = quantizeNumber(v.raw, v.frac, out);
    }
    return { type: out, raw: y };
  }
  return { type: out, raw: Array.from(r, (ri, i) => { const v = valueB(BigInt(ri), i); return quantize(v.raw, v.frac, out); }) };
}

/** mapExact on BigInt always (the exact sums align fractions), handing back doubles on the auto path. */
function bigintMap(n: Node, x: FixedTensor, out: FixedType, ctx: FixedContext, value: (r: bigint) => { raw: bigint; frac: number }): FixedTensor {
  const y = mapExact(n, x, out, { mode: 'bigint' }, Infinity, () => ({ raw: 0, frac: 0 }), value);
  return ctx.mode === 'auto' && out.width <= SAFE_BITS ? { type: out, raw: Float64Array.from(y.raw as bigint[], Number) } : y;
}

export function requireParamType(n: Node, t: FixedType | undefined): FixedType {
  if (!t) throw new HlsnetError('E504', 'parameter type not set (the precision passes set it)', { subject: subjectOf(n) });
  return t;
}

/** Exact comparison thresholds on raw inputs: x < min ⇔ r < ceil(min·2^F); x > max ⇔ r > floor(max·2^F). */
export function clipThresholds(n: ClipNode, frac: number): { lo: number; hi: number } {
  const lo = n.attrs.min === undefined ? -Infinity : Math.ceil(n.attrs.min * 2 ** frac);
  const hi = n.attrs.max === undefined ? Infinity : Math.floor(n.attrs.max * 2 ** frac);
  return { lo, hi };
}

export const clip: OpDef<ClipNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (n, [x]) => [mapFloat(x!, (v) => Math.min(Math.max(v, n.attrs.min ?? -Infinity), n.attrs.max ?? Infinity))],
  evalFixed(n, [x], [out], _s, ctx) {
    const f = fracBits(x!.type);
    const { lo, hi } = clipThresholds(n, f);
    // A clamped value is the bound itself, quantized once: it need not lie on the input grid.
    const yMin = n.attrs.min === undefined ? 0n : fromFloat(n.attrs.min, out!);
    const yMax = n.attrs.max === undefined ? 0n : fromFloat(n.attrs.max, out!);
    const big = (r: bigint): bigint => (Number(r) < lo ? yMin : Number(r) > hi ? yMax : quantize(r, f, out!));
    const r = inputRaw(n, x!);
    if (ctx.mode === 'auto' && out!.width <= SAFE_BITS) {
      const [nMin, nMax] = [Number(yMin), Number(yMax)];
      return [{ type: out!, raw: r.map((v) => (v < lo ? nMin : v > hi ? nMax : quantizeNumber(v, f, out!))) }];
    }
    return [{ type: out!, raw: Array.from(r, (v) => big(BigInt(v))) }];
  },
};

export const thresholdedRelu: OpDef<ThresholdedReluNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (n, [x]) => [mapFloat(x!, (v) => (v > n.attrs.alpha ? v : 0))],
  evalFixed(n, [x], [out], _s, ctx) {
    const f = fracBits(x!.type);
    const t = Math.floor(n.attrs.alpha * 2 ** f);
    return [mapExact(n, x!, out!, ctx, magnitudeBits(x!.type),
      (r) => ({ raw: r > t ? r : 0, frac: f }), (r) => ({ raw: Number(r) > t ? r : 0n, frac: f }))];
  },
};

/** x for x ≥ 0, a·x otherwise, with a per element from `alphas` (raw values of `pt`). */
function negativeSlope(n: Node, x: FixedTensor, out: FixedType, ctx: FixedContext, pt: FixedType, alphas: readonly bigint[]): FixedTensor {
  const f = fracBits(x.type);
  const fp = f + fracBits(pt);
  const an = alphas.map(Number);
  const len = alphas.length;
  return mapExact(n, x, out, ctx, magnitudeBits(x.type) + magnitudeBits(pt),
    (r, i) => (r >= 0 ? { raw: r, frac: f } : { raw: r * an[i % len]!, frac: fp }),
    (r, i) => (r >= 0n ? { raw: r, frac: f } : { raw: r * alphas[i % len]!, frac: fp }));
}

export const leakyRelu: OpDef<LeakyReluNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (n, [x]) => [mapFloat(x!, (v) => (v >= 0 ? v : n.attrs.alpha * v))],
  evalFixed(n, [x], [out], _s, ctx) {
    const pt = requireParamType(n, n.attrs.paramType);
    return [negativeSlope(n, x!, out!, ctx, pt, [fromFloat(n.attrs.alpha, pt)])];
  },
};

export const prelu: OpDef<PreluNode> = {
  inferShapes(n, [x, slope]) {
    const len = slope!.reduce((a, b) => a * b, 1);
    const full = x!.reduce((a, b) => a * b, 1);
    if (len !== 1 && len !== full && !(slope!.length === 1 && slope![0] === x![x!.length - 1])) {
      throw new HlsnetError('E501', `prelu slope of shape [${slope}] must be [1], [${x!.at(-1)}] (per channel) or [${x}]`, { subject: subjectOf(n) });
    }
    return [[...x!]];
  },
  evalFloat: (_n, [x, slope]) => [mapFloat(x!, (v) => v)].map((y) => {
    for (let i = 0; i < y.length; i++) if (y[i]! < 0) y[i] = y[i]! * slope![i % slope!.length]!;
    return y;
  }),
  evalFixed(n, [x, slope], [out], _s, ctx) {
    const alphas = isNumberRaw(slope!.raw) ? Array.from(slope!.raw, (v) => BigInt(v)) : slope!.raw;
    return [negativeSlope(n, x!, out!, ctx, slope!.type, alphas)];
  },
};

/** clamp(a·x + b, 0, 1) as an exact raw value at frac fv (a, b raw values of pt). */
function hardSigmoidRaw(r: bigint, f: number, a: bigint, b: bigint, pt: FixedType): { raw: bigint; frac: number } {
  const fp = fracBits(pt);
  const fv = Math.max(f + fp, fp);
  const v = r * a * 2n ** BigInt(fv - f - fp) + b * 2n ** BigInt(fv - fp);
  const one = 2n ** BigInt(fv);
  return { raw: v < 0n ? 0n : v > one ? one : v, frac: fv };
}

export const hardSigmoidOp: OpDef<HardSigmoidNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (n, [x]) => [mapFloat(x!, (v) => hardSigmoid(v, n.attrs.alpha, n.attrs.beta))],
  evalFixed(n, [x], [out], _s, ctx) {
    const pt = requireParamType(n, n.attrs.paramType);
    const [a, b] = [fromFloat(n.attrs.alpha, pt), fromFloat(n.attrs.beta, pt)];
    const f = fracBits(x!.type);
    return [bigintMap(n, x!, out!, ctx, (r) => hardSigmoidRaw(r, f, a, b, pt))];
  },
};

export const hardSwishOp: OpDef<HardSwishNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (_n, [x]) => [mapFloat(x!, hardSwish)],
  evalFixed(n, [x], [out], _s, ctx) {
    const pt = requireParamType(n, n.attrs.paramType);
    const [a, b] = [fromFloat(1 / 6, pt), fromFloat(0.5, pt)];
    const f = fracBits(x!.type);
    return [bigintMap(n, x!, out!, ctx, (r) => {
      const h = hardSigmoidRaw(r, f, a, b, pt);
      return { raw: r * h.raw, frac: f + h.frac };
    })];
  },
};
