// The explicit table of supported ONNX operators (default domain) and the handler converting each.
import type { ImportContext, OnnxNode } from './context.js';
import {
  convertHardSwish, convertLogSoftmax, convertRelu, convertSigmoid, convertSoftmax, convertSoftplus, convertSoftsign, convertTanh,
} from './ops/activation.js';
import { convertAdd, convertMul, convertSub } from './ops/add.js';
import { convertConcat, convertMax, convertMean, convertMin, convertSum } from './ops/merge.js';
import { convertConstant } from './ops/constant.js';
import { convertGemm, convertMatMul } from './ops/dense.js';
import { convertDropout, convertIdentity } from './ops/identity.js';
import {
  convertClip, convertElu, convertHardSigmoid, convertLeakyRelu, convertPrelu, convertSelu, convertThresholdedRelu,
} from './ops/parametric.js';
import { convertFlatten, convertReshape } from './ops/reshape.js';
import { convertBatchNormalization } from './ops/batchnorm.js';
import { convertConv } from './ops/conv.js';
import { convertAveragePool, convertGlobalAveragePool, convertGlobalMaxPool, convertMaxPool, convertReduceMax, convertReduceMean } from './ops/pool.js';
import { convertTranspose } from './ops/transpose.js';
import { convertPad } from './ops/pad.js';
import { convertResize } from './ops/resize.js';
import { relayout, identityPerm } from './layout.js';
import { constantOnly, convertDivByConstant, foldConstant } from './fold.js';
import { QONNX_OPS, convertBipolarQuant, convertQuant, convertTrunc } from './ops/qonnx.js';

/** Converts one ONNX node: defines its outputs in the context and emits zero or more IR nodes. */
export type OpHandler = (n: OnnxNode, ctx: ImportContext) => void;

export const HANDLERS: ReadonlyMap<string, OpHandler> = new Map<string, OpHandler>([
  ['Add', convertAdd],
  ['Sub', convertSub],
  ['Mul', convertMul],
  ['Concat', convertConcat],
  ['Max', convertMax],
  ['Min', convertMin],
  ['Mean', convertMean],
  ['Sum', convertSum],
  ['AveragePool', convertAveragePool],
  ['BatchNormalization', convertBatchNormalization],
  ['Conv', convertConv],
  ['GlobalAveragePool', convertGlobalAveragePool],
  ['GlobalMaxPool', convertGlobalMaxPool],
  ['MaxPool', convertMaxPool],
  ['ReduceMax', convertReduceMax],
  ['ReduceMean', convertReduceMean],
  ['Transpose', convertTranspose],
  ['Pad', convertPad],
  ['Resize', convertResize],
  ['Upsample', convertResize],
  ['Clip', convertClip],
  ['Constant', convertConstant],
  ['Dropout', convertDropout],
  ['Elu', convertElu],
  ['Flatten', convertFlatten],
  ['Gemm', convertGemm],
  ['HardSigmoid', convertHardSigmoid],
  ['HardSwish', convertHardSwish],
  ['Identity', convertIdentity],
  ['LeakyRelu', convertLeakyRelu],
  ['LogSoftmax', convertLogSoftmax],
  ['MatMul', convertMatMul],
  ['PRelu', convertPrelu],
  ['Relu', convertRelu],
  ['Reshape', convertReshape],
  ['Selu', convertSelu],
  ['Sigmoid', convertSigmoid],
  ['Softmax', convertSoftmax],
  ['Softplus', convertSoftplus],
  ['Softsign', convertSoftsign],
  ['Tanh', convertTanh],
  ['ThresholdedRelu', convertThresholdedRelu],
  // Folded at import when their inputs are constant (fold.ts); Div by a constant is a multiplication.
  ...['Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Cast', 'Pow', 'Sqrt', 'Neg', 'Reciprocal'].map((op): [string, OpHandler] => [op, constantOnly]),
  ['Div', (n, ctx) => convertDivByConstant(n, ctx, convertMul)],
]);

