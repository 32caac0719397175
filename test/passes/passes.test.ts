// The passes, with the simulator as the oracle: remove-identity and fold-bias-add keep the float
// results, infer-accumulator-types picks the narrowest exact accumulator, and hints never change numbers.
import { describe, expect, it } from 'vitest';
import { compile, loadModel, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../src/index.js';
import { fracBits, type FixedType } from '../../src/fixed/types.js';
import type { DenseNode, Graph, Node } from '../../src/ir/types.js';
import { verify } from '../../src/ir/verify.js';
import { foldBiasAdd } from '../../src/passes/fold-bias-add.js';
import { inferAccumulatorTypes } from '../../src/passes/infer-accumulator-types.js';
import { defaultConfig } from '../../src/passes/precision-config.js';
import { removeIdentity } from '../../src/passes/remove-identity.js';
import type { PassContext } from '../../src/passes/types.js';
import { edgeAwareInputs } from '../helpers/fixed-inputs.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

const ctx = (): PassContext => ({ config: defaultConfig(), warnings: [] });
const load = (m: string): Graph => loadModel(sharedModel(`onnx/${m}.onnx`)).graph;
const ops = (g: Graph): string[] => g.nodes.map((n) => n.op);

function randomInputs(g: Graph, count: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: count * g.tensors[g.inputs[0]!]!.shape[0]! }, () => 4 * rand() - 2);
}

describe('remove-identity', () => {
  it('dense_big_keras: removes the 4 Identity nodes, float outputs bit-identical', () => {
    const g = load('dense_big_keras');
    expect(ops(g).filter((o) => o === 'identity')).toHaveLength(4);
    const h = removeIdentity.run(g, ctx());
    verify(h);
    expect(ops(h)).toEqual(ops(g).filter((o) => o !== 'identity'));
    expect(h.outputs).toEqual(g.outputs);
    // No tensor is left that only an identity used.
    for (const n of g.nodes.filter((m) => m.op === 'identity')) expect(h.tensors[n.outputs[0]!]).toBeUndefined();
    const x = randomInputs(g, 500, 1);
    expect(simulateFloat(h, [x], 500)).toEqual(simulateFloat(g, [x], 500));
  });

  it('an identity producing the graph output keeps the output name', () => {
    const g = load('three_layer_keras');
    const last = g.outputs[0]!;
    const withId: Graph = {
      ...g,
      outputs: ['final'],
      nodes: [...g.nodes, { name: 'id_out', op: 'identity', inputs: [last], outputs: ['final'], attrs: { origin: 'Dropout' } }],
      tensors: { ...g.tensors, final: { name: 'final', shape: g.tensors[last]!.shape } },
    };
    verify(withId);
    const h = removeIdentity.run(withId, ctx());
    verify(h);
    expect(h.outputs).toEqual(['final']);
    expect(ops(h)).toEqual(ops(g));
    const x = randomInputs(g, 200, 2);
    expect(simulateFloat(h, [x], 200)).toEqual(simulateFloat(g, [x], 200));
  });
});

/** The graph from `dense`'s input to `out` alone, run on given values of that input. */
function layer(g: Graph, nodes: Node[], out: string): Graph {
  return { ...g, inputs: [nodes[0]!.inputs[0]!], outputs: [out], nodes };
}

