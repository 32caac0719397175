// Automatic bit widths: starting from profiled types of `maxWidth` bits (integer bits from the observed
// range), shrink each layer's result and weight width, one at a time, as far as the accuracy budget
// against the float reference allows on calibration data, measured with the fast fixed simulator.
import { HlsnetError } from '../diagnostics/errors.js';
import { fixedType, type FixedType } from '../fixed/types.js';
import { size } from '../ir/graph.js';
import type { Graph } from '../ir/types.js';
import { compile, optimize, simulateFixed, simulateFloat } from '../index.js';
import { defaultConfig, type LayerSettings, type PrecisionConfig } from '../passes/precision-config.js';
import { multiplierCost, type MultiplierCost } from './cost.js';
import { profileGraph, type LayerProfile } from './profile.js';
import { proposeConstantType, proposeResultType, resultConfigurable, type LayerProposal } from './profile-config.js';

/** What may be lost against float: argmax agreement, accuracy on labels, or the largest output error. */
export type Budget =
  | { readonly kind: 'agreement'; readonly maxDrop: number }
  | { readonly kind: 'accuracy'; readonly maxDrop: number; readonly labels: Int32Array }
  | { readonly kind: 'abs'; readonly maxError: number };

export interface Measure {
  /** Fraction of samples whose fixed argmax equals the float argmax. */
  readonly agreement: number;
  /** With labels: float and fixed accuracy. */
  readonly accuracy?: { readonly float: number; readonly fixed: number };
  readonly maxAbsError: number;
  /** What the budget bounds: agreement or accuracy drop, or the max error. */
  readonly loss: number;
}

export interface SearchOptions {
  readonly budget: Budget;
  /** The share of the budget the search may spend on calibration data, to leave room on new data (0.5). */
  readonly margin?: number;
  readonly maxWidth?: number;
  readonly minWidth?: number;
  /** Settings kept as they are (softmax implementation, tables, ...); LayerName types are replaced. */
  readonly base?: PrecisionConfig;
  readonly onStep?: (done: number, total: number) => void;
}

/** Layers that read a table keep `maxWidth` bits: their output type also sizes the table. */
const TABLE_OPS = new Set(['sigmoid', 'tanh', 'softplus', 'softsign', 'elu', 'selu', 'softmax', 'logsoftmax']);

interface Knob { readonly layer: LayerProfile; readonly key: 'result' | 'weight'; readonly weight: number }

export interface SearchResult {
  readonly proposals: ReadonlyMap<string, LayerProposal>;
  readonly config: PrecisionConfig;
  readonly measure: Measure;
  readonly cost: MultiplierCost;
  readonly baseline: { readonly measure: Measure; readonly cost: MultiplierCost };
  readonly evaluations: number;
}

const argmax = (a: Float64Array, off: number, n: number): number => {
  let k = 0;
  for (let i = 1; i < n; i++) if (a[off + i]! > a[off + k]!) k = i;
  return k;
};

/** Fixed outputs `y` against float outputs `ref` (first graph output, classes on the last axis). */
export function measure(y: Float64Array, ref: Float64Array, count: number, budget: Budget): Measure {
  const per = y.length / count;
  let agree = 0;
  let right = [0, 0];
  let maxAbsError = 0;
  for (let s = 0; s < count; s++) {
    const [a, b] = [argmax(y, s * per, per), argmax(ref, s * per, per)];
    if (a === b) agree++;
    if (budget.kind === 'accuracy') right = [right[0]! + Number(b === budget.labels[s]), right[1]! + Number(a === budget.labels[s])];
    for (let i = 0; i < per; i++) maxAbsError = Math.max(maxAbsError, Math.abs(y[s * per + i]! - ref[s * per + i]!));
  }
  const agreement = agree / count;
  const accuracy = budget.kind === 'accuracy' ? { float: right[0]! / count, fixed: right[1]! / count } : undefined;
  const loss = budget.kind === 'abs' ? maxAbsError : budget.kind === 'accuracy' ? accuracy!.float - accuracy!.fixed : 1 - agreement;
  return { agreement, ...(accuracy ? { accuracy } : {}), maxAbsError, loss };
}

