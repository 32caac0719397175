// The Vitis view of the activations with parameters or lookup tables (ir/OPS.md, "Exact activations",
// "Table activations", softmax, logsoftmax): config fields, exact constant arrays and the kernel call.
// Every intermediate C++ type is computed here from the IR types, wide enough to be exact.
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatFixedType } from '../../fixed/parse.js';
import { fromFloat, maxRaw, minRaw } from '../../fixed/quantize.js';
import { addType, mulType } from '../../fixed/rules.js';
import { fixedType, fracBits, type FixedType } from '../../fixed/types.js';
import { size, typeOf } from '../../ir/graph.js';
import type { Graph, Node } from '../../ir/types.js';
import { assertNever } from '../../ir/types.js';
import { clipThresholds, requireParamType } from '../../ops/exact-activations.js';
import { softmaxPlan } from '../../ops/softmax-tables.js';
import { compiledTable } from '../../ops/table-activations.js';
import type { TableLayout } from '../../ops/tables.js';
import { int64, typedef, uint } from './format.js';

export type ActivationNode = Extract<Node, {
  op: 'clip' | 'leaky_relu' | 'prelu' | 'thresholded_relu' | 'hard_sigmoid' | 'hard_swish' | 'sigmoid' | 'tanh' | 'softplus' |
    'softsign' | 'elu' | 'selu' | 'softmax' | 'logsoftmax';
}>;

export interface ArrayRef { readonly name: string; readonly type: string; readonly size: number }

/** What a layer adds to the project besides its config and call. */
export interface LayerSink {
  /** A typedef in defines.h. */
  type(name: string, t: FixedType, comment: string): void;
  /** A constant array weights/<name>.h of `type` (a typedef of `t`), from raw values of `t`. */
  constants(name: string, type: string, t: FixedType, raw: readonly bigint[], comment: string): void;
  include(header: string): void;
}

export interface ActivationView { readonly base: string; readonly fields: readonly string[]; readonly call: string }


/** An integer threshold clamped into [lo, hi]: comparisons of raw inputs in that range are unchanged. */
function clampRaw(v: number, lo: bigint, hi: bigint): bigint {
  if (v === -Infinity || v < Number(lo)) return lo;
  if (v === Infinity || v > Number(hi)) return hi;
  return BigInt(v);
}

/** [0, 1] at the LSB of `sum`: hard_sigmoid's clamped value, exactly. */
function unitType(sum: FixedType): FixedType {
  const f = Math.max(fracBits(sum), 0);
  return fixedType(false, f + 1, 1);
}

