// The stated accuracy of every lookup table in a compiled graph: worst-case absolute error against
// float64 over every representable input, exact per bucket (ir/OPS.md, "Lookup tables").
import { formatFixedType } from '../fixed/parse.js';
import { fromFloat, quantizeNumber, toFloat } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import { typeOf } from '../ir/graph.js';
import type { Graph, Node, TableActivationNode } from '../ir/types.js';
import { TABLE_ACTIVATIONS } from '../ir/types.js';
import { softmaxPlan } from '../ops/softmax-tables.js';
import { compiledTable, tableFunction } from '../ops/table-activations.js';
import { TABLE_FUNCTIONS } from '../ops/functions.js';
import { domainOfType, worstTableError, type TableLayout } from '../ops/tables.js';

export interface TableReport {
  readonly node: string;
  readonly op: string;
  /** 'table', 'exp table', 'reciprocal table', 'log table'. */
  readonly table: string;
  readonly size: number;
  readonly range: readonly [number, number];
  readonly type: FixedType;
  readonly shift: number;
  readonly loRaw: number;
  /** Worst |output − f(input)| over every representable input; for a layer, against the float activation. */
  readonly worstError: number;
  /** The layer output's LSB (inside softmax the tables' entries are judged as they are, against it). */
  readonly lsb: number;
  /** False when the exact side of elu/selu was too wide to enumerate and is bounded instead. */
  readonly exact: boolean;
}

const EXHAUSTIVE_LIMIT = 2 ** 20;

/** elu (x ≥ 0) / selu (x > 0): worst |quantize(x·g) − gamma·x| over the positive inputs. */
function exactSideError(n: TableActivationNode, x: FixedType, out: FixedType): { worst: number; exact: boolean } {
  if (n.op !== 'elu' && n.op !== 'selu') return { worst: 0, exact: true };
  const d = domainOfType(x);
  const gamma = n.op === 'selu' ? n.attrs.gamma : 1;
  const pt = n.op === 'selu' ? n.attrs.paramType! : undefined;
  const g = pt ? Number(fromFloat(gamma, pt)) : 1;
  const fg = pt ? fracBits(pt) : 0;
  const f = fracBits(x);
  const first = n.op === 'elu' ? 0 : 1;
  const value = (r: number): number => Math.abs(toFloat(quantizeNumber(r * g, f + fg, out), out) - gamma * r * 2 ** -f);
  if (d.hi < first) return { worst: 0, exact: true };
  if (d.hi - first + 1 <= EXHAUSTIVE_LIMIT && x.width + (pt?.width ?? 0) <= 52) {
    let worst = 0;
    for (let r = first; r <= d.hi; r++) worst = Math.max(worst, value(r));
    return { worst, exact: true };
  }
  // Too many to enumerate: rounding (≤ 1 LSB) plus the worst of the ends (saturation, gamma's quantization).
  return { worst: Math.max(value(first), value(d.hi)) + 2 ** -fracBits(out), exact: false };
}

function report(n: Node, table: string, t: TableLayout, worstError: number, lsb: number, exact = true): TableReport {
  return {
    node: n.name, op: n.op, table, size: t.spec.size, range: t.spec.range, type: t.spec.type,
    shift: t.shift, loRaw: t.loRaw, worstError, lsb, exact,
  };
}

export function tableReports(g: Graph): TableReport[] {
  const out: TableReport[] = [];
  for (const n of g.nodes) {
    if ((TABLE_ACTIVATIONS as readonly string[]).includes(n.op)) {
      const a = n as TableActivationNode;
      const x = typeOf(g, a.inputs[0]!);
      const y = typeOf(g, a.outputs[0]!);
      const t = compiledTable(a, x, y);
      const side = exactSideError(a, x, y);
      const worst = Math.max(worstTableError(t.layout, tableFunction(a, x).fn, y), side.worst);
      out.push(report(n, 'table', t.layout, worst, 2 ** -fracBits(y), side.exact));
    } else if ((n.op === 'softmax' && (n.attrs.implementation === 'stable' || n.attrs.implementation === 'latency')) || n.op === 'logsoftmax') {
      const shape = g.tensors[n.inputs[0]!]!.shape;
      const p = softmaxPlan(n, typeOf(g, n.inputs[0]!), shape[shape.length - 1] ?? 1);
      const lsb = 2 ** -fracBits(typeOf(g, n.outputs[0]!));
      out.push(report(n, 'exp table', p.exp, worstTableError(p.exp, TABLE_FUNCTIONS.exp, p.exp.spec.type), lsb));
      const second = n.op === 'logsoftmax' ? 'log table' : 'reciprocal table';
      out.push(report(n, second, p.second, worstTableError(p.second, p.secondFn, p.second.spec.type), lsb));
    }
  }
  return out;
}

