// One ONNX form per IR op for the exporter (export.ts), each chosen so that our importer maps it back to the same IR node.
import type { onnx as O } from 'onnx-proto';
import type { Node, OpName } from '../../ir/types.js';
import { a } from './proto-build.js';
import { channelsLast, identityPerm, invertPerm, transposeData } from './layout.js';
import { nearestMap } from './ops/resize.js';
import type { ExportContext, Perm } from './export.js';

/** Channels-first layout of a per-sample rank (identity for vectors). */
export const channelsFirst = (rank: number): number[] => (rank >= 2 ? channelsLast(rank) : identityPerm(rank));

type Exporter<N extends Node = Node> = (n: N, cx: ExportContext) => void;
/** Every IR op has an entry (a mapped type over the op union, so a new op fails to compile until handled). */
type ByOp = { [K in OpName]: Exporter<Extract<Node, { op: K }>> };

/** IR ops whose ONNX input must be channels-first (the importer's spatial ops). */
export const SPATIAL: ReadonlySet<OpName> = new Set<OpName>(['conv', 'maxpool', 'avgpool', 'global_maxpool', 'global_avgpool', 'pad', 'resize']);

/** Elementwise ops the importer lets keep their input's layout (its 'any' mode), with their ONNX op type. */
const ELEMENTWISE: Partial<Record<OpName, string>> = {
  relu: 'Relu', sigmoid: 'Sigmoid', tanh: 'Tanh', softplus: 'Softplus', softsign: 'Softsign', hard_swish: 'HardSwish',
  clip: 'Clip', elu: 'Elu', selu: 'Selu', leaky_relu: 'LeakyRelu', thresholded_relu: 'ThresholdedRelu', hard_sigmoid: 'HardSigmoid',
  identity: 'Identity', linear: 'Identity',
};

export function keepsLayout(n: Node): boolean {
  return ELEMENTWISE[n.op] !== undefined;
}

const rankOf = (cx: ExportContext, name: string): number => cx.tensor(name).shape.length;
const ident = (cx: ExportContext, name: string): Perm => identityPerm(rankOf(cx, name));

/** The float attributes of the parametric activations (ONNX stores float32, as the importer reads back). */
function elementwiseAttrs(n: Node, cx: ExportContext): O.IAttributeProto[] {
  switch (n.op) {
    case 'elu': case 'leaky_relu': case 'thresholded_relu': return [a.float('alpha', n.attrs.alpha)];
    case 'selu': return [a.float('alpha', n.attrs.alpha), a.float('gamma', n.attrs.gamma)];
    case 'hard_sigmoid': return [a.float('alpha', n.attrs.alpha), a.float('beta', n.attrs.beta)];
    case 'hard_swish': cx.opset = Math.max(cx.opset, 14); return [];
    default: return [];
  }
}

const elementwise: Exporter = (n, cx) => {
  const x = cx.asIs(n.inputs[0]!);
  const inputs = [x.name];
  if (n.op === 'clip') {
    // Opset >= 11: the bounds are optional scalar inputs.
    const bound = (v: number | undefined, which: string): string => (v === undefined ? '' : cx.floatInit(cx.fresh(`${n.name}_${which}`), [], [v]));
    inputs.push(bound(n.attrs.min, 'min'), bound(n.attrs.max, 'max'));
    while (inputs[inputs.length - 1] === '') inputs.pop();
  }
  const type = n.op === 'identity' ? n.attrs.origin : ELEMENTWISE[n.op]!;
  cx.emit(type, inputs, [cx.output(n.outputs[0]!, x.perm)], n.name, elementwiseAttrs(n, cx));
};

/** An op on IR-layout data writing one IR-layout output. */
function plain(type: string, attrs: (n: Node) => O.IAttributeProto[] = () => []): Exporter {
  return (n, cx) => {
    const inputs = n.inputs.map((i) => cx.get(i, ident(cx, i)));
    cx.emit(type, inputs, [cx.output(n.outputs[0]!, ident(cx, n.outputs[0]!))], n.name, attrs(n));
  };
}

