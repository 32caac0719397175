// The QONNX quantizers against an independent hand-written evaluation of the spec (docs/qonnx-custom-ops:
// the rounding table, min_int/max_int, the IntQuant and Trunc v1 formulas), then float == fixed == csim on a
// small model using every supported rounding mode, narrow and unsigned ranges, BipolarQuant and Trunc.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../../src/index.js';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import type { QonnxRounding } from '../../../src/ir/types.js';
import { qonnxRound } from '../../../src/ops/quant.js';
import { fixedToFloats, quantizeFloats } from '../../../src/sim/fixed.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { a, buildModel, floatTensor, int64Tensor, node, valueInfo } from '../../helpers/onnx-build.js';
import { mulberry32 } from '../../helpers/random.js';

// The rounding table of intquant_v1.md, verbatim: input, then ROUND CEIL FLOOR UP DOWN HALF_UP HALF_DOWN.
const TABLE: [number, number[]][] = [
  [5.5, [6, 6, 5, 6, 5, 6, 5]], [2.5, [2, 3, 2, 3, 2, 3, 2]], [1.6, [2, 2, 1, 2, 1, 2, 2]], [1.1, [1, 2, 1, 2, 1, 1, 1]],
  [1.0, [1, 1, 1, 1, 1, 1, 1]], [-1.0, [-1, -1, -1, -1, -1, -1, -1]], [-1.1, [-1, -1, -2, -2, -1, -1, -1]],
  [-1.6, [-2, -1, -2, -2, -1, -2, -2]], [-2.5, [-2, -2, -3, -3, -2, -3, -2]], [-5.5, [-6, -5, -6, -6, -5, -6, -5]],
];
const MODES: QonnxRounding[] = ['ROUND', 'CEIL', 'FLOOR', 'UP', 'DOWN', 'HALF_UP', 'HALF_DOWN'];

/** The spec's rounding written independently: nearest with the tie rule, or a directed rounding. */
function specRound(v: number, mode: QonnxRounding): number {
  const lo = Math.floor(v);
  const tie = v - lo === 0.5;
  const away = v >= 0 ? Math.ceil(v) : Math.floor(v);
  const toward = v >= 0 ? Math.floor(v) : Math.ceil(v);
  const nearest = v - lo < 0.5 ? lo : lo + 1;
  switch (mode) {
    case 'ROUND': case 'HALF_EVEN': return tie ? (lo % 2 === 0 ? lo : lo + 1) : nearest;
    case 'HALF_UP': return tie ? away : nearest;
    case 'HALF_DOWN': return tie ? toward : nearest;
    case 'CEIL': return Math.ceil(v);
    case 'FLOOR': return lo;
    case 'UP': return away;
    case 'DOWN': return toward;
  }
}

/** IntQuant per the spec: integer grid bounds from min_int/max_int, clamp, round, rescale. */
function specQuant(x: number, s: number, z: number, bits: number, signed: boolean, narrow: boolean, mode: QonnxRounding): number {
  const min = signed ? (narrow ? -(2 ** (bits - 1) - 1) : -(2 ** (bits - 1))) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : narrow ? 2 ** bits - 2 : 2 ** bits - 1;
  const q = specRound(Math.min(max, Math.max(min, x / s + z)), mode);
  return (q - z) * s;
}

const quantNode = (name: string, x: string, p: string, out: string, signed: number, narrow: number, mode: string, domain = 'qonnx.custom_op.general') =>
  node('Quant', [x, `${p}_s`, `${p}_z`, `${p}_b`], [out], { name, domain, attrs: [a.int('signed', signed), a.int('narrow', narrow), a.string('rounding_mode', mode)] });
const params = (p: string, s: number, z: number, b: number) =>
  [floatTensor(`${p}_s`, [], [s]), floatTensor(`${p}_z`, [], [z]), int64Tensor(`${p}_b`, [], [b])];

describe('QONNX rounding and IntQuant formula', () => {
  it('qonnxRound reproduces the spec rounding table for every mode', () => {
    for (const [v, want] of TABLE) expect(MODES.map((m) => qonnxRound(v, m)), `${v}`).toEqual(want);
  });

  it('Quant folded on constants equals the hand-written spec formula (ties, narrow bounds, zero point != 0, any scale)', () => {
    const rand = mulberry32(7);
    // Ties of every kind (k + 1/2 at scale 0.25), grid values and random ones, inside and far outside the ranges.
    const xs = [...Array.from({ length: 120 }, (_, i) => (i - 60 + 0.5) * 0.25), ...Array.from({ length: 120 }, () => (rand() - 0.5) * 40)];
    const cases: [number, number, number, number, number, string][] = [
      // scale, zero point, bits, signed, narrow, mode
      [0.25, 0, 4, 1, 1, 'ROUND'], [0.25, 0, 4, 1, 0, 'HALF_UP'], [0.5, 3, 5, 0, 0, 'HALF_DOWN'], [0.25, -2, 3, 1, 0, 'DOWN'],
      [0.3, 1, 6, 0, 1, 'CEIL'], [2, 0, 3, 0, 0, 'FLOOR'], [0.1, 0, 8, 1, 1, 'UP'], [0.25, 0, 6, 1, 0, 'half_even'],
    ];
    for (const [s, z, b, signed, narrow, mode] of cases) {
      const model = buildModel({
        nodes: [quantNode('qc', 'w', 'p', 'wq', signed, narrow, mode), node('Add', ['x', 'wq'], ['y'], { name: 'add' })],
        inputs: [valueInfo('x', ['N', xs.length])], outputs: [valueInfo('y', undefined)],
        initializers: [floatTensor('w', [xs.length], xs), ...params('p', s, z, b)],
      });
      const { graph } = importOnnx(model, 'fold.onnx');
      const folded = graph.tensors[graph.nodes[0]!.inputs[1]!]!.data!;
      const want = xs.map((x) => specQuant(Math.fround(x), Math.fround(s), z, b, signed === 1, narrow === 1, mode.toUpperCase() as QonnxRounding) + 0);
      expect(folded, `${mode} s=${s} z=${z} b=${b}`).toEqual(want);
    }
  });
});

