// Imports ONNX's own single-op conformance cases (weights turned into initializers) and checks shapes and dense values.
import { describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { loadNodeCase } from '../../helpers/onnx-node-cases.js';
import { expectHlsnetError } from '../../helpers/onnx-expect.js';
import type { Code } from '../../../src/diagnostics/codes.js';

/** y = x · W + b for each batch row, in float64: the meaning of an IR dense node. */
function evalDense(graph: Graph, x: number[], rows: number): number[] {
  const node = graph.nodes.find((n) => n.op === 'dense')!;
  const w = graph.tensors[node.inputs[1]!]!;
  const b = node.inputs[2] ? graph.tensors[node.inputs[2]]!.data! : undefined;
  const [k, cols] = w.shape as [number, number];
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      let acc = b ? b[j]! : 0;
      for (let i = 0; i < k; i++) acc += x[r * k + i]! * w.data![i * cols + j]!;
      out.push(acc);
    }
  }
  return out;
}

interface Case {
  /** Inputs turned into initializers (the rest stay graph inputs). */
  readonly constants?: number[];
  /** Expected per-sample output shape, or the error code. */
  readonly expect: number[] | Code;
  readonly warn?: boolean;
  /** Whether to compare dense values against output_0. */
  readonly values?: boolean;
}

