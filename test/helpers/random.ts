// Seeded random numbers for tests, so every failure reproduces.
export function mulberry32(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` samples of `per` float32 values, uniform in [lo, hi). */
export function uniformFloat32(rand: () => number, count: number, per: number, lo = -1, hi = 1): Float32Array {
  return Float32Array.from({ length: count * per }, () => lo + (hi - lo) * rand());
}
