// Table activations and softmax/logsoftmax as RTL, step for step the contract of ir/OPS.md:
// a max tree, exact differences, ROM lookups, an exact sum cast once, a second ROM, exact products cast once.
import { fromFloat } from '../../fixed/quantize.js';
import { fracBits, type FixedType } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { Graph, LogSoftmaxNode, SoftmaxNode, TableActivationNode } from '../../ir/types.js';
import { softmaxPlan } from '../../ops/softmax-tables.js';
import { compiledTable } from '../../ops/table-activations.js';
import { requireParamType } from '../../ops/exact-activations.js';
import type { MultStyle } from './emit.js';
import { constantProduct, treeSum } from './kernel-rtl.js';
import { layerModule, type BuiltLayer } from './layer-rtl.js';
import { asSigned, literal, sigRange, signedBits, sum, variableProduct, type ModuleBuilder, type Sig } from './netlist.js';
import { quantizeRtl } from './quantize-rtl.js';
import { lookupRtl, romFunction } from './tables-rtl.js';

/** max over signals (signed comparison), as a balanced tree. */
function maxTree(m: ModuleBuilder, xs: readonly Sig[]): Sig {
  let level = xs.map((x) => asSigned(m, x));
  while (level.length > 1) {
    const next: Sig[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const [a, b] = [level[i]!, level[i + 1]!];
      next.push(m.wire(a.width, true, `($signed(${b.name}) > $signed(${a.name})) ? ${b.name} : ${a.name}`, 'mx'));
    }
    if (level.length % 2) next.push(level.at(-1)!);
    level = next;
  }
  return level[0]!;
}

export function tableActivationLayer(g: Graph, n: TableActivationNode, module: string, mult: MultStyle): BuiltLayer {
  const xType = typeOf(g, n.inputs[0]!);
  const out = typeOf(g, n.outputs[0]!);
  const count = size(g.tensors[n.outputs[0]!]!.shape);
  const t = compiledTable(n, xType, out);
  return layerModule(module, `${n.op} '${n.name}': ${count} elements, ${t.layout.spec.size}-entry table`, [{ elements: count, type: xType }], { elements: count, type: out }, (b) => {
    romFunction(b.m, 'rom', t.out, out.width);
    return b.inputs[0]!.map((x) => {
      const y = lookupRtl(b.m, 'rom', x, t.layout, out.width, out.signed);
      if (n.op !== 'elu' && n.op !== 'selu') return y;
      // ELU (x ≥ 0) and SELU (x > 0) pass the positive side through exactly: x, or gamma·x.
      let exact = quantizeRtl(b.m, x, fracBits(xType), out);
      if (n.op === 'selu') {
        const pt = requireParamType(n, n.attrs.paramType);
        const p = constantProduct(b.m, x, fromFloat(n.attrs.gamma, pt), mult);
        exact = quantizeRtl(b.m, p, fracBits(xType) + fracBits(pt), out);
      }
      const neg = x.signed ? `${x.name}[${x.width - 1}]` : `1'b0`;
      const zero = `(${x.name} == ${literal(0n, x.width)})`;
      const useTable = n.op === 'elu' ? neg : `(${neg} | ${zero})`;
      return b.m.wire(out.width, out.signed, `${useTable} ? ${y.name} : ${exact.name}`, 'ev');
    });
  });
}

