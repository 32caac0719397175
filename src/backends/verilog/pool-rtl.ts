// Pooling as RTL (ir/OPS.md, pools): max over in-range taps; average = wrapped Σ quantize(x, accum) × q(1/count), one cast.
import { HlsnetError } from '../../diagnostics/errors.js';
import { fromFloat } from '../../fixed/quantize.js';
import { fracBits, type FixedType } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { Graph, GlobalPoolNode, PoolNode } from '../../ir/types.js';
import { requireParamType } from '../../ops/exact-activations.js';
import { poolWindows } from '../../ops/pool.js';
import type { MultStyle } from './emit.js';
import { constantProduct } from './kernel-rtl.js';
import { layerModule, type BuiltLayer } from './layer-rtl.js';
import { sum, type ModuleBuilder, type Sig } from './netlist.js';
import { quantizeRtl } from './quantize-rtl.js';

/** The largest (or smallest) of signals of one width and signedness, as a balanced tree of comparisons. */
export function extremum(m: ModuleBuilder, xs: readonly Sig[], max: boolean): Sig {
  let level = [...xs];
  const cmp = (a: Sig, c: Sig): string => (a.signed ? `($signed(${c.name}) > $signed(${a.name}))` : `(${c.name} > ${a.name})`);
  while (level.length > 1) {
    const next: Sig[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const [a, c] = [level[i]!, level[i + 1]!];
      next.push(m.wire(a.width, a.signed, `${max ? cmp(a, c) : cmp(c, a)} ? ${c.name} : ${a.name}`, 'mx'));
    }
    if (level.length % 2) next.push(level.at(-1)!);
    level = next;
  }
  return level[0]!;
}

/** Σ terms modulo 2^width as a balanced tree of two-input adders (each wraps, as the contract's accumulator). */
function wrappingSum(m: ModuleBuilder, xs: readonly Sig[], width: number, signed: boolean): Sig {
  let level = [...xs];
  if (level.length === 1) return sum(m, [{ sig: level[0]!, shift: 0, neg: false }], width, 'acc', signed);
  while (level.length > 1) {
    const next: Sig[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(sum(m, [{ sig: level[i]!, shift: 0, neg: false }, { sig: level[i + 1]!, shift: 0, neg: false }], width, 'acc', signed));
    }
    if (level.length % 2) next.push(level.at(-1)!);
    level = next;
  }
  return level[0]!;
}

export function poolLayer(g: Graph, n: PoolNode | GlobalPoolNode, module: string, mult: MultStyle): BuiltLayer {
  const xShape = g.tensors[n.inputs[0]!]!.shape;
  const xType = typeOf(g, n.inputs[0]!);
  const out = typeOf(g, n.outputs[0]!);
  const { win, counts } = poolWindows(n, xShape);
  const nc = xShape.at(-1)!;
  const fx = fracBits(xType);
  const isMax = n.op === 'maxpool' || n.op === 'global_maxpool';
  let acc: FixedType | undefined;
  let pt: FixedType | undefined;
  if (!isMax) {
    acc = n.attrs.accum;
    if (!acc) throw new HlsnetError('E504', `${n.op} accumulator type is not set`, { subject: `node '${n.name}' (${n.op})`, hint: 'run the precision passes (convert does)' });
    pt = requireParamType(n, n.attrs.paramType);
  }
  const inv = new Map<number, bigint>();
  for (const k of counts) if (pt && !inv.has(k)) inv.set(k, fromFloat(1 / k, pt));
  const count = win.outCount * nc;
  const comment = `${n.op} '${n.name}': [${xShape}] -> ${win.outCount} position(s) x ${nc} channels`;
  return layerModule(module, comment, [{ elements: size(xShape), type: xType }], { elements: count, type: out }, (b) => {
    const { m } = b;
    const x = b.inputs[0]!;
    const ys: Sig[] = [];
    // Each input element's cast into the accumulator, built once even when windows overlap.
    const inAcc = new Map<number, Sig>();
    for (let o = 0; o < win.outCount; o++) {
      for (let c = 0; c < nc; c++) {
        const taps: number[] = [];
        for (let t = win.start[o]!; t < win.start[o + 1]!; t++) taps.push(win.inPos[t]! * nc + c);
        if (isMax) { ys.push(quantizeRtl(m, extremum(m, taps.map((i) => x[i]!), true), fx, out)); continue; }
        const terms = taps.map((i) => {
          let s = inAcc.get(i);
          if (!s) { s = quantizeRtl(m, x[i]!, fx, acc!); inAcc.set(i, s); }
          return s;
        });
        const s = wrappingSum(m, terms, acc!.width, acc!.signed);
        ys.push(quantizeRtl(m, constantProduct(m, s, inv.get(counts[o]!)!, mult), fracBits(acc!) + fracBits(pt!), out));
      }
    }
    return ys;
  });
}