/**
 * Elementwise ops on several inputs: all batched inputs in the first one's layout (as the importer aligns
 * them); with a constant operand, the IR layout, since the importer would otherwise rename the constant.
 */
function variadic(type: string): Exporter {
  return (n, cx) => {
    const first = n.inputs.find((i) => !cx.isConstant(i))!;
    // Batched operands of different ranks would broadcast the batch axis against a data axis in ONNX.
    if (n.inputs.some((i) => !cx.isConstant(i) && rankOf(cx, i) !== rankOf(cx, first))) {
      cx.fail(n, 'run-time operands of different ranks have no ONNX form here (the batch axis would broadcast)', 'reshape the lower-rank operand to the other\'s rank first');
    }
    const perm = n.inputs.some((i) => cx.isConstant(i)) || n.inputs.some((i) => rankOf(cx, i) !== rankOf(cx, first)) ? ident(cx, first) : cx.perm(first);
    const inputs = n.inputs.map((i) => cx.get(i, perm));
    cx.emit(type, inputs, [cx.output(n.outputs[0]!, perm)], n.name);
  };
}

const dense: Exporter<Extract<Node, { op: 'dense' }>> = (n, cx) => {
  // Gemm with transB=0, alpha=beta=1 and a [N] bias imports as one dense node reusing both constants.
  const [x, w, b] = n.inputs;
  const inputs = [cx.get(x!, [0]), cx.constant(w!), ...(b ? [cx.constant(b)] : [])];
  cx.emit('Gemm', inputs, [cx.output(n.outputs[0]!, [0])], n.name);
};

/** The window attributes shared by Conv and the pools. */
const windowAttrs = (strides: readonly number[], pads: readonly number[]): O.IAttributeProto[] => [a.ints('strides', [...strides]), a.ints('pads', [...pads])];

const conv: Exporter<Extract<Node, { op: 'conv' }>> = (n, cx) => {
  const [x, w, b] = n.inputs;
  const wt = cx.tensor(w!);
  const r = wt.shape.length - 2;
  // IR [k..., C/g, F] -> ONNX [F, C/g, k...]; named apart from `${node}_W`, which the importer gives the IR weight.
  const perm = [r + 1, r, ...identityPerm(r)];
  const wName = cx.floatInit(cx.fresh(`${n.name}_onnx_weight`), perm.map((i) => wt.shape[i]!), transposeData(wt.data!, wt.shape, perm));
  const xPerm = channelsFirst(r + 1);
  const inputs = [cx.get(x!, xPerm), wName, ...(b ? [cx.constant(b)] : [])];
  cx.emit('Conv', inputs, [cx.output(n.outputs[0]!, xPerm)], n.name, [
    a.ints('kernel_shape', wt.shape.slice(0, r)), ...windowAttrs(n.attrs.strides, n.attrs.pads),
    a.ints('dilations', [...n.attrs.dilations]), a.int('group', n.attrs.groups),
  ]);
};

const pool: Exporter<Extract<Node, { op: 'maxpool' | 'avgpool' }>> = (n, cx) => {
  const xPerm = channelsFirst(rankOf(cx, n.inputs[0]!));
  const attrs = [a.ints('kernel_shape', [...n.attrs.kernel]), ...windowAttrs(n.attrs.strides, n.attrs.pads)];
  if (n.op === 'avgpool' && n.attrs.countIncludePad) attrs.push(a.int('count_include_pad', 1));
  cx.emit(n.op === 'maxpool' ? 'MaxPool' : 'AveragePool', [cx.get(n.inputs[0]!, xPerm)], [cx.output(n.outputs[0]!, xPerm)], n.name, attrs);
};

/**
 * ReduceMean / ReduceMax over the spatial axes with keepdims=0 give [batch, C] like the IR (GlobalAveragePool keeps
 * [C, 1, ...], whose re-import needs reshapes around the pool).
 */
