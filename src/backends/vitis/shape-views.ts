// The Vitis view of pad and resize (ir/OPS.md): geometry as [H, W, C] config fields (1-D is [1, W, C], a
// vector [1, 1, C]), the pad value as an exact literal and the nearest-resize index maps as constant arrays.
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatFixedType } from '../../fixed/parse.js';
import { fromFloat } from '../../fixed/quantize.js';
import { typeOf } from '../../ir/graph.js';
import type { Graph, PadNode, ResizeNode } from '../../ir/types.js';
import type { ArrayRef, LayerSink } from './activation-views.js';
import { exactValue, uint } from './format.js';

export interface ShapeView { readonly base: string; readonly fields: readonly string[]; readonly call: string }

/** Doubles hold every value of a type of at most 53 bits exactly, so the literal is the quantized value. */
const MAX_VALUE_WIDTH = 53;

/** [H, W, C] of a rank <= 3 shape, with leading 1s. */
function hwc(shape: readonly number[], subject: string): [number, number, number] {
  if (shape.length < 1 || shape.length > 3) {
    throw new HlsnetError('E503', `pad/resize of a rank-${shape.length} tensor has no HLS kernel (ranks 1 to 3: [C], [W, C], [H, W, C])`, { subject });
  }
  const s = [1, 1, ...shape].slice(-3);
  return [s[0]!, s[1]!, s[2]!];
}

/** Per-axis values of a rank <= 3 tensor placed on [H, W, C]; the added unit axes in front get `unit`. */
const lift = <T>(values: readonly T[], unit: T): [T, T, T] => {
  const s = [unit, unit, ...values].slice(-3);
  return [s[0]!, s[1]!, s[2]!];
};

export function shapeView(g: Graph, n: PadNode | ResizeNode, idx: number, x: ArrayRef, y: ArrayRef, sink: LayerSink): ShapeView {
  const subject = `node '${n.name}' (${n.op})`;
  const [ih, iw, ic] = hwc(g.tensors[n.inputs[0]!]!.shape, subject);
  const [oh, ow, oc] = hwc(g.tensors[n.outputs[0]!]!.shape, subject);
  const geometry = [
    uint('in_height', ih), uint('in_width', iw), uint('n_chan', ic), uint('out_height', oh), uint('out_width', ow), uint('out_chan', oc),
  ];
  const call = (kernel: string): string => `nnet::${kernel}<${x.type}, ${y.type}, config${idx}>(${x.name}, ${y.name});`;
  if (n.op === 'pad') {
    sink.include('nnet/nnet_padding.h');
    const rank = n.attrs.pads.length / 2;
    const [pt, pl, pc] = lift(n.attrs.pads.slice(0, rank), 0);
    const t = typeOf(g, n.outputs[0]!);
    if (t.width > MAX_VALUE_WIDTH) {
      throw new HlsnetError('E503', `the pad value of a ${t.width}-bit output type cannot be emitted exactly`, { subject, hint: `use an output type of at most ${MAX_VALUE_WIDTH} bits` });
    }
    const raw = fromFloat(n.attrs.value, t);
    return {
      base: 'nnet::pad_config',
      fields: [
        ...geometry, `static const int pad_top = ${pt}, pad_left = ${pl}, pad_chan = ${pc};`,
        `static constexpr double pad_value = ${exactValue(raw, t)}; // q(${n.attrs.value}) in ${formatFixedType(t)}`,
      ],
      call: call('pad'),
    };
  }
  sink.include('nnet/nnet_resize.h');
  const [mh, mw, mc] = lift(n.attrs.maps, [0]);
  // A constexpr function holding the map (C++14: a static array member would need a definition outside the struct).
  const arr = (name: string, m: readonly number[]): string =>
    `static constexpr unsigned ${name}(unsigned i) { constexpr unsigned m[${m.length}] = {${m.join(', ')}}; return m[i]; }`;
  return {
    base: 'nnet::resize_config',
    fields: [...geometry, arr('map_height', mh), arr('map_width', mw), arr('map_chan', mc)],
    call: call('resize_nearest'),
  };
}

/** Whether the row map never goes back (resize_nearest_stream's row buffer needs it). */
export function resizeRowsMonotone(n: ResizeNode): boolean {
  const rows = n.attrs.maps.length === 3 ? n.attrs.maps[0]! : [0];
  return rows.every((v, i) => i === 0 || v >= rows[i - 1]!);
}
