// The Vitis view of the windowed ops (ir/OPS.md: conv, pools, global pools, transpose): geometry as
// compile-time config fields (1-D is 2-D with height 1), exact constant arrays and the kernel call.
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatFixedType } from '../../fixed/parse.js';
import { fromFloat } from '../../fixed/quantize.js';
import type { FixedType } from '../../fixed/types.js';
import type { ConvNode, GlobalPoolNode, Graph, PoolNode, TransposeNode } from '../../ir/types.js';
import { assertNever } from '../../ir/types.js';
import type { ArrayRef, LayerSink } from './activation-views.js';
import { layerReuse } from '../../analysis/reuse-factors.js';
import { tensorConstants } from './core-views.js';
import { isSparseForm } from '../../analysis/sparsity.js';
import { sparseWeights } from './sparse-views.js';
import { typedef, uint } from './format.js';

export type WindowNode = ConvNode | PoolNode | GlobalPoolNode | TransposeNode;

export interface WindowView { readonly base: string; readonly fields: readonly string[]; readonly call: string }


/** Window geometry of one spatial axis. */
interface Axis { readonly inp: number; readonly k: number; readonly stride: number; readonly dilation: number; readonly pad: number; readonly out: number }

/** Positions of the window of output `o` that fall inside the input (the rest is zero padding). */
function inRange(a: Axis, o: number): number {
  let n = 0;
  for (let k = 0; k < a.k; k++) {
    const i = o * a.stride + k * a.dilation - a.pad;
    if (i >= 0 && i < a.inp) n++;
  }
  return n;
}

/**
 * The (height, width) axes of a 1-D or 2-D windowed op; 1-D gets a unit height axis.
 * The output sizes come from the output tensor and must agree with ir/OPS.md's formula.
 */
function axes(inShape: readonly number[], outShape: readonly number[], kernel: readonly number[], attrs: {
  strides: readonly number[]; dilations?: readonly number[]; pads: readonly number[];
}, subject: string): [Axis, Axis] {
  const r = inShape.length - 1;
  if ((r !== 1 && r !== 2) || kernel.length !== r || outShape.length !== r + 1) {
    throw new HlsnetError('E503', `only 1-D and 2-D windows have an HLS kernel (input [${inShape.join(', ')}])`, { subject });
  }
  const list: Axis[] = [];
  for (let d = 0; d < r; d++) {
    const a: Axis = {
      inp: inShape[d]!, k: kernel[d]!, stride: attrs.strides[d] ?? 1, dilation: attrs.dilations?.[d] ?? 1,
      pad: attrs.pads[d] ?? 0, out: outShape[d]!,
    };
    const expected = Math.floor((a.inp + a.pad + (attrs.pads[r + d] ?? 0) - a.dilation * (a.k - 1) - 1) / a.stride) + 1;
    if (expected !== a.out) {
      throw new HlsnetError('E503', `output size ${a.out} on spatial axis ${d} disagrees with the window formula (${expected}) (internal error: please report it)`, { subject });
    }
    list.push(a);
  }
  const unit: Axis = { inp: 1, k: 1, stride: 1, dilation: 1, pad: 0, out: 1 };
  return r === 1 ? [unit, list[0]!] : [list[0]!, list[1]!];
}

function geometry([h, w]: [Axis, Axis], filt: 'filt' | 'pool'): string[] {
  const f = [
    uint('in_height', h.inp), uint('in_width', w.inp), uint(`${filt}_height`, h.k), uint(`${filt}_width`, w.k),
    uint('stride_height', h.stride), uint('stride_width', w.stride),
  ];
  if (filt === 'filt') f.push(uint('dilation_height', h.dilation), uint('dilation_width', w.dilation));
  f.push(uint('pad_top', h.pad), uint('pad_left', w.pad), uint('out_height', h.out), uint('out_width', w.out));
  return f;
}

