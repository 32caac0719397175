// Reuse-factor arithmetic (ir/OPS.md, "Hints"): the multiplications a dense or conv layer shares,
// the valid reuse factors (the divisors of that count), the multiplier limit and the top II.
import type { Graph, Node } from '../ir/types.js';
import { isSparseForm, sparsityRow } from './sparsity.js';

/**
 * Multiplications of one output position: n_in · n_out for dense, filt_height · filt_width ·
 * chan_per_group · n_filt for conv (the weight tensor's size); undefined for layers without any.
 */
export function multiplierCount(g: Graph, n: Node): number | undefined {
  if (n.op !== 'dense' && n.op !== 'conv') return undefined;
  // A pruned dense layer (sparse form) multiplies only its nonzero weights (ir/OPS.md, "Pruned weights").
  if (isSparseForm(g, n)) return sparsityRow(g, n).emitted;
  return g.tensors[n.inputs[1]!]!.shape.reduce((a, b) => a * b, 1);
}

/** Output positions the io_parallel kernel computes at once: 1 for dense, out_height · out_width for conv. */
export function outputPositions(g: Graph, n: Node): number {
  if (n.op !== 'conv') return 1;
  return g.tensors[n.outputs[0]!]!.shape.slice(0, -1).reduce((a, b) => a * b, 1);
}

/** Every valid reuse factor for `nMult` multiplications: its divisors, ascending. */
export function validReuseFactors(nMult: number): number[] {
  const low: number[] = [];
  const high: number[] = [];
  for (let d = 1; d * d <= nMult; d++) {
    if (nMult % d !== 0) continue;
    low.push(d);
    if (d * d !== nMult) high.unshift(nMult / d);
  }
  return [...low, ...high];
}

/**
 * A layer in the sparse form (pruned) takes any RF up to its nonzero count: its multiplier limit rounds up,
 * ceil(n_mult / RF), as a pruned count is rarely divisible (307 is prime) and the products are independent.
 */
export function isValidReuseFactor(nMult: number, rf: number, sparse = false): boolean {
  return Number.isInteger(rf) && rf >= 1 && rf <= nMult && (sparse || nMult % rf === 0);
}

export interface ReuseRow {
  readonly name: string;
  readonly op: 'dense' | 'conv';
  /** Multiplications of one output position. */
  readonly nMult: number;
  readonly reuseFactor: number;
  /** Multipliers of the whole io_parallel layer: n_mult / RF per output position times the positions. */
  readonly multiplierLimit: number;
}

/**
 * A dense or conv layer's reuse factor (1 without a hint) and its multiplier limit: io_parallel computes
 * every output position at once, io_stream one position per step (its line-buffer kernels).
 */
export function layerReuse(g: Graph, n: Node, stream = false): { reuseFactor: number; multiplierLimit: number } {
  const nMult = multiplierCount(g, n) ?? 0;
  const reuseFactor = n.hints?.reuseFactor ?? 1;
  // check-reuse-factors has made RF divide n_mult (the ceiling is exact), except in the sparse form.
  // At least 1: a layer pruned to nothing multiplies nothing, and `limit=0` is not a meaningful pragma.
  return { reuseFactor, multiplierLimit: Math.max(1, Math.ceil(nMult / reuseFactor) * (stream ? 1 : outputPositions(g, n))) };
}

/** One row per dense/conv layer. */
export function reuseRows(g: Graph, stream = false): ReuseRow[] {
  const rows: ReuseRow[] = [];
  for (const n of g.nodes) {
    const nMult = multiplierCount(g, n);
    if (nMult === undefined || (n.op !== 'dense' && n.op !== 'conv')) continue;
    rows.push({ name: n.name, op: n.op, nMult, ...layerReuse(g, n, stream) });
  }
  return rows;
}

/** The io_parallel top function's initiation interval: the largest reuse factor of any layer (1 without any). */
export function topInitiationInterval(g: Graph): number {
  return reuseRows(g).reduce((ii, r) => Math.max(ii, r.reuseFactor), 1);
}
