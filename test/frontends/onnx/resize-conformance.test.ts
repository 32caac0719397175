// ONNX's own nearest-resize conformance cases (shared/models/onnx-node): the imported graph's float
// executor reproduces the shipped output_0 exactly (nearest resize only copies values).
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { simulateFloat } from '../../../src/index.js';
import { permuteSamples } from '../../../src/data/layout.js';
import { loadNodeCase } from '../../helpers/onnx-node-cases.js';

describe('nearest resize conformance cases: float executor == shipped outputs', () => {
  for (const name of ['test_resize_upsample_scales_nearest', 'test_upsample_nearest']) {
    it(name, () => {
      const k = loadNodeCase(name, [1]);
      const g = importOnnx(k.bytes, `${name}.onnx`).graph;
      expect(g.nodes.map((n) => n.op)).toContain('resize');
      const x = k.inputs[0]!;
      const count = x.dims[0]!;
      const input = g.inputs[0]!;
      const perm = g.source?.inputPerm?.[input];
      const data = Float64Array.from(x.values);
      const [y] = simulateFloat(g, [perm ? permuteSamples(data, count, g.source!.inputShapes![input]!, perm) : data], count);
      expect(Array.from(y!)).toEqual(k.outputs[0]!.values);
      expect(k.outputs[0]!.dims).toEqual([1, 1, 4, 6]);
    });
  }
});
