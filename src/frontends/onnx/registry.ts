// The explicit table of supported ONNX operators (default domain) and the handler converting each.
import type { ImportContext, OnnxNode } from './context.js';
import {
  convertHardSwish, convertLogSoftmax, convertRelu, convertSigmoid, convertSoftmax, convertSoftplus, convertSoftsign, convertTanh,
} from './ops/activation.js';
import { convertAdd } from './ops/add.js';
import { convertConstant } from './ops/constant.js';
import { convertGemm, convertMatMul } from './ops/dense.js';
import { convertDropout, convertIdentity } from './ops/identity.js';
import {
  convertClip, convertElu, convertHardSigmoid, convertLeakyRelu, convertPrelu, convertSelu, convertThresholdedRelu,
} from './ops/parametric.js';
import { convertFlatten, convertReshape } from './ops/reshape.js';

/** Converts one ONNX node: defines its outputs in the context and emits zero or more IR nodes. */
export type OpHandler = (n: OnnxNode, ctx: ImportContext) => void;

export const HANDLERS: ReadonlyMap<string, OpHandler> = new Map<string, OpHandler>([
  ['Add', convertAdd],
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
]);

/** The standard ONNX operator set goes by either name. */
export function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}

export function handlerFor(n: OnnxNode): OpHandler | undefined {
  return isDefaultDomain(n.domain) ? HANDLERS.get(n.opType) : undefined;
}
