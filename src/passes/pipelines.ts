// The pass pipelines, listed explicitly in the order they run.
import type { Graph } from '../ir/types.js';
import { verify } from '../ir/verify.js';
import { applyPrecision } from './apply-precision.js';
import { checkReuseFactors } from './check-reuse-factors.js';
import { foldBatchNorm } from './fold-batch-norm.js';
import { foldBiasAdd } from './fold-bias-add.js';
import { foldPadIntoConv } from './fold-pad-into-conv.js';
import { inferAccumulatorTypes } from './infer-accumulator-types.js';
import { inferResultTypes } from './infer-result-types.js';
import { removeIdentity } from './remove-identity.js';
import { typeQuantizedConstants } from './type-quantized-constants.js';
import { chooseParameterTypes } from './choose-parameter-types.js';
import { chooseTableLayouts } from './choose-table-layouts.js';
import type { Pass, PassContext } from './types.js';

/** Graph clean-up that never changes a float result. */
export const OPTIMIZE: readonly Pass[] = [removeIdentity, foldBiasAdd, foldBatchNorm, foldPadIntoConv];

/** Assigning fixed-point types: after this the graph can be simulated bit-accurately. */
export const PRECISION: readonly Pass[] = [
  typeQuantizedConstants, applyPrecision, chooseParameterTypes, inferResultTypes, checkReuseFactors, inferAccumulatorTypes, chooseTableLayouts,
];

export function runPasses(g: Graph, passes: readonly Pass[], ctx: PassContext): Graph {
  let out = g;
  for (const p of passes) {
    out = p.run(out, ctx);
    verify(out);
  }
  return out;
}
