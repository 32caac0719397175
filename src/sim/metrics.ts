// Comparison metrics of a fixed-point run against the float reference: per-output absolute errors,
// argmax agreement, accuracy on labels, and ROC AUC / ROC curves (exact, ties counted as one half).

/** One point of a ROC curve: the rates when every sample scoring ≥ `threshold` is called positive. */
export interface RocPoint {
  readonly fpr: number;
  readonly tpr: number;
  /** +Infinity for the first point (nothing called positive). */
  readonly threshold: number;
}

/** The scores of the positives and of the negatives, each sorted ascending (typed-array sorts: fast, no comparator). */
function splitSorted(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>): { pos: Float64Array; neg: Float64Array } {
  const n = scores.length;
  if (positive.length !== n) throw new RangeError(`${n} scores but ${positive.length} labels`);
  let np = 0;
  for (let i = 0; i < n; i++) if (positive[i]) np++;
  const pos = new Float64Array(np);
  const neg = new Float64Array(n - np);
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    const v = scores[i]!;
    // NaN has no rank: a sorted list with NaN would make the AUC wrong and the curve's merge loop endless.
    if (!Number.isFinite(v)) throw new RangeError(`score ${v} of sample ${i} is not finite`);
    if (positive[i]) pos[a++] = v;
    else neg[b++] = v;
  }
  return { pos: pos.sort(), neg: neg.sort() };
}

/**
 * ROC AUC as the Mann–Whitney U statistic: U / (n₊ n₋), U counting the (positive, negative) pairs
 * where the positive scores higher, ties one half — the rank-sum form with average ranks, computed by
 * one merge of the two sorted score lists: O(n log n), exact. The probability that a random positive
 * outscores a random negative. NaN when all samples are of one class (the AUC is undefined then);
 * scores must be finite.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>): number {
  return aucOfSorted(splitSorted(scores, positive));
}

function aucOfSorted({ pos, neg }: { pos: Float64Array; neg: Float64Array }): number {
  if (pos.length === 0 || neg.length === 0) return NaN;
  // Each term is (#positives tied at v) × (#negatives below v + ½ #negatives at v): integers and halves, exact below 2^52.
  let u = 0;
  let below = 0;
  for (let i = 0; i < pos.length;) {
    const v = pos[i]!;
    let i2 = i + 1;
    while (i2 < pos.length && pos[i2] === v) i2++;
    while (below < neg.length && neg[below]! < v) below++;
    let tied = below;
    while (tied < neg.length && neg[tied] === v) tied++;
    u += (i2 - i) * (below + (tied - below) / 2);
    i = i2;
  }
  return u / (pos.length * neg.length);
}

/**
 * Keeps the points of a monotone curve at which its L1 length from the start, |Δfpr| + |Δtpr| (`walked`,
 * exact per point: no running sum), first reaches each multiple of `step`.
 */
function thinner(step: number): (walked: number) => boolean {
  let k = 1;
  return (walked) => {
    if (walked < k * step) return false;
    while (k * step <= walked) k++;
    return true;
  };
}

/**
 * The ROC curve: one point per distinct score (highest first), from (0, 0) to (1, 1); empty when all
 * samples are of one class. Tied scores move in one step, so the trapezoid area equals rocAuc.
 * With `max`, thinned as thinCurve does, without building the exact curve first.
 */
export function rocCurve(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>, max?: number): RocPoint[] {
  return curveOfSorted(splitSorted(scores, positive), max);
}

/** Both the AUC and the (thinned, with `max`) curve, sorting once. */
export function roc(scores: ArrayLike<number>, positive: ArrayLike<number | boolean>, max?: number): { auc: number; curve: RocPoint[] } {
  const sorted = splitSorted(scores, positive);
  return { auc: aucOfSorted(sorted), curve: curveOfSorted(sorted, max) };
}

