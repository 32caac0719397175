// The pattern search of one stage: counts of every two-digit pattern seen at least twice, the queue of
// them by score, and the step that builds the best pattern as an adder and substitutes it.
import type { GraphBuilder, Term } from './builder.js';
import { BucketQueue, MAX_PAIR_ID, packPair, pairId0, pairId1, pairShift, pairSub } from './counts.js';
import { Digits } from './digits.js';
import { qintAdd, type QInt } from './qint.js';

/**
 * Pattern counts. Pairs of two inputs (most of the traffic) are counted exactly, in dense blocks
 * indexed by (subtract, shift) and found by direct index. A pattern with a built node is counted once,
 * when the node is built, and then only recounted when it reaches the top of the queue: its counts can
 * only fall afterwards, so the queued score is an upper bound (lazy greedy, same choices as exact
 * counts). Counts below 2 are dead and never grow again.
 */
export class StageState {
  readonly terms: Term[] = [];
  readonly qints: QInt[] = [];
  private readonly ovNeg: number[] = [];
  private readonly ovInt: number[] = [];
  private readonly ovFrac: number[] = [];
  readonly digits = new Digits();
  private nInputs = 0;
  private inputBlock = new Int32Array(0);
  private pool = new Int32Array(1024);
  private poolUsed = 0;
  private maxPos = 0;
  private span = 1;
  /** Counts of the patterns (partner, newest node) while the newest node is being substituted. */
  private fresh = new Int32Array(0);
  private readonly touched: number[] = [];
  private readonly queue = new BucketQueue();
  private newest = -1;
  /** Step counter, and per node the last step that removed digits of it (its pattern counts fell then). */
  private step = 0;
  private readonly lastLoss: number[] = [];
  private readonly scratchLo = new Int8Array(128);
  private readonly scratchHi = new Int8Array(128);

  /** With equalDepth, only patterns of two equally deep nodes are built, so no column gets deeper than its plain adder tree. */
  constructor(private readonly depthOf: readonly number[], private readonly equalDepth: boolean) {}

  addNode(term: Term, q: QInt): number {
    if (this.terms.length >= MAX_PAIR_ID) throw new RangeError(`CMVM: more than ${MAX_PAIR_ID} nodes in one stage`);
    this.terms.push(term);
    this.qints.push(q);
    this.ovNeg.push(q.min < 0 ? 1 : 0);
    this.ovInt.push(Math.ceil(Math.log2(Math.max(Math.abs(q.min), Math.abs(q.max + q.step)))));
    this.ovFrac.push(Math.round(-Math.log2(q.step)));
    this.digits.addNode();
    this.lastLoss.push(0);
    return this.terms.length - 1;
  }

  /** Sets the columns' digits (digits[c] = [node id, code, ...]); every node added so far is an input. */
  fill(digits: readonly number[][]): void {
    this.nInputs = this.terms.length;
    this.inputBlock = new Int32Array(this.nInputs * this.nInputs).fill(-1);
    this.digits.fill(digits);
    this.maxPos = this.digits.maxPos;
    this.span = 2 * this.maxPos + 1;
  }

  /** Score = count × overlap, where overlap = the bits two signals share when added (sign + narrower integer part + finer fraction). */
  private score(a: number, b: number, count: number): number {
    return count * ((this.ovNeg[a]! | this.ovNeg[b]!) + Math.min(this.ovInt[a]!, this.ovInt[b]!) + Math.min(this.ovFrac[a]!, this.ovFrac[b]!));
  }

  /** Live count of pattern (a <= b, slot = sub·span + shift + maxPos). */
  private count(a: number, b: number, slot: number): number {
    if (b < this.nInputs) { const base = this.inputBlock[a * this.nInputs + b]!; return base < 0 ? 0 : this.pool[base + slot]!; }
    return this.digits.recount(a, b, slot >= this.span ? 1 : 0, (slot % this.span) - this.maxPos);
  }

  private keyOfSlot(a: number, b: number, slot: number): number {
    return packPair(a, b, slot >= this.span, (slot % this.span) - this.maxPos);
  }

