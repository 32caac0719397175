// The Verilog emitter's structure: multipliers only in --mult dsp (one per nonzero weight), zero weights
// produce nothing, the manifest's buses and latency, pipeline levels add stages but never change the
// numbers, and a layer without RTL is a coded error naming it.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { emitVerilog } from '../../../src/backends/verilog/emit.js';
import { buildProject, compile, cosimCompare, loadModel, parsePrecisionConfig, simulateFixed, type Graph } from '../../../src/index.js';
import { pruneWeights } from '../../../src/passes/prune-weights.js';
import { nonzeroWeights as layerNonzeros } from '../../../src/analysis/sparsity.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { sharedModel } from '../../helpers/paths.js';
import { requireTool } from '../../helpers/tools.js';
import { expectRtlBitExact } from '../../helpers/cosim.js';
import { lintVerilog } from '../../helpers/verilator-comb.js';
import { fixedType } from '../../../src/fixed/types.js';
import { verify } from '../../../src/ir/verify.js';
import type { Node, Tensor } from '../../../src/ir/types.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-rtl-emit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const model = (name: string, config: object = {}): Graph => compile(loadModel(sharedModel(`onnx/${name}.onnx`)).graph, { config: parsePrecisionConfig(config) }).graph;

/** Quantized weights that are not 0, over every dense and conv layer (src/analysis/sparsity). */
function nonzeroWeights(g: Graph): number {
  return g.nodes.filter((n) => n.op === 'dense' || n.op === 'conv').reduce((a, n) => a + layerNonzeros(g, n).raw.length, 0);
}

function kernelText(files: Map<string, string>): string {
  return [...files].filter(([p]) => p.endsWith('_k.v')).map(([, s]) => s).join('\n');
}