/** The layer view of an activation node; `x`/`y` are its input and output arrays. */
export function activationView(g: Graph, n: ActivationNode, idx: number, x: ArrayRef, y: ArrayRef, sink: LayerSink): ActivationView {
  const xt = typeOf(g, n.inputs[0]!);
  const yt = typeOf(g, n.outputs[0]!);
  const shape = g.tensors[n.outputs[0]!]!.shape;
  const subject = `node '${n.name}' (${n.op})`;
  const call = (kernel: string, ...arrays: string[]): string =>
    `nnet::${kernel}<${x.type}, ${y.type}, config${idx}>(${[x.name, y.name, ...arrays].join(', ')});`;
  const params = (t: FixedType, raw: readonly bigint[], what: string): { typeName: string; array: string } => {
    const typeName = `param${idx}_t`;
    sink.type(typeName, t, `${what} of '${n.name}'`);
    sink.constants(`param${idx}`, typeName, t, raw, `${what} of layer '${n.name}', ${formatFixedType(t)}, exact values`);
    return { typeName, array: `param${idx}` };
  };
  const table = (name: string, t: TableLayout, what: string): { typeName: string; array: string } => {
    const typeName = `${name}${idx}_t`;
    sink.type(typeName, t.spec.type, `${what} entries of '${n.name}'`);
    sink.constants(`${name}${idx}`, typeName, t.spec.type, t.entries,
      `${what} of layer '${n.name}': ${t.spec.size} entries over [${t.spec.range.join(', ')}], ${formatFixedType(t.spec.type)}, exact values`);
    return { typeName, array: `${name}${idx}` };
  };
  const fields = [uint('n_in', size(shape))];
  const [lo, hi] = [minRaw(xt), maxRaw(xt)];

  switch (n.op) {
    case 'clip': {
      sink.include('nnet/nnet_activation.h');
      const { lo: l, hi: h } = clipThresholds(n, fracBits(xt));
      const bounds = [n.attrs.min, n.attrs.max].map((b) => (b === undefined ? 0n : fromFloat(b, yt)));
      sink.constants(`bound${idx}`, y.type, yt, bounds, `quantize(min), quantize(max) of layer '${n.name}' in its output type ${formatFixedType(yt)}`);
      fields.push(int64('lo_raw', clampRaw(l, lo, hi + 1n)), int64('hi_raw', clampRaw(h, lo - 1n, hi)));
      return { base: 'nnet::clip_config', fields, call: call('clip', `bound${idx}`) };
    }
    case 'thresholded_relu': {
      sink.include('nnet/nnet_activation.h');
      fields.push(int64('threshold_raw', clampRaw(Math.floor(n.attrs.alpha * 2 ** fracBits(xt)), lo - 1n, hi)));
      return { base: 'nnet::thresholded_relu_config', fields, call: call('thresholded_relu') };
    }
    case 'leaky_relu':
    case 'prelu': {
      sink.include('nnet/nnet_activation.h');
      let p: FixedType;
      let raw: bigint[];
      if (n.op === 'leaky_relu') {
        p = requireParamType(n, n.attrs.paramType);
        raw = [fromFloat(n.attrs.alpha, p)];
      } else {
        const slope = g.tensors[n.inputs[1]!]!;
        p = typeOf(g, slope.name);
        raw = slope.data!.map((v) => fromFloat(v, p));
      }
      const { typeName, array } = params(p, raw, n.op === 'prelu' ? 'slopes' : 'alpha');
      fields.push(uint('n_slope', raw.length), `typedef ${typeName} param_t;`, typedef('mult_t', mulType(xt, p)));
      return { base: 'nnet::leaky_relu_config', fields, call: call(n.op, array) };
    }
    case 'hard_sigmoid':
    case 'hard_swish': {
      sink.include('nnet/nnet_activation.h');
      const p = requireParamType(n, n.attrs.paramType);
      const [a, b] = n.op === 'hard_sigmoid' ? [n.attrs.alpha, n.attrs.beta] : [1 / 6, 0.5];
      const { typeName, array } = params(p, [fromFloat(a, p), fromFloat(b, p)], 'alpha, beta');
      const mult = mulType(xt, p);
      const sum = addType(mult, p);
      const h = unitType(sum);
      fields.push(`typedef ${typeName} param_t;`, typedef('mult_t', mult), typedef('sum_t', sum), typedef('h_t', h), typedef('prod_t', mulType(xt, h)));
      return { base: 'nnet::hard_sigmoid_config', fields, call: call(n.op, array) };
    }
    case 'sigmoid':
    case 'tanh':
    case 'softplus':
    case 'softsign':
    case 'elu':
    case 'selu': {
      sink.include('nnet/nnet_activation_table.h');
      const layout = compiledTable(n, xt, yt).layout;
      const t = table('table', layout, `${n.op} table`);
      fields.push(uint('table_size', layout.spec.size), int64('lo_raw', layout.loRaw), uint('shift', layout.shift), `typedef ${t.typeName} table_t;`);
      if (n.op !== 'selu') return { base: 'nnet::table_config', fields, call: call(n.op, t.array) };
      const p = requireParamType(n, n.attrs.paramType);
      const gamma = params(p, [fromFloat(n.attrs.gamma, p)], 'gamma');
      fields.push(`typedef ${gamma.typeName} param_t;`, typedef('mult_t', mulType(xt, p)));
      return { base: 'nnet::table_config', fields, call: call('selu', t.array, gamma.array) };
    }
    case 'softmax':
    case 'logsoftmax': {
      sink.include('nnet/nnet_softmax.h');
      const len = shape.length ? shape[shape.length - 1]! : 1;
      const rows = [uint('n_in', len), uint('n_outer', size(shape) / len)];
      if (n.op === 'softmax' && n.attrs.implementation === 'argmax') return { base: 'nnet::softmax_config', fields: rows, call: call('softmax_argmax') };
      if (n.op === 'softmax' && n.attrs.implementation === 'skip') {
        throw new HlsnetError('E503', 'softmax skip is wiring and has no kernel (internal error: please report it)', { subject });
      }
      const plan = softmaxPlan(n, xt, len);
      const second = n.op === 'logsoftmax' ? 'log_table' : 'inv_table';
      const exp = table('exp_table', plan.exp, 'exp table');
      const inv = table(second, plan.second, n.op === 'logsoftmax' ? 'log table' : 'reciprocal table');
      // diff_t is unused by the latency form, but every form gets the same config shape.
      const diff = plan.diffType ?? fixedType(true, xt.width + 1, xt.int + 1);
      const prod = n.op === 'logsoftmax' ? addType(diff, plan.second.spec.type) : mulType(plan.exp.spec.type, plan.second.spec.type);
      fields.splice(0, 1, ...rows,
        uint('exp_table_size', plan.exp.spec.size), int64('exp_lo_raw', plan.exp.loRaw), uint('exp_shift', plan.exp.shift),
        uint('inv_table_size', plan.second.spec.size), int64('inv_lo_raw', plan.second.loRaw), uint('inv_shift', plan.second.shift),
        typedef('diff_t', diff), `typedef ${exp.typeName} exp_table_t;`, typedef('sum_exact_t', plan.sumExactType),
        typedef('sum_t', plan.sumType), `typedef ${inv.typeName} inv_table_t;${n.op === 'logsoftmax' ? ' // the log table' : ''}`,
        typedef('prod_t', prod));
      const kernel = n.op === 'logsoftmax' ? 'logsoftmax' : n.attrs.implementation === 'latency' ? 'softmax_latency' : 'softmax_stable';
      return { base: 'nnet::softmax_config', fields, call: call(kernel, exp.array, inv.array) };
    }
    default:
      return assertNever(n, 'activation');
  }
}