describe('fold-bias-add', () => {
  for (const model of ['three_layer_keras', 'two_layer_keras']) {
    it(`${model}: every MatMul+Add becomes one dense with a bias; float outputs agree`, () => {
      const g = load(model);
      const adds = g.nodes.filter((n) => n.op === 'add');
      expect(adds.length).toBe(g.nodes.filter((n) => n.op === 'dense').length);
      const h = foldBiasAdd.run(g, ctx());
      verify(h);
      expect(ops(h)).toEqual(ops(g).filter((o) => o !== 'add'));
      const dense = h.nodes.filter((n): n is DenseNode => n.op === 'dense');
      for (const [k, d] of dense.entries()) {
        expect(d.inputs).toHaveLength(3);
        // The bias is the Add's constant, value for value; the dense now produces the Add's output.
        const add = adds[k]!;
        const constant = add.inputs.find((x) => g.tensors[x]!.data)!;
        expect(h.tensors[d.inputs[2]!]!.data).toEqual(g.tensors[constant]!.data);
        expect(d.outputs).toEqual(add.outputs);
      }

      // Floats: the sum order changes (bias first instead of last), so results may differ in the
      // last bits. Per layer, on the same input, both orders are recursive sums of the same K + 1
      // terms, each within γ = (K+1)u/(1-(K+1)u) · Σ|term| of the exact sum (u = 2^-53), so they
      // differ by at most 2γ · (Σ_i |x_i w_ij| + |b_j|). Checked per output, on real activations.
      const x = randomInputs(g, 200, 3);
      let differs = 0;
      for (const [k, d] of dense.entries()) {
        const add = adds[k]!;
        const orig = g.nodes.find((n) => n.outputs[0] === add.inputs.find((i) => !g.tensors[i]!.data))!;
        const xin = orig.inputs[0]!;
        const acts = xin === g.inputs[0] ? x : simulateFloat({ ...g, outputs: [xin] }, [x], 200)[0]!;
        const before = simulateFloat(layer(g, [orig, add], add.outputs[0]!), [acts], 200)[0]!;
        const after = simulateFloat(layer(h, [d], d.outputs[0]!), [acts], 200)[0]!;
        const [K, N] = g.tensors[d.inputs[1]!]!.shape as [number, number];
        const w = g.tensors[d.inputs[1]!]!.data!;
        const b = h.tensors[d.inputs[2]!]!.data!;
        const gamma = ((K + 1) * 2 ** -53) / (1 - (K + 1) * 2 ** -53);
        for (let s = 0; s < 200; s++) {
          for (let j = 0; j < N; j++) {
            let mag = Math.abs(b[j]!);
            for (let i = 0; i < K; i++) mag += Math.abs(acts[s * K + i]! * w[i * N + j]!);
            const diff = Math.abs(before[s * N + j]! - after[s * N + j]!);
            expect(diff).toBeLessThanOrEqual(2 * gamma * mag * (1 + 1e-12));
            if (diff > 0) differs++;
          }
        }
      }
      // The bound is not vacuous here: the reordering really does change some results.
      expect(differs).toBeGreaterThan(0);
      // End to end the layer differences stay at rounding level (a few layers of O(1) weights amplify
      // a ~1e-15 relative error by far less than 1e3).
      const y0 = simulateFloat(g, [x], 200)[0]!;
      const y1 = simulateFloat(h, [x], 200)[0]!;
      const scale = Math.max(...y0.map(Math.abs));
      for (let i = 0; i < y0.length; i++) expect(Math.abs(y0[i]! - y1[i]!)).toBeLessThanOrEqual(1e-12 * scale);
    });
  }

  it('dense_big_keras: after remove-identity, all 6 Adds fold; float outputs agree to rounding', () => {
    const g = removeIdentity.run(load('dense_big_keras'), ctx());
    const h = foldBiasAdd.run(g, ctx());
    verify(h);
    expect(ops(h)).not.toContain('add');
    expect(h.nodes.filter((n) => n.op === 'dense').every((n) => n.inputs.length === 3)).toBe(true);
    const x = randomInputs(g, 200, 4);
    const y0 = simulateFloat(g, [x], 200)[0]!;
    const y1 = simulateFloat(h, [x], 200)[0]!;
    for (let i = 0; i < y0.length; i++) expect(Math.abs(y0[i]! - y1[i]!)).toBeLessThanOrEqual(1e-12);
  });
});

// ---- infer-accumulator-types on seeded random dense layers with on-grid weights.

interface Case { g: Graph; tx: FixedType; tw: FixedType; tb?: FixedType; wr: bigint[]; br?: bigint[]; K: number; N: number }

