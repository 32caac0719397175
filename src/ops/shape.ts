// Data-movement ops that never change a value: reshape (Flatten/Reshape) and identity.
import { HlsnetError } from '../diagnostics/errors.js';
import type { IdentityNode, ReshapeNode } from '../ir/types.js';
import { size } from '../ir/graph.js';
import { sameShape } from './elementwise.js';
import type { OpDef } from './types.js';

export const reshape: OpDef<ReshapeNode> = {
  inferShapes(node, shapes) {
    const target = node.attrs.shape;
    if (size(target) !== size(shapes[0]!)) {
      throw new HlsnetError('E501', `reshape from [${shapes[0]}] to [${target}] changes the element count`, {
        subject: `node '${node.name}' (reshape)`,
      });
    }
    return [[...target]];
  },
  evalFloat: (_n, [x]) => [x!],
  evalFixed: (_n, [x]) => [x!],
  derivedOutputTypes: (_n, [t]) => [t],
};

export const identity: OpDef<IdentityNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (_n, [x]) => [x!],
  evalFixed: (_n, [x]) => [x!],
  derivedOutputTypes: (_n, [t]) => [t],
};