function curveOfSorted({ pos, neg }: { pos: Float64Array; neg: Float64Array }, max?: number): RocPoint[] {
  if (pos.length === 0 || neg.length === 0) return [];
  const first: RocPoint = { fpr: 0, tpr: 0, threshold: Infinity };
  const points: RocPoint[] = [first];
  // A monotone curve from (0, 0) to (1, 1) is 2 long in L1.
  const keep = max !== undefined && max >= 2 ? thinner(2 / (max - 1)) : undefined;
  // Walk both lists from the top: each step lowers the threshold to the next distinct score.
  let i = pos.length - 1;
  let j = neg.length - 1;
  while (i >= 0 || j >= 0) {
    const t = Math.max(i >= 0 ? pos[i]! : -Infinity, j >= 0 ? neg[j]! : -Infinity);
    while (i >= 0 && pos[i] === t) i--;
    while (j >= 0 && neg[j] === t) j--;
    const last = i < 0 && j < 0;
    const fpr = (neg.length - 1 - j) / neg.length;
    const tpr = (pos.length - 1 - i) / pos.length;
    if (!keep || last || keep(fpr + tpr)) points.push({ fpr, tpr, threshold: t });
  }
  return points;
}

/**
 * At most about `max` points of a monotone curve for drawing, evenly spaced along its L1 length
 * (flat and steep parts both keep detail); the first and last points are always kept.
 */
export function thinCurve(points: readonly RocPoint[], max = 200): RocPoint[] {
  if (points.length <= max) return [...points];
  const first = points[0]!;
  const end = points[points.length - 1]!;
  const keep = thinner((Math.abs(end.fpr - first.fpr) + Math.abs(end.tpr - first.tpr)) / (max - 1));
  return [first, ...points.slice(1, -1).filter((p) => keep(Math.abs(p.fpr - first.fpr) + Math.abs(p.tpr - first.tpr))), end];
}

export interface AbsErrors {
  /** Per element of a sample (flat index): the largest and the mean |fixed − float| over samples. */
  readonly max: Float64Array;
  readonly mean: Float64Array;
}

/** Per-element absolute errors of `count` samples of `per` values each (flat, sample-major). */
export function absErrors(fixed: Float64Array, float: Float64Array, count: number): AbsErrors {
  const per = count ? fixed.length / count : 0;
  const max = new Float64Array(per);
  const sum = new Float64Array(per);
  for (let s = 0; s < count; s++) {
    const off = s * per;
    for (let i = 0; i < per; i++) {
      const e = Math.abs(fixed[off + i]! - float[off + i]!);
      if (e > max[i]!) max[i] = e;
      sum[i] += e;
    }
  }
  return { max, mean: sum.map((v) => v / Math.max(count, 1)) };
}

/** The index of the largest of `n` values at `off` (the first one on ties, as numpy's argmax). */
export function argmaxAt(a: ArrayLike<number>, off: number, n: number): number {
  let k = 0;
  for (let i = 1; i < n; i++) if (a[off + i]! > a[off + k]!) k = i;
  return k;
}

/**
 * The predicted class per sample: the argmax of the outputs, or for a single output (one sigmoid,
 * a binary classifier) 1 when y > 0.5, else 0.
 */
export function predictions(y: Float64Array, count: number): Int32Array {
  const per = count ? y.length / count : 0;
  const out = new Int32Array(count);
  for (let s = 0; s < count; s++) out[s] = per === 1 ? Number(y[s]! > 0.5) : argmaxAt(y, s * per, per);
  return out;
}

/** Fraction of samples whose predicted class (see `predictions`) is the same in both runs. */
export function agreement(fixed: Float64Array, float: Float64Array, count: number): number {
  const a = predictions(fixed, count);
  const b = predictions(float, count);
  let same = 0;
  for (let s = 0; s < count; s++) if (a[s] === b[s]) same++;
  return same / count;
}

/** Fraction of samples whose predicted class equals the label. */
export function accuracy(y: Float64Array, labels: ArrayLike<number>, count: number): number {
  const p = predictions(y, count);
  let right = 0;
  for (let s = 0; s < count; s++) if (p[s] === labels[s]) right++;
  return right / count;
}
