// The fixed simulator's two exact paths agree bit for bit: plain doubles while every intermediate
// fits in 53 bits ('auto'), BigInt everywhere ('bigint'); plus hand-computed dense cases from ir/OPS.md.
import { describe, expect, it } from 'vitest';
import { compile, loadModel, parsePrecisionConfig, simulateFixed } from '../../src/index.js';
import { parseFixedType } from '../../src/fixed/parse.js';
import { maxRaw } from '../../src/fixed/quantize.js';
import { ROUNDINGS, type FixedType, type Overflow, type Rounding } from '../../src/fixed/types.js';
import type { Graph } from '../../src/ir/types.js';
import { verify } from '../../src/ir/verify.js';
import { isNumberRaw } from '../../src/ops/values.js';
import { runFixedSample } from '../../src/sim/fixed.js';
import { edgeAwareInputs } from '../helpers/fixed-inputs.js';
import { sharedModel } from '../helpers/paths.js';

const N = 1000;
const MODELS = ['three_layer_keras', 'dense_big_keras'] as const;

/** Narrow accumulators that round the products and wrap the sums (as in the csim test). */
const NARROW: Record<(typeof MODELS)[number], object> = {
  three_layer_keras: { Model: { Precision: 'fixed<16,6,RND,SAT>' }, LayerType: { Dense: { Precision: { accum: 'fixed<16,2,RND>' } } } },
  // dense_big's hidden weights are ~1e-6: this weight type holds them, so its products are nonzero.
  dense_big_keras: {
    Model: { Precision: 'fixed<16,6,RND,SAT>' },
    LayerType: { Dense: { Precision: { weight: 'fixed<12,-12,RND>', result: 'fixed<16,-2,RND,SAT>', accum: 'fixed<24,-6,RND>' } } },
  },
};

const CONFIGS: Record<string, (m: (typeof MODELS)[number]) => object> = {
  'fixed<16,6>': () => ({ Model: { Precision: 'fixed<16,6>' } }),
  // Weights explicitly truncated (hls4ml's habit): rounded to nearest, dense_big's ~1e-6 weights would all be 0.
  'fixed<8,3>': () => ({ Model: { Precision: { default: 'fixed<8,3>', weight: 'fixed<8,3,TRN>' } } }),
  'fixed<12,4,RND_CONV,SAT>': () => ({ Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } }),
  'fixed<18,8,RND,SAT_SYM>': () => ({ Model: { Precision: 'fixed<18,8,RND,SAT_SYM>' } }),
  'narrow wrapping accumulators': (m) => NARROW[m],
  'unsigned input and relu outputs': () => ({
    Model: { Precision: 'fixed<16,6>' },
    LayerName: { input_1_0: { Precision: 'ufixed<10,2>' } },
    LayerType: { Relu: { Precision: { result: 'ufixed<12,5,RND,SAT>' } } },
  }),
};

function compiled(model: string, config: object): Graph {
  return compile(loadModel(sharedModel(`onnx/${model}.onnx`)).graph, { config: parsePrecisionConfig(config) }).graph;
}

function inputsFor(g: Graph, seed: number): Float64Array {
  const x = g.tensors[g.inputs[0]!]!;
  return edgeAwareInputs(x.type!, N, x.shape[0]!, seed);
}

describe("simulateFixed: 'auto' (doubles) == 'bigint', every output of 1,000 edge-aware inputs", () => {
  MODELS.forEach((model, mi) => {
    Object.entries(CONFIGS).forEach(([name, config], ci) => {
      it(`${model} at ${name}`, () => {
        // dense_big's logits barely vary (hidden weights ~1e-6): its softmax probabilities at these
        // types are constant, so its logits are compared (skip); three_layer covers the softmax.
        const c = config(model) as { LayerType?: object };
        const g = compiled(model, model === 'dense_big_keras' ? { ...c, LayerType: { ...c.LayerType, Softmax: { implementation: 'skip' } } } : c);
        const x = inputsFor(g, 100 * mi + ci + 1);
        const per = x.length / N;
        // The case is a real comparison only if 'auto' stays on doubles end to end.
        expect(isNumberRaw(runFixedSample(g, [x.subarray(0, per)], 'auto')[0]!.raw)).toBe(true);
        expect(isNumberRaw(runFixedSample(g, [x.subarray(0, per)], 'bigint')[0]!.raw)).toBe(false);
        const auto = simulateFixed(g, [x], N, 'auto');
        const big = simulateFixed(g, [x], N, 'bigint');
        expect(auto.raw[0]!.length).toBe(N * g.tensors[g.outputs[0]!]!.shape[0]!);
        expect(auto.raw).toEqual(big.raw);
        expect(auto.values).toEqual(big.values);
        // Not a degenerate comparison: the outputs vary over the inputs.
        expect(new Set(auto.raw[0]!.map(String)).size).toBeGreaterThan(1);
      }, 60_000);
    });
  });

  MODELS.forEach((model, mi) => {
    it(`${model} at fixed<40,12> everywhere: 'auto' must fall back to BigInt (80-bit products), same bits`, () => {
      const g = compiled(model, { Model: { Precision: 'fixed<40,12>' } });
      const x = inputsFor(g, 900 + mi);
      const per = x.length / N;
      expect(isNumberRaw(runFixedSample(g, [x.subarray(0, per)], 'auto')[0]!.raw)).toBe(false);
      const auto = simulateFixed(g, [x], N, 'auto');
      const big = simulateFixed(g, [x], N, 'bigint');
      expect(auto.raw).toEqual(big.raw);
      // Meaningful: some outputs are nonzero and inside the range (not at a saturation bound).
      const t = auto.types[0]!;
      const inner = auto.raw[0]!.filter((r) => r !== 0n && r < maxRaw(t) && r > -maxRaw(t));
      expect(inner.length).toBeGreaterThan(N / 10);
    }, 60_000);
  });
});

