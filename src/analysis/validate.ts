// The CI gate's measurements: a compiled model run in float and bit-accurate fixed point on the same
// data, compared (output errors, agreement, accuracy, ROC AUC per class or of an anomaly score) and
// checked against thresholds.
import { HlsnetError } from '../diagnostics/errors.js';
import { permuteSamples } from '../data/layout.js';
import { size } from '../ir/graph.js';
import type { Graph } from '../ir/types.js';
import { runFixed } from '../sim/fixed.js';
import { runFloat } from '../sim/float.js';
import { absErrors, accuracy, agreement, roc, type RocPoint } from '../sim/metrics.js';

export interface Thresholds {
  /** Largest allowed |fixed − float| of any output value. */
  readonly maxAbsError?: number;
  /** Smallest allowed fraction of samples whose fixed and float predictions agree (classifiers). */
  readonly minAgreement?: number;
  /** Largest allowed AUC_float − AUC_fixed of any class (or of the anomaly score); needs labels. */
  readonly maxAucDrop?: number;
}

export interface ValidateOptions {
  /** Classifier: class index per sample. Autoencoder: 1 = anomaly, 0 = normal. */
  readonly labels?: ArrayLike<number>;
  /** Named in label errors (e.g. the labels file). */
  readonly labelSource?: string;
  /** Score samples by reconstruction error (mean squared output − input) instead of classifying. */
  readonly autoencoder?: boolean;
  readonly thresholds?: Thresholds;
  /** Named in data errors (e.g. the data file). */
  readonly dataSource?: string;
  /** Most points per drawn ROC curve (200). */
  readonly curvePoints?: number;
  readonly onProgress?: (phase: 'float' | 'fixed', done: number, total: number) => void;
}

export interface OutputError {
  readonly output: string;
  /** Flat index within one sample of that output, in the output's own layout (the model's, for ONNX outputs). */
  readonly index: number;
  readonly maxAbsError: number;
  readonly meanAbsError: number;
}

export interface AucResult {
  /** 'class k', or 'anomaly score'. */
  readonly name: string;
  readonly positives: number;
  readonly negatives: number;
  /** NaN (null in JSON) when there are no positives or no negatives: the AUC is undefined. */
  readonly float: number;
  readonly fixed: number;
  /** float − fixed. */
  readonly drop: number;
  /** Thinned ROC curves for drawing (empty when the AUC is undefined). */
  readonly curves: { readonly float: readonly RocPoint[]; readonly fixed: readonly RocPoint[] };
}

export interface ThresholdCheck {
  readonly name: 'max-abs-error' | 'min-agreement' | 'max-auc-drop';
  readonly limit: number;
  /** The measured value the limit applies to (the worst output or class). */
  readonly value: number;
  /** Which output value or class is the worst. */
  readonly where: string;
  readonly passed: boolean;
}

export interface ValidationReport {
  readonly kind: 'classifier' | 'autoencoder';
  readonly samples: number;
  /** Per output value (every graph output, every element of a sample). */
  readonly outputs: readonly OutputError[];
  readonly maxAbsError: number;
  readonly meanAbsError: number;
  /**
   * Classifiers: the fraction of samples with the same predicted class in float and fixed. The class is
   * the argmax of the first output; with one output value per sample (a sigmoid) it is y > 0.5.
   */
  readonly agreement?: number;
  readonly agreementRule?: 'argmax' | 'y > 0.5';
  /** With labels (classifiers): fraction of samples classified right. */
  readonly accuracy?: { readonly float: number; readonly fixed: number };
  /** With labels: per class one-vs-rest (one AUC for a single sigmoid output), or the anomaly score. */
  readonly auc: readonly AucResult[];
  /** Autoencoders: |score_fixed − score_float| over samples. */
  readonly scoreError?: { readonly max: number; readonly mean: number };
  readonly checks: readonly ThresholdCheck[];
  readonly passed: boolean;
  readonly seconds: { readonly float: number; readonly fixed: number; readonly metrics: number };
}

/** Samples run per call, so that progress can be reported on long runs. */
const CHUNK = 8192;

function runChunked(run: (x: Float64Array, n: number) => Float64Array[], x: Float64Array, count: number, per: number, outSizes: number[], progress?: (done: number) => void): Float64Array[] {
  const outs = outSizes.map((s) => new Float64Array(s * count));
  for (let s0 = 0; s0 < count; s0 += CHUNK) {
    const n = Math.min(CHUNK, count - s0);
    run(x.subarray(s0 * per, (s0 + n) * per), n).forEach((v, i) => outs[i]!.set(v, s0 * outSizes[i]!));
    progress?.(s0 + n);
  }
  return outs;
}

function checkLabels(labels: ArrayLike<number>, count: number, classes: number, what: string, source: string): void {
  const bad = (message: string): never => { throw new HlsnetError('E304', message, { subject: source, hint: `${what}: one integer from 0 to ${classes - 1} per sample` }); };
  if (labels.length !== count) bad(`${labels.length} labels for ${count} samples`);
  for (let s = 0; s < count; s++) {
    const v = labels[s]!;
    if (!Number.isInteger(v) || v < 0 || v >= classes) bad(`label of sample ${s} is ${v}, not an integer from 0 to ${classes - 1}`);
  }
}

