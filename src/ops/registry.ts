// The explicit op registry: every IR op and its definition (no discovery by file name).
import type { Node } from '../ir/types.js';
import { assertNever } from '../ir/types.js';
import { linear, relu } from './activations.js';
import { add } from './add.js';
import { concat } from './concat.js';
import { binary, merge } from './merge.js';
import { batchnorm } from './batchnorm.js';
import { conv } from './conv.js';
import { globalPool, pool } from './pool.js';
import { dense } from './dense.js';
import { clip, hardSigmoidOp, hardSwishOp, leakyRelu, prelu, thresholdedRelu } from './exact-activations.js';
import { identity, reshape, transpose } from './shape.js';
import { pad } from './pad.js';
import { resize } from './resize.js';
import { bipolarQuant, quant, trunc } from './quant.js';
import { logsoftmax, softmax } from './softmax.js';
import { tableActivation } from './table-activations.js';
import type { OpDef } from './types.js';

export function opDef(node: Node): OpDef<Node> {
  switch (node.op) {
    case 'dense': return dense as OpDef<Node>;
    case 'relu': return relu as OpDef<Node>;
    case 'linear': return linear as OpDef<Node>;
    case 'clip': return clip as OpDef<Node>;
    case 'leaky_relu': return leakyRelu as OpDef<Node>;
    case 'prelu': return prelu as OpDef<Node>;
    case 'thresholded_relu': return thresholdedRelu as OpDef<Node>;
    case 'hard_sigmoid': return hardSigmoidOp as OpDef<Node>;
    case 'hard_swish': return hardSwishOp as OpDef<Node>;
    case 'sigmoid':
    case 'tanh':
    case 'softplus':
    case 'softsign':
    case 'elu':
    case 'selu':
      return tableActivation as OpDef<Node>;
    case 'softmax': return softmax as OpDef<Node>;
    case 'logsoftmax': return logsoftmax as OpDef<Node>;
    case 'reshape': return reshape as OpDef<Node>;
    case 'conv': return conv as OpDef<Node>;
    case 'batchnorm': return batchnorm as OpDef<Node>;
    case 'maxpool': case 'avgpool': return pool as OpDef<Node>;
    case 'global_maxpool': case 'global_avgpool': return globalPool as OpDef<Node>;
    case 'transpose': return transpose as OpDef<Node>;
    case 'pad': return pad as OpDef<Node>;
    case 'resize': return resize as OpDef<Node>;
    case 'identity': return identity as OpDef<Node>;
    case 'add': return add as OpDef<Node>;
    case 'sub': case 'mul': return binary as OpDef<Node>;
    case 'average': case 'maximum': case 'minimum': return merge as OpDef<Node>;
    case 'concat': return concat as OpDef<Node>;
    case 'quant': return quant as OpDef<Node>;
    case 'bipolar_quant': return bipolarQuant as OpDef<Node>;
    case 'trunc': return trunc as OpDef<Node>;
    default: return assertNever(node, 'op');
  }
}

export const OP_NAMES = [
  'dense', 'relu', 'linear', 'clip', 'leaky_relu', 'prelu', 'thresholded_relu', 'hard_sigmoid', 'hard_swish',
  'sigmoid', 'tanh', 'softplus', 'softsign', 'elu', 'selu', 'softmax', 'logsoftmax', 'reshape', 'identity', 'add',
  'sub', 'mul', 'concat', 'average', 'maximum', 'minimum',
 'batchnorm', 'conv', 'maxpool', 'avgpool', 'global_maxpool', 'global_avgpool', 'transpose',
  'pad', 'resize', 'quant', 'bipolar_quant', 'trunc',
] as const;
