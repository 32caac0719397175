// Small ONNX models with one Pad or Resize/Upsample node (every ONNX form we import), for the ORT and
// csim tests of pad and resize.
import type { onnx as O } from 'onnx-proto';
import { a, buildModel, floatTensor, int64Tensor, node, valueInfo } from './onnx-build.js';

export interface PadResizeModel { readonly name: string; readonly bytes: Uint8Array; readonly shape: number[] }

function model(name: string, op: string, shape: number[], opset: number, opts: {
  inputs?: string[]; initializers?: O.ITensorProto[]; attrs?: O.IAttributeProto[]; batch?: number | string; pre?: O.INodeProto[];
}): PadResizeModel {
  const bytes = buildModel({
    nodes: [...(opts.pre ?? []), node(op, ['x', ...(opts.inputs ?? [])], ['y'], { name, attrs: opts.attrs ?? [] })],
    inputs: [valueInfo('x', [opts.batch ?? 'N', ...shape])],
    outputs: [valueInfo('y', undefined)],
    initializers: opts.initializers ?? [],
    opset,
  });
  return { name, bytes, shape };
}

export const PAD_MODELS: PadResizeModel[] = [
  model('pad7_4d_value', 'Pad', [2, 3, 4], 7, { attrs: [a.ints('pads', [0, 0, 1, 2, 0, 0, 2, 1]), a.float('value', 1.5)] }),
  model('pad10_3d_channels', 'Pad', [3, 5], 10, { attrs: [a.string('mode', 'constant'), a.ints('pads', [0, 1, 2, 0, 2, 1])] }),
  model('pad11_inputs_value', 'Pad', [2, 4, 3], 11, {
    inputs: ['p', 'v'], initializers: [int64Tensor('p', [8], [0, 0, 0, 3, 0, 0, 1, 0]), floatTensor('v', [], [-0.75])],
  }),
  model('pad13_constant_node', 'Pad', [3, 2, 2], 13, {
    inputs: ['p'], pre: [node('Constant', [], ['p'], { attrs: [a.tensor('value', int64Tensor('pv', [8], [0, 0, 2, 1, 0, 0, 1, 2]))] })],
  }),
  model('pad13_crop', 'Pad', [2, 5, 6], 13, { inputs: ['p'], initializers: [int64Tensor('p', [8], [0, 0, -1, 2, 0, 0, 1, -3])] }),
  model('pad18_axes', 'Pad', [2, 3, 4], 18, {
    inputs: ['p', 'v', 'ax'], initializers: [int64Tensor('p', [4], [1, 0, 2, 3]), floatTensor('v', [], [2]), int64Tensor('ax', [2], [-1, 2])],
  }),
];

const TRANSFORMS = ['half_pixel', 'asymmetric', 'align_corners', 'pytorch_half_pixel', 'tf_half_pixel_for_nn', 'half_pixel_symmetric'];
const NEAREST = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];
const SCALES: Record<string, number[]> = { up: [1, 1, 2, 3], odd: [1, 1, 1.5, 2.5], down: [1, 1, 0.6, 0.5] };

const resize13 = (name: string, scales: number[] | undefined, sizes: number[] | undefined, attrs: O.IAttributeProto[]): PadResizeModel =>
  model(name, 'Resize', [2, 5, 4], name.includes('symmetric') ? 19 : 13, {
    inputs: ['', scales ? 's' : '', ...(sizes ? ['z'] : [])], attrs, batch: sizes ? 1 : 'N',
    initializers: scales ? [floatTensor('s', [4], scales)] : [int64Tensor('z', [4], sizes!)],
  });

export const RESIZE_MODELS: PadResizeModel[] = [
  model('upsample7_attr', 'Upsample', [2, 3, 4], 7, { attrs: [a.string('mode', 'nearest'), a.floats('scales', [1, 1, 2, 3])] }),
  model('upsample9_input', 'Upsample', [2, 3, 4], 9, { inputs: ['s'], initializers: [floatTensor('s', [4], [1, 1, 3, 2])] }),
  model('resize10_up', 'Resize', [2, 3, 4], 10, { inputs: ['s'], initializers: [floatTensor('s', [4], [1, 1, 2, 1.5])] }),
  model('resize10_down', 'Resize', [2, 5, 6], 10, { inputs: ['s'], initializers: [floatTensor('s', [4], [1, 1, 0.6, 0.5])] }),
  model('resize11_scales', 'Resize', [2, 3, 4], 11, {
    inputs: ['roi', 's'], initializers: [floatTensor('roi', [0], []), floatTensor('s', [4], [1, 1, 2.5, 2])],
  }),
  model('resize11_sizes', 'Resize', [2, 5, 4], 11, {
    inputs: ['roi', 's', 'z'], batch: 1, attrs: [a.string('coordinate_transformation_mode', 'align_corners'), a.string('nearest_mode', 'ceil')],
    initializers: [floatTensor('roi', [0], []), floatTensor('s', [0], []), int64Tensor('z', [4], [1, 2, 7, 3])],
  }),
  model('resize3d_length', 'Resize', [3, 5], 13, { inputs: ['', 's'], initializers: [floatTensor('s', [3], [1, 1, 2.5])] }),
  ...TRANSFORMS.flatMap((t) => NEAREST.flatMap((m) => {
    const attrs = [a.string('mode', 'nearest'), a.string('coordinate_transformation_mode', t), a.string('nearest_mode', m)];
    return [
      ...Object.entries(SCALES).map(([k, s]) => resize13(`resize13_${t}_${m}_${k}`, s, undefined, attrs)),
      resize13(`resize13_${t}_${m}_sizes_up`, undefined, [1, 2, 8, 7], attrs),
      resize13(`resize13_${t}_${m}_sizes_down`, undefined, [1, 2, 3, 1], attrs),
    ];
  })),
];
