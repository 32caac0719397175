// Replaces a zero-valued constant pad of spatial axes whose only consumer is a conv with a larger conv
// padding (Keras ZeroPadding2D -> Conv2D exports): padded taps contribute exactly 0 in float and fixed.
import { sameType } from '../fixed/types.js';
import { consumers, pruneTensors } from '../ir/graph.js';
import type { ConvNode, Graph, Node, PadNode } from '../ir/types.js';
import { layerTypeNames } from './apply-precision.js';
import type { PrecisionConfig } from './precision-config.js';
import type { Pass } from './types.js';

/** Whether the config gives pad `p` a type of its own (its LayerName or LayerType entry): then it casts, so it stays. */
function configured(c: PrecisionConfig, p: PadNode): boolean {
  return Boolean(c.layerName[p.name]) || layerTypeNames(p).some((t) => Boolean(c.layerType[t]?.precision.result ?? c.layerType[t]?.precision.default));
}

/** Both untyped (before the precision passes), or the same type. */
function sameTypeOrUnset(g: Graph, a: string, b: string): boolean {
  const [ta, tb] = [g.tensors[a]!.type, g.tensors[b]!.type];
  return ta === undefined && tb === undefined ? true : ta !== undefined && tb !== undefined && sameType(ta, tb);
}

/** The conv that can absorb `p`, or undefined. */
function absorber(g: Graph, p: PadNode): ConvNode | undefined {
  const { pads, value } = p.attrs;
  const rank = pads.length / 2;
  const [x, y] = [p.inputs[0]!, p.outputs[0]!];
  // Zero value, no cropping, nothing on the channel (last) axis, and no type change (a cast is not a copy).
  if (value !== 0 || pads.some((v) => v < 0) || pads[rank - 1] !== 0 || pads[2 * rank - 1] !== 0) return undefined;
  if (!sameTypeOrUnset(g, x, y) || g.outputs.includes(y)) return undefined;
  const users = consumers(g, y);
  const c = users[0];
  if (users.length !== 1 || c?.op !== 'conv' || c.inputs[0] !== y || c.inputs.slice(1).includes(y)) return undefined;
  return c.attrs.strides.length === rank - 1 ? c : undefined;
}

export const foldPadIntoConv: Pass = {
  name: 'fold-pad-into-conv',
  run(g: Graph, ctx): Graph {
    let out = g;
    for (const p of g.nodes) {
      if (p.op !== 'pad' || configured(ctx.config, p)) continue;
      const c = absorber(out, p);
      if (!c) continue;
      const r = c.attrs.strides.length;
      const rank = r + 1;
      const pads = c.attrs.pads.map((v, i) => v + (i < r ? p.attrs.pads[i]! : p.attrs.pads[rank + i - r]!));
      const conv: Node = { ...c, inputs: [p.inputs[0]!, ...c.inputs.slice(1)], attrs: { ...c.attrs, pads } };
      out = { ...out, nodes: out.nodes.filter((n) => n !== p).map((n) => (n === c ? conv : n)) };
    }
    return out === g ? g : pruneTensors(out);
  },
};