  /** Stores the live count n (>= 2) of pattern (a <= b, slot) and queues it. */
  private store(a: number, b: number, slot: number, n: number): void {
    if (b < this.nInputs) {
      let base = this.inputBlock[a * this.nInputs + b]!;
      if (base < 0) {
        base = this.poolUsed;
        this.poolUsed += 2 * this.span;
        if (this.poolUsed > this.pool.length) { const p = new Int32Array(Math.max(this.pool.length * 2, this.poolUsed)); p.set(this.pool); this.pool = p; }
        this.inputBlock[a * this.nInputs + b] = base;
      }
      this.pool[base + slot] = n;
    }
    const s = this.score(a, b, n);
    if (this.equalDepth && this.depthOf[this.terms[a]!.node] !== this.depthOf[this.terms[b]!.node]) return;
    if (s >= 0) this.queue.push(s, this.keyOfSlot(a, b, slot), this.step); // da4ml stops rather than take a negative score
  }

  /**
   * Counts every digit pair of every column (overlapping pairs included), for one lower node a at a
   * time in a dense (b, sub, shift) array, and keeps the patterns seen at least twice.
   */
  initCounts(): void {
    const span = this.span;
    const dense = new Int32Array(this.terms.length * 2 * span);
    const touched = this.touched;
    for (let a = 0; a < this.terms.length; a++) {
      for (const c of this.digits.where[a]!) {
        const col = this.digits.cols[c]!;
        const mine = col.byId.get(a)!;
        for (let i = 0; i < col.n; i++) {
          const b = col.ids[i]!;
          if (b < a) continue;
          const cb = col.codes[i]!;
          for (const ca of mine) {
            if (b === a && ca <= cb) continue;
            const idx = (b * 2 + ((ca ^ cb) & 1)) * span + (cb >> 1) - (ca >> 1) + this.maxPos;
            if (dense[idx]++ === 0) touched.push(idx);
          }
        }
      }
      for (const idx of touched) {
        const n = dense[idx]!;
        dense[idx] = 0;
        if (n >= 2) this.store(a, Math.floor(idx / span / 2), idx % (2 * span), n);
      }
      touched.length = 0;
    }
  }

  /** The live key of highest score, or -1. Stale queue entries are re-queued at their live score or dropped. */
  best(): number {
    for (let s = this.queue.peekScore(); s >= 0; s = this.queue.peekScore()) {
      const k = this.queue.pop();
      const a = pairId0(k);
      const b = pairId1(k);
      // A built-node pattern whose nodes lost no digits since it was scored still has that score.
      if (b >= this.nInputs && this.lastLoss[a]! <= this.queue.stamp && this.lastLoss[b]! <= this.queue.stamp) return k;
      const n = this.count(a, b, (pairSub(k) ? this.span : 0) + pairShift(k) + this.maxPos);
      if (n < 2) continue;
      const cur = this.score(a, b, n);
      if (cur === s) return k;
      if (cur < s) this.queue.push(cur, k, this.step); // counts only grow when a key is first queued, so cur > s is a stale duplicate
    }
    return -1;
  }

  /** Slot in a (lower id, higher id) block of digits ca (of node a) and cb (of node b). */
  private slot(a: number, ca: number, b: number, cb: number): number {
    const shift = a < b ? (cb >> 1) - (ca >> 1) : a > b ? (ca >> 1) - (cb >> 1) : -Math.abs((ca >> 1) - (cb >> 1));
    return ((ca ^ cb) & 1) * this.span + shift + this.maxPos;
  }

  private bumpFresh(partner: number, slot: number, delta: number): void {
    const idx = partner * 2 * this.span + slot;
    if (this.fresh[idx] === 0) this.touched.push(idx);
    this.fresh[idx]! += delta;
  }

  /** The count of pair (id·code, x·cx) lost one occurrence (built-node pairs other than the newest are recounted lazily). */
  private lose(id: number, code: number, x: number, cx: number): void {
    if (x === this.newest) { this.bumpFresh(id, this.slot(id, code, x, cx), -1); return; }
    if (x >= this.nInputs || id >= this.nInputs) return;
    const base = this.inputBlock[id <= x ? id * this.nInputs + x : x * this.nInputs + id]!;
    if (base < 0) return;
    const j = base + this.slot(id, code, x, cx);
    if (this.pool[j]! > 0) this.pool[j]!--;
  }

