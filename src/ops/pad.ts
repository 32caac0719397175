// Constant padding and cropping (ir/OPS.md, pad): a pure copy cast to T(out), padded with q(value).
import { HlsnetError } from '../diagnostics/errors.js';
import type { PadNode } from '../ir/types.js';
import { gatherFixed, gatherFloat, gatherIndex } from './gather.js';
import type { OpDef } from './types.js';

export function padShape(n: PadNode, x: readonly number[]): number[] {
  const { pads, value } = n.attrs;
  const subject = `node '${n.name}' (pad)`;
  if (!Array.isArray(pads) || pads.length !== 2 * x.length || !pads.every((p) => Number.isInteger(p))) {
    throw new HlsnetError('E501', `pad needs attrs.pads: ${2 * x.length} integers (begins then ends of the axes of [${x}]), got ${JSON.stringify(pads)}`, { subject });
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new HlsnetError('E501', `pad value must be a finite number, got ${JSON.stringify(value)}`, { subject });
  const out = x.map((d, a) => d + pads[a]! + pads[x.length + a]!);
  if (out.some((d) => d < 1)) {
    throw new HlsnetError('E501', `pads [${pads}] crop [${x}] to [${out}]: every axis must keep at least one element`, { subject });
  }
  return out;
}

/** Per axis, the input index that output index o reads (o - begin), or -1 in the padding. */
export function padMaps(n: PadNode, x: readonly number[]): number[][] {
  return padShape(n, x).map((d, a) => Array.from({ length: d }, (_, o) => {
    const i = o - n.attrs.pads[a]!;
    return i >= 0 && i < x[a]! ? i : -1;
  }));
}

const cache = new WeakMap<object, Int32Array>();
function sources(n: PadNode, x: readonly number[]): Int32Array {
  let s = cache.get(n);
  if (!s) { s = gatherIndex(x, padMaps(n, x)); cache.set(n, s); }
  return s;
}

export const pad: OpDef<PadNode> = {
  inferShapes: (n, [x]) => [padShape(n, x!)],
  evalFloat: (n, [x], [xs]) => [gatherFloat(sources(n, xs!), x!, n.attrs.value)],
  evalFixed: (n, [x], [out], [xs]) => [gatherFixed(sources(n, xs!), x!, out!, n.attrs.value)],
};
