// Imports ONNX's activation conformance cases and checks every float-executor output against the shipped output_0.pb.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { simulateFloat } from '../../../src/index.js';
import { loadNodeCase, NODE_CASES_DIR } from '../../helpers/onnx-node-cases.js';

/** The supported activation cases; in each, every input after x (Clip's bounds, PRelu's slope) becomes an initializer. */
const SUPPORTED = [
  'test_clip', 'test_clip_default_inbounds', 'test_clip_default_max', 'test_clip_default_min',
  'test_clip_example', 'test_clip_inbounds', 'test_clip_outbounds', 'test_clip_splitbounds',
  'test_elu', 'test_elu_default', 'test_elu_example',
  'test_hardsigmoid', 'test_hardsigmoid_default', 'test_hardsigmoid_example', 'test_hardswish',
  'test_leakyrelu', 'test_leakyrelu_default', 'test_leakyrelu_example',
  'test_prelu_broadcast', 'test_relu',
  'test_selu', 'test_selu_default', 'test_selu_example',
  'test_sigmoid', 'test_sigmoid_example',
  'test_softmax_default_axis', 'test_softmax_example', 'test_softmax_large_number', 'test_softmax_negative_axis',
  'test_softplus', 'test_softplus_example', 'test_softsign', 'test_softsign_example',
  'test_tanh', 'test_tanh_example',
  'test_thresholdedrelu', 'test_thresholdedrelu_default', 'test_thresholdedrelu_example',
];

/** Rejected at import (conformance.test.ts says why): a slope per batch row, softmax over a non-last axis. */
const UNSUPPORTED = ['test_prelu_example', 'test_softmax_axis_0', 'test_softmax_axis_1'];

const ACTIVATION_CASE = /^test_(clip|elu|hardsigmoid|hardswish|leakyrelu|prelu|relu|selu|sigmoid|softmax|logsoftmax|softplus|softsign|tanh|thresholdedrelu)(_|$)/;

/**
 * Strictly |got − want| ≤ 1e-5·|want|, with no absolute floor: every measured error is below 3e-6 relative
 * (the worst, ~2e-6, is the float32 reference's own cancellation in e^x − 1 near 0 for ELU/SELU), and a
 * zero reference only comes from an exact clamp (ReLU, Clip, HardSigmoid, ThresholdedRelu), which we reproduce exactly.
 */
const REL = 1e-5;

function inputCount(name: string): number {
  return fs.readdirSync(path.join(NODE_CASES_DIR, name, 'test_data_set_0')).filter((f) => f.startsWith('input_')).length;
}

describe('activation conformance cases, float executor vs output_0.pb', () => {
  test('every activation case in shared/models/onnx-node is listed', () => {
    const present = fs.readdirSync(NODE_CASES_DIR).filter((f) => ACTIVATION_CASE.test(f)).sort();
    expect(present).toEqual([...SUPPORTED, ...UNSUPPORTED].sort());
  });

  test.each(SUPPORTED)('%s', (name) => {
    const constants = Array.from({ length: inputCount(name) - 1 }, (_, i) => i + 1);
    const k = loadNodeCase(name, constants);
    const { graph } = importOnnx(k.bytes, `${name}.onnx`);
    const x = k.inputs[0]!;
    const want = k.outputs[0]!.values;
    const [got] = simulateFloat(graph, [Float64Array.from(x.values)], x.dims[0]!);
    expect(got!.length).toBe(want.length);
    expect(want.length).toBeGreaterThan(0);
    got!.forEach((v, i) => {
      const w = want[i]!;
      expect(Math.abs(v - w), `${name}[${i}]: got ${v}, want ${w}`).toBeLessThanOrEqual(REL * Math.abs(w));
    });
  });
});
