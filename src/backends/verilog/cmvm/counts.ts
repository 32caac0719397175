// Packed pattern keys and the bucket queue that orders them by score: together with dense count
// blocks (state.ts) they keep the common-subexpression search fast on large layers.

/** Pair key (id0 <= id1, subtract flag, shift of id1's digit relative to id0's) packed into one exact double. */
export function packPair(id0: number, id1: number, sub: boolean, shift: number): number {
  return ((id0 * MAX_PAIR_ID + id1) * 2 + (sub ? 1 : 0)) * 256 + shift + 128; // < 2^51
}
export const MAX_PAIR_ID = 2 ** 21;
export const pairShift = (k: number) => (k % 256) - 128;
export const pairSub = (k: number) => Math.floor(k / 256) % 2 === 1;
export const pairId1 = (k: number) => Math.floor(k / 512) % MAX_PAIR_ID;
export const pairId0 = (k: number) => Math.floor(k / (512 * MAX_PAIR_ID));

/**
 * Max-priority queue of keys by small non-negative integer score (count × overlap): one LIFO list per
 * score, each entry a key and the step it was scored at. Entries are lazy; the caller re-checks them.
 */
export class BucketQueue {
  private readonly buckets: number[][] = [];
  private top = -1;
  /** Step of the entry last popped. */
  stamp = 0;

  push(score: number, key: number, stamp: number): void {
    (this.buckets[score] ??= []).push(key, stamp);
    if (score > this.top) this.top = score;
  }

  /** Score of the next key to pop, or -1 when empty. */
  peekScore(): number {
    while (this.top >= 0 && (this.buckets[this.top]?.length ?? 0) === 0) this.top--;
    return this.top;
  }

  pop(): number {
    const b = this.buckets[this.top]!;
    this.stamp = b.pop()!;
    return b.pop()!;
  }
}
