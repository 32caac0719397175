// QONNX forms no ap_fixed type expresses exactly are coded errors (E105) that name the node and say what is supported.
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { thrown } from '../../helpers/errors.js';
import { a, buildModel, floatTensor, int64Tensor, node, valueInfo } from '../../helpers/onnx-build.js';

function quantModel(opts: { mode?: string; signed?: number; narrow?: number; scale?: number[]; zero?: number; bits?: number }): Uint8Array {
  const scale = opts.scale ?? [0.25];
  return buildModel({
    nodes: [node('Quant', ['x', 's', 'z', 'b'], ['y'], {
      name: 'act_quant', domain: 'finn.custom_op.general',
      attrs: [a.int('signed', opts.signed ?? 1), a.int('narrow', opts.narrow ?? 0), a.string('rounding_mode', opts.mode ?? 'ROUND')],
    })],
    inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)],
    initializers: [floatTensor('s', scale.length === 1 ? [] : [scale.length], scale), floatTensor('z', [], [opts.zero ?? 0]), int64Tensor('b', [], [opts.bits ?? 4])],
  });
}

function expectE105(bytes: Uint8Array, ...words: string[]): void {
  const e = thrown(() => importOnnx(bytes, 'q.onnx'));
  expect(e.code).toBe('E105');
  const text = `${e.subject} ${e.message} ${e.hint}`;
  expect(text).toContain('q.onnx');
  for (const w of words) expect(text).toContain(w);
}

describe('QONNX errors', () => {
  it('CEIL and UP rounding on a run-time tensor: E105 naming the node and the supported modes', () => {
    expectE105(quantModel({ mode: 'CEIL' }), "node 'act_quant' (Quant)", 'CEIL has no ap_fixed equivalent', 'HALF_DOWN');
    expectE105(quantModel({ mode: 'up' }), "node 'act_quant'", 'UP has no ap_fixed equivalent');
  });

  it('unsigned narrow: E105', () => {
    expectE105(quantModel({ signed: 0, narrow: 1 }), "node 'act_quant'", 'unsigned narrow range');
  });

  it('a scale that is not a power of two, a zero point, a per-channel scale: E105 saying what to do', () => {
    expectE105(quantModel({ scale: [0.3] }), "node 'act_quant'", 'scale 0.30000001192092896 is not a power of two', 'power-of-two');
    expectE105(quantModel({ zero: 2 }), "node 'act_quant'", 'zero point 2');
    expectE105(quantModel({ scale: [0.25, 0.5, 0.25, 0.5] }), "node 'act_quant'", 'per-channel');
  });

  it('an unknown rounding mode and Trunc CEIL: E105', () => {
    expectE105(quantModel({ mode: 'STOCHASTIC' }), "node 'act_quant'", "unknown rounding_mode 'STOCHASTIC'");
    const trunc = buildModel({
      nodes: [node('Trunc', ['x', 's', 'z', 'i', 'o'], ['y'], { name: 'tr', domain: 'qonnx.custom_op.general', attrs: [a.string('rounding_mode', 'CEIL')] })],
      inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('s', [], [1]), floatTensor('z', [], [0]), floatTensor('i', [], [8]), floatTensor('o', [], [4])],
    });
    expectE105(trunc, "node 'tr' (Trunc)", 'rounding_mode CEIL');
  });

  it('a folding-only op on a run-time tensor: E105', () => {
    const pow = buildModel({
      nodes: [node('Pow', ['x', 'e'], ['y'], { name: 'pw' })],
      inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('e', [], [2])],
    });
    expectE105(pow, "node 'pw' (Pow)", 'only on constants');
  });
});
