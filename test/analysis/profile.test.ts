// Profiling statistics against independent computations: sort-based nearest-rank percentiles,
// min/max/mean/zeros by plain loops, log2 bins by comparisons with powers of two, and the first
// dense layer of the jet tagger recomputed by a matrix product written here.
import { describe, expect, it } from 'vitest';
import { coveringType, proposeResultType, typeRange } from '../../src/analysis/profile-config.js';
import { floorLog2, percentile, profileGraph, rangeFit, tensorStats } from '../../src/analysis/profile.js';
import { loadModel, optimize } from '../../src/index.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

/** Nearest rank, spelled out: sort a copy, take element ceil(p·n/100) counting from 1 (at least the first). */
function nearestRank(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  let rank = 1;
  // p as an exact decimal fraction num/den (99.9 = 999/10): rank < p·n/100 in integers, no float rounding.
  const [int, frac = ''] = String(p).split('.');
  const den = 10 ** frac.length;
  const num = Number(int) * den + Number(frac || '0');
  while (rank < s.length && rank * 100 * den < num * s.length) rank++;
  return s[rank - 1]!;
}

/** The k with 2^k <= |x| < 2^(k+1), by comparisons only. */
function octave(x: number): number {
  const a = Math.abs(x);
  let k = 0;
  while (2 ** k > a) k--;
  while (2 ** (k + 1) <= a) k++;
  return k;
}

function sample(seed: number, n: number): number[] {
  const r = mulberry32(seed);
  // Zeros, exact powers of two and a wide spread of magnitudes: the edges of every statistic.
  return Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 0 : i % 11 === 0 ? -(2 ** ((i % 5) - 2)) : (r() - 0.4) * 2 ** Math.floor(r() * 12 - 6)));
}

describe('tensorStats', () => {
  for (const [seed, n] of [[1, 1], [2, 2], [3, 10], [4, 101], [5, 1000]] as const) {
    it(`matches sort-based statistics on ${n} values (seed ${seed})`, () => {
      const v = sample(seed, n);
      const ps = [0, 0.1, 1, 25, 50, 99, 99.9, 100];
      const s = tensorStats('t', 'result', v, { percentiles: ps });
      expect(s.count).toBe(n);
      expect(s.min).toBe(v.reduce((a, b) => Math.min(a, b)));
      expect(s.max).toBe(v.reduce((a, b) => Math.max(a, b)));
      expect(s.mean).toBeCloseTo(v.reduce((a, b) => a + b, 0) / n, 12);
      expect(s.zeros).toBe(v.filter((x) => x === 0).length / n);
      expect(s.percentiles.map(([p]) => p)).toEqual(ps);
      for (const [p, value] of s.percentiles) expect(value, `p${p}`).toBe(nearestRank(v, p));
      // Histogram: one bin per octave, counts of nonzero values, contiguous from the first bin.
      const expected = new Map<number, number>();
      for (const x of v) if (x !== 0) expected.set(octave(x), (expected.get(octave(x)) ?? 0) + 1);
      const got = new Map<number, number>();
      s.histogram.counts.forEach((c, i) => { if (c) got.set(s.histogram.firstBin + i, c); });
      expect(got).toEqual(expected);
      expect(s.histogram.counts.reduce((a, b) => a + b, 0)).toBe(v.filter((x) => x !== 0).length);
    });
  }

  it('percentile 50 of 1..10 is 5 (nearest rank: rank ceil(5) = 5), p0 the minimum, p100 the maximum', () => {
    const a = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expect(percentile(a, 50)).toBe(5);
    expect(percentile(a, 51)).toBe(6);
    expect(percentile(a, 0)).toBe(1);
    expect(percentile(a, 100)).toBe(10);
  });

  it('floorLog2 is exact at and around powers of two', () => {
    for (let k = -60; k <= 60; k++) {
      expect(floorLog2(2 ** k)).toBe(k);
      expect(floorLog2(2 ** k * (1 - 2 ** -52))).toBe(k - 1);
      expect(floorLog2(2 ** k * (1 + 2 ** -52))).toBe(k);
    }
  });

  it('rejects a non-finite value with E303 naming the tensor', () => {
    expect(() => tensorStats('conv1_out', 'result', [1, NaN])).toThrow(expect.objectContaining({ code: 'E303', message: expect.stringContaining('conv1_out') }));
  });
});