// ---- Hand-computed dense cases (ir/OPS.md, dense): p_ij = q(x_i·w_ij, accum); acc_j = q(b_j, accum) + Σ p_ij
// (mod 2^W(accum)); y_j = q(acc_j, out). Every value below is on its type's grid, so the constants are exact.

const T = (s: string): FixedType => parseFixedType(s);

function denseGraph(spec: {
  x: FixedType; w: number[][]; wType: FixedType; b?: number[]; bType?: FixedType; accum: FixedType; out: FixedType;
}): Graph {
  const k = spec.w.length;
  const n = spec.w[0]!.length;
  const g: Graph = {
    name: 'hand',
    inputs: ['x'],
    outputs: ['y'],
    nodes: [{ name: 'fc', op: 'dense', inputs: spec.b ? ['x', 'W', 'b'] : ['x', 'W'], outputs: ['y'], attrs: { accum: spec.accum } }],
    tensors: {
      x: { name: 'x', shape: [k], type: spec.x },
      W: { name: 'W', shape: [k, n], type: spec.wType, data: spec.w.flat() },
      ...(spec.b ? { b: { name: 'b', shape: [n], type: spec.bType!, data: spec.b } } : {}),
      y: { name: 'y', shape: [n], type: spec.out },
    },
  };
  verify(g);
  return g;
}

/** Raw outputs for one sample, checked to be the same on both paths. */
function rawOut(g: Graph, x: number[]): bigint[] {
  const a = simulateFixed(g, [Float64Array.from(x)], 1, 'auto').raw[0]!;
  const b = simulateFixed(g, [Float64Array.from(x)], 1, 'bigint').raw[0]!;
  expect(a).toEqual(b);
  return a;
}