const globalPool: Exporter<Extract<Node, { op: 'global_maxpool' | 'global_avgpool' }>> = (n, cx) => {
  const x = n.inputs[0]!;
  const rank = rankOf(cx, x);
  const axes = Array.from({ length: rank - 1 }, (_, i) => i + 2);
  cx.emit(n.op === 'global_maxpool' ? 'ReduceMax' : 'ReduceMean', [cx.get(x, channelsFirst(rank))], [cx.output(n.outputs[0]!, [0])], n.name,
    [a.ints('axes', axes), a.int('keepdims', 0)]);
};

/** BatchNormalization with mean 0, variance 1 and epsilon 0 imports as scale = gamma, shift = beta exactly. */
const batchnorm: Exporter<Extract<Node, { op: 'batchnorm' }>> = (n, cx) => {
  const [x, scale, shift] = n.inputs;
  const c = cx.tensor(scale!).data!.length;
  const perm = channelsFirst(rankOf(cx, x!));
  const param = (what: string, values: readonly number[]): string => cx.floatInit(cx.fresh(`${n.name}_onnx_${what}`), [c], values);
  const inputs = [
    cx.get(x!, perm), param('gamma', cx.tensor(scale!).data!), param('beta', cx.tensor(shift!).data!),
    param('mean', new Array<number>(c).fill(0)), param('var', new Array<number>(c).fill(1)),
  ];
  cx.emit('BatchNormalization', inputs, [cx.output(n.outputs[0]!, perm)], n.name, [a.float('epsilon', 0)]);
};

const reshape: Exporter<Extract<Node, { op: 'reshape' }>> = (n, cx) => {
  const shape = cx.int64Init(cx.fresh(`${n.name}_shape`), [0, ...n.attrs.shape]);
  cx.emit('Reshape', [cx.get(n.inputs[0]!, ident(cx, n.inputs[0]!)), shape], [cx.output(n.outputs[0]!, ident(cx, n.outputs[0]!))], n.name);
};

/** Pads are given per ONNX axis of the input's current layout (IR axis i is ONNX per-sample axis perm[i]). */
const pad: Exporter<Extract<Node, { op: 'pad' }>> = (n, cx) => {
  const x = cx.asIs(n.inputs[0]!);
  const rank = x.perm.length;
  const inv = invertPerm(x.perm);
  const begins = inv.map((i) => n.attrs.pads[i]!);
  const ends = inv.map((i) => n.attrs.pads[rank + i]!);
  const pads = cx.int64Init(cx.fresh(`${n.name}_pads`), [0, ...begins, 0, ...ends]);
  const value = cx.floatInit(cx.fresh(`${n.name}_value`), [], [n.attrs.value]);
  cx.emit('Pad', [x.name, pads, value], [cx.output(n.outputs[0]!, x.perm)], n.name, [a.string('mode', 'constant')]);
};

/** Coordinate modes tried, in order, for a Resize whose nearest maps reproduce the IR's gather exactly. */
const RESIZE_MODES: readonly (readonly [string, string])[] = [
  ['asymmetric', 'floor'], ['half_pixel', 'round_prefer_floor'], ['half_pixel', 'round_prefer_ceil'], ['asymmetric', 'round_prefer_floor'],
  ['align_corners', 'round_prefer_floor'], ['half_pixel', 'floor'], ['asymmetric', 'ceil'], ['half_pixel', 'ceil'],
];