function randomType(rand: () => number, signed: boolean): FixedType {
  const width = 3 + Math.floor(rand() * 10); // 3..12
  const int = Math.floor(rand() * 10) - 3; // -3..6
  return { signed, width, int, rounding: 'TRN', overflow: 'WRAP' };
}
const lo = (t: FixedType): bigint => (t.signed ? -(2n ** BigInt(t.width - 1)) : 0n);
const hi = (t: FixedType): bigint => (t.signed ? 2n ** BigInt(t.width - 1) : 2n ** BigInt(t.width)) - 1n;

function randomRaw(rand: () => number, t: FixedType): bigint {
  const r = rand();
  if (r < 0.15) return 0n; // pruned weights
  if (r < 0.3) return rand() < 0.5 ? lo(t) : hi(t); // the extremes of the type
  return lo(t) + BigInt(Math.floor(rand() * Number(hi(t) - lo(t) + 1n)));
}

function randomDense(seed: number): Case {
  const rand = mulberry32(seed);
  const K = 1 + Math.floor(rand() * 8);
  const N = 1 + Math.floor(rand() * 5);
  const tx = randomType(rand, rand() < 0.7);
  const tw = randomType(rand, rand() < 0.8);
  const tb = rand() < 0.7 ? randomType(rand, true) : undefined;
  const wr = Array.from({ length: K * N }, () => randomRaw(rand, tw));
  wr[Math.floor(rand() * wr.length)] = hi(tw); // at least one nonzero weight
  const br = tb ? Array.from({ length: N }, () => randomRaw(rand, tb)) : undefined;
  // raw · 2^-F is exact in a double (|raw| < 2^12), so the constants are already on their grids.
  const val = (r: bigint, t: FixedType): number => Number(r) * 2 ** -fracBits(t);
  const g: Graph = {
    name: `random${seed}`,
    inputs: ['x'],
    outputs: ['y'],
    nodes: [{ name: 'fc', op: 'dense', inputs: br ? ['x', 'W', 'b'] : ['x', 'W'], outputs: ['y'], attrs: {} }],
    tensors: {
      x: { name: 'x', shape: [K], type: tx },
      W: { name: 'W', shape: [K, N], type: tw, data: wr.map((r) => val(r, tw)) },
      ...(br ? { b: { name: 'b', shape: [N], type: tb!, data: br.map((r) => val(r, tb!)) } } : {}),
      y: { name: 'y', shape: [N], type: { signed: true, width: 16, int: 6, rounding: 'TRN', overflow: 'WRAP' } },
    },
  };
  verify(g);
  return { g, tx, tw, ...(tb ? { tb } : {}), wr, ...(br ? { br } : {}), K, N };
}

