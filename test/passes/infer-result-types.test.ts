// `auto` result types (infer-result-types, src/analysis/ranges.ts): on the jet tagger the extreme corners
// of the input range pass through every layer exactly (checked against BigInt arithmetic written here);
// on random small graphs every simulated value lies in its inferred interval and equals exact float math.
import { describe, expect, it } from 'vitest';
import { graphRanges } from '../../src/analysis/ranges.js';
import { fromFloat, toFloat } from '../../src/fixed/quantize.js';
import { fracBits } from '../../src/fixed/types.js';
import { compile, loadModel, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../src/index.js';
import type { Graph, Node, Tensor } from '../../src/ir/types.js';
import { capType } from '../../src/passes/infer-result-types.js';
import { parseFixedType } from '../../src/fixed/parse.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

/** Every node output becomes a graph output too, so the simulator returns it. */
function exposeAll(g: Graph): Graph {
  return { ...g, outputs: [...new Set([...g.outputs, ...g.nodes.map((n) => n.outputs[0]!)])] };
}

/** Corner inputs: each feature at its type's min or max (all-min, all-max, alternating, random). */
function corners(per: number, lo: number, hi: number, count: number, seed: number): Float64Array {
  const r = mulberry32(seed);
  const out = new Float64Array(per * count);
  for (let s = 0; s < count; s++) {
    for (let i = 0; i < per; i++) {
      const pick = s === 0 ? 0 : s === 1 ? 1 : s === 2 ? i % 2 : s === 3 ? 1 - (i % 2) : r() < 0.5 ? 0 : 1;
      out[s * per + i] = pick ? hi : lo;
    }
  }
  return out;
}

describe('auto result types on the jet tagger (three_layer_keras)', () => {
  const INPUT = 'fixed<10,4,RND,SAT>';
  const g = loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph;
  const input = g.inputs[0]!;
  const config = (model: object): Graph => compile(g, { config: parsePrecisionConfig({ Model: model, LayerName: { [input]: { Precision: INPUT } } }) }).graph;
  const t = parseFixedType(INPUT);
  const lsb = 2 ** -fracBits(t);
  const x = corners(16, -(2 ** (t.int - 1)), 2 ** (t.int - 1) - lsb, 200, 5);

  /**
   * Layers whose output differs from exact arithmetic on their own fixed inputs, floored to the output's
   * LSB (TRN): a layer that overflowed (wrapped or saturated). BigInt arithmetic written here.
   */
  function overflowingLayers(compiled: Graph): Set<string> {
    const c = exposeAll(compiled);
    const sim = simulateFixed(c, [x], 200);
    const value = (name: string): Float64Array => (name === input ? x : sim.values[c.outputs.indexOf(name)]!);
    const bad = new Set<string>();
    for (const n of c.nodes.filter((m) => m.op === 'dense' || m.op === 'relu')) {
      const tx = c.tensors[n.inputs[0]!]!.type!;
      const ty = c.tensors[n.outputs[0]!]!.type!;
      const xs = value(n.inputs[0]!);
      const ys = value(n.outputs[0]!);
      const perIn = c.tensors[n.inputs[0]!]!.shape[0]!;
      const perOut = c.tensors[n.outputs[0]!]!.shape[0]!;
      for (let s = 0; s < 200; s++) {
        const xr = Array.from(xs.subarray(s * perIn, (s + 1) * perIn), (v) => fromFloat(v, tx));
        let exact: bigint[];
        let f: number;
        if (n.op === 'relu') {
          exact = xr.map((v) => (v > 0n ? v : 0n));
          f = fracBits(tx);
        } else {
          const wt = c.tensors[n.inputs[1]!]!;
          const bt = c.tensors[n.inputs[2]!]!;
          const [fw, fb] = [fracBits(wt.type!), fracBits(bt.type!)];
          f = Math.max(fracBits(tx) + fw, fb);
          const w = wt.data!.map((v) => fromFloat(v, wt.type!));
          exact = Array.from({ length: perOut }, (_, j) => {
            let acc = fromFloat(bt.data![j]!, bt.type!) << BigInt(f - fb);
            for (let i = 0; i < perIn; i++) acc += (xr[i]! * w[i * perOut + j]!) << BigInt(f - fracBits(tx) - fw);
            return acc;
          });
        }
        const fy = fracBits(ty);
        for (let j = 0; j < perOut; j++) {
          const want = fy >= f ? exact[j]! << BigInt(fy - f) : exact[j]! >> BigInt(f - fy); // floor
          if (fromFloat(ys[s * perOut + j]!, ty) !== want) bad.add(n.name);
        }
      }
    }
    return bad;
  }

  it('no layer overflows at the extreme corners of the input range (auto, capped at fixed<40,24>)', () => {
    const c = compile(g, { config: parsePrecisionConfig({ Model: { Precision: { result: 'auto', maximum: 'fixed<40,24>' } }, LayerName: { [input]: { Precision: INPUT } } }) });
    expect(c.warnings.filter((w) => w.code === 'W203')).toEqual([]);
    expect(c.graph.nodes.filter((n) => n.op === 'dense')).toHaveLength(4);
    expect([...overflowingLayers(c.graph)]).toEqual([]);
    // Below the cap a layer holds its full sum: the first dense keeps every product's bits.
    const fc1 = c.graph.nodes.find((n) => n.op === 'dense')!;
    expect(c.graph.tensors[fc1.outputs[0]!]!.type).toEqual(fc1.attrs.accum);
  });

  it('the same corners overflow fixed<16,6> results (so the check above can fail)', () => {
    expect(overflowingLayers(config({ Precision: 'fixed<16,6>' })).size).toBeGreaterThan(0);
  });

  it('caps at maximum with a W203 warning naming the layer whose range it cuts', () => {
    const c = compile(g, { config: parsePrecisionConfig({ Model: { Precision: { result: 'auto', maximum: 'fixed<18,4,RND,SAT>' } }, LayerName: { [input]: { Precision: INPUT } } }) });
    for (const n of c.graph.nodes) {
      const ty = c.graph.tensors[n.outputs[0]!]!.type!;
      expect(ty.width).toBeLessThanOrEqual(18);
      expect(ty.int).toBeLessThanOrEqual(4);
    }
    const w = c.warnings.filter((x) => x.code === 'W203');
    expect(w.length).toBeGreaterThan(0);
    for (const x of w) expect(c.graph.nodes.map((n) => `node '${n.name}' (${n.op})`)).toContain(x.subject);
    expect(capType(parseFixedType('fixed<20,4>'), parseFixedType('fixed<16,6>'))).toEqual({ type: parseFixedType('fixed<16,4>'), rangeLost: false });
    expect(capType(parseFixedType('fixed<30,12>'), parseFixedType('fixed<16,6,RND,SAT>'))).toEqual({ type: parseFixedType('fixed<16,6,RND,SAT>'), rangeLost: true });
  });
});

/** A random chain of exact ops on small vectors, every weight and parameter dyadic so float math is exact. */
function randomGraph(seed: number): Graph {
  const r = mulberry32(seed);
  const dyadic = (): number => Math.round((r() * 4 - 2) * 16) / 16;
  const n = 3 + Math.floor(r() * 4);
  const tensors: Record<string, Tensor> = { x: { name: 'x', shape: [n] } };
  const nodes: Node[] = [];
  const live = ['x'];
  let k = 0;
  const pick = (): string => live[Math.floor(r() * live.length)]!;
  for (let step = 0; step < 6; step++) {
    const y = `t${k++}`;
    const a = pick();
    const op = ['dense', 'relu', 'add', 'sub', 'mul', 'leaky_relu', 'clip', 'maximum', 'minimum', 'average', 'mulconst', 'conv', 'avgpool', 'clippos'][Math.floor(r() * 14)]!;
    tensors[y] = { name: y, shape: [n] };
    if (op === 'conv' || op === 'avgpool') {
      // As a 1-D window over [n, 1] with padding, so that windows at the edges leave terms out.
      tensors[`${y}_in`] = { name: `${y}_in`, shape: [n, 1] };
      tensors[`${y}_out`] = { name: `${y}_out`, shape: [n, 1] };
      nodes.push({ name: `${y}_view`, op: 'reshape', inputs: [a], outputs: [`${y}_in`], attrs: { shape: [n, 1] } });
      if (op === 'conv') {
        tensors[`${y}_w`] = { name: `${y}_w`, shape: [2, 1, 1], data: [dyadic(), dyadic()] };
        nodes.push({ name: y + '_conv', op: 'conv', inputs: [`${y}_in`, `${y}_w`], outputs: [`${y}_out`], attrs: { strides: [1], dilations: [1], pads: [1, 0], groups: 1 } });
      } else {
        nodes.push({ name: y + '_pool', op: 'avgpool', inputs: [`${y}_in`], outputs: [`${y}_out`], attrs: { kernel: [2], strides: [1], pads: [1, 0], countIncludePad: false } });
      }
      nodes.push({ name: y, op: 'reshape', inputs: [`${y}_out`], outputs: [y], attrs: { shape: [n] } });
    } else if (op === 'dense') {
      tensors[`${y}_w`] = { name: `${y}_w`, shape: [n, n], data: Array.from({ length: n * n }, dyadic) };
      tensors[`${y}_b`] = { name: `${y}_b`, shape: [n], data: Array.from({ length: n }, dyadic) };
      nodes.push({ name: y, op: 'dense', inputs: [a, `${y}_w`, `${y}_b`], outputs: [y], attrs: {} });
    } else if (op === 'relu') nodes.push({ name: y, op: 'relu', inputs: [a], outputs: [y], attrs: {} });
    else if (op === 'leaky_relu') nodes.push({ name: y, op: 'leaky_relu', inputs: [a], outputs: [y], attrs: { alpha: 0.25 } });
    else if (op === 'clip') nodes.push({ name: y, op: 'clip', inputs: [a], outputs: [y], attrs: { min: -0.75, max: 1.5 } });
    // An interval away from 0: windows cut by padding then leave the range (the bug this guards).
    else if (op === 'clippos') nodes.push({ name: y, op: 'clip', inputs: [a], outputs: [y], attrs: { min: 0.5, max: 1.5 } });
    else if (op === 'mulconst') {
      tensors[`${y}_c`] = { name: `${y}_c`, shape: [n], data: Array.from({ length: n }, dyadic) };
      nodes.push({ name: y, op: 'mul', inputs: [a, `${y}_c`], outputs: [y], attrs: {} });
    } else nodes.push({ name: y, op, inputs: [a, pick()], outputs: [y], attrs: {} } as Node);
    live.push(y);
  }
  return { name: `random${seed}`, inputs: ['x'], outputs: live.slice(1), nodes, tensors };
}

describe('auto result types on random graphs', () => {
  it('every simulated value lies in its inferred interval and equals exact float arithmetic', () => {
    let checked = 0;
    let graphs = 0;
    for (let seed = 1; graphs < 60; seed++) {
      const g = randomGraph(seed);
      const ty = ['fixed<6,2>', 'fixed<8,3,RND,SAT>', 'ufixed<5,2>'][seed % 3]!;
      const c = compile(g, { config: parsePrecisionConfig({ Model: { Precision: 'auto' }, LayerName: { x: { Precision: ty } } }) }).graph;
      expect(seed).toBeLessThan(150);
      // Exact types grow by a product's width at each multiply: chains past 48 bits are refused by the
      // exact activations (E502), and past 53 the float reference stops being exact. Draw those again.
      if (Object.values(c.tensors).some((t) => t.type && t.type.width > 46)) continue;
      graphs++;
      const n = g.tensors.x!.shape[0]!;
      const t = c.tensors.x!.type!;
      const lsb = 2 ** -fracBits(t);
      const lo = t.signed ? -(2 ** (t.int - 1)) : 0;
      const hi = 2 ** (t.signed ? t.int - 1 : t.int) - lsb;
      const count = 120;
      const r = mulberry32(seed);
      const x = Float64Array.from({ length: n * count }, (_, i) => (i < n * 40 ? (r() < 0.5 ? lo : hi) : lo + Math.floor(r() * ((hi - lo) / lsb + 1)) * lsb));
      const fixed = simulateFixed(c, [x], count);
      // The float executor on the quantized constants: exact here (dyadic values, short sums).
      const q: Graph = { ...c, tensors: Object.fromEntries(Object.entries(c.tensors).map(([k, v]) => [k, v.data ? { ...v, data: v.data.map((d) => toFloat(fromFloat(d, v.type!), v.type!)) } : v])) };
      const float = simulateFloat(q, [x], count);
      const ranges = graphRanges(c);
      c.outputs.forEach((o, k) => {
        const iv = ranges.get(o)!;
        const [l, h] = [Number(iv.lo) / 2 ** iv.frac, Number(iv.hi) / 2 ** iv.frac];
        for (const v of fixed.values[k]!) {
          expect(v).toBeGreaterThanOrEqual(l);
          expect(v).toBeLessThanOrEqual(h);
          checked++;
        }
        const plain = (a: Float64Array): number[] => Array.from(a, (v) => v + 0); // -0 and +0 are the same value
        expect(plain(fixed.values[k]!)).toEqual(plain(float[k]!));
      });
    }
    expect(checked).toBeGreaterThanOrEqual(60 * 120 * 6 * 3);
  });
});

describe('auto result types: cases a review found unsound (expected values by hand)', () => {
  const run = (g: Graph, config: object, x: number[]): number[] => {
    const c = compile(g, { config: parsePrecisionConfig(config) }).graph;
    return Array.from(simulateFixed(c, [Float64Array.from(x)], 1).values[0]!, (v) => v + 0);
  };

  it('a padded conv whose input interval excludes 0: a window cut by the padding keeps one term', () => {
    // x in [1, 2] (clip of ufixed<4,2>), weights [1, -1], pads [1, 1]: outputs -x0, x0 - x1, x1.
    const g: Graph = {
      name: 'padconv', inputs: ['x'], outputs: ['y'],
      tensors: {
        x: { name: 'x', shape: [2, 1] }, c: { name: 'c', shape: [2, 1] }, y: { name: 'y', shape: [3, 1] },
        w: { name: 'w', shape: [2, 1, 1], data: [1, -1] },
      },
      nodes: [
        { name: 'clip', op: 'clip', inputs: ['x'], outputs: ['c'], attrs: { min: 1, max: 2 } },
        { name: 'conv', op: 'conv', inputs: ['c', 'w'], outputs: ['y'], attrs: { strides: [1], dilations: [1], pads: [1, 1], groups: 1 } },
      ],
    };
    const config = { Model: { Precision: 'auto' }, LayerName: { x: { Precision: 'ufixed<4,2>' } } };
    expect(run(g, config, [2, 2])).toEqual([-2, 0, 2]);
    expect(run(g, config, [1, 2])).toEqual([-1, -1, 2]);
  });

  it('an average pool with an explicit, rounding accumulator: the sum is bounded by the accumulator', () => {
    // Each -0.25 floors to -1 in fixed<8,8>: sum -2, times q(1/2) = 0.5: -1.
    const g: Graph = {
      name: 'avg', inputs: ['x'], outputs: ['y'],
      tensors: { x: { name: 'x', shape: [2, 1] }, c: { name: 'c', shape: [2, 1] }, y: { name: 'y', shape: [1, 1] } },
      nodes: [
        { name: 'clip', op: 'clip', inputs: ['x'], outputs: ['c'], attrs: { min: -0.25, max: 0 } },
        { name: 'pool', op: 'avgpool', inputs: ['c'], outputs: ['y'], attrs: { kernel: [2], strides: [2], pads: [0, 0], countIncludePad: false } },
      ],
    };
    const config = { Model: { Precision: 'auto' }, LayerName: { x: { Precision: 'fixed<6,2>' }, pool: { Precision: { accum: 'fixed<8,8>', result: 'auto' } } } };
    expect(run(g, config, [-0.25, -0.25])).toEqual([-1]);
  });
});
