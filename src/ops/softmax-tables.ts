// The table plan of softmax (stable, latency) and logsoftmax: which value indexes which table, the
// exact intermediate types, and the default tables derived from the input and output types.
import { quantize } from '../fixed/quantize.js';
import { fixedType, fracBits, type FixedType } from '../fixed/types.js';
import type { LogSoftmaxNode, SoftmaxNode, TableSpec } from '../ir/types.js';
import { TABLE_FUNCTIONS, type TableFunction } from './functions.js';
import { requireTable } from './table-activations.js';
import { buildTable, defaultTableSpec, domainOfType, tableIndex, unsignedType, type Domain, type TableLayout } from './tables.js';

/** Extra fractional bits of derived table types beyond the output's (rounding errors stay well below its LSB). */
export const GUARD_BITS = 6;
/** The latency softmax indexes exp by x itself; by default over [−8, 8] (hls4ml's table range). */
export const LATENCY_RANGE: readonly [number, number] = [-8, 8];

export type SoftmaxLike = SoftmaxNode | LogSoftmaxNode;

export interface SoftmaxPlan {
  /** stable: d = x − max(x) in this exact type; latency: undefined (exp indexes x). */
  readonly diffType?: FixedType;
  readonly exp: TableLayout;
  /** Σ e_j exactly, then cast once to sumType. */
  readonly sumExactType: FixedType;
  readonly sumType: FixedType;
  /** softmax: the reciprocal table; logsoftmax: the log table. Both indexed by the sum. */
  readonly second: TableLayout;
  readonly secondFn: TableFunction;
}

/** x − max(x): one more integer bit, signed, same fraction; exact for any two values of `x`. */
export function diffTypeOf(x: FixedType): FixedType {
  return fixedType(true, x.width + 1, x.int + 1);
}

function usesDiff(n: SoftmaxLike): boolean {
  return n.op === 'logsoftmax' || n.attrs.implementation === 'stable';
}

/** The values the exp table is indexed by: d ∈ [min − max, 0], or x itself (latency). */
export function expDomain(n: SoftmaxLike, x: FixedType): Domain {
  if (!usesDiff(n)) return domainOfType(x);
  const d = domainOfType(x);
  return { lo: d.lo - d.hi, hi: 0, frac: fracBits(x) };
}

function bitLen(v: number): number {
  return v <= 0 ? 0 : Math.floor(Math.log2(v)) + 1;
}

/** The exact sum type of n entries of `e`, and the domain of sums that can occur (the max always adds e(0) when stable). */
function sumOf(n: SoftmaxLike, exp: TableLayout, count: number): { exact: FixedType; lo: bigint; hi: bigint } {
  const e = exp.spec.type;
  const grow = bitLen(count - 1);
  const exact = fixedType(false, e.width + grow, e.int + grow);
  const entries = exp.entries;
  let min = entries[0]!;
  let max = entries[0]!;
  for (const v of entries) { if (v < min) min = v; if (v > max) max = v; }
  // Stable: one d is 0, so one term is the entry of index(0) (the table's last reachable entry at d = 0).
  const atZero = usesDiff(n) ? entries[tableIndex(0, exp.loRaw, exp.shift, exp.spec.size)]! : min;
  return { exact, lo: atZero + BigInt(count - 1) * min, hi: BigInt(count) * max };
}

export interface SoftmaxSettings {
  readonly expTable?: Partial<TableSpec>;
  readonly secondTable?: Partial<TableSpec>;
  readonly sumType?: FixedType;
}