describe('QONNX quantizers on run-time tensors: float == fixed == csim', () => {
  // One input, every supported form in parallel; input type fixed<10,4> (values in [-8, 8), F = 6).
  const modes: [string, number, number, number, number, string][] = [
    // name, scale, bits, signed, narrow, mode
    ['q_round_narrow', 0.25, 4, 1, 1, 'ROUND'], ['q_floor_u', 0.5, 3, 0, 0, 'FLOOR'], ['q_down', 0.125, 5, 1, 0, 'DOWN'],
    ['q_half_up', 0.25, 5, 1, 0, 'HALF_UP'], ['q_half_down_po2', 2, 3, 1, 0, 'HALF_DOWN'], ['q_even_u', 0.0625, 6, 0, 0, 'HALF_EVEN'],
  ];
  const model = buildModel({
    nodes: [
      ...modes.map(([n, , , signed, narrow, mode], i) => quantNode(n, 'x', n, `y${i}`, signed, narrow, mode, i % 2 ? 'onnx.brevitas' : 'finn.custom_op.general')),
      node('BipolarQuant', ['x', 'bp_s'], ['yb'], { name: 'bipolar', domain: 'qonnx.custom_op.general' }),
      node('Trunc', ['x', 't_s', 't_z', 't_in', 't_out'], ['yt'], { name: 'trunc_floor', domain: 'qonnx.custom_op.general', attrs: [a.string('rounding_mode', 'FLOOR')] }),
      node('Trunc', ['x', 't_s', 't_z', 't_in', 't_out'], ['yr'], { name: 'trunc_round', domain: 'qonnx.custom_op.general', attrs: [a.string('rounding_mode', 'ROUND')] }),
    ],
    inputs: [valueInfo('x', ['N', 6])],
    outputs: [...modes.map((_, i) => valueInfo(`y${i}`, undefined)), valueInfo('yb', undefined), valueInfo('yt', undefined), valueInfo('yr', undefined)],
    initializers: [
      ...modes.flatMap(([n, s, b]) => params(n, s, 0, b)), floatTensor('bp_s', [], [0.5]),
      floatTensor('t_s', [], [0.125]), floatTensor('t_z', [], [0]), int64Tensor('t_in', [], [8]), int64Tensor('t_out', [], [5]),
    ],
  });
  const config = parsePrecisionConfig({ LayerName: { x: { Precision: 'fixed<10,4>' } } });
  const g = compile(importOnnx(model, 'modes.onnx').graph, { config }).graph;
  const count = 1000;
  const x = fixedToFloats(quantizeFloats(edgeAwareInputs(g.tensors.x!.type!, count, 6, 3), g.tensors.x!.type!, 'bigint'));

  it('the fixed simulator equals the QONNX formula (float executor) on every output, exactly', () => {
    const want = simulateFloat(g, [x], count);
    const got = simulateFixed(g, [x], count).values;
    g.outputs.forEach((o, k) => {
      expect(Array.from(got[k]!), o).toEqual(Array.from(want[k]!));
      // Independent check of the formula itself for the Quant outputs.
      if (k < modes.length) {
        const [, s, b, signed, narrow, mode] = modes[k]!;
        expect(Array.from(want[k]!), o).toEqual(Array.from(x, (v) => specQuant(v, s, 0, b, signed === 1, narrow === 1, mode as QonnxRounding) + 0));
      }
    });
    expect(Array.from(want[modes.length + 1]!)).toEqual(Array.from(x, (v) => specRound(specRound(v * 8, 'ROUND') / 8, 'FLOOR') * 0.125 + 0));
  });

  const work = mkdtempSync(join(tmpdir(), 'qonnx-modes-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  it('g++ csim equals the simulator, io_parallel', async () => {
    await expectCsimBitExact(g, join(work, 'parallel'), x, count);
  }, 300_000);
  it('g++ csim equals the simulator, io_stream', async () => {
    await expectCsimBitExact(g, join(work, 'stream'), x, count, undefined, { ioType: 'io_stream' });
  }, 300_000);
});

describe('trunc on an unsigned input', () => {
  it('rounds up to 2^out_bits without saturating (every 8-bit input, ROUND, 8 -> 4 bits)', () => {
    const g = {
      name: 'trunc_u', inputs: ['x'], outputs: ['y'],
      tensors: { x: { name: 'x', shape: [256] }, y: { name: 'y', shape: [256] } },
      nodes: [{ name: 'tr', op: 'trunc' as const, inputs: ['x'], outputs: ['y'], attrs: { scale: 1, inBits: 8, outBits: 4, rounding: 'ROUND' as const } }],
    };
    const c = compile(g, { config: parsePrecisionConfig({ LayerName: { x: { Precision: 'ufixed<8,8>' } } }) }).graph;
    const x = Float64Array.from({ length: 256 }, (_, i) => i);
    // The spec: round_half_even(x / 2^(8-4)); 248..255 give 16 (= 2^out_bits).
    const want = Array.from(x, (v) => specRound(v / 16, 'ROUND'));
    expect(want[255]).toBe(16);
    expect(Array.from(simulateFixed(c, [x], 1).values[0]!)).toEqual(want);
    expect(Array.from(simulateFloat(c, [x], 1)[0]!)).toEqual(want);
  });
});
