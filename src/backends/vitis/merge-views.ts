// The Vitis view of the merge layers (ir/OPS.md: add, sub, mul, average, maximum, minimum, concat):
// broadcast index expressions, exact intermediate types from the IR types, constant operands as arrays.
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatFixedType } from '../../fixed/parse.js';
import { fromFloat } from '../../fixed/quantize.js';
import { addType, exactDifferenceType, exactSumType, exactUnionType, mulType } from '../../fixed/rules.js';
import { size, typeOf } from '../../ir/graph.js';
import type { AddNode, BinaryNode, ConcatNode, Graph, MergeNode } from '../../ir/types.js';
import { averageConstant } from '../../ops/merge.js';
import { concatBlocks } from '../../ops/concat.js';
import type { ArrayRef, LayerSink } from './activation-views.js';
import { typedef, uint } from './format.js';

export type MergeLayerNode = AddNode | BinaryNode | MergeNode | ConcatNode;

export interface MergeView { readonly base?: string; readonly fields: readonly string[]; readonly call: string }


/** C++ expression of the flat index into an input of shape `s` broadcast to `out`, for output index i. */
export function broadcastExpr(s: readonly number[], out: readonly number[]): string {
  if (size(s) === size(out)) return 'i';
  const terms: string[] = [];
  let inStride = 1;
  for (let d = out.length - 1, di = s.length - 1; d >= 0; d--, di--) {
    const dim = di >= 0 ? s[di]! : 1;
    if (dim !== 1) {
      const outStride = out.slice(d + 1).reduce((a, b) => a * b, 1);
      let t = outStride === 1 ? 'i' : `i / ${outStride}`;
      if (d > 0) t = `(${t} % ${out[d]})`;
      terms.push(inStride === 1 ? t : `${t} * ${inStride}`);
      inStride *= dim;
    }
  }
  return terms.length ? terms.reverse().join(' + ') : '0';
}

/** The layer view of a merge node; `operand(k)` is the array of input k (a constant is emitted by the caller). */
export function mergeView(g: Graph, n: MergeLayerNode, idx: number, operand: (k: number) => ArrayRef, y: ArrayRef, sink: LayerSink): MergeView {
  const subject = `node '${n.name}' (${n.op})`;
  sink.include('nnet/nnet_merge.h');
  const shapes = n.inputs.map((t) => g.tensors[t]!.shape);
  const out = g.tensors[n.outputs[0]!]!.shape;
  const ins = n.inputs.map((_, k) => operand(k));
  if (n.op === 'concat') {
    const { outer, inner } = concatBlocks(n, shapes);
    const total = inner.reduce((a, b) => a + b, 0);
    let offset = 0;
    const calls = ins.map((x, k) => {
      const c = `nnet::concat_part<${x.type}, ${y.type}, ${outer}, ${inner[k]}, ${total}, ${offset}>(${x.name}, ${y.name});`;
      offset += inner[k]!;
      return c;
    });
    return { fields: [], call: calls.join('\n    ') };
  }
  if (ins.length > 4) {
    throw new HlsnetError('E503', `${n.op} with ${ins.length} inputs has no HLS kernel yet (2 to 4 inputs)`, { subject,
      hint: 'merge at most four inputs at a time in the model' });
  }
  const ts = n.inputs.map((t) => typeOf(g, t));
  const [ta, tb] = [ts[0]!, ts[1]!];
  const fields = [
    ...shapes.map((s, k) => uint(`n_in${k + 1}`, size(s))), uint('n_out', size(out)),
    ...shapes.map((s, k) => `static unsigned index${k + 1}(unsigned i) { return ${broadcastExpr(s, out)}; }`),
  ];
  const call = (...extra: string[]): string =>
    `nnet::${n.op}<${[...ins.map((x) => x.type), y.type].join(', ')}, config${idx}>(${[...ins.map((x) => x.name), y.name, ...extra].join(', ')});`;
  switch (n.op) {
    case 'add': return { base: 'nnet::merge_config', fields: [...fields, typedef('accum_t', addType(ta, tb))], call: call() };
    case 'sub': return { base: 'nnet::merge_config', fields: [...fields, typedef('accum_t', exactDifferenceType(ta, tb))], call: call() };
    case 'mul': return { base: 'nnet::merge_config', fields: [...fields, typedef('accum_t', mulType(ta, tb))], call: call() };
    case 'maximum':
    case 'minimum':
      return { base: 'nnet::merge_config', fields: [...fields, typedef('accum_t', exactUnionType(ts))], call: call() };
    case 'average': {
      const { q, type } = averageConstant(n);
      sink.type(`param${idx}_t`, type, `q(1/${ins.length}) of '${n.name}'`);
      sink.constants(`param${idx}`, `param${idx}_t`, type, [q], `q(1/${ins.length}) of layer '${n.name}', ${formatFixedType(type)}, exact value`);
      return { base: 'nnet::merge_config', fields: [...fields, typedef('accum_t', exactSumType(ts)), `typedef param${idx}_t param_t;`], call: call(`param${idx}`) };
    }
  }
}

/** A constant operand as an exact array c<idx>_<k> of its own type. */
export function constantOperand(g: Graph, n: MergeLayerNode, idx: number, k: number, sink: LayerSink): ArrayRef {
  const name = n.inputs[k]!;
  const t = g.tensors[name]!;
  const ft = typeOf(g, name);
  const cname = `c${idx}_${k}`;
  sink.type(`${cname}_t`, ft, `constant operand ${k} of '${n.name}'`);
  sink.constants(cname, `${cname}_t`, ft, t.data!.map((v) => fromFloat(v, ft)),
    `${name} [${t.shape.join('x')}] of layer '${n.name}', ${formatFixedType(ft)}, exact values`);
  return { name: cname, type: `${cname}_t`, size: t.data!.length };
}