describe('infer-accumulator-types (40 seeded random dense layers)', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}: F = max(Fx+Fw, Fb), exact on every extreme input, and one integer bit narrower is not`, () => {
      const c = randomDense(seed);
      const out = inferAccumulatorTypes.run(c.g, ctx());
      const acc = (out.nodes[0] as DenseNode).attrs.accum!;
      const fp = fracBits(c.tx) + fracBits(c.tw);
      expect(fracBits(acc)).toBe(c.tb ? Math.max(fp, fracBits(c.tb)) : fp);
      expect(acc.overflow).toBe('WRAP');
      expect(acc.width).toBeGreaterThan(1);
      const fa = fracBits(acc);
      // Per output, the inputs that maximize / minimize its sum: x_i at the type's max where w_ij > 0, at its min
      // where w_ij < 0 (separable in i). Their exact sums, in raw units of 2^-fa, computed here with BigInt.
      const extremes: { x: bigint[]; sum: bigint }[] = [];
      for (let j = 0; j < c.N; j++) {
        for (const up of [true, false]) {
          const x = Array.from({ length: c.K }, (_, i) => ((c.wr[i * c.N + j]! > 0n) === up ? hi(c.tx) : lo(c.tx)));
          let sum = c.br ? c.br[j]! << BigInt(fa - fracBits(c.tb!)) : 0n;
          for (let i = 0; i < c.K; i++) sum += (x[i]! * c.wr[i * c.N + j]!) << BigInt(fa - fp);
          extremes.push({ x, sum });
        }
      }
      // (b) never overflows or rounds: the simulator with y typed as the accumulator returns the exact sum.
      const probe: Graph = { ...out, tensors: { ...out.tensors, y: { ...out.tensors.y!, type: acc } } };
      const xs = Float64Array.from(extremes.flatMap((e) => e.x.map((r) => Number(r) * 2 ** -fracBits(c.tx))));
      const raw = simulateFixed(probe, [xs], extremes.length).raw[0]!;
      extremes.forEach((e, k) => {
        const j = Math.floor(k / 2);
        expect(raw[k * c.N + j]).toBe(e.sum);
        expect(e.sum >= lo(acc) && e.sum <= hi(acc)).toBe(true);
      });
      // (c) minimal: with one integer bit fewer (same F), some extreme sum falls outside the range.
      const narrower: FixedType = { ...acc, width: acc.width - 1, int: acc.int - 1 };
      expect(extremes.some((e) => e.sum < lo(narrower) || e.sum > hi(narrower))).toBe(true);
    });
  }
  it('the random cases cover signed and unsigned accumulators and inputs, with and without bias', () => {
    const seen = { signedAcc: 0, unsignedAcc: 0, withBias: 0, unsignedX: 0, biasSetsF: 0 };
    for (let seed = 1; seed <= 40; seed++) {
      const c = randomDense(seed);
      const acc = (inferAccumulatorTypes.run(c.g, ctx()).nodes[0] as DenseNode).attrs.accum!;
      seen[acc.signed ? 'signedAcc' : 'unsignedAcc']++;
      if (c.tb) seen.withBias++;
      if (c.tb && fracBits(c.tb) > fracBits(c.tx) + fracBits(c.tw)) seen.biasSetsF++;
      if (!c.tx.signed) seen.unsignedX++;
    }
    for (const v of Object.values(seen)) expect(v).toBeGreaterThan(0);
    expect(seen.withBias).toBeLessThan(40);
  });
});

describe('hints never change numbers', () => {
  it('ReuseFactor and Strategy set node hints, and the fixed output is bit-identical', () => {
    const g = load('three_layer_keras');
    const base = { Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } };
    const hinted = {
      ...base,
      LayerType: { Dense: { ReuseFactor: 4, Strategy: 'Resource' } },
      LayerName: { _class__keras_layers_core_Dense__1: { ReuseFactor: 16 } },
    };
    const plain = compile(g, { config: parsePrecisionConfig(base) }).graph;
    const withHints = compile(g, { config: parsePrecisionConfig(hinted) }).graph;
    const dense = withHints.nodes.filter((n) => n.op === 'dense');
    expect(dense).toHaveLength(4);
    for (const n of dense) {
      const rf = n.name === '_class__keras_layers_core_Dense__1' ? 16 : 4; // the name wins over the type
      expect(n.hints).toEqual({ reuseFactor: rf, strategy: 'resource' });
    }
    expect(plain.nodes.every((n) => n.hints === undefined)).toBe(true);
    // Everything else is the same graph.
    expect(withHints.nodes.map(({ hints: _h, ...rest }) => rest)).toEqual(plain.nodes);
    expect(withHints.tensors).toEqual(plain.tensors);
    const x = edgeAwareInputs(plain.tensors[plain.inputs[0]!]!.type!, 1000, 16, 5);
    const a = simulateFixed(plain, [x], 1000);
    const b = simulateFixed(withHints, [x], 1000);
    expect(b.raw).toEqual(a.raw);
    expect(new Set(a.raw[0]!.map(String)).size).toBeGreaterThan(1);
  });
});