function aucOf(name: string, scoreFloat: Float64Array, scoreFixed: Float64Array, positive: Uint8Array, points: number): AucResult {
  const positives = positive.reduce((a, b) => a + b, 0);
  const float = roc(scoreFloat, positive, points);
  const fixed = roc(scoreFixed, positive, points);
  return { name, positives, negatives: positive.length - positives, float: float.auc, fixed: fixed.auc, drop: float.auc - fixed.auc, curves: { float: float.curve, fixed: fixed.curve } };
}

/**
 * The input as the autoencoder's output lays it out. ONNX outputs keep the model's layout (e.g. NCHW)
 * while the data were permuted into the IR's channels-last one: permute them back for the comparison.
 */
function reconstructionTarget(g: Graph, x: Float64Array, count: number, outSize: number): Float64Array {
  const input = g.inputs[0]!;
  const perm = g.source?.inputPerm?.[input];
  const outShape = g.tensors[g.outputs[0]!]!.shape;
  const sourceShape = g.source?.inputShapes?.[input];
  if (!perm || !sourceShape) return x;
  if (outShape.length !== sourceShape.length || outShape.some((d, i) => d !== sourceShape[i]) || outSize !== x.length / count) {
    throw new HlsnetError('E403', `the autoencoder's output (${outShape.join(', ')}) is not laid out like its input (${sourceShape.join(', ')})`, { subject: '--autoencoder', hint: 'export the model with the output in the input\'s layout' });
  }
  const inverse = new Array<number>(perm.length);
  perm.forEach((p, i) => (inverse[p] = i));
  return permuteSamples(x, count, g.tensors[input]!.shape, inverse);
}

/** Per sample: mean squared difference between the output and the input (the reconstruction error). */
function anomalyScores(y: Float64Array, x: Float64Array, count: number): Float64Array {
  const per = x.length / count;
  const out = new Float64Array(count);
  for (let s = 0; s < count; s++) {
    let sum = 0;
    for (let i = s * per; i < (s + 1) * per; i++) sum += (y[i]! - x[i]!) ** 2;
    out[s] = sum / per;
  }
  return out;
}

/** Limits are inclusive; differences of AUCs and fractions carry float rounding (0.9 − 0.89 > 0.01), so equality allows 1e-12. */
const EQUAL = 1e-12;

function checksOf(t: Thresholds, r: Omit<ValidationReport, 'checks' | 'passed' | 'seconds'>): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [];
  if (t.maxAbsError !== undefined) {
    const worst = r.outputs.reduce((a, o) => (o.maxAbsError > a.maxAbsError ? o : a), r.outputs[0]!);
    checks.push({ name: 'max-abs-error', limit: t.maxAbsError, value: r.maxAbsError, where: `${worst.output}[${worst.index}]`, passed: r.maxAbsError <= t.maxAbsError });
  }
  if (t.minAgreement !== undefined) {
    checks.push({ name: 'min-agreement', limit: t.minAgreement, value: r.agreement!, where: r.agreementRule!, passed: r.agreement! >= t.minAgreement - EQUAL });
  }
  if (t.maxAucDrop !== undefined) {
    // A class without both positives and negatives has no AUC: a gate that skipped it would pass unchecked
    // (wrong labels file, a class missing from the data), so the check fails and names those classes.
    const missing = r.auc.filter((a) => Number.isNaN(a.drop)).map((a) => a.name);
    const worst = r.auc.filter((a) => !Number.isNaN(a.drop)).reduce<AucResult | undefined>((a, c) => (!a || c.drop > a.drop ? c : a), undefined);
    checks.push(worst && !missing.length
      ? { name: 'max-auc-drop', limit: t.maxAucDrop, value: worst.drop, where: worst.name, passed: worst.drop <= t.maxAucDrop + EQUAL }
      : { name: 'max-auc-drop', limit: t.maxAucDrop, value: worst?.drop ?? NaN, where: `no AUC for ${missing.join(', ')} (no positive or no negative samples)`, passed: false });
  }
  return checks;
}