/** The share of the samples held back from the search to validate its result (when there are enough). */
const VALIDATION_SHARE = 0.4;
const MIN_VALIDATION = 500;

/** Samples simulated at a time by the search (it stops early once a candidate is over budget). */
const CHUNK = 500;

const sliceBudget = (b: Budget, s0: number, n: number): Budget => (b.kind === 'accuracy' ? { ...b, labels: b.labels.subarray(s0, s0 + n) } : b);

const limitOf = (b: Budget): number => (b.kind === 'abs' ? b.maxError : b.maxDrop);

export function searchBitWidths(g: Graph, x: Float64Array, count: number, opts: SearchOptions): SearchResult {
  const maxWidth = opts.maxWidth ?? 16;
  const minWidth = opts.minWidth ?? 2;
  const target = limitOf(opts.budget) * (opts.margin ?? 0.5);
  const base = opts.base ?? defaultConfig();
  const float = optimize(g).graph;
  const ref = simulateFloat(float, [x], count)[0]!;
  const profile = profileGraph(float, [x], count);
  const skip = new Set(float.nodes.filter((n) => n.op === 'softmax' && n.attrs.implementation === 'skip').map((n) => n.name));
  // Multiplications each knob feeds: a layer's weights feed its own; a result feeds the next dense/conv.
  const mults = new Map(float.nodes.filter((n) => n.op === 'dense' || n.op === 'conv').map((n) => [n.name, size(float.tensors[n.inputs[1]!]!.shape)]));
  const feeds = (tensor: string): number => float.nodes.filter((n) => n.inputs[0] === tensor).reduce((a, n) => a + (mults.get(n.name) ?? 0), 0);
  const knobs: Knob[] = [];
  for (const l of profile.layers) {
    if (l.weight && mults.has(l.name)) knobs.push({ layer: l, key: 'weight', weight: mults.get(l.name)! });
    // A result that feeds no multiplier costs adders only: narrowing it would spend budget for nothing.
    if (resultConfigurable(l, skip.has(l.name)) && !TABLE_OPS.has(l.op) && feeds(l.result.tensor) > 0) knobs.push({ layer: l, key: 'result', weight: feeds(l.result.tensor) });
  }
  knobs.sort((a, b) => b.weight - a.weight);
  const widths = new Map(knobs.map((k) => [`${k.layer.name}/${k.key}`, maxWidth]));
  // Results: integer bits start from the observed range and are searched too (fewer, saturating, can be
  // cheaper than more fractional bits); results round to nearest, which buys about one bit of width.
  // Weights likewise: fewer integer bits saturate the largest weights (SAT, never a wrap).
  const ints = new Map(knobs.map((k) => [`${k.layer.name}/${k.key}`, k.key === 'result' ? proposeResultType(k.layer.result, { width: maxWidth }).int : proposeConstantType(k.layer.weight!, { width: maxWidth }).int]));
  const typeOfKnob = (l: LayerProfile, key: 'result' | 'weight', w: number): FixedType => {
    const i = ints.get(`${l.name}/${key}`);
    const s = key === 'result' ? l.result : l.weight!;
    if (i === undefined) return key === 'result' ? proposeResultType(s, { width: w }) : proposeConstantType(s, { width: w });
    return fixedType(s.min < 0, w, i, 'RND', 'SAT');
  };

  const proposals = (): Map<string, LayerProposal> => {
    const out = new Map<string, LayerProposal>();
    for (const l of profile.layers) {
      const w = (key: string): number => widths.get(`${l.name}/${key}`) ?? maxWidth;
      const p: { result?: FixedType; weight?: FixedType; bias?: FixedType } = {};
      if (resultConfigurable(l, skip.has(l.name))) p.result = typeOfKnob(l, 'result', w('result'));
      if (l.weight) p.weight = typeOfKnob(l, 'weight', w('weight'));
      if (l.bias) p.bias = proposeConstantType(l.bias, { width: maxWidth });
      out.set(l.name, p);
    }
    return out;
  };
  const configOf = (ps: ReadonlyMap<string, LayerProposal>): PrecisionConfig => {
    const layerName: Record<string, LayerSettings> = { ...base.layerName };
    for (const [name, p] of ps) layerName[name] = { ...layerName[name], precision: { ...layerName[name]?.precision, ...p } };
    return { ...base, layerName };
  };
  let evaluations = 0;
  const evaluate = (ps: ReadonlyMap<string, LayerProposal>): { measure: Measure; graph: Graph } => {
    evaluations++;
    const c = compile(g, { config: configOf(ps) }).graph;
    return { measure: measure(simulateFixed(c, [x], count).values[0]!, ref, count, opts.budget), graph: c };
  };

  const start = evaluate(proposals());
  if (start.measure.loss > target) {
    throw new HlsnetError('E210', `even ${maxWidth}-bit types miss the budget on the calibration data (loss ${start.measure.loss.toPrecision(3)}, allowed ${target.toPrecision(3)} = ${opts.margin ?? 0.5} of the budget)`, {
      subject: g.name, hint: 'raise --max-width, loosen the budget, or check the calibration data',
    });
  }
  /**
   * Whether the loss stays within target: simulated in chunks, stopping as soon as the losses so far
   * exceed what the whole set may lose (most rejected candidates fail within the first chunk).
   */
  const within = (from: number, to: number, limit: number): boolean => {
    evaluations++;
    const c = compile(g, { config: configOf(proposals()) }).graph;
    const per = x.length / count;
    const outPer = ref.length / count;
    let lost = 0;
    for (let s0 = from; s0 < to; s0 += CHUNK) {
      const n = Math.min(CHUNK, to - s0);
      const y = simulateFixed(c, [x.subarray(s0 * per, (s0 + n) * per)], n).values[0]!;
      const m = measure(y, ref.subarray(s0 * outPer, (s0 + n) * outPer), n, sliceBudget(opts.budget, s0, n));
      lost = opts.budget.kind === 'abs' ? Math.max(lost, m.loss) : lost + m.loss * n;
      if ((opts.budget.kind === 'abs' ? lost : lost / (to - from)) > limit) return false;
    }
    return true;
  };
  // The search decides on the first samples; the rest validate its result, which the many accept/reject
  // decisions have not seen (they overfit the search samples' few near-ties otherwise).
  const split = count >= 2 * MIN_VALIDATION ? Math.round(count * (1 - VALIDATION_SHARE)) : count;
  const ok = (): boolean => within(0, split, target);
  const history: { key: string; width: number; int: number }[] = [];
  // Rounds: each knob in turn gives up one bit if the loss stays within target: dropping a fractional
  // bit, or an integer bit so that the largest values saturate. Spreading the budget over every layer this
  // way costs fewer bits in total than narrowing one layer as far as it goes before the next.
  let round = 0;
  for (let changed = true; changed; round++) {
    changed = false;
    for (const k of knobs) {
      const key = `${k.layer.name}/${k.key}`;
      const w = widths.get(key)!;
      if (w <= minWidth) continue;
      history.push({ key, width: w, int: ints.get(key)! });
      widths.set(key, w - 1);
      if (ok()) { changed = true; continue; }
      const i = ints.get(key)!;
      ints.set(key, i - 1);
      if (ok()) { changed = true; continue; }
      ints.set(key, i);
      widths.set(key, w);
      history.pop();
    }
    opts.onStep?.(round + 1, maxWidth - minWidth);
  }
  // Validation: undo the last narrowings until the held-back samples stay within the (whole) target.
  while (split < count && history.length && !within(split, count, target)) {
    const h = history.pop()!;
    widths.set(h.key, h.width);
    ints.set(h.key, h.int);
  }
  if (split < count && !history.length && !within(split, count, limitOf(opts.budget))) {
    throw new HlsnetError('E210', `even ${maxWidth}-bit types miss the budget on the validation samples (the last ${count - split} of ${count})`, {
      subject: g.name, hint: 'give more calibration samples, raise --max-width, or loosen the budget',
    });
  }
  const final = evaluate(proposals());
  const baselineGraph = compile(g, { config: base }).graph;
  return {
    proposals: proposals(), config: configOf(proposals()), measure: final.measure, cost: multiplierCost(final.graph),
    baseline: { measure: measure(simulateFixed(baselineGraph, [x], count).values[0]!, ref, count, opts.budget), cost: multiplierCost(baselineGraph) },
    evaluations,
  };
}
