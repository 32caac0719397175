// Profiling: runs the float executor on calibration samples and summarises every tensor's values
// (graph inputs, layer outputs, weights, biases) — the statistics a precision choice starts from.
import { HlsnetError } from '../diagnostics/errors.js';
import { size } from '../ir/graph.js';
import type { Graph } from '../ir/types.js';
import { runFloatSample } from '../sim/float.js';

export const DEFAULT_PERCENTILES: readonly number[] = [0.1, 1, 50, 99, 99.9];

/** Counts of nonzero |x| per log2 bin: bin k holds 2^(k/b) <= |x| < 2^((k+1)/b), b = binsPerOctave. */
export interface Log2Histogram {
  readonly binsPerOctave: number;
  /** Index k of counts[0]. */
  readonly firstBin: number;
  readonly counts: readonly number[];
}

export interface TensorStats {
  readonly tensor: string;
  readonly role: 'input' | 'result' | 'weight' | 'bias';
  readonly count: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  /** [p, value] pairs, nearest-rank (see `percentile`). */
  readonly percentiles: readonly (readonly [number, number])[];
  /** Fraction of values that are exactly zero. */
  readonly zeros: number;
  readonly histogram: Log2Histogram;
  /** All values in ascending order (kept for saturation counts under a type; not serialized). */
  readonly sorted: Float64Array;
}

/** A graph input or a node, with the tensors it is profiled by. */
export interface LayerProfile {
  readonly name: string;
  /** The IR op, or 'input' for a graph input. */
  readonly op: string;
  readonly result: TensorStats;
  readonly weight?: TensorStats;
  readonly bias?: TensorStats;
}

export interface Profile {
  readonly samples: number;
  readonly percentiles: readonly number[];
  readonly layers: readonly LayerProfile[];
}

export interface ProfileOptions {
  readonly percentiles?: readonly number[];
  readonly binsPerOctave?: number;
  /** Called after each sample (k counts from 1): lets the CLI show progress. */
  readonly onSample?: (k: number, count: number) => void;
}

/**
 * Nearest-rank percentile of ascending `sorted` (n ≥ 1): the value of rank ceil(p/100 · n),
 * clamped to 1..n — always an observed value, so a type covering it covers that sample exactly.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  // p·n/100 in floating point can land just above an integer (99.9 · 1000 / 100 = 999.0000000000001):
  // round it to 1e-9 first so that the rank is the exact ceiling.
  const rank = Math.min(n, Math.max(1, Math.ceil(Math.round((p * n) / 100 * 1e9) / 1e9)));
  return sorted[rank - 1]!;
}

/** floor(log2 a) for a > 0, exact (Math.log2 may be off by one ulp near powers of two). */
export function floorLog2(a: number): number {
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  return e;
}

/** The log2 bin of a nonzero value; with one bin per octave it is exactly floor(log2 |x|). */
export function log2Bin(x: number, binsPerOctave: number): number {
  const a = Math.abs(x);
  const e = floorLog2(a);
  if (binsPerOctave === 1) return e;
  const sub = Math.min(binsPerOctave - 1, Math.floor(Math.log2(a / 2 ** e) * binsPerOctave));
  return e * binsPerOctave + sub;
}

export function tensorStats(tensor: string, role: TensorStats['role'], values: ArrayLike<number>, opts: ProfileOptions = {}): TensorStats {
  const percentiles = opts.percentiles ?? DEFAULT_PERCENTILES;
  const b = opts.binsPerOctave ?? 1;
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  let zeros = 0;
  const bins = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = sorted[i]!;
    if (!Number.isFinite(x)) {
      throw new HlsnetError('E303', `tensor '${tensor}' holds a non-finite value (${x}) on the calibration data`, {
        subject: `tensor '${tensor}'`,
        hint: 'remove NaN/Inf samples from the data; a layer that produces them cannot be given a fixed-point type',
      });
    }
    sum += x;
    if (x === 0) zeros++;
    else {
      const k = log2Bin(x, b);
      bins.set(k, (bins.get(k) ?? 0) + 1);
    }
  }
  const keys = [...bins.keys()];
  const firstBin = keys.length ? Math.min(...keys) : 0;
  const last = keys.length ? Math.max(...keys) : -1;
  const counts = Array.from({ length: last - firstBin + 1 }, (_, i) => bins.get(firstBin + i) ?? 0);
  return {
    tensor,
    role,
    count: n,
    min: n ? sorted[0]! : 0,
    max: n ? sorted[n - 1]! : 0,
    mean: n ? sum / n : 0,
    percentiles: n ? percentiles.map((p) => [p, percentile(sorted, p)] as const) : [],
    zeros: n ? zeros / n : 0,
    histogram: { binsPerOctave: b, firstBin, counts },
    sorted,
  };
}

