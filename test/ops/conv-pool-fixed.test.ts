// Fixed-point conv and average pools: the double path equals the BigInt path bit for bit, the
// inferred exact accumulators equal a 200-bit one on the input-range extremes, and with wide
// types the fixed conv stays within a stated bound of float.
import { describe, expect, it } from 'vitest';
import { compile, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../src/index.js';
import type { Graph } from '../../src/ir/types.js';
import { isNumberRaw } from '../../src/ops/values.js';
import { runFixedSample } from '../../src/sim/fixed.js';
import { edgeAwareInputs } from '../helpers/fixed-inputs.js';
import { mulberry32 } from '../helpers/random.js';
import { convGraph, lsb, poolGraph, randomConvSpec, randomPoolSpec, type ConvSpec } from './conv-graphs.js';

const N = 200;

const CONFIGS: Record<string, object> = {
  'fixed<16,6>': { Model: { Precision: 'fixed<16,6>' } },
  'fixed<8,3> (weights TRN)': { Model: { Precision: { default: 'fixed<8,3>', weight: 'fixed<8,3,TRN>' } } },
  'fixed<12,4,RND_CONV,SAT>': { Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } },
  'narrow wrapping accumulators (rounded products)': {
    Model: { Precision: 'fixed<16,6,RND,SAT>' },
    LayerType: { Conv: { Precision: { accum: 'fixed<14,2,RND>' } }, Pooling: { Precision: { accum: 'fixed<12,3,RND>' } } },
  },
  'unsigned input, SAT_SYM result': { Model: { Precision: 'fixed<18,8,RND,SAT_SYM>' }, LayerName: { x: 'ufixed<10,2>' } },
  'wide (BigInt in both modes)': { Model: { Precision: 'fixed<40,12,RND,SAT>' } },
};

function compiled(g: Graph, config: object): Graph {
  return compile(g, { config: parsePrecisionConfig(config) }).graph;
}

function edgeInputs(g: Graph, seed: number, count = N): Float64Array {
  const x = g.tensors.x!;
  return edgeAwareInputs(x.type!, count, x.shape.reduce((a, b) => a * b, 1), seed);
}

describe("conv and pools: 'auto' (doubles) == 'bigint' on edge-aware inputs", () => {
  Object.entries(CONFIGS).forEach(([name, config], ci) => {
    for (let k = 1; k <= 6; k++) {
      it(`conv #${k} at ${name}`, () => {
        const rand = mulberry32(100 * ci + k);
        const g = compiled(convGraph(randomConvSpec(rand), rand, 2), config);
        const x = edgeInputs(g, k);
        expect(simulateFixed(g, [x], N, 'auto').raw).toEqual(simulateFixed(g, [x], N, 'bigint').raw);
      });
    }
    for (const op of ['avgpool', 'global_avgpool', 'maxpool', 'global_maxpool'] as const) {
      it(`${op} at ${name}`, () => {
        const g = compiled(poolGraph(randomPoolSpec(mulberry32(7 * ci + op.length), op)), config);
        const x = edgeInputs(g, ci + 11);
        expect(simulateFixed(g, [x], N, 'auto').raw).toEqual(simulateFixed(g, [x], N, 'bigint').raw);
      });
    }
  });

  it('the usual types take the double path', () => {
    const rand = mulberry32(5);
    const g = compiled(convGraph(randomConvSpec(rand), rand), CONFIGS['fixed<16,6>']!);
    expect(isNumberRaw(runFixedSample(g, [edgeInputs(g, 1, 1)], 'auto')[0]!.raw)).toBe(true);
  });
});

/** Samples at the corners of the input range: all min, all max, and random mixes of min and max. */
function extremes(g: Graph, seed: number): Float64Array {
  const t = g.tensors.x!.type!;
  const per = g.tensors.x!.shape.reduce((a, b) => a * b, 1);
  const min = t.signed ? -(2 ** (t.int - 1)) : 0;
  const max = (t.signed ? 2 ** (t.int - 1) : 2 ** t.int) - lsb(t);
  const rand = mulberry32(seed);
  return Float64Array.from({ length: per * 20 }, (_, i) => {
    const s = Math.floor(i / per);
    return s === 0 ? min : s === 1 ? max : rand() < 0.5 ? min : max;
  });
}