describe('rangeFit and coveringType', () => {
  it('counts values outside [lo, hi] and nonzero values below the LSB like a plain loop', () => {
    const v = sample(9, 500);
    const s = tensorStats('t', 'result', v);
    for (const [lo, hi, lsb] of [[-0.5, 0.5, 2 ** -6], [0, 1, 2 ** -3], [-4, 3.75, 2 ** -10], [-100, 100, 1]] as const) {
      const fit = rangeFit(s, lo, hi, lsb);
      expect(fit.over).toBe(v.filter((x) => x < lo || x > hi).length / v.length);
      expect(fit.under).toBe(v.filter((x) => x !== 0 && Math.abs(x) < lsb).length / v.length);
    }
  });

  it('gives the narrowest integer part that covers the range, signed only for negative values', () => {
    const r = mulberry32(3);
    for (let i = 0; i < 300; i++) {
      const m = 2 ** (r() * 20 - 10);
      const lo = r() < 0.5 ? 0 : -m * r();
      const hi = m;
      const w = 2 + Math.floor(r() * 20);
      const t = coveringType(lo, hi, w);
      expect(t.signed).toBe(lo < 0);
      expect(t.width).toBe(w);
      const range = typeRange(t);
      expect(range.lo <= lo && hi <= range.hi).toBe(true);
      const smaller = typeRange({ ...t, int: t.int - 1 });
      expect(smaller.lo <= lo && hi <= smaller.hi).toBe(false);
    }
    // Exact edges: 1.0 needs fixed<16,2> (fixed<16,1> stops at 1 - 2^-15); -1.0 alone fits fixed<16,1>.
    expect(coveringType(-1, 1, 16).int).toBe(2);
    expect(coveringType(-1, 0.5, 16).int).toBe(1);
    expect(coveringType(0, 1, 8).int).toBe(1);
    // Results: [-8, 5] fits fixed<16,4> (-8 is its minimum); signed whenever the minimum is negative.
    expect(proposeResultType(tensorStats('t', 'result', [-8, 0, 5]))).toEqual({ signed: true, width: 16, int: 4, rounding: 'TRN', overflow: 'SAT' });
    expect(proposeResultType(tensorStats('t', 'result', [0, 0.75]), { width: 8 })).toEqual({ signed: false, width: 8, int: 0, rounding: 'TRN', overflow: 'SAT' });
    // Coverage 50 of mostly zeros: the bound is 0, the type still signed because of the negative minimum.
    expect(proposeResultType(tensorStats('t', 'result', [0, 0, 0, -3]), { coverage: 50 }).signed).toBe(true);
  });
});

describe('profileGraph on the jet tagger', () => {
  it('profiles every input, layer output, weight and bias; the first dense output matches x·W + b computed here', () => {
    const g = optimize(loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph).graph;
    const r = mulberry32(11);
    const count = 40;
    const x = Float64Array.from({ length: count * 16 }, () => (r() * 2 - 1) * 2);
    const p = profileGraph(g, [x], count);
    expect(p.layers.map((l) => l.name)).toEqual([...g.inputs, ...g.nodes.map((n) => n.name)]);
    expect(p.layers[0]!.result.min).toBe(Math.min(...x));
    expect(p.layers[0]!.result.max).toBe(Math.max(...x));
    const dense = g.nodes[0]!;
    expect(dense.op).toBe('dense');
    const W = g.tensors[dense.inputs[1]!]!.data!;
    const b = g.tensors[dense.inputs[2]!]!.data!;
    const y: number[] = [];
    for (let s = 0; s < count; s++) {
      for (let j = 0; j < 64; j++) {
        let acc = b[j]!;
        for (let i = 0; i < 16; i++) acc += x[s * 16 + i]! * W[i * 64 + j]!;
        y.push(acc);
      }
    }
    const l = p.layers[1]!;
    expect(l.result.count).toBe(count * 64);
    expect(l.result.min).toBeCloseTo(Math.min(...y), 10);
    expect(l.result.max).toBeCloseTo(Math.max(...y), 10);
    expect(l.result.percentiles.find(([q]) => q === 50)![1]).toBeCloseTo(nearestRank(y, 50), 10);
    expect(l.weight!.count).toBe(16 * 64);
    expect(l.weight!.max).toBe(Math.max(...W));
    expect(l.bias!.min).toBe(Math.min(...b));
    expect(p.layers.filter((q) => q.weight).length).toBe(4);
  });
});

describe('nearest-rank percentile at ranks that floating point puts just above an integer', () => {
  it('99.9 of 1,000 values is rank 999, of 10,000 rank 9,990; 99 of 5,000 rank 4,950', () => {
    const ramp = (n: number): Float64Array => Float64Array.from({ length: n }, (_, i) => i + 1);
    expect(percentile(ramp(1000), 99.9)).toBe(999);
    expect(percentile(ramp(10000), 99.9)).toBe(9990);
    expect(percentile(ramp(5000), 99)).toBe(4950);
    expect(percentile(ramp(7), 50)).toBe(4);
  });
});