/** Validate compiled graph `g` (typed, one input) on `x` (IR layout): float vs fixed, against thresholds. */
export function validateModel(g: Graph, x: { readonly data: Float64Array; readonly count: number }, opts: ValidateOptions = {}): ValidationReport {
  const t = opts.thresholds ?? {};
  const source = opts.labelSource ?? 'labels';
  if (g.inputs.length !== 1) throw new HlsnetError('E302', `validate reads one data file, but the model has ${g.inputs.length} inputs`, { subject: g.name, hint: 'validate a model with one input' });
  const count = x.count;
  if (count < 1) throw new HlsnetError('E302', 'no samples to validate on', { subject: g.name });
  const per = size(g.tensors[g.inputs[0]!]!.shape);
  const outSizes = g.outputs.map((o) => size(g.tensors[o]!.shape));
  // Anomaly flags are two classes; a single (sigmoid) output is a binary classifier.
  const classes = opts.autoencoder || outSizes[0] === 1 ? 2 : outSizes[0]!;
  if (opts.autoencoder && outSizes[0] !== per) {
    throw new HlsnetError('E403', `an autoencoder's output must have the input's ${per} values per sample, this one has ${outSizes[0]}`, { subject: '--autoencoder', hint: 'validate a classifier without --autoencoder' });
  }
  if (opts.autoencoder && t.minAgreement !== undefined) throw new HlsnetError('E403', 'argmax agreement has no meaning for an autoencoder', { subject: '--min-agreement', hint: 'bound --max-abs-error or --max-auc-drop instead' });
  if (t.maxAucDrop !== undefined && !opts.labels) throw new HlsnetError('E403', 'an AUC needs labels', { subject: '--max-auc-drop', hint: opts.autoencoder ? 'give 0/1 anomaly flags with --labels' : 'give class labels with --labels' });
  if (opts.labels) checkLabels(opts.labels, count, classes, opts.autoencoder ? 'anomaly flags' : 'class labels', source);
  const badInput = x.data.findIndex((v) => !Number.isFinite(v));
  if (badInput >= 0) {
    throw new HlsnetError('E303', `input value ${x.data[badInput]} in sample ${Math.floor(badInput / per)} is not finite`, { subject: opts.dataSource ?? g.name, hint: 'remove or impute NaN/Inf samples before validating' });
  }
  const reference = opts.autoencoder ? reconstructionTarget(g, x.data, count, outSizes[0]!) : x.data;

  let t0 = performance.now();
  const float = runChunked((xs, n) => runFloat(g, [xs], n), x.data, count, per, outSizes, (d) => opts.onProgress?.('float', d, count));
  const floatSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const fixed = runChunked((xs, n) => runFixed(g, [xs], n).values, x.data, count, per, outSizes, (d) => opts.onProgress?.('fixed', d, count));
  const fixedSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  for (const [run, values] of [['float', float], ['fixed', fixed]] as const) {
    g.outputs.forEach((name, o) => {
      const bad = values[o]!.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        throw new HlsnetError('E303', `the ${run} run gives ${values[o]![bad]} in output '${name}' for sample ${Math.floor(bad / outSizes[o]!)}`, {
          subject: opts.dataSource ?? g.name,
          hint: 'check that sample for NaN, Inf or huge values; every metric needs finite outputs',
        });
      }
    });
  }

  const outputs: OutputError[] = [];
  let sum = 0;
  g.outputs.forEach((name, o) => {
    const e = absErrors(fixed[o]!, float[o]!, count);
    for (let i = 0; i < outSizes[o]!; i++) {
      outputs.push({ output: name, index: i, maxAbsError: e.max[i]!, meanAbsError: e.mean[i]! });
      sum += e.mean[i]!;
    }
  });
  const maxAbsError = outputs.reduce((a, o) => Math.max(a, o.maxAbsError), 0);
  const points = opts.curvePoints ?? 200;
  const labels = opts.labels;
  const flags = (k: number): Uint8Array => {
    const f = new Uint8Array(count);
    for (let s = 0; s < count; s++) f[s] = Number(labels![s] === k);
    return f;
  };
  const auc: AucResult[] = [];
  let base: Omit<ValidationReport, 'checks' | 'passed' | 'seconds'>;
  if (opts.autoencoder) {
    const sFloat = anomalyScores(float[0]!, reference, count);
    const sFixed = anomalyScores(fixed[0]!, reference, count);
    const e = absErrors(sFixed, sFloat, count);
    if (labels) auc.push(aucOf('anomaly score', sFloat, sFixed, flags(1), points));
    base = { kind: 'autoencoder', samples: count, outputs, maxAbsError, meanAbsError: sum / outputs.length, auc, scoreError: { max: e.max[0]!, mean: e.mean[0]! } };
  } else {
    const y = outSizes[0]!;
    const column = (v: Float64Array, k: number): Float64Array => {
      const c = new Float64Array(count);
      for (let s = 0; s < count; s++) c[s] = v[s * y + k]!;
      return c;
    };
    if (labels && y === 1) auc.push(aucOf('class 1', float[0]!, fixed[0]!, flags(1), points));
    else if (labels) for (let k = 0; k < y; k++) auc.push(aucOf(`class ${k}`, column(float[0]!, k), column(fixed[0]!, k), flags(k), points));
    base = {
      kind: 'classifier', samples: count, outputs, maxAbsError, meanAbsError: sum / outputs.length,
      agreement: agreement(fixed[0]!, float[0]!, count), agreementRule: y === 1 ? 'y > 0.5' : 'argmax',
      ...(labels ? { accuracy: { float: accuracy(float[0]!, labels, count), fixed: accuracy(fixed[0]!, labels, count) } } : {}),
      auc,
    };
  }
  const checks = checksOf(t, base);
  const metricsSeconds = (performance.now() - t0) / 1000;
  return { ...base, checks, passed: checks.every((c) => c.passed), seconds: { float: floatSeconds, fixed: fixedSeconds, metrics: metricsSeconds } };
}
