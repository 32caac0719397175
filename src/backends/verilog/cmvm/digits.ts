// The signed digits left in every column of a stage (code = pos*2 + negative), indexed three ways:
// a flat list per column for pair updates, per column and node for matching, and per node for recounts.

/** The digits of one column: a flat list for pair updates and a per-node index for matching. */
export class Column {
  readonly ids: Int32Array;
  readonly codes: Int32Array;
  n = 0;
  readonly byId = new Map<number, number[]>();
  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.codes = new Int32Array(capacity);
  }
}

export class Digits {
  cols: Column[] = [];
  /** Per node: the columns where it has digits. */
  readonly where: Set<number>[] = [];
  /** Per built node: its digits as [column, code, ...]. */
  private readonly occ: number[][] = [];
  /** Input digits as bits: word ((c·inputs + a)·2 + negative)·2 + pos>>5 holds bit pos&31. */
  private inputBits = new Int32Array(0);
  nInputs = 0;
  maxPos = 0;

  addNode(): void {
    this.where.push(new Set());
    this.occ.push([]);
  }

  /** Sets the columns (digits[c] = [node id, code, ...]); every node added so far is an input. */
  fill(digits: readonly number[][]): void {
    this.nInputs = this.where.length;
    this.inputBits = new Int32Array(digits.length * this.nInputs * 4);
    this.cols = digits.map((d, c) => {
      const col = new Column(d.length / 2);
      for (let i = 0; i < d.length; i += 2) this.place(c, d[i]!, d[i + 1]!, col);
      return col;
    });
    for (const d of digits) for (let i = 1; i < d.length; i += 2) this.maxPos = Math.max(this.maxPos, d[i]! >> 1);
  }

  private bitWord(c: number, a: number, code: number): number {
    return ((c * this.nInputs + a) * 2 + (code & 1)) * 2 + (code >> 6);
  }

  /** Adds a digit to column c (whose Column may still be under construction in fill). */
  place(c: number, id: number, code: number, col: Column = this.cols[c]!): void {
    col.ids[col.n] = id;
    col.codes[col.n++] = code;
    const arr = col.byId.get(id);
    if (arr) arr.push(code); else { col.byId.set(id, [code]); this.where[id]!.add(c); }
    if (id >= this.nInputs) this.occ[id]!.push(c, code); else this.inputBits[this.bitWord(c, id, code)]! |= 1 << ((code >> 1) & 31);
  }

  /** Index bookkeeping for a digit leaving column c (its flat-list entry is removed by the caller). */
  drop(c: number, id: number, code: number): void {
    const col = this.cols[c]!;
    const arr = col.byId.get(id)!;
    arr[arr.indexOf(code)] = arr[arr.length - 1]!;
    arr.pop();
    if (arr.length === 0) { col.byId.delete(id); this.where[id]!.delete(c); }
    if (id < this.nInputs) { this.inputBits[this.bitWord(c, id, code)]! &= ~(1 << ((code >> 1) & 31)); return; }
    const o = this.occ[id]!;
    let i = 0;
    while (o[i] !== c || o[i + 1] !== code) i += 2;
    o[i] = o[o.length - 2]!;
    o[i + 1] = o[o.length - 1]!;
    o.length -= 2;
  }

  /** Counts the digit pairs of pattern (a <= b, sub, shift) with b a built node, overlapping pairs included. */
  recount(a: number, b: number, sub: number, shift: number): number {
    const ob = this.occ[b]!;
    let n = 0;
    if (a === b) {
      for (let i = 0; i < ob.length; i += 2) {
        for (let j = i + 2; j < ob.length; j += 2) {
          const ca = ob[i + 1]!;
          const cb = ob[j + 1]!;
          if (ob[i] === ob[j] && -Math.abs((ca >> 1) - (cb >> 1)) === shift && ((ca ^ cb) & 1) === sub) n++;
        }
      }
    } else if (a < this.nInputs) {
      // Look for the input's partner digit next to each of b's digits.
      const bits = this.inputBits;
      const nIn = this.nInputs;
      for (let i = 0; i < ob.length; i += 2) {
        const cb = ob[i + 1]!;
        const pos = (cb >> 1) - shift;
        if (pos < 0 || pos > this.maxPos) continue;
        if ((bits[((ob[i]! * nIn + a) * 2 + ((cb & 1) ^ sub)) * 2 + (pos >> 5)]! & (1 << (pos & 31))) !== 0) n++;
      }
    } else {
      // Two built nodes: both digit lists are short, compare them directly.
      const oa = this.occ[a]!;
      for (let i = 0; i < oa.length; i += 2) {
        const ca = oa[i + 1]!;
        for (let j = 0; j < ob.length; j += 2) {
          const cb = ob[j + 1]!;
          if (oa[i] === ob[j] && (cb >> 1) - (ca >> 1) === shift && ((ca ^ cb) & 1) === sub) n++;
        }
      }
    }
    return n;
  }
}
