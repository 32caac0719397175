// Graph -> the io_stream view model: every tensor [..., C] is a stream of words nnet::array<T, C> (one per
// position, raster order), the top function a DATAFLOW region of stream kernels. Per-word layers reuse
// the io_parallel layer views on one word; conv and pools use line-buffer kernels; dense gathers.
import { quantizerView } from './quant-views.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatApType, formatFixedType } from '../../fixed/parse.js';
import { size, typeOf } from '../../ir/graph.js';
import type { Graph, Node } from '../../ir/types.js';
import { assertNever } from '../../ir/types.js';
import { activationView, type ArrayRef, type LayerSink } from './activation-views.js';
import { coreView } from './core-views.js';
import { windowView } from './conv-views.js';
import { reuseRows, topInitiationInterval } from '../../analysis/reuse-factors.js';
import { constantOperand, mergeView, type MergeLayerNode } from './merge-views.js';
import { resizeRowsMonotone, shapeView } from './shape-views.js';
import { constantOffset, fanOut, reshaped, splitWideConcats, STREAM_KERNELS, wordShape, type StreamDecl, type StreamType } from './stream-wiring.js';
import { cIdent, constArray, type LayerView, type Port, type TypeDef, type VitisOptions, type VitisView, type WeightArray } from './view-model.js';

