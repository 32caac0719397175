// Graph -> Verilog project files (rtl/*.v, manifest.json): fully parallel, pipelined, II=1.
import { HlsnetError } from '../../diagnostics/errors.js';
import { fracBits } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { Graph, Node } from '../../ir/types.js';
import { convLayer, denseLayer, type RtlLayerFiles } from './dense-rtl.js';
import { elementwiseLayer } from './elementwise-rtl.js';
import { exactActivationLayer } from './exact-rtl.js';
import type { RtlLayer, RtlManifest, RtlPort } from './manifest.js';
import { softmaxLayer, tableActivationLayer } from './softmax-rtl.js';
import { TopBuilder } from './top-rtl.js';
import { wiringExpr } from './wiring-rtl.js';
import { batchnormLayer } from './batchnorm-rtl.js';
import { concatLayer, mergeLayer } from './merge-rtl.js';
import { poolLayer } from './pool-rtl.js';
import { quantizerLayer } from './quant-rtl.js';
import { gatherLayer } from './shape-rtl.js';

export type MultStyle = 'dsp' | 'lut';

export interface VerilogOptions {
  /** Top module name. */
  readonly name: string;
  /** Constant multiplications as `*` (DSPs) or as shared shift-add adder graphs (LUTs). */
  readonly mult: MultStyle;
  /** Pipeline registers every this many adder levels inside dense/conv kernels; 0 or absent: one register per layer. */
  readonly levels?: number;
}

export interface VerilogFiles {
  /** Paths relative to the project's verilog/ folder -> content (rtl/*.v, manifest.json). */
  readonly files: Map<string, string>;
  readonly manifest: RtlManifest;
}

function identifier(s: string): string {
  const id = s.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
  return id.slice(0, 40) || 'layer';
}

/** The layer's module(s), or undefined for pure wiring (reshape, transpose, identity, skipped softmax). */
function layerFor(g: Graph, n: Node, module: string, opts: VerilogOptions): RtlLayerFiles | undefined {
  const subject = `node '${n.name}' (${n.op})`;
  switch (n.op) {
    case 'dense': return denseLayer(g, n, module, opts.mult, n.hints?.pipelineLevels ?? opts.levels ?? 0);
    case 'conv': return convLayer(g, n, module, opts.mult, n.hints?.pipelineLevels ?? opts.levels ?? 0);
    case 'relu':
    case 'linear': return { layer: elementwiseLayer(g, n, module), extra: new Map() };
    case 'clip':
    case 'thresholded_relu':
    case 'leaky_relu':
    case 'prelu':
    case 'hard_sigmoid':
    case 'hard_swish': return { layer: exactActivationLayer(g, n, module, opts.mult), extra: new Map() };
    case 'reshape':
    case 'identity':
    case 'transpose': return undefined;
    case 'softmax':
      if (n.attrs.implementation === 'skip') return undefined;
      return { layer: softmaxLayer(g, n, module), extra: new Map() };
    case 'logsoftmax': return { layer: softmaxLayer(g, n, module), extra: new Map() };
    case 'sigmoid':
    case 'tanh':
    case 'softplus':
    case 'softsign':
    case 'elu':
    case 'selu': return { layer: tableActivationLayer(g, n, module, opts.mult), extra: new Map() };
    case 'add':
    case 'sub':
    case 'mul':
    case 'average':
    case 'maximum':
    case 'minimum': return { layer: mergeLayer(g, n, module, opts.mult), extra: new Map() };
    case 'concat': return { layer: concatLayer(g, n, module), extra: new Map() };
    case 'maxpool':
    case 'avgpool':
    case 'global_maxpool':
    case 'global_avgpool': return { layer: poolLayer(g, n, module, opts.mult), extra: new Map() };
    case 'batchnorm': return { layer: batchnormLayer(g, n, module, opts.mult), extra: new Map() };
    case 'pad':
    case 'resize': return { layer: gatherLayer(g, n, module), extra: new Map() };
    case 'quant':
    case 'bipolar_quant':
    case 'trunc': return { layer: quantizerLayer(g, n, module), extra: new Map() };
    default: break;
  }
  throw new HlsnetError('E503', `the Verilog backend has no RTL for '${(n as Node).op}' yet`, {
    subject, hint: 'use --backend vitis for this model, or replace the layer; the README lists the ops with RTL',
  });
}

function port(g: Graph, tensor: string, offset: number): RtlPort {
  const t = typeOf(g, tensor);
  return { tensor, elements: size(g.tensors[tensor]!.shape), width: t.width, signed: t.signed, frac: fracBits(t), offset };
}

function ports(g: Graph, tensors: readonly string[]): { ports: RtlPort[]; width: number } {
  let off = 0;
  const out = tensors.map((t) => { const p = port(g, t, off); off += p.elements * p.width; return p; });
  return { ports: out, width: off };
}

/** Emit the RTL for a compiled graph (nothing is written). */
export function emitVerilog(g: Graph, opts: VerilogOptions): VerilogFiles {
  const files = new Map<string, string>();
  const layers: RtlLayer[] = [];
  const top = new TopBuilder();
  const ins = ports(g, g.inputs);
  for (const p of ins.ports) top.define(p.tensor, p.elements * p.width, 0, `in_data[${p.offset + p.elements * p.width - 1}:${p.offset}]`);
  g.nodes.forEach((n, idx) => {
    const module = `${opts.name}_L${idx}_${identifier(n.name)}`;
    const built = layerFor(g, n, module, opts);
    const ins2 = n.inputs.filter((t) => !g.tensors[t]!.data);
    const outT = n.outputs[0]!;
    const outWidth = size(g.tensors[outT]!.shape) * typeOf(g, outT).width;
    if (!built) {
      const src = top.get(ins2[0]!);
      top.define(outT, outWidth, src.cycle, wiringExpr(g, n, src.wire));
      return;
    }
    const cycle = Math.max(0, ...ins2.map((t) => top.get(t).cycle));
    const conns = ins2.map((t, k) => `.x${k}(${top.at(t, cycle)}), `).join('');
    const y = top.define(outT, outWidth, cycle + built.layer.stages);
    top.m.emit(`  ${module} u_${idx} (.clk(clk), ${conns}.y(${y.wire}));`);
    const own: string[] = [];
    for (const [mod, text] of built.extra) { files.set(`rtl/${mod}.v`, text); own.push(`rtl/${mod}.v`); }
    files.set(`rtl/${module}.v`, built.layer.verilog);
    own.push(`rtl/${module}.v`);
    layers.push({ node: n.name, op: n.op, module, files: own, stages: built.layer.stages });
  });
  const outs = ports(g, g.outputs);
  const latency = Math.max(0, ...g.outputs.map((t) => top.get(t).cycle));
  const outExpr = `{${g.outputs.map((t) => top.at(t, latency)).reverse().join(', ')}}`;
  const topFile = `rtl/${opts.name}.v`;
  files.set(topFile, top.render(opts.name, ins.width, outs.width, outExpr, latency));
  const manifest: RtlManifest = {
    format: 'hlsnet-rtl-1', top: opts.name, files: [...files.keys()], latency,
    inputs: ins.ports, outputs: outs.ports, inWidth: ins.width, outWidth: outs.width, mult: opts.mult, levels: opts.levels ?? 0, layers,
  };
  files.set('manifest.json', JSON.stringify(manifest, null, 2) + '\n');
  return { files, manifest };
}
