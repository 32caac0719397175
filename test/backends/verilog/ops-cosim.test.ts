// The merge, pool, batchnorm, pad/resize and QONNX-quantizer RTL == the simulator, bit-exact under Verilator:
// every case of the C++ tests' graphs (merges with broadcasting and constants, a residual add of paths of
// different latency, concat on three axes; 1-D/2-D pools with padding, strides, count_include_pad both
// ways, global pools; pads that round, saturate and crop; resize maps) plus batchnorm, a dense residual and
// the quantizers, side by side in one multi-input graph: one Verilator build per type configuration.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, parsePrecisionConfig, simulateFixed, type Graph } from '../../../src/index.js';
import type { Node, Tensor } from '../../../src/ir/types.js';
import { expectRtlBitExact } from '../../helpers/cosim.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { mulberry32 } from '../../helpers/random.js';
import { requireTool } from '../../helpers/tools.js';
import { lintVerilog } from '../../helpers/verilator-comb.js';
import { windowsGraph } from '../vitis/conv-cases.js';
import { mergeGraph } from '../vitis/merge-cases.js';
import { shapesGraph } from '../vitis/pad-resize-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-rtl-ops-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = 1000;

/** Every tensor and node renamed `<p>_<name>`, so that several graphs can sit side by side. */
function prefixed(g: Graph, p: string): Graph {
  const r = (s: string): string => `${p}_${s}`;
  const tensors: Record<string, Tensor> = {};
  for (const t of Object.values(g.tensors)) tensors[r(t.name)] = { ...t, name: r(t.name) };
  const nodes = g.nodes.map((n) => ({ ...n, name: r(n.name), inputs: n.inputs.map(r), outputs: n.outputs.map(r) }) as Node);
  return { name: g.name, inputs: g.inputs.map(r), outputs: g.outputs.map(r), nodes, tensors };
}

function union(gs: readonly Graph[]): Graph {
  return {
    name: 'ops', inputs: gs.flatMap((g) => g.inputs), outputs: gs.flatMap((g) => g.outputs),
    nodes: gs.flatMap((g) => g.nodes), tensors: Object.assign({}, ...gs.map((g) => g.tensors)) as Record<string, Tensor>,
  };
}

function seeded(n: number, seed: number, scale: number): number[] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => (i % 5 === 3 ? 0 : scale * (Math.round((rand() * 2 - 1) * 64) / 64 + (rand() - 0.5) / 256)));
}

/** mergeGraph plus batchnorm (after the relu and on the signed view, a zero and a negative scale) and a dense residual. */
function mergesPlus(): Graph {
  const g = mergeGraph();
  const tensors: Record<string, Tensor> = { ...g.tensors };
  const nodes: Node[] = [...g.nodes];
  const outputs = [...g.outputs];
  const node = (name: string, op: Node['op'], inputs: string[], out: string, shape: number[], attrs: object = {}): void => {
    tensors[out] = { name: out, shape };
    nodes.push({ name, op, inputs, outputs: [out], attrs } as Node);
    if (out.startsWith('y_')) outputs.push(out);
  };
  const scale = seeded(3, 21, 3);
  scale[1] = 0;
  tensors.bn_s = { name: 'bn_s', shape: [3], data: [scale[0]!, 0, -Math.abs(scale[2]!) - 0.3] };
  tensors.bn_t = { name: 'bn_t', shape: [3], data: seeded(3, 22, 2) };
  node('bn_relu', 'batchnorm', ['r', 'bn_s', 'bn_t'], 'y_bn_relu', [4, 4, 3]);
  node('bn_signed', 'batchnorm', ['v', 'bn_s', 'bn_t'], 'y_bn_signed', [4, 4, 3]);
  // x -> dense -> relu, broadcast-added back to a view of x (paths of 0 and 2 cycles meet).
  tensors.dw = { name: 'dw', shape: [48, 3], data: seeded(144, 23, 0.5) };
  tensors.db = { name: 'db', shape: [3], data: seeded(3, 24, 1) };
  node('res_dense', 'dense', ['x', 'dw', 'db'], 'd1', [3]);
  node('res_dense_relu', 'relu', ['d1'], 'd2', [3]);
  node('view16', 'reshape', ['x'], 'v16', [16, 3], { shape: [16, 3] });
  node('res_dense_add', 'add', ['v16', 'd2'], 'y_res_dense_add', [16, 3]);
  node('mul_vars_broadcast', 'mul', ['d2', 'v16'], 'y_mul_vars_broadcast', [16, 3]);
  tensors.cc = { name: 'cc', shape: [2], data: [0.7, -1.3] };
  node('concat_const', 'concat', ['d2', 'cc'], 'y_concat_const', [5], { axis: 0 });
  return { ...g, nodes, tensors, outputs };
}

