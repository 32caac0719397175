// Weight sparsity of dense and conv layers (ir/OPS.md, "Pruned weights"): which layers the Vitis
// backend emits in the sparse form, their nonzero weights, and the per-layer report rows.
import { fromFloat } from '../fixed/quantize.js';
import type { Graph, Node, Tensor } from '../ir/types.js';

/** Dense and conv layers with a constant weight tensor: the layers pruning applies to. */
export function prunableLayers(g: Graph): Node[] {
  return g.nodes.filter((n) => (n.op === 'dense' || n.op === 'conv') && g.tensors[n.inputs[1]!]?.data !== undefined);
}

/**
 * Raw (quantized) weights when the weight tensor is typed, else the float values: a weight is zero for the
 * hardware when its quantized value is 0, whether pruning wrote it or rounding made it.
 */
function values(g: Graph, n: Node): readonly (number | bigint)[] {
  const t = g.tensors[n.inputs[1]!]!;
  if (!t.type) return t.data!;
  // Tensors are immutable: quantize each once (the views and the reuse analysis ask repeatedly).
  let raw = quantized.get(t);
  if (!raw) quantized.set(t, (raw = t.data!.map((v) => fromFloat(v, t.type!))));
  return raw;
}

const quantized = new WeakMap<Tensor, readonly bigint[]>();

const zeroCount = (v: readonly (number | bigint)[]): number => v.filter((x) => x === 0 || x === 0n).length;

/** Flat (C order) positions and raw values of the nonzero weights; raw values need a typed weight tensor. */
export function nonzeroWeights(g: Graph, n: Node): { index: number[]; raw: bigint[] } {
  const t = g.tensors[n.inputs[1]!]!;
  const index: number[] = [];
  const raw: bigint[] = [];
  t.data!.forEach((v, i) => {
    const r = fromFloat(v, t.type!);
    if (r !== 0n) { index.push(i); raw.push(r); }
  });
  return { index, raw };
}

/**
 * A dense or conv layer is emitted in the sparse form when at least half of its (quantized) weights are 0.
 * Synthesis folds constant-zero products either way, so the choice is about the code: the sparse form
 * stores two numbers per nonzero weight (value, position), the dense form one per weight, so it is the
 * smaller from half zeros on; and its multiplier limit counts only nonzeros (ir/OPS.md, "Pruned weights").
 */
export function isSparseForm(g: Graph, n: Node): boolean {
  if ((n.op !== 'dense' && n.op !== 'conv') || g.tensors[n.inputs[1]!]?.data === undefined) return false;
  const v = values(g, n);
  return 2 * zeroCount(v) >= v.length;
}

export interface SparsityRow {
  readonly name: string;
  readonly op: 'dense' | 'conv';
  readonly weights: number;
  /** Zero weights (quantized when typed). */
  readonly zeros: number;
  readonly sparsity: number;
  /** Multiplications the emitted code writes: the nonzeros in the sparse form, every weight in the dense form. */
  readonly emitted: number;
}

/** The row of one prunable layer (a dense or conv node with constant weights). */
export function sparsityRow(g: Graph, n: Node): SparsityRow {
  const v = values(g, n);
  const zeros = zeroCount(v);
  return {
    name: n.name, op: n.op as 'dense' | 'conv', weights: v.length, zeros, sparsity: v.length ? zeros / v.length : 0,
    emitted: isSparseForm(g, n) ? v.length - zeros : v.length,
  };
}

export function sparsityRows(g: Graph): SparsityRow[] {
  return prunableLayers(g).map((n) => sparsityRow(g, n));
}
