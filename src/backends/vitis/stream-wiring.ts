// How the io_stream view wires tensors as streams: word shapes, where a word finds its slice of a
// broadcast constant, and the clones that hand one stream to several readers.
import { size } from '../../ir/graph.js';
import type { Graph, Node, Tensor } from '../../ir/types.js';
import { broadcastExpr } from './merge-views.js';

/** A stream the top function declares, with its FIFO depth. */
export interface StreamDecl { readonly name: string; readonly type: string; readonly depth: number }

/** A tensor's stream: element type, word type, words per sample and elements per word. */
export interface StreamType { readonly elem: string; readonly word: string; readonly words: number; readonly wordSize: number }

/** Positions and channels of a channels-last shape: a vector [N] is one word of N. */
export function wordShape(shape: readonly number[]): { words: number; wordSize: number } {
  const c = shape.length ? shape[shape.length - 1]! : 1;
  return { words: c === 0 ? 0 : size(shape) / c, wordSize: c };
}

/** The kernels of the windowed ops in io_stream (the io_parallel kernel name -> its stream form). */
export const STREAM_KERNELS: Readonly<Record<string, string>> = {
  conv_latency: 'conv_stream', conv_latency_nobias: 'conv_stream_nobias', maxpool: 'maxpool_stream', avgpool: 'avgpool_stream',
};

/** A graph in which the named tensors have other shapes (one word, for the per-word layer views). */
export function reshaped(g: Graph, shapes: Readonly<Record<string, readonly number[]>>): Graph {
  const tensors: Record<string, Tensor> = { ...g.tensors };
  for (const [name, shape] of Object.entries(shapes)) tensors[name] = { ...tensors[name]!, shape };
  return { ...g, tensors };
}

/**
 * Where word `w` of an output of shape `out` finds its slice of a broadcast constant of shape `s`: a C++
 * offset expression in w ('0' when the constant only varies along the last axis) and the slice's length.
 */
export function constantOffset(s: readonly number[], out: readonly number[]): { offset: string; last: number } {
  const padded = [...Array<number>(Math.max(0, out.length - s.length)).fill(1), ...s];
  const last = padded.length ? padded[padded.length - 1]! : 1;
  if (out.length <= 1) return { offset: '0', last };
  const expr = broadcastExpr(padded.slice(0, -1), out.slice(0, -1)).replace(/\bi\b/g, 'w');
  return { offset: expr === '0' ? '0' : last === 1 ? expr : `(${expr}) * ${last}`, last };
}

/**
 * The calls and extra streams that hand stream `s` to `readers` consumers and to a port: nothing for one
 * reader, a copy for a port alone, else clone_stream (two or three outputs; longer fan-outs chain).
 * `readers` of the result: the streams the consumers read, in order.
 */
export function fanOut(s: string, st: StreamType, readers: number, port: string | undefined): { calls: string[]; streams: StreamDecl[]; readers: string[] } {
  const copies = Array.from({ length: readers }, (_, r) => `${s}_cpy${r + 1}`);
  if (readers + (port ? 1 : 0) <= 1) {
    const calls = port ? [`nnet::repack_stream<${st.word}, ${st.word}, ${st.words * st.wordSize}>(${s}, ${port});`] : [];
    return { calls, streams: [], readers: port ? [] : [s] };
  }
  const calls: string[] = [];
  const streams: StreamDecl[] = copies.map((name) => ({ name, type: st.word, depth: st.words }));
  let targets = port ? [port, ...copies] : copies;
  let from = s;
  while (targets.length > 3) {
    const next = `${s}_fan${targets.length}`;
    streams.push({ name: next, type: st.word, depth: st.words });
    calls.push(`nnet::clone_stream<${st.word}, ${st.words}>(${from}, ${targets[0]}, ${next});`);
    targets = targets.slice(1);
    from = next;
  }
  calls.push(`nnet::clone_stream<${st.word}, ${st.words}>(${from}, ${targets.join(', ')});`);
  return { calls, streams, readers: copies };
}

/** The widest merge a stream kernel reads at once (map4_stream). */
export const MAX_STREAM_INPUTS = 4;

/**
 * A concat of more than four inputs along the last axis as a chain of concats of at most four, the
 * intermediates in the output's type: each element is cast to it once, and a second cast to the same
 * type changes nothing, so the numbers are the io_parallel ones.
 */
export function splitWideConcats(g: Graph): Graph {
  if (!g.nodes.some((n) => n.op === 'concat' && n.inputs.length > MAX_STREAM_INPUTS)) return g;
  const tensors: Record<string, Tensor> = { ...g.tensors };
  const nodes: Node[] = [];
  for (const n of g.nodes) {
    const out = g.tensors[n.outputs[0]!]!;
    if (n.op !== 'concat' || n.inputs.length <= MAX_STREAM_INPUTS || n.attrs.axis !== out.shape.length - 1) {
      nodes.push(n);
      continue;
    }
    let rest = n.inputs.slice(MAX_STREAM_INPUTS);
    let acc = `${n.outputs[0]}_part1`;
    const last = (ins: readonly string[]): number => ins.reduce((a, t) => a + tensors[t]!.shape[out.shape.length - 1]!, 0);
    const first = n.inputs.slice(0, MAX_STREAM_INPUTS);
    tensors[acc] = { name: acc, shape: [...out.shape.slice(0, -1), last(first)], ...(out.type ? { type: out.type } : {}) };
    nodes.push({ ...n, name: `${n.name}_part1`, inputs: first, outputs: [acc] });
    for (let k = 2; rest.length; k++) {
      const take = rest.slice(0, MAX_STREAM_INPUTS - 1);
      rest = rest.slice(MAX_STREAM_INPUTS - 1);
      const y = rest.length ? `${n.outputs[0]}_part${k}` : n.outputs[0]!;
      if (rest.length) tensors[y] = { name: y, shape: [...out.shape.slice(0, -1), last([acc, ...take])], ...(out.type ? { type: out.type } : {}) };
      nodes.push({ ...n, name: rest.length ? `${n.name}_part${k}` : n.name, inputs: [acc, ...take], outputs: [y] });
      acc = y;
    }
  }
  return { ...g, nodes, tensors };
}
