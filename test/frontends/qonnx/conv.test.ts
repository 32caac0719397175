// A small QONNX CNN (NCHW input → Quant → Conv with Quant-folded weights → Relu → Quant): the quantizers keep
// the channels-last layout, the simulator equals the float (QONNX) evaluation exactly, csim equals the simulator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { compile, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../../src/index.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { a, buildModel, floatTensor, int64Tensor, node, valueInfo } from '../../helpers/onnx-build.js';
import { mulberry32 } from '../../helpers/random.js';

const quant = (name: string, x: string, p: string, out: string, signed: number) =>
  node('Quant', [x, `${p}_s`, `${p}_z`, `${p}_b`], [out], { name, domain: 'qonnx.custom_op.general', attrs: [a.int('signed', signed), a.int('narrow', 0), a.string('rounding_mode', 'ROUND')] });
const params = (p: string, s: number, b: number) => [floatTensor(`${p}_s`, [], [s]), floatTensor(`${p}_z`, [], [0]), int64Tensor(`${p}_b`, [], [b])];

describe('QONNX CNN', () => {
  const rand = mulberry32(21);
  const w = Array.from({ length: 3 * 2 * 3 * 3 }, () => rand() * 2 - 1);
  const model = buildModel({
    nodes: [
      quant('in_q', 'x', 'qi', 'xq', 1), quant('w_q', 'w', 'qw', 'wq', 1),
      node('Conv', ['xq', 'wq'], ['c'], { name: 'conv', attrs: [a.ints('kernel_shape', [3, 3]), a.ints('pads', [1, 1, 1, 1])] }),
      node('Relu', ['c'], ['r'], { name: 'relu' }), quant('out_q', 'r', 'qo', 'y', 0),
    ],
    inputs: [valueInfo('x', ['N', 2, 5, 5])], outputs: [valueInfo('y', undefined)],
    initializers: [floatTensor('w', [3, 2, 3, 3], w), ...params('qi', 2 ** -4, 8), ...params('qw', 2 ** -3, 4), ...params('qo', 2 ** -2, 5)],
  });
  const g = compile(importOnnx(model, 'qcnn.onnx').graph, { config: parsePrecisionConfig({ LayerName: { x: { Precision: 'fixed<12,5>' } } }) }).graph;
  const count = 300;
  // Values of the input type fixed<12,5>: the grid 2^-7 on [-16, 16), inside and beyond the 8-bit Quant's range.
  const x = Float64Array.from({ length: count * 50 }, () => Math.min(16 - 2 ** -7, Math.round((rand() * 32 - 16) * 128) / 128));

  it('imports channels-last with the quantizers around the conv; fixed == float exactly', () => {
    // The graph output is in the ONNX layout (NCHW): one transpose at the end.
    expect(g.nodes.map((n) => n.op)).toEqual(['quant', 'conv', 'relu', 'quant', 'transpose']);
    expect(g.tensors[g.inputs[0]!]!.shape).toEqual([5, 5, 2]);
    const want = simulateFloat(g, [x], count)[0]!;
    expect(Array.from(simulateFixed(g, [x], count).values[0]!)).toEqual(Array.from(want));
    expect(new Set(want).size).toBeGreaterThan(10);
  });

  it('g++ csim equals the simulator, io_parallel and io_stream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qonnx-cnn-'));
    try {
      await expectCsimBitExact(g, join(dir, 'parallel'), x, count);
      await expectCsimBitExact(g, join(dir, 'stream'), x, count, undefined, { ioType: 'io_stream' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
