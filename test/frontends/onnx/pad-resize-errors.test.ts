// Pad and Resize forms we do not support: each gives E105 naming the file and the node, with what to do.
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { a, floatTensor, int64Tensor, singleNode } from '../../helpers/onnx-build.js';
import { expectHlsnetError } from '../../helpers/onnx-expect.js';

const pad = (mode: string, pads: number[]): Uint8Array =>
  singleNode('Pad', [2, 3, 4], { name: `pad_${mode}`, inputs: ['p'], initializers: [int64Tensor('p', [8], pads)], attrs: [a.string('mode', mode)] });

const resize = (name: string, scales: number[], attrs = [a.string('mode', 'nearest')]): Uint8Array =>
  singleNode('Resize', [2, 3, 4], { name, inputs: ['', 's'], initializers: [floatTensor('s', [4], scales)], attrs });

const CASES: { name: string; bytes: Uint8Array; node: string; says: string; hint: string }[] = [
  { name: 'reflect pad', bytes: pad('reflect', [0, 0, 1, 1, 0, 0, 1, 1]), node: "node 'pad_reflect' (Pad)", says: "mode 'reflect'", hint: 'constant' },
  { name: 'edge pad', bytes: pad('edge', [0, 0, 1, 1, 0, 0, 1, 1]), node: "node 'pad_edge' (Pad)", says: "mode 'edge'", hint: 'constant' },
  { name: 'wrap pad', bytes: pad('wrap', [0, 0, 1, 1, 0, 0, 1, 1]), node: "node 'pad_wrap' (Pad)", says: "mode 'wrap'", hint: 'constant' },
  { name: 'pads on the batch axis', bytes: pad('constant', [1, 0, 0, 0, 0, 0, 0, 0]), node: "node 'pad_constant' (Pad)", says: 'batch axis', hint: 'batch pads 0' },
  { name: 'cropping an axis to nothing', bytes: pad('constant', [0, 0, -2, 0, 0, 0, -1, 0]), node: "node 'pad_constant' (Pad)", says: 'to nothing', hint: 'at least one' },
  { name: 'linear resize', bytes: resize('up_linear', [1, 1, 2, 2], [a.string('mode', 'linear')]), node: "node 'up_linear' (Resize)", says: "mode 'linear'", hint: 'nearest' },
  { name: 'cubic resize', bytes: resize('up_cubic', [1, 1, 2, 2], [a.string('mode', 'cubic')]), node: "node 'up_cubic' (Resize)", says: "mode 'cubic'", hint: 'nearest' },
  { name: 'resizing the batch axis', bytes: resize('up_batch', [2, 1, 2, 2]), node: "node 'up_batch' (Resize)", says: 'batch axis', hint: 'spatial axes' },
  { name: 'resizing the channel axis', bytes: resize('up_chan', [1, 2, 2, 2]), node: "node 'up_chan' (Resize)", says: 'channel axis', hint: 'spatial axes' },
  {
    name: 'tf_crop_and_resize', node: "node 'up_crop' (Resize)", says: 'tf_crop_and_resize', hint: 'half_pixel',
    bytes: resize('up_crop', [1, 1, 2, 2], [a.string('mode', 'nearest'), a.string('coordinate_transformation_mode', 'tf_crop_and_resize')]),
  },
];

describe('Pad / Resize: unsupported forms give E105 naming the node', () => {
  test.each(CASES)('$name', (c) => {
    const err = expectHlsnetError(() => importOnnx(c.bytes, 'model.onnx'), 'E105');
    expect(err.subject).toContain('model.onnx');
    expect(err.subject).toContain(c.node);
    expect(err.message).toContain(c.says);
    expect(err.hint).toContain(c.hint);
  });
});
