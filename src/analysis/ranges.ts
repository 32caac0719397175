// Exact interval arithmetic over the fixed-point graph: for each op, the interval that holds every value
// its output can take given its inputs' intervals and the actual constants, and whether the op computes
// that value exactly (dense, merges, relu, ...) or through a table (sigmoid, softmax: bounded, not exact).
import { HlsnetError } from '../diagnostics/errors.js';
import { fromFloat, maxRaw, minRaw } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import { typeOf } from '../ir/graph.js';
import type { Graph, Node } from '../ir/types.js';
import { assertNever } from '../ir/types.js';
import { averageConstant } from '../ops/merge.js';
import { distinctCounts, poolWindows } from '../ops/pool.js';

/** The values [lo·2^-frac, hi·2^-frac]. */
export interface Interval { readonly lo: bigint; readonly hi: bigint; readonly frac: number }

/** An op's output interval; `exact` when every output value has at most `frac` fractional bits. */
export interface OpRange { readonly range: Interval; readonly exact: boolean }

const min = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const max = (a: bigint, b: bigint): bigint => (a > b ? a : b);

export function typeRange(t: FixedType): Interval {
  return { lo: minRaw(t), hi: maxRaw(t), frac: fracBits(t) };
}

/** `a` at `frac` fractional bits (frac >= a.frac: exact). */
export function atFrac(a: Interval, frac: number): Interval {
  const s = BigInt(frac - a.frac);
  if (s < 0n) throw new Error('atFrac: would round');
  return { lo: a.lo << s, hi: a.hi << s, frac };
}

export function union(xs: readonly Interval[]): Interval {
  const f = Math.max(...xs.map((x) => x.frac));
  const a = xs.map((x) => atFrac(x, f));
  return { lo: a.map((x) => x.lo).reduce(min), hi: a.map((x) => x.hi).reduce(max), frac: f };
}

function add(a: Interval, b: Interval): Interval {
  const f = Math.max(a.frac, b.frac);
  const [x, y] = [atFrac(a, f), atFrac(b, f)];
  return { lo: x.lo + y.lo, hi: x.hi + y.hi, frac: f };
}

function neg(a: Interval): Interval {
  return { lo: -a.hi, hi: -a.lo, frac: a.frac };
}

function mul(a: Interval, b: Interval): Interval {
  const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
  return { lo: p.reduce(min), hi: p.reduce(max), frac: a.frac + b.frac };
}

function clamp(a: Interval, lo: bigint, hi: bigint): Interval {
  return { lo: min(max(a.lo, lo), hi), hi: min(max(a.hi, lo), hi), frac: a.frac };
}

/** A constant tensor's values in its type: the interval of the quantized data. */
function constantRange(g: Graph, name: string): Interval {
  const t = typeOf(g, name);
  const raw = g.tensors[name]!.data!.map((v) => fromFloat(v, t));
  return { lo: raw.reduce(min, raw[0] ?? 0n), hi: raw.reduce(max, raw[0] ?? 0n), frac: fracBits(t) };
}

/** A float interval as raw bounds at `frac`, rounded outwards. */
function floatRange(lo: number, hi: number, frac: number): Interval {
  const s = 2 ** frac;
  return { lo: BigInt(Math.floor(lo * s)), hi: BigInt(Math.ceil(hi * s)), frac };
}

const toFloat = (v: bigint, frac: number): number => Number(v) / 2 ** frac;

/** Dense/conv/batchnorm: per output j, sum_i of the extreme products w_ij·x plus b_j (the exact accumulator's bound). */
function weighted(g: Graph, n: Node, x: Interval, nIn: number, nOut: number, partial = false): Interval {
  const tw = typeOf(g, n.inputs[1]!);
  const w = g.tensors[n.inputs[1]!]!.data!.map((v) => fromFloat(v, tw));
  const b = n.inputs[2] ? constantRangeValues(g, n.inputs[2]) : undefined;
  const fp = x.frac + fracBits(tw);
  const f = Math.max(fp, b?.frac ?? fp);
  const up = BigInt(f - fp);
  let lo = 0n;
  let hi = 0n;
  for (let j = 0; j < nOut; j++) {
    let l = b ? b.raw[j]! << BigInt(f - b.frac) : 0n;
    let h = l;
    for (let i = 0; i < nIn; i++) {
      const wij = w[i * nOut + j]!;
      const p1 = (wij * x.lo) << up;
      const p2 = (wij * x.hi) << up;
      // A window cut by padding leaves terms out: each then also ranges down (or up) to 0.
      l += partial ? min(min(p1, p2), 0n) : min(p1, p2);
      h += partial ? max(max(p1, p2), 0n) : max(p1, p2);
    }
    if (j === 0 || l < lo) lo = l;
    if (j === 0 || h > hi) hi = h;
  }
  return { lo, hi, frac: f };
}

