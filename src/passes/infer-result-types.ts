// Replaces unset ('auto') result types with the narrowest type that holds every value the layer can
// produce, from exact interval arithmetic over the actual constants (src/analysis/ranges.ts), capped by
// the configured `maximum`; layers that read a table get a bounded type of the maximum's (or 16) bits.
import type { Warning } from '../diagnostics/errors.js';
import { formatFixedType } from '../fixed/parse.js';
import { typeForRange } from '../fixed/rules.js';
import { fixedType, type FixedType } from '../fixed/types.js';
import type { Graph, Node, Tensor } from '../ir/types.js';
import { opRange, typeRange, type Interval } from '../analysis/ranges.js';
import { layerTypeNames, resolveExplicit } from './apply-precision.js';
import { withAccum } from './infer-accumulator-types.js';
import type { Pass } from './types.js';

/** Width of a bounded (table-read) result when no `maximum` is configured: hls4ml's usual 16 bits. */
export const BOUNDED_WIDTH = 16;

/**
 * hls4ml's cap: width and integer bits each at most the maximum's, in its rounding and overflow modes.
 * Returns the capped type and whether range was lost (integer bits cut), which deserves a warning.
 */
export function capType(t: FixedType, cap: FixedType | undefined): { type: FixedType; rangeLost: boolean } {
  if (!cap || (t.width <= cap.width && t.int <= cap.int)) return { type: t, rangeLost: false };
  const int = Math.min(t.int, cap.int);
  return { type: fixedType(t.signed, Math.min(t.width, cap.width), int, cap.rounding, cap.overflow), rangeLost: int < t.int };
}

/** The type of an `auto` result of `n`, and the interval its values then lie in. */
function inferResult(g: Graph, n: Node, rangeOf: (t: string) => Interval, cap: FixedType | undefined, warnings: Warning[]): { type: FixedType; range: Interval } {
  const { range, exact } = opRange(g, n, rangeOf);
  let t = typeForRange(range.lo, range.hi, range.frac);
  if (!exact) {
    // The range at 24 fractional bits fixes the integer bits; the width is the maximum's (or 16).
    const w = cap?.width ?? BOUNDED_WIDTH;
    t = fixedType(t.signed, w, t.int);
  }
  const capped = capType(t, cap);
  if (capped.rangeLost) {
    warnings.push({
      code: 'W203', subject: `node '${n.name}' (${n.op})`,
      message: `layer '${n.name}': its values need ${formatFixedType(t)}, capped to ${formatFixedType(capped.type)} by 'maximum': values beyond its range ${capped.type.overflow === 'WRAP' ? 'wrap' : 'saturate'}`,
    });
  }
  return { type: capped.type, range: exact && !capped.rangeLost && capped.type === t ? range : typeRange(capped.type) };
}

export const inferResultTypes: Pass = {
  name: 'infer-result-types',
  run(g, ctx) {
    const tensors: Record<string, Tensor> = { ...g.tensors };
    const ranges = new Map<string, Interval>();
    const rangeOf = (t: string): Interval => ranges.get(t) ?? typeRange(tensors[t]!.type!);
    const nodes: Node[] = [];
    for (const n0 of g.nodes) {
      const out = n0.outputs[0]!;
      if (tensors[out]!.type) {
        nodes.push(n0);
        continue;
      }
      // Wiring (reshape, transpose, a skipped softmax) keeps its input's type: the backends reuse the array.
      const wiring = n0.op === 'reshape' || n0.op === 'identity' || n0.op === 'transpose' || (n0.op === 'softmax' && n0.attrs.implementation === 'skip');
      if (wiring) {
        tensors[out] = { ...tensors[out]!, type: tensors[n0.inputs[0]!]!.type! };
        ranges.set(out, rangeOf(n0.inputs[0]!));
        nodes.push(n0);
        continue;
      }
      // Later layers read this layer's output type, so work in order on the graph typed so far.
      const cur: Graph = { ...g, nodes, tensors };
      const n = withAccum(cur, n0);
      const cap = resolveExplicit(ctx.config, n.name, layerTypeNames(n), 'maximum');
      const r = inferResult(cur, n, rangeOf, cap, ctx.warnings);
      tensors[out] = { ...tensors[out]!, type: r.type };
      ranges.set(out, r.range);
      nodes.push(n);
    }
    return { ...g, nodes, tensors };
  },
};
