// The Vitis view of conv, pools and transpose without g++: geometry fields (1-D as height 1),
// group mapping, exact 1/count constants per output position, transpose strides, and refusals.
import { describe, expect, it } from 'vitest';
import { buildVitisProject, compile, parsePrecisionConfig } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { thrown } from '../../helpers/errors.js';
import { windowsGraph } from './conv-cases.js';

function files(g: Graph, config: object): Map<string, string> {
  return buildVitisProject(compile(g, { config: parsePrecisionConfig(config) }).graph);
}

/** The body of `struct configN` of the layer named `layer` in parameters.h. */
function configOf(params: string, layer: string): string {
  const m = new RegExp(`// ${layer}: \\w+\\nstruct config\\d+ : nnet::\\w+ \\{\\n([^}]*)\\};`).exec(params);
  expect(m, `config of ${layer}`).not.toBeNull();
  return m![1]!.replace(/\s+/g, ' ').trim();
}

describe('windowed layers in the Vitis project', () => {
  const f = files(windowsGraph(), {
    Model: { Precision: { default: 'fixed<10,3,RND_CONV,SAT>', param: 'fixed<10,1,RND_CONV,SAT>' } }, LayerName: { x: { Precision: 'fixed<10,4,RND>' } },
  });
  const cpp = f.get('firmware/myproject.cpp')!;
  const params = f.get('firmware/parameters.h')!;

  it('call the conv kernels on the (reshaped) input with their weights and biases', () => {
    expect(cpp).toMatch(/nnet::conv_latency<input_t, result_t, config(\d+)>\(x, y_conv1d_pad1_out, w\1, b\1\);/);
    expect(cpp).toMatch(/nnet::conv_latency_nobias<input_t, result2_t, config(\d+)>\(x, y_conv1d_s2_d3_pads0_2_nobias_out, w\1\);/);
    expect(cpp).toMatch(/nnet::maxpool<layer\d+_t, layer\d+_t, config\d+>\(layer\d+_out, layer\d+_out\);/); // the chain's
  });

  it('give a 1-D window a unit height axis, and depthwise convs one input channel per group', () => {
    expect(configOf(params, 'conv1d_s2_d3_pads0_2_nobias')).toContain(
      'in_height = 1; static const unsigned in_width = 16; static const unsigned filt_height = 1; static const unsigned filt_width = 2; ' +
      'static const unsigned stride_height = 1; static const unsigned stride_width = 2; static const unsigned dilation_height = 1; ' +
      'static const unsigned dilation_width = 3; static const unsigned pad_top = 0; static const unsigned pad_left = 0; ' +
      'static const unsigned out_height = 1; static const unsigned out_width = 8; static const unsigned n_chan = 6; ' +
      'static const unsigned n_filt = 3; static const unsigned chan_per_group = 6; static const unsigned filt_per_group = 3;');
    expect(configOf(params, 'conv2d_s2_d2_pads1_0_2_1')).toContain('pad_top = 1; static const unsigned pad_left = 0; static const unsigned out_height = 4; static const unsigned out_width = 2;');
    expect(configOf(params, 'depthwise2d_mult2')).toContain('n_chan = 6; static const unsigned n_filt = 12; static const unsigned chan_per_group = 1; static const unsigned filt_per_group = 2;');
  });

  it('emit q(1/count) per output position, exactly: in-range counts, or the window size with count_include_pad', () => {
    const values = (layer: string): string => {
      const idx = /config(\d+)>/.exec(cpp.split('\n').find((l) => l.includes('nnet::') && l.includes(`y_${layer}_out`))!)![1]!;
      return /= \{([^}]*)\}/.exec(f.get(`firmware/weights/param${idx}.h`)!)![1]!.replace(/\s+/g, ' ').trim();
    };
    // fixed<10,1,RND_CONV,SAT>: 1/3 -> 171/512; 1 saturates to 511/512 (the configured type cannot hold it).
    expect(values('avgpool1d_k3_pads1_2')).toBe(['0.5', ...Array<string>(14).fill('0.333984375'), '0.5', '0.998046875'].join(', '));
    // 3x3 windows at stride 2 over 8x6 with pads (1, 1, 1, 0): 4, 6 or 9 in-range taps; always 9 with the pad.
    expect(values('avgpool2d_exclude_pad')).toBe('0.25, 0.166015625, 0.166015625, 0.166015625, 0.111328125, 0.111328125, 0.166015625, 0.111328125, 0.111328125, 0.166015625, 0.111328125, 0.111328125');
    expect(values('avgpool2d_include_pad')).toBe(Array<string>(12).fill('0.111328125').join(', '));
    expect(values('global_avgpool2d_48')).toBe('0.021484375'); // round(512/48 = 10.67) = 11, over 512
  });

  it('wire a transpose as a copy with the input strides of the permuted axes', () => {
    expect(configOf(params, 'transpose_201')).toBe(
      'static const unsigned n_elem = 96; static const unsigned out_dim0 = 1; static const unsigned out_dim1 = 6; static const unsigned out_dim2 = 4; ' +
      'static const unsigned out_dim3 = 4; static const unsigned in_stride0 = 0; static const unsigned in_stride1 = 1; static const unsigned in_stride2 = 24; ' +
      'static const unsigned in_stride3 = 6;');
  });

  it('refuse a transpose of rank above 4 (E503, naming the node)', () => {
    const g: Graph = {
      name: 't5', inputs: ['x'], outputs: ['y'],
      nodes: [{ name: 'flip', op: 'transpose', inputs: ['x'], outputs: ['y'], attrs: { perm: [4, 3, 2, 1, 0] } }],
      tensors: { x: { name: 'x', shape: [2, 1, 2, 1, 2] }, y: { name: 'y', shape: [2, 1, 2, 1, 2] } },
    };
    const e = thrown(() => files(g, {}));
    expect(e.code).toBe('E503');
    expect(e.subject).toBe("node 'flip' (transpose)");
  });
});