/** The layer view of a conv, pool, global pool or transpose node; `x`/`y` are its input and output arrays (streams when `stream`). */
export function windowView(g: Graph, n: WindowNode, idx: number, x: ArrayRef, y: ArrayRef, sink: LayerSink, stream = false): WindowView {
  const subject = `node '${n.name}' (${n.op})`;
  const inShape = g.tensors[n.inputs[0]!]!.shape;
  const outShape = g.tensors[n.outputs[0]!]!.shape;
  const call = (kernel: string, ...arrays: string[]): string =>
    `nnet::${kernel}<${x.type}, ${y.type}, config${idx}>(${[x.name, y.name, ...arrays].join(', ')});`;
  const accumOf = (t: FixedType | undefined): FixedType => {
    if (!t) throw new HlsnetError('E504', 'accumulator type not set', { subject });
    return t;
  };
  const constants = tensorConstants(g, n, idx, sink);

  switch (n.op) {
    case 'conv': {
      sink.include('nnet/nnet_conv.h');
      const wShape = g.tensors[n.inputs[1]!]!.shape;
      const [cg, nf] = wShape.slice(-2) as [number, number];
      const c = inShape[inShape.length - 1]!;
      const groups = n.attrs.groups;
      if (groups !== 1 && groups !== c) throw new HlsnetError('E503', `conv with ${groups} groups has no HLS kernel (1 or depthwise only)`, { subject });
      const geo = axes(inShape, outShape, wShape.slice(0, -2), n.attrs, subject);
      const acc = accumOf(n.attrs.accum);
      // Pruned layers store only their nonzero weights (ir/OPS.md, "Pruned weights").
      const sparse = isSparseForm(g, n) ? sparseWeights(g, n, idx, sink) : undefined;
      const w = sparse ? sparse.arrays : [constants('w', 'weight', n.inputs[1]!, 'weights')];
      const fields = [
        ...geometry(geo, 'filt'), uint('n_chan', c), uint('n_filt', nf), uint('chan_per_group', cg), uint('filt_per_group', nf / groups),
        ...(sparse ? [uint('n_nonzero', sparse.nnz)] : []),
        uint('reuse_factor', n.hints?.reuseFactor ?? 1), uint('multiplier_limit', layerReuse(g, n, stream).multiplierLimit),
        'static const unsigned strategy = nnet::latency;',
        typedef('accum_t', acc), `typedef weight${idx}_t weight_t;`,
      ];
      const base = sparse ? 'nnet::conv_sparse_config' : 'nnet::conv_config';
      const kernel = sparse ? 'conv_sparse' : 'conv_latency';
      if (!n.inputs[2]) {
        fields.push(`typedef weight${idx}_t bias_t;`);
        return { base, fields, call: call(`${kernel}_nobias`, ...w) };
      }
      const b = constants('b', 'bias', n.inputs[2], 'biases');
      fields.push(`typedef bias${idx}_t bias_t;`);
      return { base, fields, call: call(kernel, ...w, b) };
    }
    case 'maxpool':
    case 'avgpool':
    case 'global_maxpool':
    case 'global_avgpool': {
      sink.include('nnet/nnet_pooling.h');
      const global = n.op === 'global_maxpool' || n.op === 'global_avgpool';
      const spatial = inShape.slice(0, -1);
      const geo = global
        ? axes(inShape, [...spatial.map(() => 1), inShape[inShape.length - 1]!], spatial, { strides: [], pads: [] }, subject)
        : axes(inShape, outShape, (n as PoolNode).attrs.kernel, (n as PoolNode).attrs, subject);
      const fields = [...geometry(geo, 'pool'), uint('n_chan', inShape[inShape.length - 1]!)];
      const [h, w] = geo;
      // Per output position: in-range taps, and the window size (what countIncludePad divides by).
      const counts: { inRange: number; full: number }[] = [];
      for (let oh = 0; oh < h.out; oh++) {
        for (let ow = 0; ow < w.out; ow++) counts.push({ inRange: inRange(h, oh) * inRange(w, ow), full: h.k * w.k });
      }
      if (counts.some((k) => k.inRange === 0)) throw new HlsnetError('E503', 'a pooling window lies entirely in the padding', { subject });
      if (n.op === 'maxpool' || n.op === 'global_maxpool') return { base: 'nnet::pool_config', fields, call: call('maxpool') };
      const p = n.attrs.paramType;
      if (!p) throw new HlsnetError('E504', 'parameter type not set (the precision passes set it)', { subject });
      const includePad = n.op === 'avgpool' && n.attrs.countIncludePad === true;
      const raw = counts.map((k) => fromFloat(1 / (includePad ? k.full : k.inRange), p));
      sink.type(`param${idx}_t`, p, `1/count constants of '${n.name}'`);
      sink.constants(`param${idx}`, `param${idx}_t`, p, raw,
        `q(1/count) per output position of layer '${n.name}' (${[...new Set(counts.map((k) => (includePad ? k.full : k.inRange)))].join(', ')} taps), ${formatFixedType(p)}, exact values`);
      fields.push(typedef('accum_t', accumOf(n.attrs.accum)), `typedef param${idx}_t param_t;`);
      return { base: 'nnet::pool_config', fields, call: call('avgpool', `param${idx}`) };
    }
    case 'transpose': {
      sink.include('nnet/nnet_transpose.h');
      const perm = n.attrs.perm;
      if (perm.length > 4) throw new HlsnetError('E503', `transpose of rank ${perm.length} has no HLS kernel (rank <= 4)`, { subject });
      const strides = inShape.map((_, d) => inShape.slice(d + 1).reduce((a, b) => a * b, 1));
      const pad = 4 - perm.length;
      const dims = [...Array<number>(pad).fill(1), ...perm.map((p) => inShape[p]!)];
      const steps = [...Array<number>(pad).fill(0), ...perm.map((p) => strides[p]!)];
      const fields = [uint('n_elem', inShape.reduce((a, b) => a * b, 1)), ...dims.map((d, i) => uint(`out_dim${i}`, d)), ...steps.map((s, i) => uint(`in_stride${i}`, s))];
      return { base: 'nnet::transpose_config', fields, call: call('transpose') };
    }
    default:
      return assertNever(n, 'windowed op');
  }
}
