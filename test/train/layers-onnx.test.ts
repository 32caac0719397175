// The trainer's IR is the ONNX importer's IR: networks of every layer type, exported to ONNX and re-imported,
// give back deep-equal nodes and tensors (names included).
import { describe, expect, it } from 'vitest';
import { exportOnnx } from '../../src/frontends/onnx/export.js';
import { importOnnx } from '../../src/frontends/onnx/index.js';
import { IrBuilder } from '../../src/train/ir-builder.js';
import type { Layer } from '../../src/train/layer.js';
import type { LayerSpec } from '../../src/train/spec-types.js';
import { ctxOf, inputs, make, size } from '../helpers/layer-check.js';

describe('ONNX round trip', () => {
  /** A chain of layers (names l0, l1, ...) after a few training steps, as the IR a trained model becomes. */
  function chain(inShape: number[], specs: LayerSpec[]): { layers: Layer[]; ir: IrBuilder; out: string } {
    const layers: Layer[] = [];
    let shape = inShape;
    for (const [i, spec] of specs.entries()) {
      const l = make(spec, shape, i + 1, `l${i}`);
      layers.push(l);
      shape = [...l.outShape];
    }
    for (let k = 0; k < 3; k++) {
      let v = inputs(80 + k, 4 * size(inShape));
      for (const l of layers) v = l.forward(v, 4, ctxOf(true)());
    }
    const ir = new IrBuilder();
    let out = ir.value('x', inShape);
    for (const l of layers) out = l.toIr(out, ir);
    return { layers, ir, out };
  }

  // Exported by src/frontends/onnx/export.ts and re-imported: the trainer's IR is the importer's IR, names included.
  const NETS: [string, number[], LayerSpec[]][] = [
    ['conv2d net', [9, 8, 3], [
      { type: 'conv2d', filters: 4, kernel: 3, strides: 2, padding: 'same' }, { type: 'batchnorm' }, { type: 'activation', activation: 'relu6' },
      { type: 'maxpool2d', pool: 2, strides: 1 }, { type: 'flatten' }, { type: 'dropout', rate: 0.2 }, { type: 'dense', units: 6 },
      { type: 'activation', activation: 'leaky_relu' }, { type: 'dense', units: 3 }, { type: 'activation', activation: 'softmax' },
    ]],
    ['conv1d net', [12, 2], [
      { type: 'conv1d', filters: 3, kernel: 4, strides: 3, padding: 'same', useBias: false }, { type: 'activation', activation: 'selu' },
      { type: 'avgpool1d', pool: 2 }, { type: 'activation', activation: 'elu', alpha: 0.7 }, { type: 'flatten' },
      { type: 'dense', units: 4 }, { type: 'activation', activation: 'hard_swish' }, { type: 'batchnorm' },
      { type: 'activation', activation: 'softplus' }, { type: 'activation', activation: 'softsign' }, { type: 'activation', activation: 'tanh' },
      { type: 'activation', activation: 'relu' }, { type: 'activation', activation: 'sigmoid' }, { type: 'activation', activation: 'hard_sigmoid' },
    ]],
    // Exported as ReduceMax / ReduceMean over the spatial axes (keepdims 0), which import as a bare global pool.
    ['global pools', [6, 5, 2], [
      { type: 'conv2d', filters: 3, kernel: 2 }, { type: 'global_maxpool' }, { type: 'dense', units: 2 }, { type: 'activation', activation: 'sigmoid' },
    ]],
    ['global average pool on a sequence', [7, 3], [{ type: 'conv1d', filters: 4, kernel: 3, padding: 'same' }, { type: 'global_avgpool' }]],
    // A per-channel PReLU slope after a conv (NCHW in ONNX) and a one-channel one; thresholded relu and log softmax.
    ['prelu, thresholded relu, log softmax', [6, 5, 2], [
      { type: 'conv2d', filters: 3, kernel: 2 }, { type: 'prelu' }, { type: 'conv2d', filters: 1, kernel: 2 }, { type: 'prelu' },
      { type: 'flatten' }, { type: 'dense', units: 4 }, { type: 'activation', activation: 'thresholded_relu', alpha: 0.2 },
      { type: 'dense', units: 3 }, { type: 'activation', activation: 'logsoftmax' },
    ]],
  ];
  for (const [what, inShape, specs] of NETS) {
    it(`${what}: export and re-import give the same IR`, () => {
      const { ir, out } = chain(inShape, specs);
      const g = ir.graph('net', ['x'], [out]);
      const back = importOnnx(exportOnnx(g), 'net.onnx').graph;
      expect(back.nodes).toEqual(g.nodes);
      expect(back.tensors).toEqual(g.tensors);
      expect([back.inputs, back.outputs]).toEqual([g.inputs, g.outputs]);
    });
  }
});
