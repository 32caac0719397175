// Dense and conv layers as RTL: one constant-matrix kernel module, instantiated once (dense) or per output position (conv).
import { HlsnetError } from '../../diagnostics/errors.js';
import { fromFloat, quantize } from '../../fixed/quantize.js';
import { fracBits, type FixedType } from '../../fixed/types.js';
import { typeOf } from '../../ir/graph.js';
import type { ConvNode, DenseNode, Graph } from '../../ir/types.js';
import { windowsOf } from '../../ops/windows.js';
import type { MultStyle } from './emit.js';
import { kernelModule } from './kernel-rtl.js';
import { elementsOf, layerModule, type BuiltLayer } from './layer-rtl.js';
import { literal } from './netlist.js';

export interface RtlLayerFiles { readonly layer: BuiltLayer; readonly extra: Map<string, string> }

function rawConstant(g: Graph, name: string): { raw: bigint[]; type: FixedType } {
  const type = typeOf(g, name);
  return { raw: g.tensors[name]!.data!.map((v) => fromFloat(v, type)), type };
}

function accumOf(n: DenseNode | ConvNode): FixedType {
  const acc = n.attrs.accum;
  if (!acc) throw new HlsnetError('E504', `${n.op} accumulator type is not set`, { subject: `node '${n.name}' (${n.op})`, hint: 'run the precision passes (convert does)' });
  return acc;
}

function biasInAccum(g: Graph, n: DenseNode | ConvNode, acc: FixedType): bigint[] | undefined {
  const b = n.inputs[2];
  if (!b) return undefined;
  const { raw, type } = rawConstant(g, b);
  return raw.map((v) => quantize(v, fracBits(type), acc));
}

export function denseLayer(g: Graph, n: DenseNode, module: string, mult: MultStyle, levels = 0): RtlLayerFiles {
  const x = g.tensors[n.inputs[0]!]!;
  const xType = typeOf(g, x.name);
  const w = rawConstant(g, n.inputs[1]!);
  const [k, cols] = [g.tensors[n.inputs[1]!]!.shape[0]!, g.tensors[n.inputs[1]!]!.shape[1]!];
  const out = typeOf(g, n.outputs[0]!);
  const weights = Array.from({ length: k }, (_, i) => w.raw.slice(i * cols, (i + 1) * cols));
  const acc = accumOf(n);
  const kmod = `${module}_k`;
  const bias = biasInAccum(g, n, acc);
  const kernel = kernelModule({ module: kmod, xType, wType: w.type, weights, cols, accum: acc, out, mult, ...(bias ? { bias } : {}) }, levels);
  const layer = layerModule(module, `dense '${n.name}': ${k} -> ${cols}`, [{ elements: k, type: xType }], { elements: cols, type: out }, (b) => {
    const ko = b.m.fresh('ko');
    b.m.declare(`  wire [${cols * out.width - 1}:0] ${ko};`);
    b.instance(kmod, { clk: 'clk', x: 'x0', y: ko });
    b.innerStages(kernel.stages);
    return elementsOf(b.m, { name: ko, width: cols * out.width, signed: false }, { elements: cols, type: out }, 'e');
  });
  return { layer, extra: new Map([[kmod, kernel.verilog]]) };
}

export function convLayer(g: Graph, n: ConvNode, module: string, mult: MultStyle, levels = 0): RtlLayerFiles {
  const subject = `node '${n.name}' (conv)`;
  const xt = g.tensors[n.inputs[0]!]!;
  const xShape = xt.shape;
  const xType = typeOf(g, xt.name);
  const wt = g.tensors[n.inputs[1]!]!;
  const w = rawConstant(g, wt.name);
  const [cg, f] = [wt.shape.at(-2)!, wt.shape.at(-1)!];
  const c = xShape.at(-1)!;
  if (xShape.length !== 2 && xShape.length !== 3) throw new HlsnetError('E503', `only 1-D and 2-D convolutions have RTL (input [${xShape}])`, { subject });
  const win = windowsOf(n, xShape, { kernel: wt.shape.slice(0, -2), strides: n.attrs.strides, dilations: n.attrs.dilations, pads: n.attrs.pads });
  const K = win.kernelSize;
  const per = f / n.attrs.groups;
  const chanBase = (fo: number): number => Math.floor(fo / per) * cg;
  // Rows (tap k, channel c) of the window; a channel outside output f's group has weight 0.
  const weights = Array.from({ length: K * c }, (_, r) => {
    const [kk, ch] = [Math.floor(r / c), r % c];
    return Array.from({ length: f }, (_, fo) => {
      const ci = ch - chanBase(fo);
      return ci >= 0 && ci < cg ? w.raw[(kk * cg + ci) * f + fo]! : 0n;
    });
  });
  const acc = accumOf(n);
  const out = typeOf(g, n.outputs[0]!);
  const kmod = `${module}_k`;
  const bias = biasInAccum(g, n, acc);
  const kernel = kernelModule({ module: kmod, xType, wType: w.type, weights, cols: f, accum: acc, out, mult, ...(bias ? { bias } : {}) }, levels);
  const nIn = xShape.reduce((a, b) => a * b, 1);
  const xw = xType.width;
  const layer = layerModule(module, `conv '${n.name}': [${xShape}] -> ${win.outCount} positions x ${f} filters`, [{ elements: nIn, type: xType }], { elements: win.outCount * f, type: out }, (b) => {
    const ys = [];
    for (let o = 0; o < win.outCount; o++) {
      const taps = new Map<number, number>();
      for (let t = win.start[o]!; t < win.start[o + 1]!; t++) taps.set(win.kPos[t]!, win.inPos[t]!);
      // Window bus, row 0 in the low bits; padded taps are constant zeros.
      const parts: string[] = [];
      for (let r = 0; r < K * c; r++) {
        const p = taps.get(Math.floor(r / c));
        parts.push(p === undefined ? literal(0n, xw) : `x0[${(p * c + (r % c) + 1) * xw - 1}:${(p * c + (r % c)) * xw}]`);
      }
      const winBus = b.m.wire(K * c * xw, false, `{${parts.reverse().join(', ')}}`, 'w');
      const ko = b.m.fresh('ko');
      b.m.declare(`  wire [${f * out.width - 1}:0] ${ko};`);
      b.instance(kmod, { clk: 'clk', x: winBus.name, y: ko });
      b.innerStages(kernel.stages);
      ys.push(...elementsOf(b.m, { name: ko, width: f * out.width, signed: false }, { elements: f, type: out }, 'e'));
    }
    return ys;
  });
  return { layer, extra: new Map([[kmod, kernel.verilog]]) };
}
