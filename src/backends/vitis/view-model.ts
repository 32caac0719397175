// Graph -> the Vitis HLS view model: every name, type string, kernel call and constant the
// templates print, computed here so that the templates hold no logic.
import { quantizerView } from './quant-views.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatApType, formatFixedType } from '../../fixed/parse.js';
import { size, typeOf } from '../../ir/graph.js';
import type { FixedType } from '../../fixed/types.js';
import type { Graph } from '../../ir/types.js';
import { assertNever } from '../../ir/types.js';
import { reuseRows, topInitiationInterval, type ReuseRow } from '../../analysis/reuse-factors.js';
import { activationView, type ActivationNode, type LayerSink } from './activation-views.js';
import { windowView, type WindowNode } from './conv-views.js';
import { coreView } from './core-views.js';
import { shapeView } from './shape-views.js';
import { constantOperand, mergeView, type MergeLayerNode } from './merge-views.js';
import { exactValue } from './format.js';

export interface VitisOptions {
  readonly projectName: string;
  readonly part: string;
  readonly clockNs: number;
  /** io_parallel (default): arrays, fully unrolled; io_stream: streams of words, DATAFLOW, line buffers. */
  readonly ioType?: IoType;
}

export type IoType = 'io_parallel' | 'io_stream';

export interface TypeDef { readonly name: string; readonly cpp: string; readonly comment: string }
export interface Port {
  readonly name: string; readonly type: string; readonly size: number; readonly sizeMacro: string;
  /** io_stream only: the word type, words per sample and elements per word. */
  readonly word?: string; readonly words?: number; readonly wordSize?: number;
}
export interface WeightArray {
  readonly file: string; readonly guard: string; readonly name: string; readonly type: string;
  readonly size: number; readonly comment: string; readonly values: string;
}
export interface ConfigField { readonly line: string }
export interface LayerView {
  readonly index: number; readonly name: string; readonly op: string; readonly comment: string;
  readonly config?: { readonly name: string; readonly base: string; readonly fields: readonly ConfigField[] };
  readonly local?: { readonly name: string; readonly type: string; readonly size: number };
  /** io_stream only: the streams the layer declares, and a functor struct its stream kernel calls. */
  readonly streams?: readonly { readonly name: string; readonly type: string; readonly depth: number }[];
  readonly functor?: string;
  readonly call: string;
}
export interface VitisView {
  readonly name: string; readonly guard: string; readonly part: string; readonly clockNs: number;
  readonly hlsnetVersion: string; readonly sourceFile: string;
  readonly defines: readonly { readonly name: string; readonly value: number }[];
  readonly types: readonly TypeDef[];
  readonly inputs: readonly Port[]; readonly outputs: readonly Port[];
  readonly signature: string;
  readonly weights: readonly WeightArray[];
  readonly layers: readonly LayerView[];
  readonly includes: readonly string[];
  readonly stream: boolean;
  /** One sentence on the architecture, for the generated README and the top function's comment. */
  readonly architecture: string;
  /** The top function's initiation interval: the largest reuse factor (ir/OPS.md, "Hints"). */
  readonly ii: number;
  readonly reuseLayers: readonly ReuseRow[];
  readonly hasReuseLayers: boolean;
}

export const MAX_LITERAL_WIDTH = 53;

export function cIdent(s: string): string {
  const id = s.replace(/[^A-Za-z0-9_]/g, '_').replace(/_+/g, '_');
  return /^[A-Za-z]/.test(id) ? id : `t_${id}`.replace(/_+/g, '_');
}

