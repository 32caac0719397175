// The comparison metrics against independent definitions: AUC against an O(n²) pair count on seeded
// data full of ties, ROC curves (monotone, ends, area = AUC, thinning), errors, agreement, accuracy.
import { describe, expect, it } from 'vitest';
import { absErrors, accuracy, agreement, predictions, roc, rocAuc, rocCurve, thinCurve, type RocPoint } from '../../src/sim/metrics.js';
import { mulberry32 } from '../helpers/random.js';

/** The definition: the share of (positive, negative) pairs where the positive scores higher, ties ½. */
function pairAuc(scores: ArrayLike<number>, positive: ArrayLike<number>): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!positive[i]) continue;
    for (let j = 0; j < scores.length; j++) {
      if (positive[j]) continue;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return wins / pairs;
}

/** Area under a curve by trapezoids. */
function area(points: readonly RocPoint[]): number {
  let a = 0;
  for (let i = 1; i < points.length; i++) a += ((points[i]!.fpr - points[i - 1]!.fpr) * (points[i]!.tpr + points[i - 1]!.tpr)) / 2;
  return a;
}

function expectMonotoneFromOriginToOne(points: readonly RocPoint[]): void {
  expect(points[0]).toMatchObject({ fpr: 0, tpr: 0 });
  expect(points.at(-1)).toMatchObject({ fpr: 1, tpr: 1 });
  for (let i = 1; i < points.length; i++) {
    expect(points[i]!.fpr).toBeGreaterThanOrEqual(points[i - 1]!.fpr);
    expect(points[i]!.tpr).toBeGreaterThanOrEqual(points[i - 1]!.tpr);
    expect(points[i]!.threshold).toBeLessThan(points[i - 1]!.threshold);
  }
}

/** Seeded scores on a coarse grid (many ties), positives scoring higher on average. */
function tiedData(seed: number, n: number, levels: number, posRate: number): { scores: Float64Array; positive: Uint8Array } {
  const r = mulberry32(seed);
  const positive = Uint8Array.from({ length: n }, () => Number(r() < posRate));
  const scores = Float64Array.from(positive, (p) => Math.min(levels - 1, Math.floor((r() + 0.3 * p) * levels)) / levels);
  return { scores, positive };
}

describe('rocAuc', () => {
  it('equals the O(n²) pair count on seeded data with many ties', () => {
    for (const [seed, n, levels, rate] of [[1, 60, 4, 0.5], [2, 200, 8, 0.2], [3, 333, 2, 0.7], [4, 150, 1000, 0.4], [5, 90, 1, 0.5], [6, 7, 3, 0.5]] as const) {
      const { scores, positive } = tiedData(seed, n, levels, rate);
      if (positive.every((p) => p === positive[0])) continue;
      const want = pairAuc(scores, positive);
      expect(rocAuc(scores, positive), `seed ${seed}`).toBeCloseTo(want, 14);
      expect(area(rocCurve(scores, positive)), `seed ${seed}`).toBeCloseTo(want, 12);
    }
  });

  it('is 1 for perfect separation, 0 for reversed, ½ when every score ties; booleans work as labels', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(rocAuc([3, 3, 3, 3, 3], [1, 0, 1, 0, 0])).toBe(0.5);
    expect(rocAuc([1, 2, 2, 3], [false, true, false, true])).toBe(pairAuc([1, 2, 2, 3], [0, 1, 0, 1]));
    // -0 and +0 tie.
    expect(rocAuc([-0, 0], [1, 0])).toBe(0.5);
  });

  it('is NaN, with an empty curve, when every sample is of one class (the AUC is undefined)', () => {
    expect(rocAuc([0.1, 0.5, 0.9], [1, 1, 1])).toBeNaN();
    expect(rocAuc([0.1, 0.5, 0.9], [0, 0, 0])).toBeNaN();
    expect(rocAuc([], [])).toBeNaN();
    expect(rocCurve([0.1, 0.5], [0, 0])).toEqual([]);
  });

  it('refuses scores and labels of different lengths', () => {
    expect(() => rocAuc([1, 2, 3], [1, 0])).toThrow(/3 scores but 2 labels/);
  });
});

