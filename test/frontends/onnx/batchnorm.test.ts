// BatchNormalization: ONNX's conformance cases through the importer and the float executor
// (every value vs the shipped output_0.pb), and the inference-only restriction.
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { simulateFloat } from '../../../src/index.js';
import { loadNodeCase } from '../../helpers/onnx-node-cases.js';

// The reference computes in float32 (sqrt(var + eps) and the affine map): ≤ a few 1e-7 relative; we use 1e-5
// with an absolute floor of 1e-6 for outputs that cancel to near 0 (beta − mean·scale + x·scale).
const REL = 1e-5;
const FLOOR = 1e-6;

describe('BatchNormalization conformance cases, float executor vs output_0.pb', () => {
  test.each(['test_batchnorm_example', 'test_batchnorm_epsilon'])('%s', (name) => {
    const k = loadNodeCase(name, [1, 2, 3, 4]);
    const { graph } = importOnnx(k.bytes, `${name}.onnx`);
    expect(graph.nodes.filter((n) => n.op === 'batchnorm')).toHaveLength(1);
    const x = k.inputs[0]!;
    const want = k.outputs[0]!.values;
    const [got] = simulateFloat(graph, [Float64Array.from(x.values)], x.dims[0]!);
    expect(got!.length).toBe(want.length);
    got!.forEach((v, i) => expect(Math.abs(v - want[i]!), `${name}[${i}]`).toBeLessThanOrEqual(REL * Math.max(Math.abs(want[i]!), FLOOR / REL)));
  });
});
