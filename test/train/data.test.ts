// The toy data generators: determinism, shapes, class balance, scaling, and separability measured with
// simple classifiers written here (learnable, but not trivially: each bound is a band).
import { describe, expect, it } from 'vitest';
import { serializeNpy } from '../../src/data/npy.js';
import { isHlsnetError } from '../../src/diagnostics/errors.js';
import { rawAnomaly } from '../../src/train/data/anomaly.js';
import { DATA_TASKS, generateDataset } from '../../src/train/data/index.js';

const TASKS = Object.keys(DATA_TASKS);

/** Multinomial logistic regression by full-batch gradient descent; returns the scores function. */
function fitLogistic(x: Float64Array, y: Float64Array, f: number, k: number, steps = 150, lr = 0.5): (row: number, xs: Float64Array) => Float64Array {
  const n = y.length;
  const w = new Float64Array((f + 1) * k);
  const scores = (i: number, xs: Float64Array): Float64Array => {
    const s = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      let v = w[f * k + c]!;
      for (let j = 0; j < f; j++) v += xs[i * f + j]! * w[j * k + c]!;
      s[c] = v;
    }
    return s;
  };
  for (let t = 0; t < steps; t++) {
    const g = new Float64Array(w.length);
    for (let i = 0; i < n; i++) {
      const s = scores(i, x);
      const m = Math.max(...s);
      let z = 0;
      for (let c = 0; c < k; c++) z += (s[c] = Math.exp(s[c]! - m));
      for (let c = 0; c < k; c++) {
        const d = s[c]! / z - (y[i] === c ? 1 : 0);
        for (let j = 0; j < f; j++) g[j * k + c] += d * x[i * f + j]!;
        g[f * k + c] += d;
      }
    }
    for (let q = 0; q < w.length; q++) w[q] -= (lr * g[q]!) / n;
  }
  return scores;
}

function accuracy(scores: (i: number, xs: Float64Array) => Float64Array, x: Float64Array, y: Float64Array): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) {
    const s = scores(i, x);
    if (s.indexOf(Math.max(...s)) === y[i]) ok++;
  }
  return ok / y.length;
}

/** ROC AUC of `score` for label 1 versus 0 (ties count one half, via average ranks). */
function auc(score: readonly number[], label: readonly number[]): number {
  const idx = score.map((_, i) => i).sort((a, b) => score[a]! - score[b]!);
  const rank = new Float64Array(score.length);
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j + 1 < idx.length && score[idx[j + 1]!] === score[idx[i]!]) j++;
    for (let q = i; q <= j; q++) rank[idx[q]!] = (i + j) / 2;
    i = j + 1;
  }
  const pos = label.filter((l) => l === 1).length;
  const neg = label.length - pos;
  let sum = 0;
  label.forEach((l, i) => { if (l === 1) sum += rank[i]!; });
  return (sum - (pos * (pos - 1)) / 2) / (pos * neg);
}

function counts(y: Float64Array, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (const v of y) c[v]!++;
  return c;
}

/** Per-column mean and standard deviation of a row-major [n, f] block. */
function columnStats(x: Float64Array, f: number): { mean: number[]; std: number[] } {
  const n = x.length / f;
  const mean = new Array<number>(f).fill(0), sq = new Array<number>(f).fill(0);
  for (let i = 0; i < x.length; i++) { mean[i % f]! += x[i]! / n; sq[i % f]! += (x[i]! * x[i]!) / n; }
  return { mean, std: sq.map((s, j) => Math.sqrt(s - mean[j]! ** 2)) };
}

