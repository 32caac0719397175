// One common-subexpression stage: the signed digits of a constant matrix become adders, by repeatedly
// building the most valuable two-term pattern (count × bit overlap, as da4ml's "wmc") and then summing
// each column's leftover digits in a shallow tree.
import type { GraphBuilder, Term } from './builder.js';
import { centre, nafDigits } from './csd.js';
import { qintAdd, type QInt } from './qint.js';
import { StageState } from './state.js';

export type { QInt } from './qint.js';
export interface StageSignal { readonly term: Term; readonly qint: QInt }

interface Leftover { term: Term; depth: number; sub: boolean; align: number; q: QInt; pos: number }

/** Heap order: shallowest first (what bounds the depth), then da4ml's tie-breaks: added before subtracted, lower bits first. */
function before(x: Leftover, y: Leftover): boolean {
  return x.depth !== y.depth ? x.depth < y.depth : x.sub !== y.sub ? !x.sub : x.align < y.align;
}

function alignOf(q: QInt, pos: number): number {
  return Math.trunc(Math.log2(Math.max(Math.abs(q.max + q.step), Math.abs(q.min)))) + pos;
}

/** Sums one column's leftover digits, always adding the two shallowest, so depth stays near log2(digits). */
function sumColumn(b: GraphBuilder, items: Leftover[]): Leftover {
  const heap: Leftover[] = [];
  const push = (x: Leftover) => {
    let i = heap.push(x) - 1;
    while (i > 0 && before(heap[i]!, heap[(i - 1) >> 1]!)) { const p = (i - 1) >> 1; [heap[i], heap[p]] = [heap[p]!, heap[i]!]; i = p; }
  };
  const pop = (): Leftover => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (l + 1 < heap.length && before(heap[l + 1]!, heap[m]!)) m = l + 1;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  for (const x of items) push(x);
  while (heap.length > 1) {
    const x = pop();
    const y = pop();
    const term = b.add(x.term, y.term);
    const [q, pos] = x.sub ? [qintAdd(y.q, x.q, x.pos - y.pos, y.sub, x.sub), y.pos] : [qintAdd(x.q, y.q, y.pos - x.pos, x.sub, y.sub), x.pos];
    push({ term, depth: b.depth[term.node]!, sub: x.sub && y.sub, align: alignOf(q, pos), q, pos });
  }
  return heap[0]!;
}

/**
 * Builds y = x · M (rows = inputs) into `b`. Inputs that are null or known to be 0 contribute nothing.
 * Returns one signal per column, null for a column that is identically zero. With equalDepth and all
 * inputs at depth 0, a column of d digits ends at depth <= ceil(log2 d), as its plain adder tree would.
 * Gives up (undefined) as soon as a built node is deeper than depthLimit.
 */
export function solveStage(b: GraphBuilder, inputs: readonly (StageSignal | null)[], matrix: readonly (readonly number[])[], ncols: number, equalDepth = false, depthLimit = Infinity): (StageSignal | null)[] | undefined {
  const { m, rowShift, colShift } = centre(matrix, ncols);
  const digits: number[][] = Array.from({ length: ncols }, () => []);
  const codes: number[] = [];
  const st = new StageState(b.depth, equalDepth);
  inputs.forEach((sig, i) => {
    const id = st.addNode(sig ? { ...sig.term, shift: sig.term.shift + rowShift[i]! } : { node: 0, shift: 0, neg: false }, sig?.qint ?? { min: 0, max: 0, step: 1 });
    if (!sig || (sig.qint.min === 0 && sig.qint.max === 0)) return;
    for (let j = 0; j < ncols; j++) {
      codes.length = 0;
      nafDigits(m[i]![j]!, codes);
      for (const c of codes) digits[j]!.push(id, c);
    }
  });
  st.fill(digits);
  st.initCounts();
  for (let k = st.best(); k >= 0; k = st.best()) {
    st.apply(b, k);
    if (b.depth[b.depth.length - 1]! > depthLimit) return undefined; // every built node ends up under some output
  }
  return st.digits.cols.map((col, j) => {
    const items: Leftover[] = [];
    for (const [id, cs] of col.byId) {
      const t = st.terms[id]!;
      const q = st.qints[id]!;
      for (const c of cs) {
        const pos = c >> 1;
        const sub = (c & 1) === 1;
        items.push({ term: { node: t.node, shift: t.shift + pos, neg: t.neg !== sub }, depth: b.depth[t.node]!, sub, align: alignOf(q, pos), q, pos });
      }
    }
    if (items.length === 0) return null;
    const top = sumColumn(b, items);
    return { term: { ...top.term, shift: top.term.shift + colShift[j]! }, qint: top.q };
  });
}