describe('dense, computed by hand', () => {
  // x = [1.5, -0.25] and W, b in fixed<8,3> (F = 5): raws x = [48, -8], W = [[16, -8], [-48, 32]], b = [4, -4].
  // accum fixed<20,10> (F = 10 = Fx + Fw): products exact: col 0: 48·16 = 768, -8·-48 = 384; bias 4 << 5 = 128
  //   -> acc0 = 1280 (1.25); col 1: 48·-8 = -384, -8·32 = -256, bias -4 << 5 = -128 -> acc1 = -768 (-0.75).
  // out F = 1 (LSB 0.5): acc0 = 2.5 LSB and acc1 = -1.5 LSB, both exact ties.
  const base = { x: T('fixed<8,3>'), w: [[0.5, -0.25], [-1.5, 1.0]], wType: T('fixed<8,3>'), b: [0.125, -0.125], bType: T('fixed<8,3>'), accum: T('fixed<20,10>') };
  const x = [1.5, -0.25];

  it('the final cast rounds ties by the output rounding mode (RND vs RND_CONV and the rest)', () => {
    // 2.5 and -1.5 LSB under each mode (OPS.md's table): e.g. RND ties toward +inf -> 3, -1;
    // RND_CONV ties to even -> 2, -2; RND_ZERO toward zero -> 2, -1; RND_INF away from zero -> 3, -2.
    const expected: Record<Rounding, [bigint, bigint]> = {
      TRN: [2n, -2n], TRN_ZERO: [2n, -1n], RND: [3n, -1n], RND_ZERO: [2n, -1n],
      RND_MIN_INF: [2n, -2n], RND_INF: [3n, -2n], RND_CONV: [2n, -2n],
    };
    for (const r of ROUNDINGS) {
      expect(rawOut(denseGraph({ ...base, out: T(`fixed<8,7,${r}>`) }), x), r).toEqual(expected[r]);
    }
  });

  it('the final cast applies the output overflow mode (fixed<2,1>: raw range [-2, 1])', () => {
    // TRN gives 2 and -2 (from 2.5 and -1.5 LSB). 2 is above max 1; -2 is the minimum.
    // WRAP: 2 -> -2, -2 stays; SAT: 1, -2; SAT_ZERO: 0, -2 (in range); SAT_SYM: 1, -1 (-min is excluded).
    const expected: Record<Overflow, [bigint, bigint]> = { WRAP: [-2n, -2n], SAT: [1n, -2n], SAT_ZERO: [0n, -2n], SAT_SYM: [1n, -1n] };
    for (const o of Object.keys(expected) as Overflow[]) {
      expect(rawOut(denseGraph({ ...base, out: T(`fixed<2,1,TRN,${o}>`) }), x), o).toEqual(expected[o]);
    }
  });

  it("products and the bias are each rounded by the accumulator's mode, not the sum", () => {
    // accum F = 2 (LSB 0.25) < Fx + Fw = 10. In LSBs of 0.25: col 0 products 0.75 -> 3, 0.375 -> 1.5 (tie),
    // bias 0.125 -> 0.5 (tie); col 1 products -0.375 -> -1.5 (tie), -0.25 -> -1, bias -0.125 -> -0.5 (tie).
    //   TRN:      3 + 1 + 0 = 4 (1.0);   -2 - 1 - 1 = -4 (-1.0)
    //   RND:      3 + 2 + 1 = 6 (1.5);   -1 - 1 + 0 = -2 (-0.5)
    //   RND_CONV: 3 + 2 + 0 = 5 (1.25);  -2 - 1 + 0 = -3 (-0.75)
    // The output fixed<16,8> (F = 8) holds these exactly: raw = value · 256.
    // (Rounding the exact sums 1.25 and -0.75 once instead would give 1.25 and -0.75 under every mode.)
    const expected: Partial<Record<Rounding, [bigint, bigint]>> = { TRN: [256n, -256n], RND: [384n, -128n], RND_CONV: [320n, -192n] };
    for (const [r, want] of Object.entries(expected)) {
      expect(rawOut(denseGraph({ ...base, accum: T(`fixed<12,10,${r}>`), out: T('fixed<16,8>') }), x), r).toEqual(want);
    }
  });

  it('the accumulator wraps modulo 2^W: partial sums may overflow, only the final sum counts', () => {
    // accum fixed<7,2> (F = 5): raw range [-64, 63], values [-2, 1.96875]. x = [1.5, 1, -1] in fixed<8,3>,
    // integer weights in fixed<4,4> (F = 0), so products are exact at F = 5: raws 48, 32, -32 times w.
    // col 0, w = [1, 1, 1]: partial sums 48, 80 (overflows), final 48 -> 1.5, exact despite the overflow.
    // col 1, w = [1, 1, -1]: 48 + 32 + 32 = 112, outside the range: 112 - 128 = -16 -> -0.5.
    // out fixed<16,8> (F = 8): 1.5 -> 384, -0.5 -> -128. A SAT output does not undo the wrap (-128 again).
    const spec = { x: T('fixed<8,3>'), w: [[1, 1], [1, 1], [1, -1]], wType: T('fixed<4,4>'), accum: T('fixed<7,2>') };
    expect(rawOut(denseGraph({ ...spec, out: T('fixed<16,8>') }), [1.5, 1, -1])).toEqual([384n, -128n]);
    expect(rawOut(denseGraph({ ...spec, out: T('fixed<16,8,TRN,SAT>') }), [1.5, 1, -1])).toEqual([384n, -128n]);
    // The order of the inputs does not matter (sums modulo 2^W): the same rows reversed.
    const reversed = denseGraph({ ...spec, w: [[1, -1], [1, 1], [1, 1]], out: T('fixed<16,8>') });
    expect(rawOut(reversed, [-1, 1, 1.5])).toEqual([384n, -128n]);
  });

  it('a zero weight contributes exactly 0, and the input is quantized to its type first', () => {
    // x type fixed<4,2,TRN> (F = 2): 0.6 -> floor(2.4) = 2 (0.5); -0.3 -> floor(-1.2) = -2 (-0.5).
    // W = [[2, 0], [1, 0]] in fixed<4,4>; accum fixed<12,6> (F = 6 > Fx + Fw = 2: exact left shift).
    // col 0: 0.5·2 + (-0.5)·1 = 0.5; col 1: 0. out fixed<10,4> (F = 6): 0.5 -> 32, 0 -> 0.
    const g = denseGraph({ x: T('fixed<4,2>'), w: [[2, 0], [1, 0]], wType: T('fixed<4,4>'), accum: T('fixed<12,6>'), out: T('fixed<10,4>') });
    expect(rawOut(g, [0.6, -0.3])).toEqual([32n, 0n]);
  });
});