export function softmaxLayer(g: Graph, n: SoftmaxNode | LogSoftmaxNode, module: string): BuiltLayer {
  const xType = typeOf(g, n.inputs[0]!);
  const out = typeOf(g, n.outputs[0]!);
  const shape = g.tensors[n.outputs[0]!]!.shape;
  const count = size(shape);
  const row = shape.length ? shape.at(-1)! : 1;
  const impl = n.op === 'softmax' ? n.attrs.implementation : 'stable';
  const fx = fracBits(xType);
  return layerModule(module, `${n.op} '${n.name}' (${impl}): ${count / row} rows of ${row}`, [{ elements: count, type: xType }], { elements: count, type: out }, (b) => {
    const { m } = b;
    const xs = b.inputs[0]!;
    if (impl === 'argmax') {
      const one = quantizeConst(m, 1, out);
      const zero = quantizeConst(m, 0, out);
      return rows(xs, row).flatMap((r) => {
        const mx = maxTree(m, r);
        // The first index holding the maximum gets 1.
        const hits = r.map((x) => m.wire(1, false, `${asSigned(m, x).name} == ${mx.name}`, 'eq'));
        return r.map((_, i) => {
          const earlier = hits.slice(0, i).map((h) => h.name);
          const first = earlier.length ? `${hits[i]!.name} & ~(${earlier.join(' | ')})` : hits[i]!.name;
          return m.wire(out.width, out.signed, `(${first}) ? ${one.name} : ${zero.name}`, 'am');
        });
      });
    }
    if (impl === 'skip') throw new Error('softmax skip is wiring (internal error)');
    const p = softmaxPlan(n, xType, row);
    const fe = fracBits(p.exp.spec.type);
    const f2 = fracBits(p.second.spec.type);
    romFunction(m, 'rom_exp', p.exp.entries, p.exp.spec.type.width);
    romFunction(m, 'rom_second', p.second.entries, p.second.spec.type.width);
    const perRow = rows(xs, row).map((r) => {
      const mx = p.diffType ? maxTree(m, r) : undefined;
      const d = r.map((x) => (mx ? sum(m, [{ sig: x, shift: 0, neg: false }, { sig: mx, shift: 0, neg: true }], xType.width + 1, 'd') : x));
      const e = d.map((v) => lookupRtl(m, 'rom_exp', v, p.exp, p.exp.spec.type.width, p.exp.spec.type.signed));
      return { d, e };
    });
    // One register stage after the exp lookups: the sum, second lookup and products follow.
    // One stage call: the registers of e (and of d for logsoftmax) are the same pipeline level.
    const es = perRow.flatMap((r) => r.e);
    const staged = b.stage([...es, ...(n.op === 'logsoftmax' ? perRow.flatMap((r) => r.d) : [])]);
    const flatE = staged.slice(0, es.length);
    const flatD = staged.slice(es.length);
    return perRow.flatMap((_, ri) => {
      const e = flatE.slice(ri * row, (ri + 1) * row);
      const total = treeSum(m, e.map((s) => { const [lo, hi] = sigRange(s); return { term: { sig: s, shift: 0, neg: false }, lo, hi }; }))!;
      const exact = sum(m, [total.term], signedBits(total.lo, total.hi), 'se');
      const s = quantizeRtl(m, exact, fe, p.sumType);
      const t = lookupRtl(m, 'rom_second', s, p.second, p.second.spec.type.width, p.second.spec.type.signed);
      if (n.op === 'logsoftmax') {
        const fr = Math.max(fx, f2);
        const dd = flatD.slice(ri * row, (ri + 1) * row);
        return dd.map((dv) => {
          const [dl, dh] = sigRange(dv);
          const [tl, th] = sigRange(t);
          const w = signedBits(dl * 2n ** BigInt(fr - fx) - th * 2n ** BigInt(fr - f2), dh * 2n ** BigInt(fr - fx) - tl * 2n ** BigInt(fr - f2));
          const diff = sum(m, [{ sig: dv, shift: fr - fx, neg: false }, { sig: t, shift: fr - f2, neg: true }], w, 'ls');
          return quantizeRtl(m, diff, fr, out);
        });
      }
      return e.map((ev) => {
        const prod = variableProduct(m, ev, t);
        return quantizeRtl(m, prod, fe + f2, out);
      });
    });
  });
}

function rows(xs: readonly Sig[], row: number): Sig[][] {
  const out: Sig[][] = [];
  for (let i = 0; i < xs.length; i += row) out.push(xs.slice(i, i + row));
  return out;
}

function quantizeConst(m: ModuleBuilder, v: number, t: FixedType): Sig {
  return m.konst(fromFloat(v, t), t.width, t.signed);
}
