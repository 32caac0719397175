// A tiny seeded PRNG (mulberry32) and helpers, so that random-test failures reproduce from the seed.
import type { FixedType } from '../../src/fixed/types.js';
import { OVERFLOWS, ROUNDINGS } from '../../src/fixed/types.js';

export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** A uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor((this.u32() / 4294967296) * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.u32() / 4294967296 < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }

  /** A uniform non-negative integer below 2^bits. */
  bits(bits: number): bigint {
    let r = 0n;
    for (let left = bits; left > 0; left -= 32) {
      const take = Math.min(32, left);
      r = (r << BigInt(take)) | BigInt(this.u32() >>> (32 - take));
    }
    return r;
  }

  /** A signed integer with magnitude of a random bit length up to maxBits (small ones likely too). */
  signedBig(maxBits: number): bigint {
    const v = this.bits(this.int(0, maxBits));
    return this.chance(0.5) ? -v : v;
  }

  /** A random type with width in [minW, maxW] and I in [-10, W + 10]. */
  type(minW: number, maxW: number, signed = this.chance(0.5)): FixedType {
    const width = this.int(minW, maxW);
    return {
      signed,
      width,
      int: this.int(-10, width + 10),
      rounding: this.pick(ROUNDINGS),
      overflow: this.pick(OVERFLOWS),
    };
  }
}

export function show(t: FixedType): string {
  return `${t.signed ? 'fixed' : 'ufixed'}<${t.width},${t.int},${t.rounding},${t.overflow}>`;
}
