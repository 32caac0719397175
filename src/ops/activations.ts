// Exact (table-free) activations: relu and linear; sigmoid is float-only until the table issue.
import { HlsnetError } from '../diagnostics/errors.js';
import type { LinearNode, ReluNode, SigmoidNode } from '../ir/types.js';
import { castEach, mapFloat, sameShape } from './elementwise.js';
import type { OpDef } from './types.js';

export const relu: OpDef<ReluNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (_n, [x]) => [mapFloat(x!, (v) => (v > 0 ? v : 0))],
  evalFixed: (_n, [x], [out], _s, ctx) => [
    castEach(x!, out!, ctx, (r) => (r > 0 ? r : 0), (r) => (r > 0n ? r : 0n)),
  ],
};

export const linear: OpDef<LinearNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (_n, [x]) => [Float64Array.from(x!)],
  evalFixed: (_n, [x], [out], _s, ctx) => [castEach(x!, out!, ctx)],
};

export const sigmoid: OpDef<SigmoidNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (_n, [x]) => [mapFloat(x!, (v) => 1 / (1 + Math.exp(-v)))],
  evalFixed: (n) => {
    throw new HlsnetError('E502', 'sigmoid has no fixed-point implementation yet (lookup-table activations are planned)', {
      subject: `node '${n.name}' (sigmoid)`,
      hint: 'use the float executor (simulate --float) for this model for now',
    });
  },
};