/**
 * A proven bound on |y − softmax(x)| (or |y − logsoftmax(x)|) per output of a table softmax layer,
 * from its tables' stated errors εe (exp) and ε2 (reciprocal / log), the smallest sum sMin, the
 * largest exp entry eMax, the sum's own rounding δs and one output LSB:
 *   softmax:    eMax·(ε2 + δs/(sMin·(sMin − δs))) + (n + 1)·εe/sMin + LSB
 *   logsoftmax: ε2 + δs/(sMin − δs) + n·εe/sMin + LSB
 * (with exact e′, s′: e/s − e′/s′ = (e − e′)/s + p′·(s′ − s)/s and |s − s′| ≤ n·εe). Undefined when the sum can
 * overflow its type or reach 0, where no bound holds.
 */
export function softmaxBound(g: Graph, n: Node): number | undefined {
  if (!(n.op === 'logsoftmax' || (n.op === 'softmax' && (n.attrs.implementation === 'stable' || n.attrs.implementation === 'latency')))) return undefined;
  const shape = g.tensors[n.inputs[0]!]!.shape;
  const count = shape[shape.length - 1] ?? 1;
  const p = softmaxPlan(n, typeOf(g, n.inputs[0]!), count);
  const fs = fracBits(p.sumType);
  const exactFrac = fracBits(p.sumExactType);
  // A narrower sum type must not lose integer range (it would wrap or saturate): then no bound.
  if (p.sumType.width - fs < p.sumExactType.width - exactFrac) return undefined;
  const ds = fs >= exactFrac ? 0 : 2 ** -fs;
  const sMin = p.second.domain.lo * 2 ** -p.second.domain.frac;
  if (sMin - ds <= 0) return undefined;
  const ee = worstTableError(p.exp, TABLE_FUNCTIONS.exp, p.exp.spec.type);
  const e2 = worstTableError(p.second, p.secondFn, p.second.spec.type);
  const fe = fracBits(p.exp.spec.type);
  const eMax = p.exp.entries.reduce((m, v) => (v > m ? v : m), 0n);
  const lsb = 2 ** -fracBits(typeOf(g, n.outputs[0]!));
  if (n.op === 'logsoftmax') return e2 + ds / (sMin - ds) + (count * ee) / sMin + lsb;
  return Number(eMax) * 2 ** -fe * (e2 + ds / (sMin * (sMin - ds))) + ((count + 1) * ee) / sMin + lsb;
}

/** One line per softmax layer with a stated bound. */
export function describeBounds(g: Graph): string[] {
  const out: string[] = [];
  for (const n of g.nodes) {
    const b = softmaxBound(g, n);
    if (b !== undefined) out.push(`${n.name} (${n.op}): every output within ${b.toPrecision(4)} of the float64 ${n.op} of its input (proven from the tables' errors)`);
  }
  return out;
}

/** One line per table, for `inspect` and the project README. */
export function describeTable(r: TableReport): string {
  const lsbs = r.worstError / r.lsb;
  return `${r.node} (${r.op}) ${r.table}: ${r.size} entries over [${r.range[0]}, ${r.range[1]}] ` +
    `(index = clamp((raw − ${r.loRaw}) >> ${r.shift})), ${formatFixedType(r.type)}; ` +
    `worst-case error ${r.exact ? '' : '≤ '}${r.worstError.toPrecision(4)} (${lsbs.toPrecision(3)} output LSB)`;
}