describe('exact accumulators (accum: auto) never overflow: equal to a 200-bit accumulator', () => {
  const base = { 'fixed<16,6>': 'fixed<16,6>', 'fixed<10,4> / ufixed<8,3> input': 'fixed<10,4>' };
  Object.entries(base).forEach(([name, type], bi) => {
    for (let k = 1; k <= 5; k++) {
      it(`conv #${k}, ${name}`, () => {
        const rand = mulberry32(500 + 10 * bi + k);
        const spec = randomConvSpec(rand);
        const g = convGraph(spec, rand, 3);
        const input = bi === 1 ? { x: 'ufixed<8,3>' } : {};
        const exact = compiled(g, { Model: { Precision: type }, LayerName: { ...input } });
        const wide = compiled(g, { Model: { Precision: type }, LayerName: { ...input, conv: { Precision: { accum: 'fixed<200,100>' } } } });
        const node = exact.nodes[0]!;
        expect(node.op === 'conv' && node.attrs.accum!.width).toBeLessThan(40);
        const x = new Float64Array([...extremes(exact, k), ...edgeInputs(exact, k)]);
        const n = x.length / exact.tensors.x!.shape.reduce((a, b) => a * b, 1);
        expect(simulateFixed(exact, [x], n).raw).toEqual(simulateFixed(wide, [x], n).raw);
      });
    }
    for (const op of ['avgpool', 'global_avgpool'] as const) {
      it(`${op}, ${name}`, () => {
        const g = poolGraph(randomPoolSpec(mulberry32(600 + bi), op));
        const input = bi === 1 ? { x: 'ufixed<8,3>' } : {};
        const exact = compiled(g, { Model: { Precision: type }, LayerName: { ...input } });
        const wide = compiled(g, { Model: { Precision: type }, LayerName: { ...input, pool: { Precision: { accum: 'fixed<200,100>' } } } });
        const x = new Float64Array([...extremes(exact, 3), ...edgeInputs(exact, 3)]);
        const n = x.length / exact.tensors.x!.shape.reduce((a, b) => a * b, 1);
        expect(simulateFixed(exact, [x], n).raw).toEqual(simulateFixed(wide, [x], n).raw);
      });
    }
  });
});

describe('fixed conv vs float with wide types', () => {
  // x: TRN input cast (error < lsbX); w, b: rounded to nearest (≤ half an LSB); exact accumulator;
  // TRN output cast (< lsbY). |x| ≤ 2, |w| ≤ 1, so per output: |err| ≤ taps·(lsbX + 2·lsbW/2 + lsbX·lsbW/2) + lsbB/2 + lsbY.
  const config = {
    Model: { Precision: { default: 'fixed<24,8>', weight: 'fixed<24,2,RND>', bias: 'fixed<24,2,RND>', result: 'fixed<40,14>' } },
    LayerName: { x: 'fixed<24,8>' },
  };
  for (let k = 1; k <= 10; k++) {
    it(`random conv #${k}`, () => {
      const rand = mulberry32(900 + k);
      const spec: ConvSpec = randomConvSpec(rand);
      const g = compiled(convGraph(spec, rand), config);
      const per = spec.x.reduce((a, b) => a * b, 1);
      const x = Float64Array.from({ length: per * 20 }, () => rand() * 4 - 2);
      const yq = simulateFixed(g, [x], 20).values[0]!;
      const yf = simulateFloat(g, [x], 20)[0]!;
      const [lx, lw, ly] = [lsb(g.tensors.x!.type!), lsb(g.tensors.w!.type!), lsb(g.tensors.y!.type!)];
      const taps = spec.k.reduce((a, b) => a * b, 1) * (spec.x.at(-1)! / spec.groups);
      const bound = taps * (lx + lw + (lx * lw) / 2) + lw / 2 + ly;
      let worst = 0;
      for (let i = 0; i < yq.length; i++) worst = Math.max(worst, Math.abs(yq[i]! - yf[i]!));
      expect(worst).toBeLessThanOrEqual(bound);
      expect(bound).toBeLessThan(1e-3);
    });
  }
});
