// Imports ONNX's merge conformance cases (Add, Sub, Mul, Concat) and checks every float-executor output
// against the shipped output_0.pb; a `_bcast` case's second input becomes an initializer (a constant operand).
import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { simulateFloat } from '../../../src/index.js';
import { loadNodeCase, NODE_CASES_DIR } from '../../helpers/onnx-node-cases.js';

const SUPPORTED = [
  'test_add', 'test_add_bcast', 'test_sub', 'test_sub_bcast', 'test_sub_example', 'test_mul', 'test_mul_bcast', 'test_mul_example',
  'test_concat_2d_axis_1', 'test_concat_2d_axis_negative_1', 'test_concat_3d_axis_1', 'test_concat_3d_axis_2',
  'test_concat_3d_axis_negative_1', 'test_concat_3d_axis_negative_2',
];

/** Concatenations along the batch axis, rejected at import (conformance.test.ts). */
const UNSUPPORTED = [
  'test_concat_1d_axis_0', 'test_concat_1d_axis_negative_1', 'test_concat_2d_axis_0', 'test_concat_2d_axis_negative_2',
  'test_concat_3d_axis_0', 'test_concat_3d_axis_negative_3',
];

const MERGE_CASE = /^test_(add|sub|mul|concat)(_|$)/;

describe('merge conformance cases, float executor vs output_0.pb', () => {
  test('every Add/Sub/Mul/Concat case in shared/models/onnx-node is listed', () => {
    const present = fs.readdirSync(NODE_CASES_DIR).filter((f) => MERGE_CASE.test(f)).sort();
    expect(present).toEqual([...SUPPORTED, ...UNSUPPORTED].sort());
  });

  test.each(SUPPORTED)('%s', (name) => {
    const constants = name.endsWith('_bcast') ? [1] : [];
    const k = loadNodeCase(name, constants);
    const { graph } = importOnnx(k.bytes, `${name}.onnx`);
    const batched = k.inputs.filter((_, i) => !constants.includes(i));
    expect(graph.inputs).toHaveLength(batched.length);
    const want = k.outputs[0]!.values;
    const [got] = simulateFloat(graph, batched.map((x) => Float64Array.from(x.values)), batched[0]!.dims[0]!);
    expect(got!.length).toBe(want.length);
    expect(want.length).toBeGreaterThan(0);
    // Sums, differences and products of float32 inputs are exact in float64: only the float32 reference rounds.
    got!.forEach((v, i) => expect(Math.abs(v - want[i]!), `${name}[${i}]: got ${v}, want ${want[i]}`).toBeLessThanOrEqual(1e-6 * Math.abs(want[i]!)));
  });
});
