// Acceptance: on the three QONNX models the fixed simulator equals the QONNX semantics (the float executor,
// which evaluates every quantizer by the QONNX formula) on 1,000 seeded inputs, and g++ csim equals the
// simulator bit for bit. Inputs are fed to both as the values of the input type (what the hardware sees).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fracBits } from '../../../src/fixed/types.js';
import { compile, loadModel, simulateFixed, simulateFloat } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { fixedToFloats, quantizeFloats } from '../../../src/sim/fixed.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { sharedModel } from '../../helpers/paths.js';
import { mulberry32 } from '../../helpers/random.js';

const COUNT = 1000;
const work = mkdtempSync(join(tmpdir(), 'qonnx-exact-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Edge-aware values of the input type, every other sample on a coarse grid so that inner quantizers see ties. */
function inputs(g: Graph, seed: number): Float64Array {
  const t = g.tensors[g.inputs[0]!]!.type!;
  const per = g.tensors[g.inputs[0]!]!.shape.reduce((a, b) => a * b, 1);
  const x = edgeAwareInputs(t, COUNT, per, seed);
  const rand = mulberry32(seed + 1);
  for (let s = 1; s < COUNT; s += 2) {
    const step = 2 ** -(s % 8);
    for (let i = 0; i < per; i++) x[s * per + i] = Math.round((rand() * 8 - 4) / step) * step;
  }
  // The values the hardware sees: quantized into the input type (saturating or wrapping as it says).
  expect(fracBits(t)).toBeGreaterThan(0);
  return fixedToFloats(quantizeFloats(x, t, 'bigint'));
}

/** The graph with every node output exposed, so that each layer is compared, not only the last. */
const allOutputs = (g: Graph, skip: (op: string) => boolean): Graph =>
  ({ ...g, outputs: g.nodes.filter((n) => !skip(n.op)).map((n) => n.outputs[0]!) });

interface Counts { compared: number; quantized: number; ties: number; clamped: number }

/**
 * Every node output (but `skip`ped ops) equal between float and fixed: exactly, or within `tol` relative for
 * the nodes `inexact` names. Counts the quantizer inputs that were exact rounding ties or got clamped.
 */
function compare(g: Graph, x: Float64Array, skip: (op: string) => boolean, inexact: (name: string) => boolean = () => false, tol = 0): Counts {
  const probe = allOutputs(g, skip);
  const want = simulateFloat(probe, [x], COUNT);
  const got = simulateFixed(probe, [x], COUNT).values;
  const c: Counts = { compared: 0, quantized: 0, ties: 0, clamped: 0 };
  const valueOf = (t: string): Float64Array | undefined => (t === g.inputs[0] ? x : want[probe.outputs.indexOf(t)]);
  probe.outputs.forEach((o, k) => {
    const node = g.nodes.find((n) => n.outputs[0] === o)!;
    const loose = inexact(node.name);
    const bad: string[] = [];
    for (let i = 0; i < want[k]!.length && bad.length < 5; i++) {
      const [a, b] = [got[k]![i]!, want[k]![i]!];
      if (loose ? !(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b))) : a !== b) bad.push(`${i}: fixed ${a} float ${b}`);
    }
    expect(bad, `tensor ${o} of ${node.name}`).toEqual([]);
    c.compared += want[k]!.length;
    if (node.op === 'bipolar_quant') c.quantized += want[k]!.length;
    if (node.op !== 'quant') return;
    c.quantized += want[k]!.length;
    const v = valueOf(node.inputs[0]!)!;
    const s = node.attrs.scale;
    const hi = (node.attrs.signed ? 2 ** (node.attrs.bits - 1) : 2 ** node.attrs.bits) - 1;
    for (const u of v) {
      if (Math.abs(u / s - Math.floor(u / s)) === 0.5) c.ties++;
      if (Math.abs(u / s) > hi) c.clamped++;
    }
  });
  return c;
}

describe('QONNX models: fixed simulator == QONNX semantics, csim == simulator', () => {
  it('jet tagger: every layer but the softmax exact on 1,000 inputs; csim bit-exact', async () => {
    const g = compile(loadModel(sharedModel('qonnx/qkeras_jettagging.onnx')).graph).graph;
    const x = inputs(g, 11);
    // The softmax is not quantized in the model: its tables are checked elsewhere (and by csim here).
    const r = compare(g, x, (op) => op === 'softmax');
    console.log(`jet tagger: ${JSON.stringify(r)}`);
    expect(r.quantized).toBe(COUNT * (64 + 32 + 32));
    expect(r.ties).toBeGreaterThan(1000);
    expect(r.clamped).toBeGreaterThan(1000);
    await expectCsimBitExact(g, join(work, 'jet'), x, COUNT);
  }, 300_000);

  it('TFC 2W2A: every Quant output and integer layer exact on 1,000 inputs; the float BatchNorm layers within 1e-12; csim bit-exact', async () => {
    const g = compile(loadModel(sharedModel('qonnx/TFC_2W2A.onnx')).graph).graph;
    const x = inputs(g, 12);
    // Float BatchNormalization parameters (folded into the first three MatMuls; the last one is Sub, Div by
    // sqrt(var), Mul, Add): the simulator computes them exactly, the float executor rounds every step to a
    // double. The Quant nodes after them must still agree exactly.
    const tail = new Set(['MatMul_20', 'MatMul_32', 'MatMul_44', ...g.nodes.slice(g.nodes.findIndex((n) => n.name === 'Sub_57')).map((n) => n.name)]);
    expect(tail.size).toBe(7);
    const r = compare(g, x, () => false, (name) => tail.has(name), 1e-12);
    console.log(`TFC: ${JSON.stringify(r)}`);
    expect(r.quantized).toBe(COUNT * (784 + 3 * 64));
    expect(r.ties).toBeGreaterThan(1000);
    expect(r.clamped).toBeGreaterThan(1000);
    await expectCsimBitExact(g, join(work, 'tfc'), x, COUNT);
  }, 600_000);

  it('BNN: exact on 1,000 inputs (zeros map to +scale); csim bit-exact', async () => {
    const g = compile(loadModel(sharedModel('onnx/bnn_model_fc_1layer.onnx')).graph).graph;
    const x = inputs(g, 13);
    const r = compare(g, x, () => false);
    console.log(`BNN: ${JSON.stringify(r)}`);
    expect(Array.from(x).filter((v) => v === 0).length).toBeGreaterThan(50);
    expect(r.quantized).toBe(COUNT * (3 + 4));
    expect(r.compared).toBe(COUNT * (3 + 4 + 4));
    await expectCsimBitExact(g, join(work, 'bnn'), x, COUNT);
  }, 300_000);
});
