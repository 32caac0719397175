// Constant matrix-vector multiplication y = x · W as a shared graph of 2-input adders on shifted
// signals (the recipe of da4ml, TRETS 2025): tree decomposition W = M0 · M1, then pair extraction per stage.
import { GraphBuilder } from './builder.js';
import { nafWeight, trailingZeros } from './csd.js';
import { decompose } from './decompose.js';
import { solveStage, type StageSignal } from './stage.js';
import type { AdderGraph, CmvmOptions, OutputTerm } from './types.js';

export type { AdderGraph, AdderOp, CmvmOptions, OutputTerm } from './types.js';
export { noSharingAdders } from './csd.js';

const LIMIT = 2 ** 52;

function check(matrix: readonly (readonly number[])[], opts: CmvmOptions | undefined): number {
  const cols = matrix[0]?.length ?? 0;
  matrix.forEach((row, i) => {
    if (row.length !== cols) throw new RangeError(`CMVM: row ${i} has ${row.length} entries, expected ${cols}`);
    row.forEach((w, j) => {
      if (!Number.isInteger(w) || Math.abs(w) >= LIMIT) throw new RangeError(`CMVM: weight [${i}][${j}] = ${w} is not an integer below 2^52 in magnitude`);
    });
  });
  const ranges = opts?.inputRanges;
  if (ranges && ranges.length !== matrix.length) throw new RangeError(`CMVM: ${ranges.length} input ranges for ${matrix.length} inputs`);
  ranges?.forEach(([lo, hi], i) => {
    if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo > hi) throw new RangeError(`CMVM: input range ${i} [${lo}, ${hi}] is not an integer interval`);
  });
  const slack = opts?.depthSlack;
  if (slack !== undefined && !(slack >= 0)) throw new RangeError(`CMVM: depthSlack ${slack} must be >= 0`);
  return cols;
}

/** ceil(log2 d) for the most CSD digits d in one column: the depth of the plain per-column adder tree. */
export function plainTreeDepth(matrix: readonly (readonly number[])[]): number {
  const cols = matrix[0]?.length ?? 0;
  let d = 0;
  for (let j = 0; j < cols; j++) {
    let n = 0;
    for (const row of matrix) n += nafWeight(row[j]!);
    d = Math.max(d, n);
  }
  return d <= 1 ? 0 : Math.ceil(Math.log2(d));
}

/** Runs the stages on a fresh builder; undefined when they gave up on depth. */
function build(rows: number, stages: (b: GraphBuilder) => (StageSignal | null)[] | undefined): AdderGraph | undefined {
  const b = new GraphBuilder(rows);
  const out = stages(b);
  return out && {
    inputs: rows,
    ops: b.ops,
    outputs: out.map((s): OutputTerm | null => (s ? { node: s.term.node, shift: s.term.shift, negate: s.term.neg } : null)),
  };
}

/**
 * Builds W's adder graph (rows = inputs, cols = outputs): the tree decomposition W = M0 · M1 with
 * da4ml's depth limit dc = ceil(log2 rows), pair extraction on each. If that is deeper than
 * L + depthSlack (see CmvmOptions), the graph is rebuilt from W alone with equal-depth pairs only,
 * whose depth is at most L. Columns that are ±2^k times another cost nothing. An input whose range
 * is [0, 0] is treated as 0.
 */
export function solveCmvm(matrix: readonly (readonly number[])[], opts?: CmvmOptions): AdderGraph {
  const cols = check(matrix, opts);
  const { distinct, of } = distinctColumns(matrix, cols);
  const g = solveDistinct(distinct, distinct[0]?.length ?? 0, opts);
  return {
    ...g,
    outputs: of.map((o) => {
      const t = o && g.outputs[o.col];
      return o && t ? { node: t.node, shift: t.shift + o.shift, negate: t.negate !== o.negate } : null;
    }),
  };
}

/**
 * Columns that are ±2^k times another are the same signal rewired: only the distinct columns, each
 * divided by its power of two and sign (first nonzero positive), go to the solver.
 */
function distinctColumns(matrix: readonly (readonly number[])[], cols: number) {
  const keys = new Map<string, number>();
  const reps: number[][] = [];
  const of = Array.from({ length: cols }, (_, j) => {
    const col = matrix.map((row) => row[j]!);
    const first = col.find((v) => v !== 0);
    if (first === undefined) return null;
    let shift = Infinity;
    for (const v of col) if (v !== 0) shift = Math.min(shift, trailingZeros(v));
    const f = (first < 0 ? -1 : 1) / 2 ** shift;
    const canon = col.map((v) => v * f);
    const key = canon.join(',');
    let c = keys.get(key);
    if (c === undefined) { c = reps.length; keys.set(key, c); reps.push(canon); }
    return { col: c, shift, negate: first < 0 };
  });
  const distinct = matrix.map((_, i) => reps.map((c) => c[i]!));
  return { distinct, of };
}

function solveDistinct(matrix: readonly (readonly number[])[], cols: number, opts: CmvmOptions | undefined): AdderGraph {
  const rows = matrix.length;
  const inputs: StageSignal[] = Array.from({ length: rows }, (_, i) => {
    const [lo, hi] = opts?.inputRanges?.[i] ?? [-128, 127];
    return { term: { node: i, shift: 0, neg: false }, qint: { min: lo, max: hi, step: 1 } };
  });
  const { m0, m1 } = decompose(matrix, cols, Math.ceil(Math.log2(Math.max(rows, 1))));
  const plain = plainTreeDepth(matrix);
  const limit = plain + (opts?.depthSlack ?? plain + 4);
  const shared = build(rows, (b) => {
    const mid = solveStage(b, inputs, m0, m1.length, false, limit);
    return mid && solveStage(b, mid, m1, cols, false, limit);
  });
  const depths = shared && nodeDepths(shared);
  if (shared && shared.outputs.every((o) => !o || depths![o.node]! <= limit)) return shared;
  return build(rows, (b) => solveStage(b, inputs, matrix, cols, true))!;
}

/** Exact outputs of the graph for input values x (BigInt, no overflow). */
export function evaluateAdderGraph(g: AdderGraph, x: readonly bigint[]): bigint[] {
  if (x.length !== g.inputs) throw new RangeError(`evaluateAdderGraph: ${x.length} inputs for a graph of ${g.inputs}`);
  const v: bigint[] = [...x];
  for (const op of g.ops) {
    const a = v[op.a]! << BigInt(op.shiftA);
    const b = v[op.b]! << BigInt(op.shiftB);
    v.push((op.negA ? -a : a) + (op.negB ? -b : b));
  }
  return g.outputs.map((o) => {
    if (!o) return 0n;
    const y = v[o.node]! << BigInt(o.shift);
    return o.negate ? -y : y;
  });
}

export function adderCount(g: AdderGraph): number {
  return g.ops.length;
}

/** Adder levels per node: inputs 0, an op one more than its deeper operand. */
export function nodeDepths(g: AdderGraph): number[] {
  const d = new Array<number>(g.inputs).fill(0);
  for (const op of g.ops) d.push(Math.max(d[op.a]!, d[op.b]!) + 1);
  return d;
}
