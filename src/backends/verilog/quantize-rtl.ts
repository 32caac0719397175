// quantize(v, T) of ir/OPS.md as logic: drop fraction bits with T's rounding, then T's overflow rule.
import { fracBits, type FixedType } from '../../fixed/types.js';
import { maxRaw, minRaw } from '../../fixed/quantize.js';
import { bits, extend, literal, sigRange, type ModuleBuilder, type Sig } from './netlist.js';

/** Round a raw value with `frac` fractional bits to `toFrac` (fewer or more) by `rounding`; exact, never overflows. */
export function roundRtl(m: ModuleBuilder, s: Sig, frac: number, toFrac: number, rounding: FixedType['rounding']): Sig {
  const d = frac - toFrac;
  if (d <= 0) {
    if (d === 0) return s;
    return m.wire(s.width - d, s.signed, extend(s, s.width - d, -d), 'q');
  }
  // Widen so that at least one integer bit and the sign survive the shift.
  let x = s;
  if (x.width < d + 2) x = m.wire(d + 2, s.signed, extend(s, d + 2), 'q');
  const fw = x.width - d;
  const floor = bits(x, d, fw);
  const half = bits(x, d - 1, 1);
  const rest = d >= 2 ? `(|${bits(x, 0, d - 1)})` : `1'b0`;
  const neg = x.signed ? bits(x, x.width - 1, 1) : `1'b0`;
  const lsb = bits(x, d, 1);
  let inc: string | undefined;
  switch (rounding) {
    case 'TRN': inc = undefined; break;
    case 'TRN_ZERO': inc = `${neg} & (${half} | ${rest})`; break;
    case 'RND': inc = half; break;
    case 'RND_ZERO': inc = `${half} & (${rest} | ${neg})`; break;
    case 'RND_MIN_INF': inc = `${half} & ${rest}`; break;
    case 'RND_INF': inc = `${half} & (${rest} | ~${neg})`; break;
    case 'RND_CONV': inc = `${half} & (${rest} | ${lsb})`; break;
    default: { const never: never = rounding; throw new Error(`unknown rounding ${String(never)}`); }
  }
  const fl = m.wire(fw, x.signed, floor, 'fl');
  if (inc === undefined) return fl;
  const incSig = m.wire(1, false, inc, 'inc');
  // One more bit: rounding the largest value up must not wrap.
  return m.wire(fw + 1, x.signed, `${extend(fl, fw + 1)} + ${extend(incSig, fw + 1)}`, 'rd');
}

/** Apply T's overflow mode to an integer raw value already on T's grid. */
export function overflowRtl(m: ModuleBuilder, r: Sig, t: FixedType): Sig {
  const W = t.width;
  const [lo, hi] = sigRange(r);
  const min = minRaw(t);
  const max = maxRaw(t);
  const fits = lo >= min && hi <= max;
  if (t.overflow === 'WRAP' || (fits && t.overflow !== 'SAT_SYM')) return m.wire(W, t.signed, extend(r, W), 'y');
  // Compare in a signed width that holds r and T's bounds.
  const cw = Math.max(r.width, W) + 1;
  const rs = m.wire(cw, true, extend(r, cw), 'c');
  const lowBound = t.overflow === 'SAT_SYM' && t.signed ? -max : min;
  const over = hi > max ? `($signed(${rs.name}) > $signed(${literal(max, cw)}))` : `1'b0`;
  const under = lo < lowBound ? `($signed(${rs.name}) < $signed(${literal(lowBound, cw)}))` : `1'b0`;
  const inRange = extend(r, W);
  if (over === `1'b0` && under === `1'b0`) return m.wire(W, t.signed, inRange, 'y');
  switch (t.overflow) {
    case 'SAT':
    case 'SAT_SYM':
      return m.wire(W, t.signed, `${over} ? ${literal(max, W)} : ${under} ? ${literal(lowBound, W)} : ${inRange}`, 'y');
    case 'SAT_ZERO':
      return m.wire(W, t.signed, `(${over} | ${under}) ? ${literal(0n, W)} : ${inRange}`, 'y');
    default:
      throw new Error('unreachable: WRAP handled above');
  }
}

/** quantize(raw · 2^-frac, T): the raw integer of T as a W-bit signal. */
export function quantizeRtl(m: ModuleBuilder, s: Sig, frac: number, t: FixedType): Sig {
  return overflowRtl(m, roundRtl(m, s, frac, fracBits(t), t.rounding), t);
}