/** The pool cases of the windows graph and its conv -> relu -> maxpool -> dense chain (no other conv). */
function pools(): Graph {
  const g = windowsGraph();
  const keep = g.nodes.filter((n) => n.op !== 'transpose' && !(n.op === 'conv' && !n.name.startsWith('chain')));
  const outputs = g.outputs.filter((o) => keep.some((n) => n.outputs[0] === o));
  return { ...g, nodes: keep, outputs };
}

/** QONNX quantizers on x [8]: every supported rounding mode, narrow and unsigned ranges, bipolar, trunc. */
function quantizers(): Graph {
  const tensors: Record<string, Tensor> = { x: { name: 'x', shape: [8] } };
  const nodes: Node[] = [];
  const node = (name: string, op: Node['op'], attrs: object): void => {
    tensors[`y_${name}`] = { name: `y_${name}`, shape: [8] };
    nodes.push({ name, op, inputs: ['x'], outputs: [`y_${name}`], attrs } as Node);
  };
  const q = (name: string, scale: number, bits: number, signed: boolean, narrow: boolean, rounding: string): void =>
    node(name, 'quant', { scale, bits, signed, narrow, rounding });
  q('q_round_narrow', 0.25, 4, true, true, 'ROUND');
  q('q_floor_u', 0.5, 3, false, false, 'FLOOR');
  q('q_down', 0.125, 5, true, false, 'DOWN');
  q('q_half_up', 0.25, 5, true, false, 'HALF_UP');
  q('q_half_down_po2', 2, 3, true, false, 'HALF_DOWN');
  q('q_even_u', 0.0625, 6, false, false, 'HALF_EVEN');
  node('bipolar', 'bipolar_quant', { scale: 0.5 });
  node('trunc_floor', 'trunc', { scale: 0.125, inBits: 8, outBits: 5, rounding: 'FLOOR' });
  node('trunc_round', 'trunc', { scale: 0.125, inBits: 8, outBits: 5, rounding: 'ROUND' });
  node('trunc_fine', 'trunc', { scale: 1 / 256, inBits: 12, outBits: 4, rounding: 'ROUND' });
  return { name: 'quantizers', inputs: ['x'], outputs: nodes.map((n) => n.outputs[0]!), nodes, tensors };
}

const graph = (): Graph => union([prefixed(mergesPlus(), 'm'), prefixed(pools(), 'w'), prefixed(shapesGraph(), 's'), prefixed(quantizers(), 'q')]);

const inputs = (p: Record<'m' | 'w' | 's' | 'q', string>): Record<string, { Precision: string }> =>
  Object.fromEntries(Object.entries(p).map(([k, v]) => [`${k}_x`, { Precision: v }]));

const CONFIGS: Record<string, { config: object; mult: 'lut' | 'dsp' }> = {
  'fixed<16,6> from fixed<12,4,RND>, exact accumulators, --mult lut': {
    mult: 'lut',
    config: {
      Model: { Precision: 'fixed<16,6>' },
      LayerName: {
        ...inputs({ m: 'fixed<12,4,RND>', w: 'fixed<12,4,RND>', s: 'fixed<12,4,RND>', q: 'fixed<10,4>' }),
        // Signed inputs into rounding and wrapping pool accumulators (one LSB dropped toward zero / half away).
        w_avgpool1d_k3_pads1_2: { Precision: { accum: 'fixed<10,3,TRN_ZERO>' } },
        w_global_avgpool2d_16: { Precision: { accum: 'fixed<11,4,RND_INF>' } },
      },
    },
  },
  'narrow: fixed<8,2,RND_CONV,SAT>, wrapping/rounding accumulators, WRAP/SAT_ZERO/SAT_SYM outputs, unsigned pool input, --mult dsp': {
    mult: 'dsp',
    config: {
      Model: { Precision: { default: 'fixed<8,2,RND_CONV,SAT>', param: 'fixed<6,1,RND,SAT>' } },
      LayerType: {
        Multiply: { Precision: 'fixed<6,1,TRN,WRAP>' },
        Subtract: { Precision: 'fixed<7,2,RND_INF,SAT_ZERO>' },
        Concatenate: { Precision: 'fixed<6,2,RND,SAT_SYM>' },
        Maximum: { Precision: 'ufixed<6,2,RND_MIN_INF,WRAP>' },
        Pooling: { Precision: { default: 'fixed<9,3,RND_CONV,WRAP>', accum: 'fixed<8,4,RND_CONV>', param: 'fixed<10,1,RND_CONV,SAT>' } },
        BatchNormalization: { Precision: { default: 'fixed<9,3,RND_CONV,SAT>', accum: 'fixed<12,3,RND>' } },
        Dense: { Precision: { accum: 'fixed<12,3,RND>' } },
        Padding: { Precision: 'fixed<7,3,RND_CONV,SAT>' },
        Resize: { Precision: 'fixed<6,1,RND_ZERO,WRAP>' },
      },
      LayerName: inputs({ m: 'fixed<10,4,RND>', w: 'ufixed<8,3>', s: 'fixed<10,4,RND>', q: 'fixed<10,3>' }),
    },
  },
  'unsigned ufixed<8,3> merge and pad/resize inputs -> fixed<9,4,RND_ZERO,SAT_SYM>, --mult lut': {
    mult: 'lut',
    config: { Model: { Precision: 'fixed<9,4,RND_ZERO,SAT_SYM>' }, LayerName: inputs({ m: 'ufixed<8,3>', w: 'fixed<10,4,RND_CONV>', s: 'ufixed<8,3>', q: 'fixed<12,5,RND>' }) },
  },
};

