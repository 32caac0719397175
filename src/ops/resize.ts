// Nearest-neighbour resize (ir/OPS.md, resize): a gather through per-axis index maps, cast to T(out).
import { HlsnetError } from '../diagnostics/errors.js';
import type { ResizeNode } from '../ir/types.js';
import { gatherFixed, gatherFloat, gatherIndex } from './gather.js';
import type { OpDef } from './types.js';

export function resizeShape(n: ResizeNode, x: readonly number[]): number[] {
  const maps = n.attrs.maps;
  const subject = `node '${n.name}' (resize)`;
  if (!Array.isArray(maps) || maps.length !== x.length) {
    throw new HlsnetError('E501', `resize needs attrs.maps: one index map per axis of [${x}], got ${JSON.stringify(maps)?.slice(0, 80)}`, { subject });
  }
  maps.forEach((m, a) => {
    if (!Array.isArray(m) || m.length < 1 || !m.every((i) => Number.isInteger(i) && i >= 0 && i < x[a]!)) {
      throw new HlsnetError('E501', `resize map of axis ${a} must be a non-empty list of input indices in [0, ${x[a]! - 1}]`, { subject });
    }
  });
  return maps.map((m) => m.length);
}

const cache = new WeakMap<object, Int32Array>();
function sources(n: ResizeNode, x: readonly number[]): Int32Array {
  let s = cache.get(n);
  if (!s) { resizeShape(n, x); s = gatherIndex(x, n.attrs.maps); cache.set(n, s); }
  return s;
}

export const resize: OpDef<ResizeNode> = {
  inferShapes: (n, [x]) => [resizeShape(n, x!)],
  evalFloat: (n, [x], [xs]) => [gatherFloat(sources(n, xs!), x!, 0)],
  evalFixed: (n, [x], [out], [xs]) => [gatherFixed(sources(n, xs!), x!, out!, 0)],
};