describe('Verilog emitter', () => {
  it('--mult dsp writes one `*` per nonzero weight; --mult lut writes none', () => {
    const g = model('two_layer_keras');
    const dsp = kernelText(emitVerilog(g, { name: 'top', mult: 'dsp' }).files);
    const lut = kernelText(emitVerilog(g, { name: 'top', mult: 'lut' }).files);
    // A weight that quantizes to 0 has no multiplier.
    expect(dsp.match(/ \* /g)?.length).toBe(nonzeroWeights(g));
    expect(lut.match(/ \* /g) ?? []).toEqual([]);
    expect(lut.match(/assign s_\d+ = /g)!.length).toBeGreaterThan(100);
  });

  it('pruned weights produce nothing: 70% pruned three_layer_keras has 70% fewer multipliers', () => {
    const g = model('three_layer_keras');
    const pruned = pruneWeights(g, { sparsity: 0.7 });
    const count = (h: Graph): number => kernelText(emitVerilog(h, { name: 'top', mult: 'dsp' }).files).match(/ \* /g)!.length;
    expect(count(g)).toBe(nonzeroWeights(g));
    expect(count(pruned)).toBe(nonzeroWeights(pruned));
    expect(count(pruned)).toBeLessThan(0.31 * count(g));
  });

  it('manifest: buses packed from bit 0, latency = the register stages along the path', () => {
    const g = model('conv1d_small_keras');
    const { manifest } = emitVerilog(g, { name: 'top', mult: 'lut' });
    expect(manifest.inputs).toEqual([{ tensor: g.inputs[0], elements: 40, width: 16, signed: true, frac: 10, offset: 0 }]);
    expect(manifest.inWidth).toBe(640);
    expect(manifest.outWidth).toBe(5 * 16);
    // conv, relu, conv, relu, conv, relu, (flatten: wiring), dense, relu, dense: 1 stage each; softmax: 2.
    expect(manifest.layers.map((l) => [l.op, l.stages])).toEqual([
      ['conv', 1], ['relu', 1], ['conv', 1], ['relu', 1], ['conv', 1], ['relu', 1], ['dense', 1], ['relu', 1], ['dense', 1], ['softmax', 2],
    ]);
    expect(manifest.latency).toBe(11);
  });

  it('a layer without RTL is error E503 naming it', () => {
    // Every op of the IR has RTL today: an op from a newer IR (a JSON model from a later hlsnet) stands in.
    const g = model('conv2d_small_keras');
    const newer: Graph = { ...g, nodes: g.nodes.map((n) => (n.op === 'relu' ? { ...n, op: 'no_such_op' } as unknown as typeof n : n)) };
    const err = (() => { try { emitVerilog(newer, { name: 'top', mult: 'lut' }); } catch (e) { return e as { code: string; message: string; subject?: string }; } return undefined; })();
    expect(err?.code).toBe('E503');
    expect(err?.message).toMatch(/no RTL for 'no_such_op'/);
    expect(err?.subject).toMatch(/node 'Relu' \(no_such_op\)/);
  });

  it('--pipeline-levels 2 adds register stages and keeps every output bit-exact (10,000 inputs)', async () => {
    requireTool('verilator');
    const g = model('conv1d_small_keras', { Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } });
    const plain = emitVerilog(g, { name: 'top', mult: 'lut' }).manifest.latency;
    const count = 10_000;
    const data = edgeAwareInputs(g.tensors[g.inputs[0]!]!.type!, count, 40, 77);
    const dir = join(work, 'levels');
    writeFolder(dir, buildProject(g, { backend: 'verilog', mult: 'lut', pipelineLevels: 2, tbInputs: { data: data.subarray(0, 40), count: 1 } }), false);
    const r = await cosimCompare(dir, { data, count }, { threads: 2, build: { cxxOpt: '-O0' } });
    expect(r.mismatchCount).toBe(0);
    expect(r.outputsCompared).toBe(count * 5);
    expect(r.latencyCycles).toBe(r.manifestLatency);
    expect(r.latencyCycles).toBeGreaterThan(plain + 4);
  }, 600_000);

  it('review regressions: 64-bit unsigned outputs, weights of 2^52 and more, lint-clean `*` products', async () => {
    const x = fixedType(true, 24, 8);
    const wide = (t: ReturnType<typeof fixedType>, name: string): [Node, Tensor] => [
      { name, op: 'linear', inputs: ['x'], outputs: [`y_${name}`], attrs: {} } as Node, { name: `y_${name}`, shape: [2], type: t },
    ];
    const casts = [wide(fixedType(false, 64, 40), 'u64'), wide(fixedType(false, 63, 40), 'u63'), wide(fixedType(true, 64, 40), 's64')];
    // A 53-bit weight type holds ±2^52 raw (a folded QONNX BatchNorm can have such types); the lut RTL uses `*` there.
    const dense: Node = { name: 'd', op: 'dense', inputs: ['x2', 'W', 'b'], outputs: ['yd'], attrs: { accum: fixedType(true, 90, 20) } } as Node;
    const g: Graph = {
      name: 'regress', inputs: ['x', 'x2'], outputs: [...casts.map(([, t]) => t.name), 'yd'],
      nodes: [...casts.map(([n]) => n), dense],
      tensors: {
        x: { name: 'x', shape: [2], type: x }, x2: { name: 'x2', shape: [2], type: fixedType(true, 12, 4) },
        W: { name: 'W', shape: [2, 2], type: fixedType(true, 53, 2), data: [-2, -0.7, 0.3, 1] },
        b: { name: 'b', shape: [2], type: fixedType(true, 16, 6), data: [0.5, -1] },
        yd: { name: 'yd', shape: [2], type: fixedType(true, 40, 16, 'RND', 'SAT') },
        ...Object.fromEntries(casts.map(([, t]) => [t.name, t])),
      },
    };
    verify(g);
    const count = 400;
    const data = Float64Array.from({ length: count * 4 }, (_, i) => [-1.5, 2.25, 3, -0.0625, 7.9, -8, 0.001, -100][i % 8]! * (1 + (i % 13) / 7));
    await expectRtlBitExact(g, join(work, 'regress'), data, count, { mult: 'lut' });
    // One-bit inputs and power-of-two weights: the `*` wires are as wide as their operands.
    const tiny: Graph = { ...g, inputs: ['x2'], outputs: ['yd'], nodes: [dense], tensors: { ...g.tensors, x2: { name: 'x2', shape: [2], type: fixedType(true, 1, 1) }, W: { ...g.tensors.W!, type: fixedType(true, 12, 4), data: [0.5, -1, 2, 0.25] } } };
    const dir = join(work, 'lint-dsp');
    writeFolder(dir, buildProject(tiny, { backend: 'verilog', mult: 'dsp' }), false);
    expect(await lintVerilog(readdirSync(join(dir, 'verilog', 'rtl')).map((f) => join(dir, 'verilog', 'rtl', f)), 'myproject')).toBe('');
  }, 600_000);

  it('the PipelineLevels hint (config, per layer) stages only that layer and never changes a number', () => {
    const plain = model('conv1d_small_keras');
    const hinted = model('conv1d_small_keras', { LayerName: { Gemm_9: { PipelineLevels: 2 } } });
    expect(hinted.nodes.find((n) => n.name === 'Gemm_9')!.hints?.pipelineLevels).toBe(2);
    const stages = (g: Graph): Record<string, number> => Object.fromEntries(emitVerilog(g, { name: 'top', mult: 'lut' }).manifest.layers.map((l) => [l.node, l.stages]));
    const [a, b] = [stages(plain), stages(hinted)];
    expect(b.Gemm_9).toBeGreaterThan(a.Gemm_9! + 1);
    expect({ ...b, Gemm_9: 0 }).toEqual({ ...a, Gemm_9: 0 });
    const data = edgeAwareInputs(plain.tensors[plain.inputs[0]!]!.type!, 500, 40, 5);
    expect(simulateFixed(hinted, [data], 500).raw).toEqual(simulateFixed(plain, [data], 500).raw);
    expect(() => parsePrecisionConfig({ LayerName: { Gemm_9: { PipelineLevels: -1 } } })).toThrow(/PipelineLevels/);
  });
});
