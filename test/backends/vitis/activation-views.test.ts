// The Vitis view of the activations without g++: what each layer emits (kernel, exact constants, raw
// thresholds), and the cases it refuses with a coded error naming the node.
import { describe, expect, it } from 'vitest';
import { buildVitisProject, compile, parsePrecisionConfig } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { thrown } from '../../helpers/errors.js';
import { elementwiseGraph, softmaxGraph } from './activation-cases.js';

const ATTRS = { clip: { min: -100, max: 0.3 }, leakyAlpha: 0.1, thresholdAlpha: 0.5, hardSigmoid: { alpha: 0.2, beta: 0.5 }, eluAlpha: 1, selu: { alpha: 1.5, gamma: 2 } };

function files(g: Graph, config: object): Map<string, string> {
  return buildVitisProject(compile(g, { config: parsePrecisionConfig(config) }).graph);
}

describe('activation layers in the Vitis project', () => {
  it('call their kernels with exact constants and raw thresholds clamped to the input range', () => {
    const f = files(elementwiseGraph(ATTRS, 4), { Model: { Precision: 'fixed<8,3>', table_size: 16 }, LayerName: { x: { Precision: 'fixed<8,3>' } } });
    const cpp = f.get('firmware/myproject.cpp')!;
    for (const k of ['relu', 'linear', 'clip', 'leaky_relu', 'prelu', 'thresholded_relu', 'hard_sigmoid', 'hard_swish', 'sigmoid', 'tanh', 'softplus', 'softsign', 'elu', 'selu']) {
      expect(cpp).toMatch(new RegExp(`nnet::${k}<input_t, result\\d*_t, config\\d+>\\(x, y_${k}_out`));
    }
    const params = f.get('firmware/parameters.h')!;
    // clip: min −100 lies below fixed<8,3> (raw −128 at F = 5), so lo_raw is the input's minimum and never applies;
    // max 0.3 → floor(0.3·32) = 9.
    expect(params).toContain('static const long long lo_raw = -128;');
    expect(params).toContain('static const long long hi_raw = 9;');
    expect(params).toContain('static const long long threshold_raw = 16;');
    // The clamped values are the bounds quantized once into the output: −100 saturates, 0.3 truncates.
    expect(f.get('firmware/weights/bound4.h')).toContain('-4, 0.28125');
    // prelu's slopes, as quantized into the 18-bit parameter type (the pattern 0.25, −0.5, 0, 1.375).
    expect(f.get('firmware/weights/param6.h')).toContain('0.25, -0.5, 0, 1.375');
    expect(params).toMatch(/struct config10 : nnet::table_config \{\n {4}static const unsigned n_in = 4;\n {4}static const unsigned table_size = 16;/);
  });

  it('emit every softmax form (skip as a copy) with the rows of the last axis', () => {
    const forms = { sm5_stable: 'stable', sm5_latency: 'latency', sm5_argmax: 'argmax', sm5_skip: 'skip', sm8_stable: 'stable', sm8_latency: 'latency', sm8_argmax: 'argmax', sm8_skip: 'skip' };
    const layers = Object.fromEntries(Object.entries(forms).map(([k, v]) => [k, { implementation: v }]));
    const f = files(softmaxGraph(), { Model: { Precision: 'fixed<12,4>' }, LayerName: { x: { Precision: 'fixed<10,4>' }, ...layers } });
    const cpp = f.get('firmware/myproject.cpp')!;
    expect(cpp).toContain('nnet::softmax_stable<input_t, result_t, config3>(x, y_sm5_stable_out, exp_table3, inv_table3);');
    expect(cpp).toContain('nnet::softmax_latency<input_t, result2_t, config4>(x, y_sm5_latency_out, exp_table4, inv_table4);');
    expect(cpp).toContain('nnet::softmax_argmax<input_t, result3_t, config5>(x, y_sm5_argmax_out);');
    expect(cpp).toContain('nnet::copy<input_t, result4_t, 40>(x, y_sm5_skip_out);');
    expect(cpp).toContain('nnet::logsoftmax<input_t, result10_t, config13>(x, y_sm8_log_out, exp_table13, log_table13);');
    expect(f.get('firmware/parameters.h')).toMatch(/struct config9 : nnet::softmax_config \{\n {4}static const unsigned n_in = 8;\n {4}static const unsigned n_outer = 5;/);
  });

  it('refuse constants that a C++ double literal cannot hold exactly (E503, naming the node)', () => {
    const e = thrown(() => files(elementwiseGraph(ATTRS, 4), { Model: { Precision: 'fixed<8,3>' }, LayerName: { tanh: { Precision: { table: 'fixed<60,2>' } } } }));
    expect(e.code).toBe('E503');
    expect(e.subject).toBe("node 'tanh' (tanh)");
    expect(e.message).toContain('constants wider than 53 bits');
  });

  it('emit an add of a constant as an exact constant array; a 5-input average has no kernel yet (E503)', () => {
    const g: Graph = {
      name: 'adds', inputs: ['x'], outputs: ['y'],
      nodes: [{ name: 'plus', op: 'add', inputs: ['x', 'b'], outputs: ['y'], attrs: {} }],
      tensors: { x: { name: 'x', shape: [4] }, b: { name: 'b', shape: [4], data: [1, 2, 3, 4] }, y: { name: 'y', shape: [4] } },
    };
    expect(files(g, {}).get('firmware/myproject.cpp')).toContain('nnet::add<input_t, c2_1_t, result_t, config2>(x, c2_1, y_out);');
    const avg: Graph = {
      name: 'avg5', inputs: ['x'], outputs: ['y'],
      nodes: [{ name: 'mean5', op: 'average', inputs: ['x', 'x', 'x', 'x', 'x'], outputs: ['y'], attrs: {} }],
      tensors: { x: { name: 'x', shape: [4] }, y: { name: 'y', shape: [4] } },
    };
    const e = thrown(() => files(avg, {}));
    expect(e.code).toBe('E503');
    expect(e.subject).toBe("node 'mean5' (average)");
  });
});