const resize: Exporter<Extract<Node, { op: 'resize' }>> = (n, cx) => {
  const x = n.inputs[0]!;
  const inShape = cx.tensor(x).shape;
  const maps = n.attrs.maps;
  const rank = inShape.length;
  // ONNX Resize may not scale the channel axis: with rank >= 2 that is the IR's last axis, which must be untouched.
  const same = (m: readonly number[], d: number): boolean => m.length === d && m.every((v, i) => v === i);
  if (rank >= 2 && !same(maps[rank - 1]!, inShape[rank - 1]!)) {
    cx.fail(n, 'resizes the channel (last) axis, which ONNX Resize of channels-first data cannot express', 'resize only the spatial axes');
  }
  const perm = channelsFirst(rank);
  const onnxMaps = invertPerm(perm).map((i) => maps[i]!);
  const onnxIn = invertPerm(perm).map((i) => inShape[i]!);
  // Scales, not sizes: sizes would have to fix the (symbolic) batch size. The importer and ORT derive the output
  // size as floor(scale · in) in float32 and the maps from the same scale.
  const f = Math.fround;
  const scales = onnxMaps.map((m, k) => f(f(m.length) / f(onnxIn[k]!)));
  const mode = RESIZE_MODES.find(([t, r]) => onnxMaps.every((m, k) => {
    const want = nearestMap(onnxIn[k]!, Math.floor(f(scales[k]! * onnxIn[k]!)), scales[k]!, t, r);
    return want.length === m.length && want.every((v, i) => v === m[i]);
  }));
  if (!mode) return cx.fail(n, 'its index maps are not those of a nearest-neighbour ONNX Resize', 'use integer scale factors (nearest, asymmetric)');
  const scaleInit = cx.floatInit(cx.fresh(`${n.name}_scales`), [rank + 1], [1, ...scales]);
  cx.emit('Resize', [cx.get(x, perm), '', scaleInit], [cx.output(n.outputs[0]!, perm)], n.name, [
    a.string('mode', 'nearest'), a.string('coordinate_transformation_mode', mode[0]), a.string('nearest_mode', mode[1]),
  ]);
};

const concat: Exporter<Extract<Node, { op: 'concat' }>> = (n, cx) => {
  // An initializer has no batch axis, so ONNX Concat would see mismatched ranks.
  const constant = n.inputs.find((i) => cx.isConstant(i));
  if (constant) cx.fail(n, `concatenating the constant '${constant}' has no ONNX form here (it has no batch axis)`, 'concatenate run-time tensors only');
  const perm = cx.perm(n.inputs[0]!);
  const inputs = n.inputs.map((i) => cx.get(i, perm));
  cx.emit('Concat', inputs, [cx.output(n.outputs[0]!, perm)], n.name, [a.int('axis', perm[n.attrs.axis]! + 1)]);
};

const unexportable = (what: string): Exporter => (n, cx) =>
  cx.fail(n, `${what} has no ONNX form that runs in standard ONNX Runtime`, 'export the float model before quantization (QONNX quantizers are not part of the ai.onnx operator set)');

export const EXPORTERS: ByOp = {
  dense, conv, maxpool: pool, avgpool: pool, global_maxpool: globalPool, global_avgpool: globalPool, batchnorm, reshape, pad, resize, concat,
  relu: elementwise, linear: elementwise, identity: elementwise, clip: elementwise, leaky_relu: elementwise, thresholded_relu: elementwise,
  hard_sigmoid: elementwise, hard_swish: elementwise, sigmoid: elementwise, tanh: elementwise, softplus: elementwise, softsign: elementwise,
  elu: elementwise, selu: elementwise,
  prelu: plain('PRelu'),
  softmax: plain('Softmax', () => [a.int('axis', -1)]),
  logsoftmax: plain('LogSoftmax', () => [a.int('axis', -1)]),
  transpose: plain('Transpose', (n) => [a.ints('perm', [0, ...(n as Extract<Node, { op: 'transpose' }>).attrs.perm.map((p) => p + 1)])]),
  add: variadic('Add'), sub: variadic('Sub'), mul: variadic('Mul'),
  average: variadic('Mean'), maximum: variadic('Max'), minimum: variadic('Min'),
  quant: unexportable('QONNX IntQuant'), bipolar_quant: unexportable('QONNX BipolarQuant'), trunc: unexportable('QONNX Trunc'),
};
