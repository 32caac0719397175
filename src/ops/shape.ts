// Data-movement ops that never change a value: reshape (Flatten/Reshape), identity and transpose.
import { HlsnetError } from '../diagnostics/errors.js';
import type { IdentityNode, ReshapeNode, TransposeNode } from '../ir/types.js';
import { size } from '../ir/graph.js';
import { sameShape } from './elementwise.js';
import type { OpDef } from './types.js';
import { isNumberRaw } from './values.js';

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

function checkPerm(n: TransposeNode, x: readonly number[]): readonly number[] {
  const p = n.attrs.perm;
  const ok = Array.isArray(p) && p.length === x.length && [...p].sort((a, b) => a - b).every((v, i) => v === i);
  if (!ok) {
    throw new HlsnetError('E501', `transpose perm must be a permutation of 0..${x.length - 1} for x [${x}], got ${JSON.stringify(p)}`, {
      subject: `node '${n.name}' (transpose)`,
    });
  }
  return p;
}

const sources = new WeakMap<object, Int32Array>();

/** src[i]: the C-order input index that output element i reads (cached per node). */
function sourceIndex(n: TransposeNode, x: readonly number[]): Int32Array {
  let src = sources.get(n);
  if (src && src.length === size(x)) return src;
  const perm = checkPerm(n, x);
  const outShape = perm.map((a) => x[a]!);
  const inStride = x.map((_, a) => size(x.slice(a + 1)));
  src = new Int32Array(size(x));
  const idx = new Array<number>(outShape.length).fill(0);
  for (let i = 0; i < src.length; i++) {
    let s = 0;
    for (let a = 0; a < idx.length; a++) s += idx[a]! * inStride[perm[a]!]!;
    src[i] = s;
    for (let a = idx.length - 1; a >= 0; a--) { if (++idx[a]! < outShape[a]!) break; idx[a] = 0; }
  }
  sources.set(n, src);
  return src;
}

export const transpose: OpDef<TransposeNode> = {
  inferShapes: (n, [x]) => [checkPerm(n, x!).map((a) => x![a]!)],
  evalFloat: (n, [x], [xs]) => { const src = sourceIndex(n, xs!); return [Float64Array.from(src, (s) => x![s]!)]; },
  evalFixed(n, [x], _t, [xs]) {
    const src = sourceIndex(n, xs!);
    const r = x!.raw;
    return [{ type: x!.type, raw: isNumberRaw(r) ? Float64Array.from(src, (s) => r[s]!) : Array.from(src, (s) => r[s]!) }];
  },
  derivedOutputTypes: (_n, [t]) => [t],
};
