// Shared pieces of the toy data generators: the dataset type, option checks and small sampling helpers.
import type { NdArray } from '../../data/npy.js';
import { permutation, type Rng } from '../random.js';

export interface GenerateOptions {
  /** Number of samples (rows of x and y). */
  readonly samples: number;
  /** Seed of the random stream: the same seed gives byte-identical data. */
  readonly seed: number;
  /** Anomaly task only: the fraction of injected anomalies (default 0: pure background, for training). */
  readonly anomalyFraction?: number;
}

export interface Dataset {
  /** Inputs with the sample axis first; images are channels-last [n, H, W, C]. */
  readonly x: NdArray;
  /** Class indices (or 0/1 labels, or 0/1 anomaly flags) as float64, shape [n]. */
  readonly y: NdArray;
  readonly featureNames?: readonly string[];
  readonly classNames?: readonly string[];
  /** What the toy simulation models and what it does not, in a few sentences. */
  readonly description: string;
}

/** Labels 0..k-1 in equal shares (the remainder goes to the first classes), in a seeded random order. */
export function balancedLabels(n: number, k: number, rng: Rng): Int32Array {
  return Int32Array.from(permutation(n, rng), (i) => i % k);
}

export function standardize(x: Float64Array, mean: readonly number[], std: readonly number[]): void {
  const f = mean.length;
  for (let i = 0; i < x.length; i++) x[i] = (x[i]! - mean[i % f]!) / std[i % f]!;
}

/** A feature table: raw rows standardized with the generator's frozen constants, labels as float64 [n]. */
export function featureDataset(
  raw: { readonly x: Float64Array; readonly y: ArrayLike<number> },
  scale: { readonly mean: readonly number[]; readonly std: readonly number[] },
  names: { readonly features: readonly string[]; readonly classes: readonly string[] },
  description: string,
): Dataset {
  standardize(raw.x, scale.mean, scale.std);
  const n = raw.y.length;
  return {
    x: { shape: [n, names.features.length], data: raw.x },
    y: { shape: [n], data: Float64Array.from(raw.y) },
    featureNames: names.features,
    classNames: names.classes,
    description,
  };
}

/** Gamma(k, 1) for k ≥ 1 (Marsaglia–Tsang); used for skewed, positive quantities such as energies. */
export function gamma(rng: Rng, k: number): number {
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** Poisson(λ): Knuth's method for small λ, a rounded normal beyond (multiplicities here stay well above 30). */
export function poisson(rng: Rng, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.uniform();
  while (p > l) {
    k++;
    p *= rng.uniform();
  }
  return k;
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The description's first line plus the caveats, joined for README files. */
export function describe(what: string, how: string, not: string): string {
  return `${what}\n\nHow: ${how}\n\nWhat it is not: ${not}`;
}