function constantRangeValues(g: Graph, name: string): { raw: bigint[]; frac: number } {
  const t = typeOf(g, name);
  return { raw: g.tensors[name]!.data!.map((v) => fromFloat(v, t)), frac: fracBits(t) };
}

/**
 * The output interval of `n` from its inputs' intervals (`rangeOf`; constants are read from the graph).
 * Accumulating ops with a set, non-exact accumulator give its range (their sum wraps in it).
 */
export function opRange(g: Graph, n: Node, rangeOf: (tensor: string) => Interval): OpRange {
  // A constant cast into the output type: by the output's own type when it has one (the kernel casts with
  // its rounding), else (an `auto` result: TRN at x's fractional bits) rounded down at `frac`.
  const yt = g.tensors[n.outputs[0]!]!.type;
  const castConstant = (v: number, frac: number): Interval => {
    const r = yt ? fromFloat(v, yt) : BigInt(Math.floor(v * 2 ** frac));
    return { lo: r, hi: r, frac: yt ? fracBits(yt) : frac };
  };
  const x = (k = 0): Interval => (g.tensors[n.inputs[k]!]!.data ? constantRange(g, n.inputs[k]!) : rangeOf(n.inputs[k]!));
  const exact = (range: Interval): OpRange => ({ range, exact: true });
  const bounded = (lo: number, hi: number): OpRange => ({ range: floatRange(lo, hi, 24), exact: false });
  const param = (t: FixedType | undefined, v: number): Interval => {
    if (!t) throw new HlsnetError('E504', 'parameter type not set', { subject: `node '${n.name}' (${n.op})` });
    const r = fromFloat(v, t);
    return { lo: r, hi: r, frac: fracBits(t) };
  };
  const zero = (f: number): Interval => ({ lo: 0n, hi: 0n, frac: f });
  switch (n.op) {
    case 'dense': case 'conv': case 'batchnorm': {
      const acc = n.attrs.accum;
      const w = g.tensors[n.inputs[1]!]!.shape;
      const nOut = n.op === 'batchnorm' ? w[0]! : w[w.length - 1]!;
      const nIn = n.op === 'batchnorm' ? 1 : w.reduce((a, b) => a * b, 1) / nOut;
      const r = weighted(g, n, x(), nIn, nOut, n.op === 'conv' && n.attrs.pads.some((p) => p !== 0));
      if (!acc) return exact(r);
      const a = typeRange(acc);
      const fits = a.frac >= r.frac && atFrac(r, a.frac).lo >= a.lo && atFrac(r, a.frac).hi <= a.hi;
      return fits ? exact(atFrac(r, a.frac)) : exact(a);
    }
    case 'relu': return exact(clamp(x(), 0n, max(x().hi, 0n)));
    case 'linear': case 'identity': case 'reshape': case 'transpose': case 'resize': case 'maxpool': case 'global_maxpool':
      return exact(x());
    case 'softmax':
      if (n.attrs.implementation === 'skip') return exact(x());
      return n.attrs.implementation === 'argmax' ? exact({ lo: 0n, hi: 1n, frac: 0 }) : bounded(0, 1);
    case 'pad': {
      const v = x();
      const q = castConstant(n.attrs.value, v.frac);
      return exact(union([v, q]));
    }
    case 'avgpool': case 'global_avgpool': {
      const v = x();
      const taps = BigInt(poolWindows(n, g.tensors[n.inputs[0]!]!.shape).win.maxTaps);
      const exactSum = { lo: taps * min(v.lo, 0n), hi: taps * max(v.hi, 0n), frac: v.frac };
      // An explicit accumulator that rounds or wraps bounds the sum by its own range (as for dense).
      const acc = n.attrs.accum ? typeRange(n.attrs.accum) : undefined;
      const fits = !acc || (acc.frac >= v.frac && atFrac(exactSum, acc.frac).lo >= acc.lo && atFrac(exactSum, acc.frac).hi <= acc.hi);
      const sum = fits ? exactSum : acc!;
      const ps = distinctCounts(n, g.tensors[n.inputs[0]!]!.shape).map((k) => param(n.attrs.paramType, 1 / k));
      return exact(union(ps.map((p) => mul(sum, p))));
    }
    case 'add': return exact(n.inputs.slice(1).reduce((a, _, k) => add(a, x(k + 1)), x()));
    case 'sub': return exact(add(x(0), neg(x(1))));
    case 'mul': return exact(mul(x(0), x(1)));
    case 'maximum': case 'minimum': case 'concat':
      return exact(union(n.inputs.map((_, k) => x(k))));
    case 'average': {
      const { q, type } = averageConstant(n);
      const sum = n.inputs.slice(1).reduce((a, _, k) => add(a, x(k + 1)), x());
      return exact(mul(sum, { lo: q, hi: q, frac: fracBits(type) }));
    }
    case 'clip': {
      // Outputs are a bound cast to the output type or x itself between the bounds.
      const v = x();
      const [lo, hi] = [n.attrs.min, n.attrs.max].map((b) => (b === undefined ? undefined : castConstant(b, v.frac)));
      const f = Math.max(v.frac, lo?.frac ?? v.frac, hi?.frac ?? v.frac);
      const c = atFrac(v, f);
      const l = lo ? atFrac(lo, f).lo : c.lo;
      const h = hi ? atFrac(hi, f).hi : c.hi;
      return exact(union([clamp(c, l, max(l, h)), ...(lo ? [lo] : []), ...(hi ? [hi] : [])]));
    }
    case 'leaky_relu': case 'prelu': {
      const v = x();
      const a = n.op === 'leaky_relu' ? param(n.attrs.paramType, n.attrs.alpha) : constantRange(g, n.inputs[1]!);
      const negPart = mul({ lo: min(v.lo, 0n), hi: min(v.hi, 0n), frac: v.frac }, a);
      return exact(union([clamp(v, 0n, max(v.hi, 0n)), negPart]));
    }
    case 'thresholded_relu': return exact(union([x(), zero(x().frac)]));
    // Table and piecewise functions: bounded by the function's range over the input interval, not exact.
    case 'sigmoid': case 'hard_sigmoid': return bounded(0, 1);
    case 'tanh': case 'softsign': return bounded(-1, 1);
    // softplus(h) < max(h, 0) + log 2, which stays finite where e^h does not.
    case 'softplus': return bounded(0, Math.max(toFloat(x().hi, x().frac), 0) + Math.LN2);
    case 'elu': case 'selu': {
      const gamma = n.op === 'selu' ? n.attrs.gamma : 1;
      return bounded(-gamma * n.attrs.alpha, Math.max(0, gamma * toFloat(x().hi, x().frac)));
    }
    case 'hard_swish': return bounded(-0.375, Math.max(0, toFloat(x().hi, x().frac)));
    case 'logsoftmax': {
      const v = x();
      const len = g.tensors[n.inputs[0]!]!.shape.at(-1) ?? 1;
      return bounded(-(toFloat(v.hi - v.lo, v.frac) + Math.log(len)), 0);
    }
    // QONNX quantizers carry the type the model fixes; their output is always typed.
    case 'quant': case 'bipolar_quant': case 'trunc':
      return exact(typeRange(typeOf(g, n.outputs[0]!)));
    default:
      return assertNever(n, 'op');
  }
}

/**
 * Every tensor's interval in a typed graph: an op's computed interval where its output type holds it
 * exactly (no rounding, no overflow can occur), else the output type's whole range.
 */
export function graphRanges(g: Graph): Map<string, Interval> {
  const out = new Map<string, Interval>();
  const rangeOf = (t: string): Interval => out.get(t) ?? typeRange(typeOf(g, t));
  for (const x of g.inputs) out.set(x, typeRange(typeOf(g, x)));
  for (const n of g.nodes) {
    const y = n.outputs[0]!;
    const t = typeRange(typeOf(g, y));
    const { range, exact } = opRange(g, n, rangeOf);
    const fits = exact && t.frac >= range.frac && atFrac(range, t.frac).lo >= t.lo && atFrac(range, t.frac).hi <= t.hi;
    out.set(y, fits ? range : t);
  }
  return out;
}