/** Per sample, every input's edge-aware values one after another (as tb_data concatenates them). */
function samples(g: Graph, count: number, seed: number): { data: Float64Array; per: number[] } {
  const per = g.inputs.map((t) => g.tensors[t]!.shape.reduce((a, b) => a * b, 1));
  const parts = g.inputs.map((t, i) => edgeAwareInputs(g.tensors[t]!.type!, count, per[i]!, seed + i));
  const total = per.reduce((a, b) => a + b, 0);
  const data = new Float64Array(count * total);
  for (let s = 0; s < count; s++) {
    let off = s * total;
    parts.forEach((p, i) => { data.set(p.subarray(s * per[i]!, (s + 1) * per[i]!), off); off += per[i]!; });
  }
  return { data, per };
}

describe('merge, pool, batchnorm, pad/resize and QONNX quantizer RTL: Verilator == simulator, bit-exact', () => {
  Object.entries(CONFIGS).forEach(([name, { config, mult }], ci) => {
    it(name, async () => {
      requireTool('verilator');
      const g = compile(graph(), { config: parsePrecisionConfig(config) }).graph;
      const ops = new Set(g.nodes.map((n) => n.op));
      for (const op of ['add', 'sub', 'mul', 'average', 'maximum', 'minimum', 'concat', 'maxpool', 'avgpool', 'global_maxpool', 'global_avgpool',
        'batchnorm', 'pad', 'resize', 'quant', 'bipolar_quant', 'trunc']) expect(ops, op).toContain(op);
      const { data, per } = samples(g, SAMPLES, 900 + 10 * ci);
      const total = per.reduce((a, b) => a + b, 0);
      // The comparison means something: no output is constant over the inputs.
      const sim = simulateFixed(g, g.inputs.map((_, i) => {
        const off = per.slice(0, i).reduce((a, b) => a + b, 0);
        return Float64Array.from({ length: SAMPLES * per[i]! }, (_, k) => data[Math.floor(k / per[i]!) * total + off + (k % per[i]!)]!);
      }), SAMPLES);
      const producer = (o: string): string => g.nodes.find((n) => n.outputs[0] === o)!.name;
      g.outputs.forEach((o, i) => expect(new Set(sim.values[i]).size, `${producer(o)} is constant`).toBeGreaterThan(1));

      const dir = join(work, `ops-${ci}`);
      await expectRtlBitExact(g, dir, data, SAMPLES, { mult });

      // Lint-clean: shift-add constant products (lut) and `*` (dsp) alike.
      const rtl = join(dir, 'verilog', 'rtl');
      const files = readdirSync(rtl).filter((f) => f.endsWith('.v')).map((f) => join(rtl, f));
      expect(files.length).toBeGreaterThan(40);
      expect(await lintVerilog(files, 'myproject')).toBe('');
    }, 900_000);
  });

  it('the narrow configuration really has rounding/wrapping accumulators, an unsigned pool input and WRAP, SAT_ZERO, SAT_SYM outputs', () => {
    const g = compile(graph(), { config: parsePrecisionConfig(Object.values(CONFIGS)[1]!.config) }).graph;
    const node = (name: string): Node => g.nodes.find((n) => n.name === name)!;
    const outType = (name: string): string => { const t = g.tensors[node(name).outputs[0]!]!.type!; return `${t.signed ? '' : 'u'}${t.width},${t.int},${t.rounding},${t.overflow}`; };
    expect(g.tensors.w_x!.type!.signed).toBe(false);
    expect((node('w_avgpool2d_include_pad').attrs as { accum: { rounding: string; width: number } }).accum).toMatchObject({ rounding: 'RND_CONV', width: 8 });
    expect((node('m_bn_relu').attrs as { accum: { rounding: string } }).accum.rounding).toBe('RND');
    expect(outType('m_maximum')).toBe('u6,2,RND_MIN_INF,WRAP');
    expect(outType('m_sub')).toBe('7,2,RND_INF,SAT_ZERO');
    expect(outType('m_concat_c')).toBe('6,2,RND,SAT_SYM');
    expect(outType('m_mul')).toBe('6,1,TRN,WRAP');
    expect(outType('s_pad2d_value100')).toBe('7,3,RND_CONV,SAT');
  });
});
