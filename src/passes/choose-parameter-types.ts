// Replaces unset parameter types of activations (leaky_relu and selu slopes, hard_sigmoid and
// hard_swish coefficients, prelu slope tensors), average pools (the 1/count constants) and average merges (1/n) with
// the configured `param` type or an 18-bit derived one.
import { fixedType, type FixedType } from '../fixed/types.js';
import type { Graph, Node, Tensor } from '../ir/types.js';
import { distinctCounts } from '../ops/pool.js';
import { layerTypeNames, resolveExplicit } from './apply-precision.js';
import type { Pass } from './types.js';

export const PARAM_WIDTH = 18;

/** Signed, 18 bits, rounding to nearest, with just enough integer bits for every value. */
export function derivedParamType(values: readonly number[]): FixedType {
  let int = -Infinity;
  for (const v of values) if (v !== 0) int = Math.max(int, Math.floor(Math.log2(Math.abs(v))) + 2);
  // Small constants get negative integer bits, i.e. all 18 bits of precision (0.01 → fixed<18,-5>).
  return fixedType(true, PARAM_WIDTH, Number.isFinite(int) ? int : 1, 'RND', 'SAT');
}

function paramValues(g: Graph, n: Node): number[] | undefined {
  switch (n.op) {
    case 'leaky_relu': return [n.attrs.alpha];
    case 'hard_sigmoid': return [n.attrs.alpha, n.attrs.beta];
    case 'hard_swish': return [1 / 6, 0.5];
    case 'selu': return [n.attrs.gamma];
    case 'average': return [1 / n.inputs.length];
    case 'avgpool':
    case 'global_avgpool':
      return distinctCounts(n, g.tensors[n.inputs[0]!]!.shape).map((k) => 1 / k);
    default: return undefined;
  }
}

export const chooseParameterTypes: Pass = {
  name: 'choose-parameter-types',
  run(g: Graph, ctx): Graph {
    const tensors: Record<string, Tensor> = { ...g.tensors };
    const nodes = g.nodes.map((n): Node => {
      const explicit = (): FixedType | undefined => resolveExplicit(ctx.config, n.name, layerTypeNames(n), 'param');
      if (n.op === 'prelu') {
        const slope = tensors[n.inputs[1]!]!;
        if (!slope.type) tensors[slope.name] = { ...slope, type: explicit() ?? derivedParamType(slope.data ?? []) };
        return n;
      }
      const values = paramValues(g, n);
      if (!values || ('paramType' in n.attrs && n.attrs.paramType)) return n;
      return { ...n, attrs: { ...n.attrs, paramType: explicit() ?? derivedParamType(values) } } as Node;
    });
    return { ...g, nodes, tensors };
  },
};
