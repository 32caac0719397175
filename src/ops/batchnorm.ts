// Batch normalization kept as a per-channel scale and shift (when it cannot be folded into the
// layer before it): the dense contract with one product per output (ir/OPS.md).
import { HlsnetError } from '../diagnostics/errors.js';
import { quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits } from '../fixed/types.js';
import type { BatchNormNode } from '../ir/types.js';
import type { OpDef } from './types.js';
import { isNumberRaw, magnitudeBits, SAFE_BITS, toBigRaw } from './values.js';

export const batchnorm: OpDef<BatchNormNode> = {
  inferShapes(n, [x, scale, shift]) {
    const c = x!.length ? x![x!.length - 1]! : 1;
    for (const s of [scale!, shift!]) {
      if (s.length !== 1 || s[0] !== c) {
        throw new HlsnetError('E501', `batchnorm scale and shift must be [${c}] (the last axis of [${x}]), got [${s}]`, { subject: `node '${n.name}' (batchnorm)` });
      }
    }
    return [[...x!]];
  },

  evalFloat(_n, [x, scale, shift]) {
    const c = scale!.length;
    return [x!.map((v, i) => v * scale![i % c]! + shift![i % c]!)];
  },

  evalFixed(n, [x, scale, shift], [out], _s, ctx) {
    const acc = n.attrs.accum;
    if (!acc) throw new HlsnetError('E504', 'batchnorm accumulator type is not set', { subject: `node '${n.name}' (batchnorm)` });
    const c = scale!.raw.length;
    const fp = fracBits(x!.type) + fracBits(scale!.type);
    const fb = fracBits(shift!.type);
    const fa = fracBits(acc);
    const wrap = { ...acc, rounding: 'TRN', overflow: 'WRAP' } as const;
    const bitsOk = magnitudeBits(x!.type) + magnitudeBits(scale!.type) + Math.max(0, fa - fp) <= SAFE_BITS &&
      magnitudeBits(shift!.type) + Math.max(0, fa - fb) <= SAFE_BITS && magnitudeBits(acc) + 1 <= SAFE_BITS && out!.width <= SAFE_BITS;
    if (ctx.mode === 'auto' && bitsOk && isNumberRaw(x!.raw) && isNumberRaw(scale!.raw) && isNumberRaw(shift!.raw)) {
      const [xr, sr, tr] = [x!.raw, scale!.raw, shift!.raw];
      const y = new Float64Array(xr.length);
      for (let i = 0; i < xr.length; i++) {
        const k = i % c;
        // Both terms in accum (rounded by its mode), the sum wrapped at its width, then one cast.
        const sum = quantizeNumber(xr[i]! * sr[k]!, fp, acc) + quantizeNumber(tr[k]!, fb, acc);
        y[i] = quantizeNumber(quantizeNumber(sum, fa, wrap), fa, out!);
      }
      return [{ type: out!, raw: y }];
    }
    const [xr, sr, tr] = [toBigRaw(x!.raw), toBigRaw(scale!.raw), toBigRaw(shift!.raw)];
    return [{
      type: out!,
      raw: xr.map((v, i) => {
        const sum = quantize(v * sr[i % c]!, fp, acc) + quantize(tr[i % c]!, fb, acc);
        return quantize(quantize(sum, fa, wrap), fa, out!);
      }),
    }];
  },
};
