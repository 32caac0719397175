// The explicit table of supported ONNX operators (default domain) and the handler converting each.
import type { ImportContext, OnnxNode } from './context.js';
import { convertRelu, convertSigmoid, convertSoftmax } from './ops/activation.js';
import { convertAdd } from './ops/add.js';
import { convertConstant } from './ops/constant.js';
import { convertGemm, convertMatMul } from './ops/dense.js';
import { convertDropout, convertIdentity } from './ops/identity.js';
import { convertFlatten, convertReshape } from './ops/reshape.js';

/** Converts one ONNX node: defines its outputs in the context and emits zero or more IR nodes. */
export type OpHandler = (n: OnnxNode, ctx: ImportContext) => void;

export const HANDLERS: ReadonlyMap<string, OpHandler> = new Map<string, OpHandler>([
  ['Add', convertAdd],
  ['Constant', convertConstant],
  ['Dropout', convertDropout],
  ['Flatten', convertFlatten],
  ['Gemm', convertGemm],
  ['Identity', convertIdentity],
  ['MatMul', convertMatMul],
  ['Relu', convertRelu],
  ['Reshape', convertReshape],
  ['Sigmoid', convertSigmoid],
  ['Softmax', convertSoftmax],
]);

/** The standard ONNX operator set goes by either name. */
export function isDefaultDomain(domain: string): boolean {
  return domain === '' || domain === 'ai.onnx';
}

export function handlerFor(n: OnnxNode): OpHandler | undefined {
  return isDefaultDomain(n.domain) ? HANDLERS.get(n.opType) : undefined;
}
