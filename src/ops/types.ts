// The interface every op implements: shape inference, float64 evaluation and
// bit-accurate fixed-point evaluation (the numeric contract of ir/OPS.md in code).
import type { FixedType } from '../fixed/types.js';
import type { Graph, Node } from '../ir/types.js';
import type { FixedContext, FixedTensor } from './values.js';

export interface OpDef<N extends Node = Node> {
  /** Output shapes from input shapes (constants included, in node input order). */
  inferShapes(node: N, inputShapes: readonly (readonly number[])[]): number[][];
  /** float64 evaluation of one sample. */
  evalFloat(node: N, inputs: readonly Float64Array[], shapes: readonly (readonly number[])[]): Float64Array[];
  /** Exact fixed-point evaluation of one sample; `outTypes` are the output tensors' types. */
  evalFixed(
    node: N,
    inputs: readonly FixedTensor[],
    outTypes: readonly FixedType[],
    shapes: readonly (readonly number[])[],
    ctx: FixedContext,
  ): FixedTensor[];
  /** Output types this op fixes by itself (pass-through ops), or undefined if configured. */
  derivedOutputTypes?(node: N, inputTypes: readonly (FixedType | undefined)[], graph: Graph): (FixedType | undefined)[];
}
