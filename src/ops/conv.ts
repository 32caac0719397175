// Convolution (1-D and 2-D, channels-last): placeholder until the conv increment lands.
import { HlsnetError } from '../diagnostics/errors.js';
import type { ConvNode, GlobalPoolNode, PoolNode, TransposeNode } from '../ir/types.js';
import type { OpDef } from './types.js';

function notYet<N extends { name: string; op: string }>(): OpDef<N & never> {
  const fail = (n: { name: string; op: string }): never => {
    throw new HlsnetError('E502', `${n.op} is not implemented yet`, { subject: `node '${n.name}' (${n.op})` });
  };
  return { inferShapes: fail, evalFloat: fail, evalFixed: fail } as unknown as OpDef<N & never>;
}

export const conv = notYet<ConvNode>();
export const pool = notYet<PoolNode>();
export const globalPool = notYet<GlobalPoolNode>();
export const transpose = notYet<TransposeNode>();
