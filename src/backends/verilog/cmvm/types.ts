// The adder-graph data types shared by the CMVM solver, its evaluator and the Verilog emitter.

/** node value = (negA ? -1 : 1) * (v[a] << shiftA) + (negB ? -1 : 1) * (v[b] << shiftB). Never negA && negB. */
export interface AdderOp { readonly a: number; readonly b: number; readonly shiftA: number; readonly shiftB: number; readonly negA: boolean; readonly negB: boolean }
/** output value = (negate ? -1 : 1) * (v[node] << shift) */
export interface OutputTerm { readonly node: number; readonly shift: number; readonly negate: boolean }
/** Node ids 0..inputs-1 are the inputs; ops[k] is node inputs+k; ops are in topological order; all shifts >= 0. */
export interface AdderGraph { readonly inputs: number; readonly ops: readonly AdderOp[]; readonly outputs: readonly (OutputTerm | null)[] /* null = constant 0 */ }
export interface CmvmOptions {
  /** Inclusive integer range of each input (raw values), used by the cost/overlap heuristics; default [-128, 127] for every input. */
  readonly inputRanges?: readonly (readonly [number, number])[];
  /**
   * Adder levels allowed beyond L = ceil(log2 d), d = the most CSD digits in one column (L is the depth
   * of the plain per-column adder tree). Default L + 4, i.e. depth <= 2L + 4. When the shared solution is
   * deeper, the solver re-solves pairing only equally deep terms, which never exceeds L.
   * Infinity = da4ml's unconstrained solution (its Table 2 setting).
   */
  readonly depthSlack?: number;
}