describe('generateDataset', () => {
  it.each(TASKS)('%s: the same seed gives identical bytes, another seed different ones', (task) => {
    const a = generateDataset(task, { samples: 300, seed: 7, anomalyFraction: 0.2 });
    const b = generateDataset(task, { samples: 300, seed: 7, anomalyFraction: 0.2 });
    const c = generateDataset(task, { samples: 300, seed: 8, anomalyFraction: 0.2 });
    // Byte comparison through Buffer.equals: toEqual on large typed arrays is slow.
    const bytes = (x: Parameters<typeof serializeNpy>[0]): Buffer => Buffer.from(serializeNpy(x));
    expect(bytes(b.x).equals(bytes(a.x))).toBe(true);
    expect(bytes(b.y).equals(bytes(a.y))).toBe(true);
    expect(bytes(c.x).equals(bytes(a.x))).toBe(false);
    expect(a.x.data.every(Number.isFinite)).toBe(true);
    expect(a.description).toMatch(/toy/i);
    expect(a.description).toMatch(/not/);
  });

  it('has the stated shapes, names and class balance', () => {
    const n = 1003;
    const jets = generateDataset('jets', { samples: n, seed: 1 });
    expect(jets.x.shape).toEqual([n, 16]);
    expect(jets.y.shape).toEqual([n]);
    expect(jets.featureNames).toEqual(['zlogz', 'c1_b0_mmdt', 'c1_b1_mmdt', 'c1_b2_mmdt', 'c2_b1_mmdt', 'c2_b2_mmdt', 'd2_b1_mmdt', 'd2_b2_mmdt',
      'd2_a1_b1_mmdt', 'd2_a1_b2_mmdt', 'm2_b1_mmdt', 'm2_b2_mmdt', 'n2_b1_mmdt', 'n2_b2_mmdt', 'mass_mmdt', 'multiplicity']);
    expect(jets.classNames).toEqual(['g', 'q', 'W', 'Z', 't']);
    expect(counts(jets.y.data, 5)).toEqual([201, 201, 201, 200, 200]);
    const ecal = generateDataset('ecal', { samples: n, seed: 1 });
    expect(ecal.x.shape).toEqual([n, 10]);
    expect(counts(ecal.y.data, 2)).toEqual([502, 501]);
    const calo = generateDataset('calo-images', { samples: n, seed: 1 });
    expect(calo.x.shape).toEqual([n, 16, 16, 1]);
    expect(calo.x.data.length).toBe(n * 256);
    expect(counts(calo.y.data, 3)).toEqual([335, 334, 334]);
    const bg = generateDataset('anomaly', { samples: n, seed: 1 });
    expect(bg.x.shape).toEqual([n, 20]);
    expect(bg.featureNames).toHaveLength(20);
    expect(counts(bg.y.data, 2)).toEqual([n, 0]);
    const test = generateDataset('anomaly', { samples: n, seed: 1, anomalyFraction: 0.1 });
    expect(counts(test.y.data, 2)).toEqual([n - 100, 100]);
  });

  it('rejects an unknown task and bad options with E403, naming the tasks', () => {
    const code = (f: () => unknown): string | undefined => { try { f(); } catch (e) { return isHlsnetError(e) ? `${e.code} ${e.hint}` : 'other'; } return undefined; };
    expect(code(() => generateDataset('muons', { samples: 10, seed: 1 }))).toBe('E403 the tasks are: jets, ecal, anomaly, calo-images');
    expect(code(() => generateDataset('jets', { samples: 0, seed: 1 }))).toMatch(/^E403/);
    expect(code(() => generateDataset('anomaly', { samples: 10, seed: 1, anomalyFraction: 1.5 }))).toMatch(/^E403/);
  });

  it.each(['jets', 'ecal', 'anomaly'])('%s: the fixed scaling gives roughly zero mean and unit variance per feature', (task) => {
    const d = generateDataset(task, { samples: 40000, seed: 99 });
    const f = d.x.shape[1]!;
    const { mean, std } = columnStats(d.x.data, f);
    for (let j = 0; j < f; j++) {
      expect(Math.abs(mean[j]!), d.featureNames![j]).toBeLessThan(0.05);
      expect(std[j]!, d.featureNames![j]).toBeGreaterThan(0.93);
      expect(std[j]!, d.featureNames![j]).toBeLessThan(1.07);
    }
  });
});

