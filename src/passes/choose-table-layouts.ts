// Replaces unset lookup tables (table activations, softmax, logsoftmax) with layouts derived from the
// input and output types and the configured table_size / table_range / table types; warns (W301)
// when a table is coarser than its output type can show.
import { fracBits } from '../fixed/types.js';
import { size, typeOf } from '../ir/graph.js';
import type { Graph, Node, TableActivationNode } from '../ir/types.js';
import { TABLE_ACTIVATIONS } from '../ir/types.js';
import { TABLE_FUNCTIONS } from '../ops/functions.js';
import { deriveSoftmaxAttrs, softmaxPlan } from '../ops/softmax-tables.js';
import { tableFunction } from '../ops/table-activations.js';
import { buildTable, defaultTableSpec, worstTableError } from '../ops/tables.js';
import { layerTypeNames, resolveAccum, resolveExplicit, resolveSetting } from './apply-precision.js';
import type { Pass, PassContext } from './types.js';

export function isTableActivation(n: Node): n is TableActivationNode {
  return (TABLE_ACTIVATIONS as readonly string[]).includes(n.op);
}

function activationTable(g: Graph, n: TableActivationNode, ctx: PassContext): Node {
  if (n.attrs.table) return n;
  const types = layerTypeNames(n);
  const c = ctx.config;
  const x = typeOf(g, n.inputs[0]!);
  const out = typeOf(g, n.outputs[0]!);
  const { fn, domain } = tableFunction(n, x);
  const tableSize = resolveSetting(c, n.name, types, 'tableSize');
  const tableRange = resolveSetting(c, n.name, types, 'tableRange');
  const tableType = resolveExplicit(c, n.name, types, 'table');
  const table = defaultTableSpec(domain, fn, out, {
    ...(tableSize ? { size: tableSize } : {}), ...(tableRange ? { range: tableRange } : {}), ...(tableType ? { type: tableType } : {}),
  });
  const subject = `node '${n.name}' (${n.op})`;
  const lsb = 2 ** -fracBits(out);
  const worst = worstTableError(buildTable(table, domain, fn, subject), fn, out);
  if (worst > lsb) {
    ctx.warnings.push({
      code: 'W301', subject,
      message: `the ${table.size}-entry table is coarser than the output type: worst-case error ${worst.toPrecision(3)} exceeds its LSB ${lsb}` +
        `${tableSize ? '' : ' (table_size defaulted)'}; raise table_size or narrow table_range`,
    });
  }
  return { ...n, attrs: { ...n.attrs, table } } as Node;
}

function softmaxTables(g: Graph, n: Extract<Node, { op: 'softmax' | 'logsoftmax' }>, ctx: PassContext): Node {
  if (n.op === 'softmax' && (n.attrs.implementation === 'skip' || n.attrs.implementation === 'argmax')) return n;
  if (n.attrs.expTable && (n.op === 'softmax' ? n.attrs.invTable : n.attrs.logTable)) return n;
  const types = layerTypeNames(n);
  const c = ctx.config;
  const x = typeOf(g, n.inputs[0]!);
  const out = typeOf(g, n.outputs[0]!);
  const shape = g.tensors[n.inputs[0]!]!.shape;
  const count = shape.length ? shape[shape.length - 1]! : size(shape);
  const tableSize = resolveSetting(c, n.name, types, 'tableSize');
  const tableRange = resolveSetting(c, n.name, types, 'tableRange');
  const expType = resolveExplicit(c, n.name, types, 'exp_table');
  const secondType = resolveExplicit(c, n.name, types, n.op === 'logsoftmax' ? 'table' : 'inv_table');
  const accum = resolveAccum(c, n.name, types);
  const d = deriveSoftmaxAttrs(n, x, out, count, {
    expTable: { ...(tableSize ? { size: tableSize } : {}), ...(tableRange ? { range: tableRange } : {}), ...(expType ? { type: expType } : {}) },
    secondTable: { ...(tableSize ? { size: tableSize } : {}), ...(secondType ? { type: secondType } : {}) },
    ...(accum !== 'auto' ? { sumType: accum } : {}),
  });
  const second = n.op === 'softmax' ? { invTable: d.second } : { logTable: d.second };
  const node = { ...n, attrs: { ...n.attrs, expTable: d.expTable, sumType: d.sumType, ...second } } as Node;
  // Each table's entries should be finer than the output can show.
  const p = softmaxPlan(node as typeof n, x, count);
  const lsb = 2 ** -fracBits(out);
  const coarse = [
    ['exp', worstTableError(p.exp, TABLE_FUNCTIONS.exp, p.exp.spec.type)],
    [n.op === 'softmax' ? 'reciprocal' : 'log', worstTableError(p.second, p.secondFn, p.second.spec.type)],
  ] as const;
  for (const [what, worst] of coarse) {
    if (worst > lsb) {
      ctx.warnings.push({
        code: 'W301', subject: `node '${n.name}' (${n.op})`,
        message: `the ${what} table is coarser than the output type: worst-case error ${worst.toPrecision(3)} exceeds its LSB ${lsb}; raise table_size or give the table a finer type`,
      });
    }
  }
  return node;
}

export const chooseTableLayouts: Pass = {
  name: 'choose-table-layouts',
  run(g: Graph, ctx): Graph {
    const nodes = g.nodes.map((n): Node => {
      if (isTableActivation(n)) return activationTable(g, n, ctx);
      if (n.op === 'softmax' || n.op === 'logsoftmax') return softmaxTables(g, n, ctx);
      return n;
    });
    return { ...g, nodes };
  },
};