/** Ops that only move values: their output type is their input's (the configuration cannot set it). */
export const PASS_THROUGH_OPS: ReadonlySet<string> = new Set(['reshape', 'transpose', 'identity']);

const MERGE_OPS: ReadonlySet<string> = new Set(['add', 'sub', 'mul', 'average', 'maximum', 'minimum', 'concat']);

/** Constant operands profiled as a layer's weight and bias: [W, b] of dense/conv/batchnorm, else a merge's constant. */
function parameterTensors(g: Graph, n: Graph['nodes'][number]): { weight?: string; bias?: string } {
  if (n.op === 'dense' || n.op === 'conv' || n.op === 'batchnorm') return { weight: n.inputs[1]!, ...(n.inputs[2] ? { bias: n.inputs[2] } : {}) };
  const c = n.inputs.find((x) => g.tensors[x]?.data);
  if (!c || !MERGE_OPS.has(n.op)) return {};
  // apply-precision types a merge's constant like a weight when it multiplies, like a bias otherwise.
  return n.op === 'mul' ? { weight: c } : { bias: c };
}

/**
 * Runs `g` in float64 on `count` samples (per graph input a flat, IR-layout batch) and profiles
 * every graph input, every node output and each node's weight and bias.
 */
export function profileGraph(g: Graph, inputs: readonly Float64Array[], count: number, opts: ProfileOptions = {}): Profile {
  if (count < 1) throw new HlsnetError('E302', 'no calibration samples', { subject: g.inputs[0] ?? g.name, hint: 'give at least one sample' });
  const percentiles = opts.percentiles ?? DEFAULT_PERCENTILES;
  const collected = new Map<string, Float64Array>();
  const per = (t: string): number => size(g.tensors[t]!.shape);
  const inSizes = g.inputs.map(per);
  for (let k = 0; k < count; k++) {
    const sample = inputs.map((a, i) => a.subarray(k * inSizes[i]!, (k + 1) * inSizes[i]!));
    runFloatSample(g, sample, (name, v) => {
      let all = collected.get(name);
      if (!all) collected.set(name, (all = new Float64Array(v.length * count)));
      all.set(v, k * v.length);
    });
    opts.onSample?.(k + 1, count);
  }
  const stats = (t: string, role: TensorStats['role']): TensorStats =>
    tensorStats(t, role, g.tensors[t]?.data ?? collected.get(t) ?? new Float64Array(0), { ...opts, percentiles });
  const layers: LayerProfile[] = g.inputs.map((x) => ({ name: x, op: 'input', result: stats(x, 'input') }));
  for (const n of g.nodes) {
    const { weight, bias } = parameterTensors(g, n);
    layers.push({
      name: n.name,
      op: n.op,
      result: stats(n.outputs[0]!, 'result'),
      ...(weight ? { weight: stats(weight, 'weight') } : {}),
      ...(bias ? { bias: stats(bias, 'bias') } : {}),
    });
  }
  return { samples: count, percentiles, layers };
}

/** Index of the first element of ascending `a` that is > x (upper) or >= x (lower). */
function bound(a: Float64Array, x: number, upper: boolean): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (upper ? a[mid]! <= x : a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Fractions of values outside [lo, hi] (they saturate or wrap) and of nonzero values with
 * |x| < lsb (they lose all significant bits: underflow).
 */
export function rangeFit(s: TensorStats, lo: number, hi: number, lsb: number): { over: number; under: number } {
  if (!s.count) return { over: 0, under: 0 };
  const a = s.sorted;
  const over = bound(a, lo, false) + (a.length - bound(a, hi, true));
  const tiny = bound(a, lsb, false) - bound(a, -lsb, true);
  const zeros = bound(a, 0, true) - bound(a, 0, false);
  return { over: over / s.count, under: (tiny - zeros) / s.count };
}