export function buildStreamView(graph: Graph, opts: VitisOptions, version: string): VitisView {
  const g = splitWideConcats(graph);
  const types: TypeDef[] = [];
  const defines: { name: string; value: number }[] = [];
  const weights: WeightArray[] = [];
  const layers: LayerView[] = [];
  const includes = new Set<string>(['nnet/nnet_common.h', 'nnet/nnet_stream.h']);
  const streamOf = new Map<string, StreamType>();
  const handOut = new Map<string, string[]>(); // tensor -> streams still to be read by its consumers, in order
  const uses = new Map<string, number>();
  for (const n of g.nodes) for (const t of n.inputs) if (!g.tensors[t]!.data) uses.set(t, (uses.get(t) ?? 0) + 1);

  const declareType = (elem: string, word: string, tensor: string, comment: string): StreamType => {
    const t = typeOf(g, tensor);
    const { words, wordSize } = wordShape(g.tensors[tensor]!.shape);
    types.push({ name: elem, cpp: formatApType(t), comment: `${comment} ${formatFixedType(t)}` });
    types.push({ name: word, cpp: `nnet::array<${elem}, ${wordSize}>`, comment: `one position of '${tensor}' (${words} per sample)` });
    const st = { elem, word, words, wordSize };
    streamOf.set(tensor, st);
    return st;
  };
  const port = (x: string, i: number, kind: 'input' | 'result', suffix: string): Port & StreamType => {
    const base = i === 0 ? kind : `${kind}${i + 1}`;
    const st = declareType(`${base}_t`, `${base}_word_t`, x, `${kind === 'input' ? 'input' : 'output'} '${x}'`);
    const sizeMacro = `N_${kind === 'input' ? 'INPUT' : 'OUTPUT'}_${i + 1}`;
    defines.push({ name: sizeMacro, value: size(g.tensors[x]!.shape) });
    const name = suffix ? `${cIdent(x)}${suffix}`.replace(/_out_out$/, '_out') : cIdent(x);
    return { name, type: st.elem, size: size(g.tensors[x]!.shape), sizeMacro, ...st };
  };
  const inputs = g.inputs.map((x, i) => port(x, i, 'input', ''));
  const portOf = new Map<string, string>();
  const outputs = g.outputs.map((x, i) => {
    const p = port(x, i, 'result', '_out');
    portOf.set(x, p.name);
    return p;
  });

  /** The stream the next consumer of `t` reads. */
  const take = (t: string, subject: string): string => {
    const s = handOut.get(t)?.shift();
    if (!s) throw new HlsnetError('E503', `tensor '${t}' has no stream to read (internal error: please report it)`, { subject });
    return s;
  };

  /** Hands stream `s` (carrying `t`) to t's consumers: cloned when several read it, copied into a port. */
  const publish = (t: string, s: string, calls: string[], streams: StreamDecl[]): void => {
    const plan = fanOut(s, streamOf.get(t)!, uses.get(t) ?? 0, portOf.get(t) === s ? undefined : portOf.get(t));
    calls.push(...plan.calls);
    streams.push(...plan.streams);
    handOut.set(t, plan.readers);
  };
  inputs.forEach((p, i) => {
    const calls: string[] = [];
    const streams: StreamDecl[] = [];
    publish(g.inputs[i]!, p.name, calls, streams);
    if (calls.length) layers.push({ index: 1, name: g.inputs[i]!, op: 'input', comment: `fan-out of input '${g.inputs[i]}'`, streams, call: calls.join('\n    ') });
  });

  g.nodes.forEach((n, k) => {
    const idx = k + 2; // hls4ml's numbering, as in io_parallel
    const subject = `node '${n.name}' (${n.op})`;
    const comment = `${n.name}: ${n.op}`;
    const outName = n.outputs[0]!;
    const streams: StreamDecl[] = [];
    const calls: string[] = [];
    let config: LayerView['config'];
    let functor: string | undefined;
    const sink: LayerSink = {
      type: (name, t, c) => { types.push({ name, cpp: formatApType(t), comment: `${c} ${formatFixedType(t)}` }); },
      constants: (name, type, t, raw, c) => { weights.push(constArray(name, type, t, raw, c, subject)); },
      include: (h) => { includes.add(h); },
    };
    const setConfig = (v: { base?: string; fields: readonly string[] }): void => {
      if (v.base) config = { name: `config${idx}`, base: v.base, fields: v.fields.map((line) => ({ line })) };
    };

    /** The stream a computing layer writes: the port when the tensor is only a graph output. */
    const declareOutput = (): { stream: string; st: StreamType } => {
      const out = portOf.get(outName);
      if (out && !uses.get(outName)) return { stream: out, st: streamOf.get(outName)! };
      const st = out ? streamOf.get(outName)! : declareType(`layer${idx}_t`, `layer${idx}_word_t`, outName, `output of '${n.name}' (${n.op})`);
      if (!out) defines.push({ name: `N_LAYER_${idx}`, value: size(g.tensors[outName]!.shape) });
      const s = `layer${idx}_out`;
      streams.push({ name: s, type: st.word, depth: st.words });
      return { stream: s, st };
    };
    const finish = (stream: string): void => {
      publish(outName, stream, calls, streams);
      layers.push({ index: idx, name: n.name, op: n.op, comment, ...(config ? { config } : {}), streams, call: calls.join('\n    '), ...(functor ? { functor } : {}) });
    };
    const passThrough = (): void => {
      const src = take(n.inputs[0]!, subject);
      if (!streamOf.has(outName)) streamOf.set(outName, streamOf.get(n.inputs[0]!)!);
      finish(src);
    };
    /** A functor struct whose apply() runs the io_parallel kernel call on arrays. */
    const makeFunctor = (params: string[], body: string, usesWord: boolean): void => {
      const args = [usesWord ? 'unsigned w' : 'unsigned', ...params];
      functor = [
        `struct layer${idx}_fn {`,
        `    static void apply(${args.join(', ')}) {`,
        '        #pragma HLS INLINE',
        `        ${body.replace(/\n\s*/g, '\n        ')}`,
        '    }',
        '};',
      ].join('\n');
    };

    /** Elementwise and last-axis layers: the io_parallel view on one word, applied to every word. */
    const perWord = (view: (wg: Graph, node: Node, operand: (k: number) => ArrayRef, y: ArrayRef) => { base?: string; fields: readonly string[]; call: string }): void => {
      const outShape = g.tensors[outName]!.shape;
      const { words, wordSize } = wordShape(outShape);
      const shapes: Record<string, readonly number[]> = { [outName]: [wordSize] };
      const streamIns: { name: string; st: StreamType; arg: string; once: boolean }[] = [];
      let usesWord = false;
      const refs = n.inputs.map((t, i): ArrayRef | ((gg: Graph, node: Node) => ArrayRef) => {
        const tensor = g.tensors[t]!;
        if (tensor.data) {
          const { offset, last } = constantOffset(tensor.shape, outShape);
          shapes[t] = [last];
          if (offset !== '0') usesWord = true;
          return (gg, node) => {
            const ref = constantOperand(gg, node as MergeLayerNode, idx, i, sink);
            return offset === '0' ? ref : { ...ref, name: `(${ref.name} + ${offset})` };
          };
        }
        const st = streamOf.get(t)!;
        // A one-word stream (a global pool, a dense output) broadcast against every position is read once.
        const once = st.words === 1 && words > 1;
        if (st.words !== words && !once) {
          throw new HlsnetError('E503', `input '${t}' [${tensor.shape.join(', ')}] broadcasts against [${outShape.join(', ')}] along positions, which io_stream does not support`, { subject, hint: 'use io_parallel for this model' });
        }
        shapes[t] = [st.wordSize];
        const arg = `x${streamIns.length}`;
        streamIns.push({ name: take(t, subject), st, arg, once });
        return { name: arg, type: st.elem, size: st.wordSize };
      });
      if (streamIns.length === 0 || streamIns.every((x) => x.once)) {
        throw new HlsnetError('E503', `no input of this layer streams its ${words} positions, which io_stream does not support`, { subject, hint: 'use io_parallel for this model' });
      }
      const wg = reshaped(g, shapes);
      const node = (n.op === 'concat' ? { ...n, attrs: { axis: 0 } } : n) as Node;
      const { stream, st } = declareOutput();
      const y = { name: 'y', type: st.elem, size: st.wordSize };
      const v = view(wg, node, (i) => { const r = refs[i]!; return typeof r === 'function' ? r(wg, node) : r; }, y);
      let body = v.call;
      if (n.op === 'prelu') {
        // The slope array is named by the activation view; a slope varying along positions is read at this
        // word's offset (its kernel indexes slope[i % n_slope], so the slope must then span whole words).
        const slope = g.tensors[n.inputs[1]!]!;
        const { offset, last } = constantOffset(slope.shape, outShape);
        if (offset !== '0' && last !== wordSize) {
          throw new HlsnetError('E503', `prelu slope [${slope.shape.join(', ')}] varies along positions but not along channels, which io_stream does not support`, { subject, hint: 'use io_parallel for this model' });
        }
        if (offset !== '0') { usesWord = true; body = body.replace(`param${idx})`, `param${idx} + ${offset})`); }
      }
      setConfig(v);
      makeFunctor([...streamIns.map((x) => `const ${x.st.elem} ${x.arg}[${x.st.wordSize}]`), `${st.elem} y[${st.wordSize}]`], body, usesWord);
      const kernel = streamIns.length === 1 ? 'map_stream' : `map${streamIns.length}_stream`;
      const onceFlags = streamIns.some((x) => x.once) ? streamIns.map((x) => String(x.once)) : [];
      calls.unshift(`nnet::${kernel}<${[...streamIns.map((x) => x.st.word), st.word, `layer${idx}_fn`, words, ...onceFlags].join(', ')}>(${[...streamIns.map((x) => x.name), stream].join(', ')});`);
      finish(stream);
    };
    /** Concatenation along an axis before the last: whole words from each input in turn (chained pairwise). */
    const concatWords = (axis: number): void => {
      const outShape = g.tensors[outName]!.shape;
      const outer = size(outShape.slice(0, axis));
      const ins = n.inputs.map((t) => {
        if (g.tensors[t]!.data) throw new HlsnetError('E503', `concat of the constant '${t}' has no io_stream kernel`, { subject, hint: 'use io_parallel for this model' });
        return { name: take(t, subject), st: streamOf.get(t)!, words: size(g.tensors[t]!.shape.slice(axis, -1)) };
      });
      const { stream, st } = declareOutput();
      let acc = ins[0]!;
      ins.slice(1).forEach((b, k) => {
        const last = k === ins.length - 2;
        const into = last ? stream : `layer${idx}_part${k + 1}`;
        if (!last) streams.push({ name: into, type: st.word, depth: outer * (acc.words + b.words) });
        calls.push(`nnet::concat_words_stream<${acc.st.word}, ${b.st.word}, ${st.word}, ${outer}, ${acc.words}, ${b.words}>(${acc.name}, ${b.name}, ${into});`);
        acc = { name: into, st, words: acc.words + b.words };
      });
      finish(stream);
    };
    /** Layers that need the whole tensor: gather it, run the io_parallel kernel, scatter the result. */
    const whole = (view: (x: ArrayRef, y: ArrayRef) => { base?: string; fields: readonly string[]; call: string }): void => {
      const src = take(n.inputs[0]!, subject);
      const xs = streamOf.get(n.inputs[0]!)!;
      const { stream, st } = declareOutput();
      const nIn = xs.words * xs.wordSize;
      const nOut = st.words * st.wordSize;
      const v = view({ name: 'x', type: xs.elem, size: nIn }, { name: 'y', type: st.elem, size: nOut });
      setConfig(v);
      functor = [
        `struct layer${idx}_fn {`,
        `    static void apply(const ${xs.elem} x[${nIn}], ${st.elem} y[${nOut}]) {`,
        '        #pragma HLS INLINE',
        `        ${v.call}`,
        '    }',
        '};',
      ].join('\n');
      calls.unshift(`nnet::whole_stream<${xs.word}, ${st.word}, layer${idx}_fn, ${xs.words}, ${st.words}>(${src}, ${stream});`);
      finish(stream);
    };
    /** Conv and pools: line-buffer stream kernels with the io_parallel config struct. */
    const windowed = (view: (x: ArrayRef, y: ArrayRef) => { base?: string; fields: readonly string[]; call: string }, header: string): void => {
      const src = take(n.inputs[0]!, subject);
      const xs = streamOf.get(n.inputs[0]!)!;
      const { stream, st } = declareOutput();
      const v = view({ name: src, type: xs.word, size: xs.words }, { name: stream, type: st.word, size: st.words });
      setConfig(v);
      const global = n.op === 'global_maxpool' || n.op === 'global_avgpool' ? 'global_' : '';
      // The same config struct and constants; the kernel is the io_parallel one's stream form.
      calls.unshift(v.call.replace(/^nnet::(\w+)</, (_, kname: string) => `nnet::${global}${STREAM_KERNELS[kname] ?? `${kname}_stream`}<`));
      if (header) includes.add(header);
      finish(stream);
    };

    switch (n.op) {
      case 'reshape': {
        const from = streamOf.get(n.inputs[0]!)!;
        const to = wordShape(g.tensors[outName]!.shape);
        if (to.wordSize === from.wordSize) { passThrough(); break; }
        const src = take(n.inputs[0]!, subject);
        const { stream, st } = declareOutput();
        calls.push(`nnet::repack_stream<${from.word}, ${st.word}, ${from.words * from.wordSize}>(${src}, ${stream});`);
        finish(stream);
        break;
      }
      case 'identity':
        passThrough();
        break;
      case 'softmax':
        if (n.attrs.implementation === 'skip') { passThrough(); break; }
        perWord((wg, node, op, y) => activationView(wg, node as typeof n, idx, op(0), y, sink));
        break;
      case 'clip': case 'leaky_relu': case 'prelu': case 'thresholded_relu': case 'hard_sigmoid': case 'hard_swish':
      case 'sigmoid': case 'tanh': case 'softplus': case 'softsign': case 'elu': case 'selu': case 'logsoftmax':
        perWord((wg, node, op, y) => activationView(wg, node as typeof n, idx, op(0), y, sink));
        break;
      case 'relu': case 'linear': case 'batchnorm':
        perWord((wg, node, op, y) => coreView(wg, node as typeof n, idx, op(0), y, sink));
        break;
      case 'quant': case 'bipolar_quant': case 'trunc':
        perWord((wg, node, op, y) => quantizerView(wg, node as typeof n, idx, op(0), y, sink));
        break;
      case 'concat':
        if (n.attrs.axis < g.tensors[outName]!.shape.length - 1) { concatWords(n.attrs.axis); break; }
        perWord((wg, node, op, y) => mergeView(wg, node as MergeLayerNode, idx, op, y, sink));
        break;
      case 'add': case 'sub': case 'mul': case 'average': case 'maximum': case 'minimum':
        perWord((wg, node, op, y) => mergeView(wg, node as MergeLayerNode, idx, op, y, sink));
        break;
      case 'dense':
        whole((x, y) => coreView(g, n, idx, x, y, sink));
        break;
      case 'transpose':
        whole((x, y) => windowView(g, n, idx, x, y, sink));
        break;
      case 'conv':
        windowed((x, y) => windowView(g, n, idx, x, y, sink, true), 'nnet/nnet_conv_stream.h');
        break;
      case 'maxpool': case 'avgpool': case 'global_maxpool': case 'global_avgpool':
        windowed((x, y) => windowView(g, n, idx, x, y, sink), 'nnet/nnet_pooling_stream.h');
        break;
      case 'pad': case 'resize':
        if (n.op === 'resize' && !resizeRowsMonotone(n)) throw new HlsnetError('E503', 'a resize whose row map goes back has no io_stream kernel', { subject, hint: 'use io_parallel for this model' });
        windowed((x, y) => shapeView(g, n, idx, x, y, sink), '');
        break;
      default:
        assertNever(n, 'op');
    }
  });

  const signature = [...inputs, ...outputs].map((p) => `hls::stream<${p.word}> &${p.name}`).join(', ');
  const name = cIdent(opts.projectName);
  return {
    name, guard: `${name.toUpperCase()}_H_`, part: opts.part, clockNs: opts.clockNs, hlsnetVersion: version,
    sourceFile: g.source?.file ?? g.name, defines, types, inputs, outputs, signature, weights, layers, includes: [...includes],
    ii: topInitiationInterval(g), reuseLayers: reuseRows(g, true), hasReuseLayers: reuseRows(g).length > 0,
    stream: true, architecture: 'io_stream: every tensor a stream of one word per position (raster order), the layers a DATAFLOW pipeline; conv and pooling read through line buffers',
  };
}
