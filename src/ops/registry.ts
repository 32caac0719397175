// The explicit op registry: every IR op and its definition (no discovery by file name).
import type { Node } from '../ir/types.js';
import { assertNever } from '../ir/types.js';
import { linear, relu, sigmoid } from './activations.js';
import { add } from './add.js';
import { dense } from './dense.js';
import { identity, reshape } from './shape.js';
import { softmax } from './softmax.js';
import type { OpDef } from './types.js';

export function opDef(node: Node): OpDef<Node> {
  switch (node.op) {
    case 'dense': return dense as OpDef<Node>;
    case 'relu': return relu as OpDef<Node>;
    case 'linear': return linear as OpDef<Node>;
    case 'sigmoid': return sigmoid as OpDef<Node>;
    case 'softmax': return softmax as OpDef<Node>;
    case 'reshape': return reshape as OpDef<Node>;
    case 'identity': return identity as OpDef<Node>;
    case 'add': return add as OpDef<Node>;
    default: return assertNever(node, 'op');
  }
}

export const OP_NAMES = ['dense', 'relu', 'linear', 'sigmoid', 'softmax', 'reshape', 'identity', 'add'] as const;