describe('separability: learnable, not trivial', () => {
  it('jets: a linear classifier reaches 60–75 % (an MLP ~75 %); W/Z confusions are common', () => {
    const train = generateDataset('jets', { samples: 10000, seed: 11 });
    const test = generateDataset('jets', { samples: 5000, seed: 12 });
    const model = fitLogistic(train.x.data, train.y.data, 16, 5);
    const acc = accuracy(model, test.x.data, test.y.data);
    expect(acc).toBeGreaterThan(0.6);
    expect(acc).toBeLessThan(0.75);
    // W vs Z alone: the mass peaks overlap, so even this pair stays far from perfect.
    let wz = 0, wzOk = 0;
    for (let i = 0; i < test.y.data.length; i++) {
      const y = test.y.data[i]!;
      if (y !== 2 && y !== 3) continue;
      const s = model(i, test.x.data);
      wz++;
      if ((s[2]! > s[3]! ? 2 : 3) === y) wzOk++;
    }
    expect(wzOk / wz).toBeGreaterThan(0.55);
    expect(wzOk / wz).toBeLessThan(0.85);
  });

  it('ecal: a linear classifier reaches an AUC of 0.85–0.95 (an MLP ~0.94)', () => {
    const train = generateDataset('ecal', { samples: 10000, seed: 21 });
    const test = generateDataset('ecal', { samples: 5000, seed: 22 });
    const model = fitLogistic(train.x.data, train.y.data, 10, 2);
    const score = Array.from({ length: test.y.data.length }, (_, i) => { const s = model(i, test.x.data); return s[1]! - s[0]!; });
    const a = auc(score, Array.from(test.y.data));
    expect(a).toBeGreaterThan(0.85);
    expect(a).toBeLessThan(0.95);
  });

  it('anomaly: the squared distance from the background mean separates each injected kind (AUC bands)', () => {
    const n = 20000;
    const d = generateDataset('anomaly', { samples: n, seed: 31, anomalyFraction: 0.2 });
    const { kind } = rawAnomaly(n, 31, 0.2);
    const dist = Array.from({ length: n }, (_, i) => { let s = 0; for (let j = 0; j < 20; j++) s += d.x.data[i * 20 + j]! ** 2; return s; });
    const overall = auc(dist, Array.from(d.y.data));
    expect(overall).toBeGreaterThan(0.8);
    expect(overall).toBeLessThan(0.95);
    for (let k = 0; k < 4; k++) {
      const keep = dist.map((_, i) => i).filter((i) => kind[i] === -1 || kind[i] === k);
      const a = auc(keep.map((i) => dist[i]!), keep.map((i) => (kind[i] === k ? 1 : 0)));
      expect(a, `kind ${k}`).toBeGreaterThan(0.78);
      expect(a, `kind ${k}`).toBeLessThan(0.97);
    }
  });

  it('calo-images: a linear classifier on four shower-shape summaries reaches 70–90 % (an MLP on pixels ~87 %)', () => {
    const summaries = (x: Float64Array, n: number): Float64Array => {
      const out = new Float64Array(n * 4);
      for (let i = 0; i < n; i++) {
        const o = i * 256;
        let tot = 0, mx = 0, at = 0, cr = 0, cc = 0;
        for (let p = 0; p < 256; p++) { const v = Math.max(0, x[o + p]!); tot += v; cr += v * (p >> 4); cc += v * (p & 15); if (v > mx) { mx = v; at = p; } }
        cr /= tot; cc /= tot;
        let r2 = 0, e3 = 0;
        for (let p = 0; p < 256; p++) {
          const v = Math.max(0, x[o + p]!);
          r2 += v * ((p >> 4) - cr) ** 2 + v * ((p & 15) - cc) ** 2;
          if (Math.abs((p >> 4) - (at >> 4)) <= 1 && Math.abs((p & 15) - (at & 15)) <= 1) e3 += v;
        }
        out.set([Math.log(tot), mx / tot, e3 / tot, Math.sqrt(r2 / tot)], i * 4);
      }
      return out;
    };
    const train = generateDataset('calo-images', { samples: 6000, seed: 41 });
    const test = generateDataset('calo-images', { samples: 3000, seed: 42 });
    const [xTrain, xTest] = [summaries(train.x.data, 6000), summaries(test.x.data, 3000)];
    // Scale both sets with the training set's statistics, as a deployed classifier would.
    const { mean, std } = columnStats(xTrain, 4);
    for (const xs of [xTrain, xTest]) for (let q = 0; q < xs.length; q++) xs[q] = (xs[q]! - mean[q % 4]!) / std[q % 4]!;
    const model = fitLogistic(xTrain, train.y.data, 4, 3, 300);
    const acc = accuracy(model, xTest, test.y.data);
    expect(acc).toBeGreaterThan(0.7);
    expect(acc).toBeLessThan(0.9);
  });
});
