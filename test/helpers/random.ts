// Seeded random numbers for tests, so every failure reproduces.
export { mulberry32 } from '../../src/train/random.js';

/** `count` samples of `per` float32 values, uniform in [lo, hi). */
export function uniformFloat32(rand: () => number, count: number, per: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: count * per }, () => lo + (hi - lo) * rand());
}