const CASES: Record<string, Case> = {
  test_gemm_alpha: { constants: [1, 2], expect: [4], values: true },
  test_gemm_beta: { constants: [1, 2], expect: [4], values: true },
  test_gemm_default_no_bias: { constants: [1], expect: [3], values: true },
  test_gemm_default_scalar_bias: { constants: [1, 2], expect: [4], values: true },
  test_gemm_default_single_elem_vector_bias: { constants: [1, 2], expect: [3], values: true },
  test_gemm_default_vector_bias: { constants: [1, 2], expect: [4], values: true },
  test_gemm_default_zero_bias: { constants: [1, 2], expect: [4], values: true },
  test_gemm_default_matrix_bias: { constants: [1, 2], expect: 'E105' }, // C differs per batch row
  test_gemm_all_attributes: { constants: [1, 2], expect: 'E105' }, // transA=1
  test_matmul_2d: { constants: [1], expect: [3], values: true },
  test_matmul_3d: { constants: [1], expect: 'E105' },
  test_matmul_bcast: { constants: [1], expect: 'E105' },
  test_add: { expect: [4, 5] },
  test_add_bcast: { constants: [1], expect: [4, 5] },
  // Merges (merges-float.test.ts checks their values). Two graph inputs are two batched tensors.
  test_sub: { expect: [4, 5] },
  test_sub_bcast: { constants: [1], expect: [4, 5] },
  test_sub_example: { expect: [] },
  test_mul: { expect: [4, 5] },
  test_mul_bcast: { constants: [1], expect: [4, 5] },
  test_mul_example: { expect: [] },
  test_concat_1d_axis_0: { expect: 'E105' }, // along the batch axis
  test_concat_1d_axis_negative_1: { expect: 'E105' },
  test_concat_2d_axis_0: { expect: 'E105' },
  test_concat_2d_axis_negative_2: { expect: 'E105' },
  test_concat_3d_axis_0: { expect: 'E105' },
  test_concat_3d_axis_negative_3: { expect: 'E105' },
  test_concat_2d_axis_1: { expect: [4] },
  test_concat_2d_axis_negative_1: { expect: [4] },
  test_concat_3d_axis_1: { expect: [4, 2] },
  test_concat_3d_axis_2: { expect: [2, 4] },
  test_concat_3d_axis_negative_1: { expect: [2, 4] },
  test_concat_3d_axis_negative_2: { expect: [4, 2] },
  test_identity: { expect: [1, 2, 2] },
  test_flatten_axis0: { expect: [60], warn: true },
  test_flatten_axis1: { expect: [60] },
  test_flatten_default_axis: { expect: [24] },
  test_flatten_negative_axis3: { expect: [60] },
  test_flatten_negative_axis4: { expect: [60], warn: true },
  test_flatten_axis2: { expect: 'E105' },
  test_flatten_axis3: { expect: 'E105' },
  test_flatten_negative_axis1: { expect: 'E105' },
  test_flatten_negative_axis2: { expect: 'E105' },
  // The reshape cases spell the batch (2) out as the first entry: accepted with a warning.
  test_reshape_extended_dims: { constants: [1], expect: [3, 2, 2], warn: true },
  test_reshape_negative_dim: { constants: [1], expect: [6, 2], warn: true },
  test_reshape_reduced_dims: { constants: [1], expect: [12], warn: true },
  test_reshape_reordered_last_dims: { constants: [1], expect: [4, 3], warn: true },
  test_reshape_zero_and_negative_dim: { constants: [1], expect: [3, 1, 4], warn: true },
  test_reshape_zero_dim: { constants: [1], expect: [3, 4, 1], warn: true },
  test_reshape_negative_extended_dims: { constants: [1], expect: 'E105' }, // [-1, 2, 3, 4] regroups samples
  test_reshape_one_dim: { constants: [1], expect: 'E105' },
  test_reshape_reordered_all_dims: { constants: [1], expect: 'E105' },
  test_reshape_allowzero_reordered: { constants: [1], expect: 'E105' },
  // Activations (activations-float.test.ts checks their values). A [3] or [5] input is a batch of scalars.
  // Clip's bounds (opset 13 inputs) and PRelu's slope become initializers, as an exporter writes them.
  test_clip: { constants: [1, 2], expect: [4, 5] },
  test_clip_default_inbounds: { expect: [] },
  test_clip_default_max: { constants: [1], expect: [4, 5] },
  test_clip_default_min: { constants: [1], expect: [4, 5] },
  test_clip_example: { constants: [1, 2], expect: [] },
  test_clip_inbounds: { constants: [1, 2], expect: [] },
  test_clip_outbounds: { constants: [1, 2], expect: [] },
  test_clip_splitbounds: { constants: [1, 2], expect: [] },
  test_elu: { expect: [4, 5] },
  test_elu_default: { expect: [4, 5] },
  test_elu_example: { expect: [] },
  test_hardsigmoid: { expect: [4, 5] },
  test_hardsigmoid_default: { expect: [4, 5] },
  test_hardsigmoid_example: { expect: [] },
  test_hardswish: { expect: [4, 5] },
  test_leakyrelu: { expect: [4, 5] },
  test_leakyrelu_default: { expect: [4, 5] },
  test_leakyrelu_example: { expect: [] },
  test_prelu_broadcast: { constants: [1], expect: [4, 5] },
  test_prelu_example: { constants: [1], expect: 'E105' }, // slope [3, 4, 5] differs per batch row
  test_relu: { expect: [4, 5] },
  test_selu: { expect: [4, 5] },
  test_selu_default: { expect: [4, 5] },
  test_selu_example: { expect: [] },
  test_sigmoid: { expect: [4, 5] },
  test_sigmoid_example: { expect: [] },
  test_softmax_default_axis: { expect: [4, 5] },
  test_softmax_negative_axis: { expect: [4, 5] },
  test_softmax_example: { expect: [3] },
  test_softmax_large_number: { expect: [4] },
  test_softmax_axis_0: { expect: 'E105' }, // normalizes across the batch
  test_softmax_axis_1: { expect: 'E105' }, // opset 13: over axis 1 of [3, 4, 5] only, not the last axis
  test_softplus: { expect: [4, 5] },
  test_softplus_example: { expect: [] },
  test_softsign: { expect: [4, 5] },
  test_softsign_example: { expect: [] },
  test_tanh: { expect: [4, 5] },
  test_tanh_example: { expect: [] },
  test_thresholdedrelu: { expect: [4, 5] },
  test_thresholdedrelu_default: { expect: [4, 5] },
  test_thresholdedrelu_example: { expect: [] },
  // No test_logsoftmax* case is shipped in shared/models/onnx-node.
  // Conv and pools: NCHW in ONNX, channels-last in the IR; the graph output is transposed back to NCHW.
  test_conv_with_autopad_same: { constants: [1], expect: [1, 3, 3] },
  test_conv_with_strides_and_asymmetric_padding: { constants: [1], expect: [1, 4, 2] },
  test_conv_with_strides_no_padding: { constants: [1], expect: [1, 3, 2] },
  test_conv_with_strides_padding: { constants: [1], expect: [1, 4, 3] },
  test_qlinearconv: { expect: 'E104' },
  test_averagepool_2d_default: { expect: [3, 31, 31] },
  test_averagepool_2d_pads: { expect: [3, 30, 30] },
  test_averagepool_2d_pads_count_include_pad: { expect: [3, 30, 30] },
  test_averagepool_2d_precomputed_pads: { expect: [1, 5, 5] },
  test_averagepool_2d_precomputed_pads_count_include_pad: { expect: [1, 5, 5] },
  test_averagepool_2d_precomputed_same_upper: { expect: [1, 3, 3] },
  test_averagepool_2d_precomputed_strides: { expect: [1, 2, 2] },
  test_averagepool_2d_same_upper: { expect: [3, 32, 32] },
  test_averagepool_2d_strides: { expect: [3, 10, 10] },
  test_maxpool_2d_default: { expect: [3, 31, 31] },
  test_maxpool_2d_pads: { expect: [3, 30, 30] },
  test_maxpool_2d_precomputed_pads: { expect: [1, 5, 5] },
  test_maxpool_2d_precomputed_same_upper: { expect: [1, 3, 3] },
  test_maxpool_2d_precomputed_strides: { expect: [1, 2, 2] },
  test_maxpool_2d_same_upper: { expect: [3, 32, 32] },
  test_maxpool_2d_strides: { expect: [3, 10, 10] },
  test_globalaveragepool: { expect: [3, 1, 1] },
  test_globalaveragepool_precomputed: { expect: [1, 1, 1] },
  test_globalmaxpool: { expect: [3, 1, 1] },
  test_globalmaxpool_precomputed: { expect: [1, 1, 1] },
  // Transpose of [2, 3, 4]: the first axis is the batch, which must stay in place.
  test_transpose_all_permutations_0: { expect: [3, 4] },
  test_transpose_all_permutations_1: { expect: [4, 3] },
  test_transpose_all_permutations_2: { expect: 'E105' },
  test_transpose_all_permutations_3: { expect: 'E105' },
  test_transpose_all_permutations_4: { expect: 'E105' },
  test_transpose_all_permutations_5: { expect: 'E105' },
  test_transpose_default: { expect: 'E105' },
  // Nearest upsampling of [1, 1, 2, 2] by [1, 1, 2, 3] (values: resize-conformance.test.ts).
  test_resize_upsample_scales_nearest: { constants: [1], expect: [1, 4, 6] },
  test_upsample_nearest: { constants: [1], expect: [1, 4, 6] },
};

describe('ONNX conformance cases (shared/models/onnx-node)', () => {
  test.each(Object.entries(CASES))('%s', (name, c) => {
    const k = loadNodeCase(name, c.constants ?? []);
    if (typeof c.expect === 'string') {
      const err = expectHlsnetError(() => importOnnx(k.bytes, `${name}.onnx`), c.expect);
      expect(err.subject).toContain(`${name}.onnx`);
      return;
    }
    const { graph, warnings } = importOnnx(k.bytes, `${name}.onnx`);
    expect(warnings.map((w) => w.code)).toEqual(c.warn ? ['W101'] : []);
    const out = graph.tensors[graph.outputs[0]!]!;
    expect(out.shape).toEqual(c.expect);
    if (!c.warn || name.startsWith('test_reshape')) expect(out.shape).toEqual(k.outputs[0]!.dims.slice(1));
    if (c.values) {
      const [x] = k.inputs;
      const got = evalDense(graph, x!.values, x!.dims[0]!);
      const want = k.outputs[0]!.values;
      expect(got).toHaveLength(want.length);
      got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want[i]!))));
    }
  });
});
