// Table-based activations (sigmoid, tanh, softplus, softsign, elu, selu): y = out_table[index(raw x)],
// with ELU's and SELU's positive side computed exactly instead (ir/OPS.md).
import { HlsnetError } from '../diagnostics/errors.js';
import { fromFloat, quantize, quantizeNumber } from '../fixed/quantize.js';
import { fracBits, type FixedType } from '../fixed/types.js';
import type { TableActivationNode, TableSpec } from '../ir/types.js';
import { assertNever } from '../ir/types.js';
import { elu, eluTable, selu, TABLE_FUNCTIONS, type TableFunction } from './functions.js';
import { mapFloat, sameShape } from './elementwise.js';
import { requireParamType } from './exact-activations.js';
import { buildTable, domainOfType, outputEntries, tableIndex, type Domain, type TableLayout } from './tables.js';
import type { OpDef } from './types.js';
import { isNumberRaw, SAFE_BITS } from './values.js';

/** The function a node's table holds and the inputs that index it (ELU/SELU: only x < 0, x ≤ 0). */
export function tableFunction(n: TableActivationNode, inType: FixedType): { fn: TableFunction; domain: Domain } {
  const d = domainOfType(inType);
  switch (n.op) {
    case 'sigmoid':
    case 'tanh':
    case 'softplus':
    case 'softsign':
      return { fn: TABLE_FUNCTIONS[n.op], domain: d };
    case 'elu':
      return { fn: eluTable(n.attrs.alpha), domain: { ...d, lo: Math.min(d.lo, -1), hi: Math.min(d.hi, -1) } };
    case 'selu':
      return { fn: eluTable(n.attrs.alpha, n.attrs.gamma), domain: { ...d, hi: Math.min(d.hi, 0) } };
    default:
      return assertNever(n, 'table activation');
  }
}

export function floatActivation(n: TableActivationNode): (x: number) => number {
  switch (n.op) {
    case 'sigmoid':
    case 'tanh':
    case 'softplus':
    case 'softsign':
      return TABLE_FUNCTIONS[n.op].f;
    case 'elu': return (x) => elu(x, n.attrs.alpha);
    case 'selu': return (x) => selu(x, n.attrs.alpha, n.attrs.gamma);
    default: return assertNever(n, 'table activation');
  }
}

export function requireTable(n: { name: string; op: string }, spec: TableSpec | undefined, what = 'table'): TableSpec {
  if (!spec) throw new HlsnetError('E504', `${what} not set (choose-table-layouts derives it)`, { subject: `node '${n.name}' (${n.op})` });
  return spec;
}

interface Compiled { readonly key: string; readonly layout: TableLayout; readonly out: readonly bigint[]; readonly outN: Float64Array }
const cache = new WeakMap<object, Compiled>();

/** The node's table and its entries cast to the output type, built once per node and types. */
export function compiledTable(n: TableActivationNode, inType: FixedType, outType: FixedType): Compiled {
  const key = JSON.stringify([inType, outType]);
  const hit = cache.get(n);
  if (hit && hit.key === key) return hit;
  const { fn, domain } = tableFunction(n, inType);
  const layout = buildTable(requireTable(n, n.attrs.table), domain, fn, `node '${n.name}' (${n.op})`);
  const out = outputEntries(layout, outType);
  const c = { key, layout, out, outN: Float64Array.from(out, Number) };
  cache.set(n, c);
  return c;
}

export const tableActivation: OpDef<TableActivationNode> = {
  inferShapes: (_n, shapes) => sameShape(shapes),
  evalFloat: (n, [x]) => [mapFloat(x!, floatActivation(n))],
  evalFixed(n, [x], [out], _s, ctx) {
    const t = compiledTable(n, x!.type, out!);
    const { loRaw, shift, spec } = t.layout;
    const f = fracBits(x!.type);
    const r = isNumberRaw(x!.raw) ? x!.raw : Float64Array.from(x!.raw, Number);
    // ELU (x ≥ 0) and SELU (x > 0) pass the positive side through exactly: x, or gamma·x.
    const positive = n.op === 'elu' ? (v: number) => v >= 0 : n.op === 'selu' ? (v: number) => v > 0 : () => false;
    const gt = n.op === 'selu' ? requireParamType(n, n.attrs.paramType) : undefined;
    const g = n.op === 'selu' ? fromFloat(n.attrs.gamma, gt!) : 1n;
    const fg = gt ? fracBits(gt) : 0;
    const numberOk = ctx.mode === 'auto' && out!.width <= SAFE_BITS && (!gt || x!.type.width + gt.width <= SAFE_BITS);
    if (numberOk) {
      const y = new Float64Array(r.length);
      const gn = Number(g);
      for (let i = 0; i < r.length; i++) {
        const v = r[i]!;
        y[i] = positive(v) ? quantizeNumber(v * gn, f + fg, out!) : t.outN[tableIndex(v, loRaw, shift, spec.size)]!;
      }
      return [{ type: out!, raw: y }];
    }
    return [{ type: out!, raw: Array.from(r, (v) => (positive(v) ? quantize(BigInt(v) * g, f + fg, out!) : t.out[tableIndex(v, loRaw, shift, spec.size)]!)) }];
  },
};
