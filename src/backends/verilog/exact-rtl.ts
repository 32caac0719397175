// The table-free activations as RTL (ir/OPS.md "Exact activations"): comparisons on the raw input,
// exact products with param-type constants, one output cast. clip, thresholded/leaky/p-relu, hard sigmoid/swish.
import { fromFloat } from '../../fixed/quantize.js';
import { fracBits, type FixedType } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { ClipNode, Graph, HardSigmoidNode, HardSwishNode, LeakyReluNode, PreluNode, ThresholdedReluNode } from '../../ir/types.js';
import { clipThresholds, requireParamType } from '../../ops/exact-activations.js';
import type { MultStyle } from './emit.js';
import { constantProduct } from './kernel-rtl.js';
import { layerModule, type BuiltLayer } from './layer-rtl.js';
import { extend, literal, signedBits, sigRange, sum, variableProduct, type ModuleBuilder, type Sig } from './netlist.js';
import { quantizeRtl } from './quantize-rtl.js';

export type ExactNode = ClipNode | ThresholdedReluNode | LeakyReluNode | PreluNode | HardSigmoidNode | HardSwishNode;

/** `s op c` for an integer constant c, as a 1-bit expression ('1'b0'/'1'b1' when the range decides it). */
export function compareConst(m: ModuleBuilder, s: Sig, op: '<' | '>', c: number | bigint): string {
  const [lo, hi] = sigRange(s);
  if (typeof c === 'number' && !Number.isFinite(c)) return (op === '<') === (c > 0) ? `1'b1` : `1'b0`;
  const k = BigInt(c);
  if (op === '<' ? hi < k : lo > k) return `1'b1`;
  if (op === '<' ? lo >= k : hi <= k) return `1'b0`;
  const w = Math.max(s.width, signedBits(k, k)) + 1;
  const e = m.wire(w, true, extend(s, w), 'cm');
  return `($signed(${e.name}) ${op} $signed(${literal(k, w)}))`;
}

const select = (m: ModuleBuilder, out: FixedType, cond: string, a: Sig, b: Sig): Sig => m.wire(out.width, out.signed, `${cond} ? ${a.name} : ${b.name}`, 'sel');

/** x ≥ 0: quantize(x); else quantize(x · alpha) with alpha a raw constant of the param type. */
function negativeSlope(m: ModuleBuilder, x: Sig, f: number, pt: FixedType, alpha: bigint, out: FixedType, mult: MultStyle): Sig {
  const pos = quantizeRtl(m, x, f, out);
  if (!x.signed) return pos;
  const neg = quantizeRtl(m, constantProduct(m, x, alpha, mult), f + fracBits(pt), out);
  return select(m, out, `${x.name}[${x.width - 1}]`, neg, pos);
}

/** clamp(a·x + b, 0, 1) exactly, at fraction fv = max(f + fp, fp). */
function hardSigmoidRtl(m: ModuleBuilder, x: Sig, f: number, pt: FixedType, alpha: number, beta: number, mult: MultStyle): { h: Sig; frac: number } {
  const [a, b] = [fromFloat(alpha, pt), fromFloat(beta, pt)];
  const fp = fracBits(pt);
  const fv = Math.max(f + fp, fp);
  const ax = constantProduct(m, x, a, mult);
  const [al, ah] = sigRange(ax);
  const sa = fv - f - fp;
  const bs = b * 2n ** BigInt(fv - fp);
  const lo = (al < ah ? al : ah) * 2n ** BigInt(sa) + bs;
  const hi = (al < ah ? ah : al) * 2n ** BigInt(sa) + bs;
  const w = signedBits(lo < 0n ? lo : 0n, hi);
  const bk = m.konst(bs, w, true);
  const v = sum(m, [{ sig: ax, shift: sa, neg: false }, { sig: bk, shift: 0, neg: false }], w, 'hv');
  const one = 2n ** BigInt(fv);
  const ow = signedBits(0n, one) - 1;
  const under = compareConst(m, v, '<', 0n);
  const over = compareConst(m, v, '>', one);
  const inside = extend({ ...v, signed: false }, ow);
  const h = m.wire(ow, false, `${under} ? ${literal(0n, ow)} : ${over} ? ${literal(one, ow)} : ${inside}`, 'hs');
  return { h, frac: fv };
}

export function exactActivationLayer(g: Graph, n: ExactNode, module: string, mult: MultStyle): BuiltLayer {
  const xType = typeOf(g, n.inputs[0]!);
  const out = typeOf(g, n.outputs[0]!);
  const count = size(g.tensors[n.outputs[0]!]!.shape);
  const f = fracBits(xType);
  const slopes = n.op === 'prelu' ? g.tensors[n.inputs[1]!]!.data!.map((v) => fromFloat(v, typeOf(g, n.inputs[1]!))) : [];
  return layerModule(module, `${n.op} '${n.name}': ${count} elements`, [{ elements: count, type: xType }], { elements: count, type: out }, (b) => {
    const { m } = b;
    return b.inputs[0]!.map((x, i) => {
      switch (n.op) {
        case 'clip': {
          const { lo, hi } = clipThresholds(n, f);
          const yMin = m.konst(n.attrs.min === undefined ? 0n : fromFloat(n.attrs.min, out), out.width, out.signed);
          const yMax = m.konst(n.attrs.max === undefined ? 0n : fromFloat(n.attrs.max, out), out.width, out.signed);
          const inner = quantizeRtl(m, x, f, out);
          return select(m, out, compareConst(m, x, '<', lo), yMin, select(m, out, compareConst(m, x, '>', hi), yMax, inner));
        }
        case 'thresholded_relu':
          return select(m, out, compareConst(m, x, '>', Math.floor(n.attrs.alpha * 2 ** f)), quantizeRtl(m, x, f, out), m.konst(0n, out.width, out.signed));
        case 'leaky_relu': {
          const pt = requireParamType(n, n.attrs.paramType);
          return negativeSlope(m, x, f, pt, fromFloat(n.attrs.alpha, pt), out, mult);
        }
        case 'prelu':
          return negativeSlope(m, x, f, typeOf(g, n.inputs[1]!), slopes[i % slopes.length]!, out, mult);
        case 'hard_sigmoid': {
          const { h, frac } = hardSigmoidRtl(m, x, f, requireParamType(n, n.attrs.paramType), n.attrs.alpha, n.attrs.beta, mult);
          return quantizeRtl(m, h, frac, out);
        }
        case 'hard_swish': {
          const { h, frac } = hardSigmoidRtl(m, x, f, requireParamType(n, n.attrs.paramType), 1 / 6, 0.5, mult);
          const prod = variableProduct(m, x, h);
          return quantizeRtl(m, prod, f + frac, out);
        }
      }
    });
  });
}