describe('rocCurve and thinning', () => {
  it('exact curve: one point per distinct score plus the origin, monotone from (0,0) to (1,1)', () => {
    const { scores, positive } = tiedData(11, 400, 16, 0.3);
    const c = rocCurve(scores, positive);
    expect(c.length).toBe(new Set(scores).size + 1);
    expectMonotoneFromOriginToOne(c);
    expect(c[0]!.threshold).toBe(Infinity);
    // Each point counts the samples scoring at least its threshold.
    const pos = positive.reduce((a, b) => a + b, 0);
    for (const p of c.slice(1)) {
      let tp = 0;
      let fp = 0;
      scores.forEach((s, i) => { if (s >= p.threshold) { if (positive[i]) tp++; else fp++; } });
      expect(p.tpr).toBe(tp / pos);
      expect(p.fpr).toBe(fp / (scores.length - pos));
    }
  });

  it('thinned: at most ~max points, keeps both ends, monotone; the streaming form gives the same points', () => {
    const r = mulberry32(12);
    const n = 5000;
    const positive = Uint8Array.from({ length: n }, () => Number(r() < 0.3));
    const scores = Float64Array.from(positive, (p) => r() + 0.5 * p);
    const exact = rocCurve(scores, positive);
    expect(exact.length).toBe(n + 1);
    for (const max of [2, 10, 200]) {
      const thin = thinCurve(exact, max);
      expect(thin.length).toBeLessThanOrEqual(max + 1);
      expect(thin.length).toBeGreaterThan(max / 2);
      expect(thin[0]).toBe(exact[0]);
      expect(thin.at(-1)).toBe(exact.at(-1));
      expectMonotoneFromOriginToOne(thin);
      expect(rocCurve(scores, positive, max)).toEqual(thin);
      // Every kept point is a point of the exact curve.
      const keys = new Set(exact.map((p) => `${p.fpr},${p.tpr}`));
      for (const p of thin) expect(keys.has(`${p.fpr},${p.tpr}`)).toBe(true);
    }
    expect(Math.abs(area(thinCurve(exact, 200)) - rocAuc(scores, positive))).toBeLessThan(0.01);
    const both = roc(scores, positive, 200);
    expect(both.auc).toBe(rocAuc(scores, positive));
    expect(both.curve).toEqual(thinCurve(exact, 200));
  });

  it('a short curve is returned whole', () => {
    const c = rocCurve([1, 2, 3], [0, 1, 1]);
    expect(thinCurve(c, 200)).toEqual(c);
    expect(c.map((p) => [p.fpr, p.tpr])).toEqual([[0, 0], [0, 0.5], [0, 1], [1, 1]]);
  });
});

describe('errors, agreement, accuracy', () => {
  it('per-element max and mean |fixed − float| over samples', () => {
    const float = Float64Array.from([0, 1, 2, 3, 4, 5]);
    const fixed = Float64Array.from([0.5, 1, 1, 3.25, 4, 5.5]);
    const e = absErrors(fixed, float, 3);
    expect([...e.max]).toEqual([1, 0.5]);
    expect([...e.mean]).toEqual([(0.5 + 1 + 0) / 3, (0 + 0.25 + 0.5) / 3]);
  });

  it('argmax for several outputs (first on ties), y > 0.5 for one; agreement and accuracy follow', () => {
    expect([...predictions(Float64Array.from([0.1, 0.7, 0.2, 0.5, 0.5, 0, 0, 0, 1]), 3)]).toEqual([1, 0, 2]);
    expect([...predictions(Float64Array.from([0.2, 0.5, 0.51, 1]), 4)]).toEqual([0, 0, 1, 1]);
    const float = Float64Array.from([0.1, 0.9, 0.6, 0.4, 0.3, 0.7]);
    const fixed = Float64Array.from([0.2, 0.8, 0.4, 0.6, 0.25, 0.75]);
    expect(agreement(fixed, float, 3)).toBeCloseTo(2 / 3, 15);
    expect(accuracy(float, [1, 0, 0], 3)).toBeCloseTo(2 / 3, 15);
    expect(accuracy(fixed, [1, 0, 0], 3)).toBeCloseTo(1 / 3, 15);
    // One sigmoid output per sample.
    expect(agreement(Float64Array.from([0.6, 0.4, 0.5]), Float64Array.from([0.7, 0.6, 0.45]), 3)).toBeCloseTo(2 / 3, 15);
  });
});

describe('non-finite scores (review regression)', () => {
  it('a NaN score is a RangeError, not a wrong AUC or an endless ROC merge', () => {
    expect(() => rocAuc([NaN, 0.1, 0.2], [1, 0, 0])).toThrow(RangeError);
    expect(() => rocCurve([0.3, Infinity, 0.2], [1, 0, 0])).toThrow(RangeError);
  });
});