/** A constant array of raw values of `ft` as exact decimal literals (exact as C++ doubles up to 53 bits). */
export function constArray(cname: string, ctype: string, ft: FixedType, raw: readonly bigint[], comment: string, subject: string): WeightArray {
  if (ft.width > MAX_LITERAL_WIDTH) {
    throw new HlsnetError('E503', `constant '${cname}' has a ${ft.width}-bit type; constants wider than ${MAX_LITERAL_WIDTH} bits cannot be emitted exactly as literals yet`, {
      subject, hint: 'use weight, bias, param and table types of at most 53 bits',
    });
  }
  const vals = raw.map((r) => exactValue(r, ft));
  const lines: string[] = [];
  for (let i = 0; i < vals.length; i += 16) lines.push('    ' + vals.slice(i, i + 16).join(', '));
  return { file: `${cname}.h`, guard: `${cname.toUpperCase()}_H_`, name: cname, type: ctype, size: vals.length, comment, values: lines.join(',\n') };
}

export function buildVitisView(g: Graph, opts: VitisOptions, version: string): VitisView {
  const types: TypeDef[] = [];
  const defines: { name: string; value: number }[] = [];
  const weights: WeightArray[] = [];
  const layers: LayerView[] = [];
  const arrayOf = new Map<string, { name: string; type: string; size: number }>();
  const inputs: Port[] = g.inputs.map((x, i) => {
    const name = cIdent(x);
    const type = i === 0 ? 'input_t' : `input${i + 1}_t`;
    const t = typeOf(g, x);
    types.push({ name: type, cpp: formatApType(t), comment: `input '${x}' ${formatFixedType(t)}` });
    const n = size(g.tensors[x]!.shape);
    const sizeMacro = `N_INPUT_${i + 1}`;
    defines.push({ name: sizeMacro, value: n });
    arrayOf.set(x, { name, type, size: n });
    return { name, type, size: n, sizeMacro };
  });
  const outputs: Port[] = g.outputs.map((x, i) => {
    const t = typeOf(g, x);
    const type = i === 0 ? 'result_t' : `result${i + 1}_t`;
    types.push({ name: type, cpp: formatApType(t), comment: `output '${x}' ${formatFixedType(t)}` });
    const n = size(g.tensors[x]!.shape);
    const sizeMacro = `N_OUTPUT_${i + 1}`;
    defines.push({ name: sizeMacro, value: n });
    return { name: `${cIdent(x)}_out`.replace(/_out_out$/, '_out'), type, size: n, sizeMacro };
  });
  g.outputs.forEach((x, i) => {
    if (!arrayOf.has(x)) arrayOf.set(x, { name: outputs[i]!.name, type: outputs[i]!.type, size: outputs[i]!.size });
  });
  const includes = new Set<string>(['nnet/nnet_common.h']);

  g.nodes.forEach((n, k) => {
    const idx = k + 2; // hls4ml numbers layers from 2 (1 is the input); users know the convention
    const x = arrayOf.get(n.inputs[0]!)!;
    const outName = n.outputs[0]!;
    const isPort = g.outputs.includes(outName);
    const outType = typeOf(g, outName);
    const nOut = size(g.tensors[outName]!.shape);
    const comment = `${n.name}: ${n.op}`;
    // A layer that computes writes into a port or into a new local array with its own type.
    let local: LayerView['local'];
    const declareOutput = (): { name: string; type: string; size: number } => {
      if (isPort) return arrayOf.get(outName)!;
      const typeName = `layer${idx}_t`;
      types.push({ name: typeName, cpp: formatApType(outType), comment: `output of '${n.name}' (${n.op}) ${formatFixedType(outType)}` });
      defines.push({ name: `N_LAYER_${idx}`, value: nOut });
      local = { name: `layer${idx}_out`, type: typeName, size: nOut };
      arrayOf.set(outName, local);
      return local;
    };
    const passThrough = (): void => {
      // Flat arrays make reshape and skip free: reuse the input array, or copy into a port.
      if (!isPort) {
        arrayOf.set(outName, x);
        return;
      }
      const y = arrayOf.get(outName)!;
      layers.push({ index: idx, name: n.name, op: n.op, comment, call: `nnet::copy<${x.type}, ${y.type}, ${nOut}>(${x.name}, ${y.name});` });
    };
    const sink: LayerSink = {
      type: (name, t, c) => { types.push({ name, cpp: formatApType(t), comment: `${c} ${formatFixedType(t)}` }); },
      constants: (name, type, t, raw, c) => { weights.push(constArray(name, type, t, raw, c, `node '${n.name}' (${n.op})`)); },
      include: (h) => { includes.add(h); },
    };
    // A layer with a config struct: the view function sees the input and the declared output.
    const configured = (view: (y: { name: string; type: string; size: number }) => { base: string; fields: readonly string[]; call: string }): void => {
      const v = view(declareOutput());
      layers.push({ index: idx, name: n.name, op: n.op, comment, config: { name: `config${idx}`, base: v.base, fields: v.fields.map((line) => ({ line })) }, ...(local ? { local } : {}), call: v.call });
    };
    const activation = (a: ActivationNode): void => configured((y) => activationView(g, a, idx, x, y, sink));
    const windowed = (a: WindowNode): void => configured((y) => windowView(g, a, idx, x, y, sink));
    const merged = (m: MergeLayerNode): void => {
      const operand = (i: number) => (g.tensors[m.inputs[i]!]!.data ? constantOperand(g, m, idx, i, sink) : arrayOf.get(m.inputs[i]!)!);
      const y = declareOutput();
      const v = mergeView(g, m, idx, operand, y, sink);
      const config = v.base ? { config: { name: `config${idx}`, base: v.base, fields: v.fields.map((line) => ({ line })) } } : {};
      layers.push({ index: idx, name: n.name, op: n.op, comment, ...config, ...(local ? { local } : {}), call: v.call });
    };
    switch (n.op) {
      case 'dense': case 'batchnorm': case 'relu': case 'linear':
        configured((y) => coreView(g, n, idx, x, y, sink));
        break;
      case 'softmax':
        if (n.attrs.implementation === 'skip') { passThrough(); break; }
        activation(n);
        break;
      case 'reshape':
      case 'identity':
        passThrough();
        break;
      case 'conv': case 'maxpool': case 'avgpool': case 'global_maxpool': case 'global_avgpool': case 'transpose':
        windowed(n);
        break;
      case 'pad': case 'resize':
        configured((y) => shapeView(g, n, idx, x, y, sink));
        break;
      case 'add': case 'sub': case 'mul': case 'average': case 'maximum': case 'minimum': case 'concat':
        merged(n);
        break;
      case 'clip': case 'leaky_relu': case 'prelu': case 'thresholded_relu': case 'hard_sigmoid': case 'hard_swish':
      case 'sigmoid': case 'tanh': case 'softplus': case 'softsign': case 'elu': case 'selu': case 'logsoftmax':
        activation(n);
        break;
      case 'quant': case 'bipolar_quant': case 'trunc':
        configured((y) => quantizerView(g, n, idx, x, y, sink));
        break;
      default:
        assertNever(n, 'op');
    }
  });

  // A graph input that is also an output: its port gets a copy (no layer writes it).
  g.outputs.forEach((x, i) => {
    const port = outputs[i]!;
    if (!g.inputs.includes(x)) return;
    const src = inputs[g.inputs.indexOf(x)]!;
    layers.push({ index: 1, name: x, op: 'input', comment: `input '${x}' is also an output`, call: `nnet::copy<${src.type}, ${port.type}, ${port.size}>(${src.name}, ${port.name});` });
  });

  const signature = [
    ...inputs.map((p) => `${p.type} ${p.name}[${p.sizeMacro}]`),
    ...outputs.map((p) => `${p.type} ${p.name}[${p.sizeMacro}]`),
  ].join(', ');
  const name = cIdent(opts.projectName);
  return {
    name, guard: `${name.toUpperCase()}_H_`, part: opts.part, clockNs: opts.clockNs, hlsnetVersion: version,
    sourceFile: g.source?.file ?? g.name, defines, types, inputs, outputs, signature, weights, layers, includes: [...includes],
    stream: false, architecture: 'io_parallel, latency strategy: every layer fully unrolled, the top function pipelined',
    ii: topInitiationInterval(g), reuseLayers: reuseRows(g), hasReuseLayers: reuseRows(g).length > 0,
  };
}
