// Merge layers as RTL (ir/OPS.md "add", "Merge layers"): broadcast operands aligned exactly, one output cast.
import { fromFloat } from '../../fixed/quantize.js';
import { fracBits, type FixedType } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { AddNode, BinaryNode, ConcatNode, Graph, MergeNode, Node } from '../../ir/types.js';
import { broadcastIndex } from '../../ops/add.js';
import { concatBlocks } from '../../ops/concat.js';
import { averageConstant } from '../../ops/merge.js';
import type { MultStyle } from './emit.js';
import { constantProduct } from './kernel-rtl.js';
import { layerModule, type BuiltLayer, type BusSpec, type LayerBody } from './layer-rtl.js';
import { extend, signedBits, sigRange, sum, variableProduct, type ModuleBuilder, type Sig, type Term } from './netlist.js';
import { extremum } from './pool-rtl.js';
import { quantizeRtl } from './quantize-rtl.js';

/** A node input as the layer sees it: a port (run-time tensor) or raw constants of its type. */
export interface Operand { readonly type: FixedType; readonly shape: readonly number[]; readonly port?: number; readonly raw?: readonly bigint[] }

/** The node's inputs in order; run-time tensors numbered as the top connects them (x0, x1, ..). */
export function operandsOf(g: Graph, n: Node): Operand[] {
  let port = 0;
  return n.inputs.map((t) => {
    const tensor = g.tensors[t]!;
    const type = typeOf(g, t);
    if (tensor.data) return { type, shape: tensor.shape, raw: tensor.data.map((v) => fromFloat(v, type)) };
    return { type, shape: tensor.shape, port: port++ };
  });
}

/** The buses of the run-time operands, in port order. */
export function busesOf(ops: readonly Operand[]): BusSpec[] {
  return ops.filter((o) => o.port !== undefined).map((o) => ({ elements: size(o.shape), type: o.type }));
}

/** Element `k` of an operand as a signal (constants as minimal signed literals, one wire per distinct value). */
export function elementOf(b: LayerBody, op: Operand, k: number, cache: Map<bigint, Sig>): Sig {
  if (op.port !== undefined) return b.inputs[op.port]![k]!;
  const v = op.raw![k]!;
  let s = cache.get(v);
  if (!s) { s = b.m.konst(v, signedBits(v, v), true); cache.set(v, s); }
  return s;
}

/** (s << shift) as a signed wire of `width` bits. */
function aligned(m: ModuleBuilder, s: Sig, shift: number, width: number): Sig {
  return m.wire(width, true, extend(s, width, shift), 'al');
}

/** Bits of a signed wire holding every s << shift. */
function alignedBits(s: Sig, shift: number): number {
  const [lo, hi] = sigRange(s);
  const k = 1n << BigInt(shift);
  return signedBits(lo * k < 0n ? lo * k : 0n, hi * k);
}

export type ElementwiseMergeNode = AddNode | BinaryNode | MergeNode;

/** add, sub, mul, average, maximum, minimum with numpy broadcasting; any operand may be a constant. */
export function mergeLayer(g: Graph, n: ElementwiseMergeNode, module: string, mult: MultStyle): BuiltLayer {
  const ops = operandsOf(g, n);
  const outT = typeOf(g, n.outputs[0]!);
  const outShape = g.tensors[n.outputs[0]!]!.shape;
  const count = size(outShape);
  const idx = ops.map((o) => broadcastIndex(o.shape, outShape));
  const fr = ops.map((o) => fracBits(o.type));
  const f = Math.max(...fr);
  return layerModule(module, `${n.op} '${n.name}': ${ops.length} inputs, ${count} elements`, busesOf(ops), { elements: count, type: outT }, (b) => {
    const { m } = b;
    const cache = new Map<bigint, Sig>();
    return Array.from({ length: count }, (_, k) => {
      const v = ops.map((o, i) => elementOf(b, o, idx[i]![k]!, cache));
      switch (n.op) {
        case 'add':
        case 'sub': {
          const terms: Term[] = v.map((s, i) => ({ sig: s, shift: f - fr[i]!, neg: n.op === 'sub' && i === 1 }));
          let [lo, hi] = [0n, 0n];
          for (const t of terms) {
            const [l, h] = sigRange(t.sig).map((x) => x << BigInt(t.shift)) as [bigint, bigint];
            [lo, hi] = t.neg ? [lo - h, hi - l] : [lo + l, hi + h];
          }
          return quantizeRtl(m, sum(m, terms, signedBits(lo, hi), 's'), f, outT);
        }
        case 'mul': {
          const fp = fr[0]! + fr[1]!;
          const cst = ops.findIndex((o) => o.raw !== undefined);
          const p = cst < 0 ? variableProduct(m, v[0]!, v[1]!) : constantProduct(m, v[1 - cst]!, ops[cst]!.raw![idx[cst]![k]!]!, mult);
          return quantizeRtl(m, p, fp, outT);
        }
        case 'maximum':
        case 'minimum': {
          const w = Math.max(...v.map((s, i) => alignedBits(s, f - fr[i]!)));
          return quantizeRtl(m, extremum(m, v.map((s, i) => aligned(m, s, f - fr[i]!, w)), n.op === 'maximum'), f, outT);
        }
        case 'average': {
          const avg = averageConstant(n);
          let [lo, hi] = [0n, 0n];
          const terms: Term[] = v.map((s, i) => {
            const [l, h] = sigRange(s);
            const sh = BigInt(f - fr[i]!);
            [lo, hi] = [lo + (l << sh), hi + (h << sh)];
            return { sig: s, shift: f - fr[i]!, neg: false };
          });
          const total = sum(m, terms, signedBits(lo, hi), 's');
          return quantizeRtl(m, constantProduct(m, total, avg.q, mult), f + fracBits(avg.type), outT);
        }
      }
    });
  });
}

/** concat: the inputs' element blocks interleaved along `axis` (C order), each element cast to T(out). */
export function concatLayer(g: Graph, n: ConcatNode, module: string): BuiltLayer {
  const ops = operandsOf(g, n);
  const outT = typeOf(g, n.outputs[0]!);
  const count = size(g.tensors[n.outputs[0]!]!.shape);
  const { outer, inner } = concatBlocks(n, ops.map((o) => o.shape));
  return layerModule(module, `concat '${n.name}': ${ops.length} inputs along axis ${n.attrs.axis}`, busesOf(ops), { elements: count, type: outT }, (b) => {
    const cache = new Map<bigint, Sig>();
    const ys: Sig[] = [];
    for (let o = 0; o < outer; o++) {
      ops.forEach((op, i) => {
        const w = inner[i]!;
        for (let j = 0; j < w; j++) {
          const s = elementOf(b, op, o * w + j, cache);
          ys.push(quantizeRtl(b.m, s, fracBits(op.type), outT));
        }
      });
    }
    return ys;
  });
}
