// From a profile to a precision configuration that covers the observed values (hls4ml style:
// fixed total width, integer bits from the range), and the per-tensor fit of any chosen types.
import { HlsnetError } from '../diagnostics/errors.js';
import { fracBits, MAX_INT_MAGNITUDE, type FixedType, type Overflow, type Rounding } from '../fixed/types.js';
import { formatFixedType } from '../fixed/parse.js';
import { maxRaw, minRaw, pow2, toFloat } from '../fixed/quantize.js';
import { floorLog2, PASS_THROUGH_OPS, percentile, rangeFit, type LayerProfile, type Profile, type TensorStats } from './profile.js';

export interface ProposeOptions {
  /** Total width W of every proposed type (default 16); the integer bits follow from the range. */
  readonly width?: number;
  /** Results cover |x| up to this nearest-rank percentile of |x| (default 100: the full observed range). */
  readonly coverage?: number;
}

/** Smallest and largest value of a type. */
export function typeRange(t: FixedType): { lo: number; hi: number; lsb: number } {
  return { lo: toFloat(minRaw(t), t), hi: toFloat(maxRaw(t), t), lsb: pow2(-fracBits(t)) };
}

/**
 * The width-`width` type with the fewest integer bits whose range contains [lo, hi]; signed
 * when lo < 0 unless told. Since [lo, hi] lies inside the type, no rounding mode can push a value out of it.
 */
export function coveringType(lo: number, hi: number, width: number, rounding: Rounding = 'TRN', overflow: Overflow = 'WRAP', signed = lo < 0): FixedType {
  const m = Math.max(Math.abs(lo), Math.abs(hi));
  let int = m === 0 ? (signed ? 1 : 0) : floorLog2(m) - 1;
  for (; int <= MAX_INT_MAGNITUDE; int++) {
    const t: FixedType = { signed, width, int, rounding, overflow };
    const r = typeRange(t);
    if (r.lo <= lo && hi <= r.hi) return t;
  }
  // Only a 1-bit signed type (range [-2^(I-1), 0]) cannot hold a positive value at any I.
  throw new HlsnetError('E204', `no ${width}-bit type covers [${lo}, ${hi}]`, { subject: `width ${width}`, hint: 'use a width of at least 2 bits' });
}

/** The bound |x| a result type must cover: max |x|, or the `coverage` percentile of |x|. */
function magnitudeBound(s: TensorStats, coverage: number): number {
  if (coverage >= 100) return Math.max(Math.abs(s.min), Math.abs(s.max));
  const abs = Float64Array.from(s.sorted, Math.abs).sort();
  return abs.length ? percentile(abs, coverage) : 0;
}

/**
 * Results truncate and saturate (calibration data never bounds every future input, and a wrap
 * flips the sign); weights and biases round to nearest, as the compiler quantizes them once.
 */
export function proposeResultType(s: TensorStats, o: ProposeOptions = {}): FixedType {
  const w = o.width ?? 16;
  const m = magnitudeBound(s, o.coverage ?? 100);
  // Clipped to the observed range: a lone -2^k does not cost an integer bit on the positive side.
  return coveringType(Math.max(Math.min(s.min, 0), -m), Math.min(Math.max(s.max, 0), m), w, 'TRN', 'SAT', s.min < 0);
}

export function proposeConstantType(s: TensorStats, o: ProposeOptions = {}): FixedType {
  return coveringType(Math.min(s.min, 0), Math.max(s.max, 0), o.width ?? 16, 'RND');
}

export interface LayerProposal {
  readonly result?: FixedType;
  readonly weight?: FixedType;
  readonly bias?: FixedType;
}

/** QONNX quantizers: the model fixes their output types, a configuration cannot change them. */
const MODEL_TYPED_OPS: ReadonlySet<string> = new Set(['quant', 'bipolar_quant', 'trunc']);

/** Whether the configuration can set the layer's result type (pass-through ops inherit their input's). */
export function resultConfigurable(l: LayerProfile, softmaxSkip: boolean): boolean {
  return !PASS_THROUGH_OPS.has(l.op) && !MODEL_TYPED_OPS.has(l.op) && !(l.op === 'softmax' && softmaxSkip);
}

/** Per layer name, the proposed types. `skipSoftmax` names softmax layers that pass values through. */
export function proposeTypes(p: Profile, o: ProposeOptions = {}, skipSoftmax: ReadonlySet<string> = new Set()): Map<string, LayerProposal> {
  const out = new Map<string, LayerProposal>();
  for (const l of p.layers) {
    out.set(l.name, {
      ...(resultConfigurable(l, skipSoftmax.has(l.name)) ? { result: proposeResultType(l.result, o) } : {}),
      ...(l.weight ? { weight: proposeConstantType(l.weight, o) } : {}),
      ...(l.bias ? { bias: proposeConstantType(l.bias, o) } : {}),
    });
  }
  return out;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The configuration as YAML (hls4ml's LayerName form) that parsePrecisionConfig reads back. */
export function formatProposalYaml(proposals: ReadonlyMap<string, LayerProposal>, header: readonly string[] = []): string {
  // No Model section: every layer whose type a configuration can set gets its own entry below.
  const lines = [...header.map((h) => `# ${h}`), 'LayerName:'];
  for (const [name, t] of proposals) {
    const keys = (['result', 'weight', 'bias'] as const).filter((k) => t[k]);
    if (!keys.length) continue;
    // A double-quoted YAML scalar is a JSON string: safe for names with ':', '/', spaces.
    lines.push(`  ${PLAIN_KEY.test(name) ? name : JSON.stringify(name)}:`, '    Precision:');
    for (const k of keys) lines.push(`      ${k}: ${formatFixedType(t[k]!)}`);
  }
  return lines.join('\n') + '\n';
}

/** One profiled tensor with the type it gets and how its values fit that type. */
export interface ProfileRow {
  readonly layer: string;
  readonly op: string;
  readonly stats: TensorStats;
  /** The type shown (configured, else proposed); undefined when nothing types it. */
  readonly type?: FixedType;
  /** Fraction of values outside the type's range, and of nonzero values below its LSB. */
  readonly over: number;
  readonly under: number;
}

export function profileRows(p: Profile, typeOf: (tensor: string) => FixedType | undefined): ProfileRow[] {
  const rows: ProfileRow[] = [];
  for (const l of p.layers) {
    for (const s of [l.result, l.weight, l.bias]) {
      if (!s) continue;
      const t = typeOf(s.tensor);
      const fit = t ? rangeFit(s, typeRange(t).lo, typeRange(t).hi, typeRange(t).lsb) : { over: 0, under: 0 };
      rows.push({ layer: l.name, op: l.op, stats: s, ...(t ? { type: t } : {}), ...fit });
    }
  }
  return rows;
}
