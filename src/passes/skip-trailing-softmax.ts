// Replaces a trailing softmax whose implementation has no fixed-point kernel yet with `skip`
// (argmax of logits is unchanged by softmax), warning; a softmax elsewhere is an error.
import { HlsnetError } from '../diagnostics/errors.js';
import type { Graph, Node } from '../ir/types.js';
import type { Pass } from './types.js';

const IMPLEMENTED = new Set(['skip', 'argmax']);

export const skipTrailingSoftmax: Pass = {
  name: 'skip-trailing-softmax',
  run(g: Graph, ctx): Graph {
    let tensors = g.tensors;
    const nodes = g.nodes.map((n): Node => {
      if (n.op !== 'softmax' || IMPLEMENTED.has(n.attrs.implementation)) return n;
      if (!g.outputs.includes(n.outputs[0]!)) {
        throw new HlsnetError('E502', `softmax implementation '${n.attrs.implementation}' is not available in fixed point yet, and this softmax is not the last layer`, {
          subject: `node '${n.name}' (softmax)`,
          hint: 'the table-based softmax is planned; until then only a trailing softmax converts (as skip)',
        });
      }
      ctx.warnings.push({
        code: 'W101',
        subject: `node '${n.name}' (softmax)`,
        message: `softmax '${n.attrs.implementation}' is not implemented in fixed point yet: converted as 'skip' (outputs are logits; argmax is unchanged). Set implementation: argmax for a one-hot output.`,
      });
      const inType = tensors[n.inputs[0]!]!.type;
      const out = tensors[n.outputs[0]!]!;
      tensors = { ...tensors, [out.name]: inType ? { ...out, type: inType } : out };
      return { ...n, attrs: { implementation: 'skip' } };
    });
    return { ...g, nodes, tensors };
  },
};
