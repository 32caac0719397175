// The simplest exact activations: relu and linear (a cast).
import type { LinearNode, ReluNode } from '../ir/types.js';
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