/** Fill in every table and type the node leaves unset, from the input and output types. */
export function deriveSoftmaxAttrs(n: SoftmaxLike, x: FixedType, out: FixedType, count: number, s: SoftmaxSettings = {}): {
  expTable: TableSpec; sumType: FixedType; second: TableSpec;
} {
  const fo = fracBits(out);
  const stable = usesDiff(n);
  const dom = expDomain(n, x);
  let expType = s.expTable?.type;
  if (!expType) {
    // Stable: e^d ∈ (0, 1]. Latency: up to e^hi over the covered range.
    const hi = stable ? 0 : Math.min(dom.hi * 2 ** -dom.frac, (s.expTable?.range ?? LATENCY_RANGE)[1]);
    expType = unsignedType(Math.max(1, Math.ceil(hi * Math.LOG2E) + 1), fo + GUARD_BITS);
  }
  const range = s.expTable?.range ?? (stable ? undefined : LATENCY_RANGE);
  const expTable = defaultTableSpec(dom, TABLE_FUNCTIONS.exp, out, { ...s.expTable, ...(range ? { range } : {}), type: expType, entriesAsTableType: true });
  const exp = buildTable(expTable, dom, TABLE_FUNCTIONS.exp, `node '${n.name}' (${n.op})`);
  const sum = sumOf(n, exp, count);
  const sumType = s.sumType ?? sum.exact;
  const sDom = sumDomain(sum, sumType);
  const secondFn = n.op === 'logsoftmax' ? TABLE_FUNCTIONS.log : TABLE_FUNCTIONS.reciprocal;
  let secondType = s.secondTable?.type;
  if (!secondType) {
    const loV = Math.max(sDom.lo, 1) * 2 ** -sDom.frac;
    const hiV = sDom.hi * 2 ** -sDom.frac;
    secondType = n.op === 'logsoftmax'
      ? fixedType(true, 0, 0, 'RND', 'SAT')
      : unsignedType(Math.max(1, bitLen(Math.ceil(1 / loV))), fo + GUARD_BITS);
    if (n.op === 'logsoftmax') {
      const int = 1 + Math.max(1, bitLen(Math.ceil(Math.max(Math.abs(Math.log(loV)), Math.abs(Math.log(hiV))))));
      secondType = fixedType(true, int + fo + GUARD_BITS, int, 'RND', 'SAT');
    }
  }
  // The sum's domain is small and has no flat tail to cut: cover all of it.
  const second = defaultTableSpec(sDom, secondFn, out, {
    ...s.secondTable, type: secondType, entriesAsTableType: true,
    range: s.secondTable?.range ?? [sDom.lo * 2 ** -sDom.frac, sDom.hi * 2 ** -sDom.frac],
  });
  return { expTable, sumType, second };
}

function sumDomain(sum: { exact: FixedType; lo: bigint; hi: bigint }, sumType: FixedType): Domain {
  const f = fracBits(sum.exact);
  const lo = Number(quantize(sum.lo, f, sumType));
  const hi = Number(quantize(sum.hi, f, sumType));
  return { lo: Math.min(lo, hi), hi: Math.max(lo, hi), frac: fracBits(sumType) };
}

const planCache = new WeakMap<object, { key: string; plan: SoftmaxPlan }>();

/** The node's tables, built once per node and types. */
export function softmaxPlan(n: SoftmaxLike, x: FixedType, count: number): SoftmaxPlan {
  const key = JSON.stringify([x, count]);
  const hit = planCache.get(n);
  if (hit && hit.key === key) return hit.plan;
  const subject = `node '${n.name}' (${n.op})`;
  const expSpec = requireTable(n, n.attrs.expTable, 'exp table');
  const dom = expDomain(n, x);
  const exp = buildTable(expSpec, dom, TABLE_FUNCTIONS.exp, subject);
  const sum = sumOf(n, exp, count);
  const sumType = n.attrs.sumType ?? sum.exact;
  const secondSpec = requireTable(n, n.op === 'logsoftmax' ? n.attrs.logTable : n.attrs.invTable, n.op === 'logsoftmax' ? 'log table' : 'reciprocal table');
  const secondFn = n.op === 'logsoftmax' ? TABLE_FUNCTIONS.log : TABLE_FUNCTIONS.reciprocal;
  const second = buildTable(secondSpec, sumDomain(sum, sumType), secondFn, subject);
  const plan: SoftmaxPlan = { ...(usesDiff(n) ? { diffType: diffTypeOf(x) } : {}), exp, sumExactType: sum.exact, sumType, second, secondFn };
  planCache.set(n, { key, plan });
  return plan;
}
