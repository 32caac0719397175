// Appends 2-input adders to a growing adder graph, folding shifts and signs into the wiring.
import type { AdderOp } from './types.js';

/** A signal: (neg ? -1 : 1) * (v[node] << shift). */
export interface Term { readonly node: number; readonly shift: number; readonly neg: boolean }

export class GraphBuilder {
  readonly ops: AdderOp[] = [];
  /** Adder levels of every node so far (inputs 0). */
  readonly depth: number[];

  constructor(readonly inputs: number) {
    this.depth = new Array<number>(inputs).fill(0);
  }

  /** One adder computing x + y; the common shift and a double negation stay outside it, in the returned term. */
  add(x: Term, y: Term): Term {
    let p = x;
    let q = y;
    if (p.neg && !q.neg) { p = y; q = x; } // a − b rather than −a + b
    const both = p.neg && q.neg;
    const m = Math.min(p.shift, q.shift);
    this.ops.push({ a: p.node, b: q.node, shiftA: p.shift - m, shiftB: q.shift - m, negA: false, negB: q.neg && !both });
    this.depth.push(Math.max(this.depth[p.node]!, this.depth[q.node]!) + 1);
    return { node: this.inputs + this.ops.length - 1, shift: m, neg: both };
  }
}
