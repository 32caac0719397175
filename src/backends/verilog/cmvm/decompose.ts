// Splits W into M0 · M1 along a depth-limited minimum spanning tree over the columns (root = the
// zero column), so similar columns are built as a cheap difference from one another.
import { centre, nafWeight } from './csd.js';

export interface Decomposition {
  /** rows × k: column c is c_child − s·c_parent, one per tree edge that is not a zero difference. */
  readonly m0: number[][];
  /** k × cols: entries 0 / ±2^colShift; output j sums the M0 columns on its path to the root. */
  readonly m1: number[][];
}

/**
 * Prim's tree from node 0 over the digit-distance matrix `dist` (n × n), as da4ml's `prim_mst_dc`:
 * an edge of weight w has depth ceil(log2 max(w,1)); a node's depth is max(edge depth, parent depth)+1
 * and must stay within (2^dc − 1) + ceil(log2 max root weight). Ties go to the first pair in
 * (unvisited, visited) index order. Returns [parent, child] in visiting order.
 */
export function primTree(dist: Float64Array, n: number, dc: number): [number, number][] {
  let rootMax = 0;
  for (let j = 0; j < n; j++) rootMax = Math.max(rootMax, dist[j]!);
  const limit = dc >= 0 ? 2 ** dc - 1 + Math.ceil(Math.log2(rootMax + 1e-32)) : Infinity;
  const BIG = Number.MAX_SAFE_INTEGER;
  const edgeDepth = (w: number) => Math.ceil(Math.log2(Math.max(w, 1)));
  const visited = new Uint8Array(n);
  const depth = new Float64Array(n);
  const bestCost = new Float64Array(n).fill(Infinity);
  const bestFrom = new Int32Array(n).fill(-1);
  const order: [number, number][] = [];
  const relax = (j: number) => {
    for (let i = 0; i < n; i++) {
      if (visited[i]) continue;
      const w = dist[i * n + j]!;
      const c = Math.max(edgeDepth(w), depth[j]!) + 1 <= limit ? w : BIG;
      if (c < bestCost[i]! || (c === bestCost[i]! && j < bestFrom[i]!)) { bestCost[i] = c; bestFrom[i] = j; }
    }
  };
  visited[0] = 1;
  relax(0);
  for (let step = 1; step < n; step++) {
    let pick = -1;
    for (let i = 0; i < n; i++) if (!visited[i] && (pick < 0 || bestCost[i]! < bestCost[pick]!)) pick = i;
    const from = bestFrom[pick]!;
    visited[pick] = 1;
    depth[pick] = Math.max(edgeDepth(dist[pick * n + from]!), depth[from]!) + 1;
    order.push([from, pick]);
    relax(pick);
  }
  return order;
}

/** W (rows × cols) = M0 · M1 with the tree depth limit dc (da4ml uses dc = ceil(log2 rows)). */
export function decompose(matrix: readonly (readonly number[])[], cols: number, dc: number): Decomposition {
  const rows = matrix.length;
  const { m: k, rowShift, colShift } = centre(matrix, cols);
  const n = cols + 1; // node 0 is the zero column
  const col = (c: number, i: number) => (c === 0 ? 0 : k[i]![c - 1]!);
  const dist = new Float64Array(n * n);
  const sign = new Int8Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let dSub = 0;
      let dAdd = 0;
      for (let i = 0; i < rows; i++) { const x = col(a, i); const y = col(b, i); dSub += nafWeight(x - y); dAdd += nafWeight(x + y); }
      const s = dAdd < dSub ? -1 : 1;
      dist[a * n + b] = dist[b * n + a] = Math.min(dSub, dAdd);
      sign[a * n + b] = sign[b * n + a] = s;
    }
  }
  const m0cols: number[][] = [];
  const path: number[][] = Array.from({ length: n }, () => []); // signed M0 column list of each node, as ±(index+1)
  for (const [from, to] of primTree(dist, n, dc)) {
    const s = sign[to * n + from]!;
    const diff = Array.from({ length: rows }, (_, i) => (col(to, i) - s * col(from, i)) * 2 ** rowShift[i]!);
    const p = from === 0 ? [] : path[from]!.map((v) => v * s);
    if (diff.some((v) => v !== 0)) { m0cols.push(diff); p.push(m0cols.length); }
    path[to] = p;
  }
  const kk = m0cols.length;
  const m0 = Array.from({ length: rows }, (_, i) => m0cols.map((c) => c[i]!));
  const m1 = Array.from({ length: kk }, () => new Array<number>(cols).fill(0));
  for (let j = 0; j < cols; j++) for (const v of path[j + 1]!) m1[Math.abs(v) - 1]![j] = Math.sign(v) * 2 ** colShift[j]!;
  return { m0, m1 };
}