  /** Replaces digits lo·cl and hi·ch of column c by t·ct, updating every count in one pass over the column. */
  private substitute(c: number, lo: number, cl: number, hi: number, ch: number, t: number, ct: number): void {
    const col = this.digits.cols[c]!;
    const ids = col.ids;
    const codes = col.codes;
    let atL = -1;
    let atH = -1;
    for (let i = 0; i < col.n; i++) {
      const x = ids[i]!;
      const cx = codes[i]!;
      if (x === lo && cx === cl) { atL = i; continue; }
      if (x === hi && cx === ch) { atH = i; continue; }
      this.lose(lo, cl, x, cx);
      this.lose(hi, ch, x, cx);
      this.bumpFresh(x, this.slot(x, cx, t, ct), 1);
    }
    this.lose(lo, cl, hi, ch);
    for (const at of atL > atH ? [atL, atH] : [atH, atL]) { ids[at] = ids[--col.n]!; codes[at] = codes[col.n]!; }
    this.digits.drop(c, lo, cl);
    this.digits.drop(c, hi, ch);
    this.digits.place(c, t, ct);
  }

  /** Builds t = id0 ± id1·2^shift (one adder) and substitutes it for the pattern, lowest bit first, in every column. */
  apply(b: GraphBuilder, k: number): void {
    const id0 = pairId0(k);
    const id1 = pairId1(k);
    const sub = pairSub(k);
    const shift = pairShift(k);
    const t0 = this.terms[id0]!;
    const t1 = this.terms[id1]!;
    // An integer node: the operand at the lower digit position is unshifted.
    const term = b.add({ ...t0, shift: t0.shift + Math.max(0, -shift) }, { ...t1, shift: t1.shift + Math.max(0, shift), neg: t1.neg !== sub });
    const t = this.addNode(term, qintAdd(this.qints[id0]!, this.qints[id1]!, shift, false, sub));
    this.newest = t;
    this.step++;
    this.lastLoss[id0] = this.lastLoss[id1] = this.step;
    if (this.fresh.length < this.terms.length * 2 * this.span) this.fresh = new Int32Array(this.terms.length * 4 * this.span);
    const [lo, hi, sh] = shift >= 0 ? [id0, id1, shift] : [id1, id0, -shift];
    const wl = this.digits.where[lo]!;
    const wh = this.digits.where[hi]!;
    const scan = lo === hi ? [...wl] : wl.size <= wh.size ? [...wl].filter((c) => wh.has(c)) : [...wh].filter((c) => wl.has(c));
    const sLo = this.scratchLo;
    const sHi = lo === hi ? sLo : this.scratchHi;
    const found: number[] = [];
    for (const c of scan) {
      const col = this.digits.cols[c]!;
      const los = col.byId.get(lo)!;
      const his = col.byId.get(hi)!;
      for (const x of los) sLo[x >> 1] = 1 + (x & 1);
      for (const x of his) sHi[x >> 1] = 1 + (x & 1);
      found.length = 0;
      for (let p = 0; p + sh < 64; p++) {
        const a = sLo[p]!;
        const d = sHi[p + sh]!;
        if (a === 0 || d === 0 || (a !== d) !== sub) continue;
        found.push(p * 2 + a - 1, (p + sh) * 2 + d - 1);
        sLo[p] = 0;
        sHi[p + sh] = 0;
      }
      for (const x of los) sLo[x >> 1] = 0;
      for (const x of his) sHi[x >> 1] = 0;
      for (let i = 0; i < found.length; i += 2) {
        const cl = found[i]!;
        const ch = found[i + 1]!;
        // t sits at the lower digit's position, with the sign of id0's digit.
        this.substitute(c, lo, cl, hi, ch, t, (cl & ~1) | ((shift >= 0 ? cl : ch) & 1));
      }
    }
    const per = 2 * this.span;
    for (const idx of this.touched) {
      const n = this.fresh[idx]!;
      this.fresh[idx] = 0;
      if (n >= 2) this.store(Math.floor(idx / per), t, idx % per, n);
    }
    this.touched.length = 0;
  }
}