/** QONNX quantizers, matched on the op type whatever the domain (onnx.brevitas, finn.custom_op.general, qonnx.custom_op.general). */
const QONNX_HANDLERS: ReadonlyMap<string, OpHandler> = new Map<string, OpHandler>([
  ['Quant', convertQuant], ['IntQuant', convertQuant], ['BipolarQuant', convertBipolarQuant], ['Trunc', convertTrunc],
]);

export function isQonnxQuantizer(n: OnnxNode): boolean {
  return (QONNX_OPS as readonly string[]).includes(n.opType);
}

/** The standard ONNX operator set goes by either name. */
export function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}

export function handlerFor(n: OnnxNode): OpHandler | undefined {
  return isDefaultDomain(n.domain) ? HANDLERS.get(n.opType) : QONNX_HANDLERS.get(n.opType);
}

/**
 * How a handler deals with layouts (ir is channels-last, ONNX NCHW). 'any': elementwise, the
 * output keeps the input's layout; 'own': the handler reads the layouts itself; every other op
 * gets its batched inputs in the ONNX layout (an IR transpose is inserted when needed).
 */
const LAYOUT_MODE: ReadonlyMap<string, 'any' | 'own'> = new Map<string, 'any' | 'own'>([
  ...['Clip', 'Dropout', 'Elu', 'HardSigmoid', 'HardSwish', 'Identity', 'LeakyRelu', 'Relu', 'Selu', 'Sigmoid', 'Softplus', 'Softsign',
    'Tanh', 'ThresholdedRelu'].map((op): [string, 'any'] => [op, 'any']),
  ...['Add', 'AveragePool', 'BatchNormalization', 'Constant', 'Conv', 'Flatten', 'Gemm', 'GlobalAveragePool', 'GlobalMaxPool', 'MatMul', 'MaxPool', 'Reshape',
    'Transpose', 'ReduceMax', 'ReduceMean'].map((op): [string, 'own'] => [op, 'own']),
  ...['Sub', 'Mul', 'Concat', 'Max', 'Min', 'Mean', 'Sum'].map((op): [string, 'own'] => [op, 'own']),
  ...['Pad', 'Resize', 'Upsample'].map((op): [string, 'own'] => [op, 'own']),
  ...['Quant', 'IntQuant', 'BipolarQuant', 'Trunc', 'Div', 'Shape', 'Gather', 'Unsqueeze', 'Squeeze', 'Cast', 'Pow', 'Sqrt', 'Neg', 'Reciprocal']
    .map((op): [string, 'own'] => [op, 'own']),
]);

/** Op types whose data input must be channels-last; graph inputs feeding them are imported so. */
export const SPATIAL_OPS: ReadonlySet<string> = new Set(['AveragePool', 'Conv', 'GlobalAveragePool', 'GlobalMaxPool', 'MaxPool', 'Pad', 'ReduceMax', 'ReduceMean', 'Resize', 'Upsample']);

export function isLayoutAgnostic(n: OnnxNode): boolean {
  // The quantizers are elementwise too (their handlers keep the input's layout themselves).
  return (isDefaultDomain(n.domain) && LAYOUT_MODE.get(n.opType) === 'any') || isQonnxQuantizer(n);
}

/** Converts `n` (a supported node), handling the layouts of its batched inputs as its mode says. */
export function convertNode(n: OnnxNode, ctx: ImportContext): void {
  const handler = handlerFor(n)!;
  if (foldConstant(n, ctx)) return;
  const mode = LAYOUT_MODE.get(n.opType);
  if (mode === 'own') return handler(n, ctx);
  const x = n.inputs[0] ? ctx.values.get(n.inputs[0]) : undefined;
  if (mode === 'any') {
    handler(n, ctx);
    if (x?.kind === 'batched' && x.layout && n.outputs[0]) ctx.setLayout(n.outputs[0], x.layout);
    return;
  }
  const inputs = n.inputs.map((name) => {
    const v = name ? ctx.values.get(name) : undefined;
    return v?.kind === 'batched' && v.layout ? relayout(ctx, n, v, identityPerm(v.layout.unflat ? 1 : v.shape.length)).name : name;
  });
  handler({ ...n, inputs }, ctx);
}
