// Lookup tables indexed by a shift and a clamp of raw input bits (ir/OPS.md, "Lookup tables"):
// the layout, the entries (minimax constants over each bucket) and the exact worst-case error.
import { HlsnetError } from '../diagnostics/errors.js';
import { fromFloat, quantize, toFloat } from '../fixed/quantize.js';
import { fixedType, type FixedType } from '../fixed/types.js';
import type { TableSpec } from '../ir/types.js';
import type { TableFunction } from './functions.js';

/** The raw values the indexed quantity can take: integers lo..hi scaled by 2^-frac. */
export interface Domain {
  readonly lo: number;
  readonly hi: number;
  readonly frac: number;
}

/** Index arithmetic stays on exact doubles: indexed values may have at most this many bits. */
export const MAX_INDEX_BITS = 48;
/** Without a configured size, tables grow (in powers of two) until within one output LSB, up to this. */
export const MAX_DEFAULT_TABLE_SIZE = 4096;
export const MIN_DEFAULT_TABLE_SIZE = 256;

export interface TableLayout {
  readonly spec: TableSpec;
  readonly domain: Domain;
  /** Raw value (at domain.frac) of the first entry's first input. */
  readonly loRaw: number;
  readonly shift: number;
  /** Entries: raw values of spec.type. */
  readonly entries: readonly bigint[];
}

export function domainOfType(t: FixedType): Domain {
  const f = t.width - t.int;
  return t.signed ? { lo: -(2 ** (t.width - 1)), hi: 2 ** (t.width - 1) - 1, frac: f } : { lo: 0, hi: 2 ** t.width - 1, frac: f };
}

export function checkDomain(d: Domain, subject: string): void {
  const bits = Math.max(Math.abs(d.lo), Math.abs(d.hi));
  if (bits >= 2 ** MAX_INDEX_BITS) {
    throw new HlsnetError('E502', `an activation's input (a table index or an exact activation's operand) cannot be wider than ${MAX_INDEX_BITS} bits`, {
      subject, hint: 'give the layer feeding this activation a narrower result type',
    });
  }
}

function rawToValue(r: number, frac: number): number {
  return r * 2 ** -frac;
}

/** Entry index of raw input r: floor((r − loRaw) / 2^shift), clamped to the table. */
export function tableIndex(r: number, loRaw: number, shift: number, size: number): number {
  const k = Math.floor((r - loRaw) / 2 ** shift);
  return k < 0 ? 0 : k >= size ? size - 1 : k;
}

function isPow2(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 20;
}

/** The raw bounds of spec.range, which must lie on the domain's grid. */
export function rangeRaw(spec: TableSpec, d: Domain, subject: string): [number, number] {
  const lo = spec.range[0] * 2 ** d.frac;
  const hi = spec.range[1] * 2 ** d.frac;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo > hi) {
    throw new HlsnetError('E501', `table range [${spec.range.join(', ')}] is not an interval of values with ${d.frac} fractional bits`, {
      subject, hint: 'give table_range bounds on the input type\'s grid, or leave it to the compiler',
    });
  }
  if (!isPow2(spec.size)) {
    throw new HlsnetError('E501', `table size ${spec.size} is not a power of two (at most 2^20)`, { subject, hint: 'use e.g. table_size: 1024' });
  }
  return [lo, hi];
}

/** The smallest shift with size · 2^shift raw values covering [lo, hi]. */
export function shiftFor(lo: number, hi: number, size: number): number {
  let s = 0;
  while (size * 2 ** s < hi - lo + 1) s++;
  return s;
}

/** Entry k is the midpoint of f over the inputs that map to it (f monotone: the minimax constant), rounded to nearest. */
export function buildTable(spec: TableSpec, domain: Domain, fn: TableFunction, subject: string): TableLayout {
  checkDomain(domain, subject);
  const [lo, hi] = rangeRaw(spec, domain, subject);
  const shift = shiftFor(lo, hi, spec.size);
  const entryType: FixedType = { ...spec.type, rounding: 'RND', overflow: 'SAT' };
  const entries = new Array<bigint>(spec.size);
  for (let k = 0; k < spec.size; k++) {
    const [a, b] = bucket(k, lo, shift, spec.size, domain);
    const mid = (fn.f(rawToValue(a, domain.frac)) + fn.f(rawToValue(b, domain.frac))) / 2;
    entries[k] = fromFloat(Number.isFinite(mid) ? mid : Math.sign(mid) * Number.MAX_VALUE, entryType);
  }
  return { spec, domain, loRaw: lo, shift, entries };
}

/** First and last raw input of entry k (within the domain; an unreachable entry gets its nominal bucket). */
function bucket(k: number, lo: number, shift: number, size: number, d: Domain): [number, number] {
  let a = lo + k * 2 ** shift;
  let b = a + 2 ** shift - 1;
  if (k === 0) a = Math.min(a, d.lo);
  if (k === size - 1) b = Math.max(b, d.hi);
  const ca = Math.max(a, d.lo);
  const cb = Math.min(b, d.hi);
  return ca <= cb ? [ca, cb] : [Math.min(Math.max(a, d.lo), d.hi), Math.min(Math.max(b, d.lo), d.hi)];
}

/** Entries quantized into `out` (what the layer outputs), as raw values of `out`. */
export function outputEntries(t: TableLayout, out: FixedType): bigint[] {
  const f = t.spec.type.width - t.spec.type.int;
  return t.entries.map((e) => quantize(e, f, out));
}

/**
 * The largest |y − f(x)| over every input of the domain, where y is the layer's output for x:
 * per reachable entry, f is monotone on its bucket, so the extremes are at the bucket's ends.
 */
export function worstTableError(t: TableLayout, fn: TableFunction, out: FixedType): number {
  const ys = outputEntries(t, out);
  let worst = 0;
  const seen = new Set<number>();
  for (let k = 0; k < t.spec.size; k++) {
    const [a, b] = bucket(k, t.loRaw, t.shift, t.spec.size, t.domain);
    // Reachable iff some domain value indexes k.
    if (tableIndex(a, t.loRaw, t.shift, t.spec.size) !== k || seen.has(k)) continue;
    seen.add(k);
    const y = toFloat(ys[k]!, out);
    worst = Math.max(worst, Math.abs(y - fn.f(rawToValue(a, t.domain.frac))), Math.abs(y - fn.f(rawToValue(b, t.domain.frac))));
  }
  return worst;
}

/**
 * The default covered interval: the whole domain, cut where f is within half an LSB (2^-(outFrac+1))
 * of its limit, since every input beyond rounds to the same output anyway.
 */
export function derivedRange(d: Domain, fn: TableFunction, outFrac: number): [number, number] {
  const tol = 2 ** -(outFrac + 1);
  const near = (r: number, limit: number | undefined): boolean => limit !== undefined && Math.abs(fn.f(rawToValue(r, d.frac)) - limit) < tol;
  let lo = d.lo;
  let hi = d.hi;
  if (near(lo, fn.lowerLimit)) {
    // The largest r with f(r) still near the lower limit: everything at or below it clamps to it.
    let a = lo;
    let b = hi;
    while (a < b) {
      const m = Math.floor((a + b + 1) / 2);
      if (near(m, fn.lowerLimit)) a = m;
      else b = m - 1;
    }
    lo = a;
  }
  if (near(hi, fn.upperLimit)) {
    let a = lo;
    let b = hi;
    while (a < b) {
      const m = Math.floor((a + b) / 2);
      if (near(m, fn.upperLimit)) b = m;
      else a = m + 1;
    }
    hi = a;
  }
  return [lo, hi];
}

/**
 * The default spec. Range: the configured one snapped inward to the grid, else the whole domain
 * with flat tails cut. Size: the configured one, else exact (one entry per value) when the range
 * has at most MAX_DEFAULT_TABLE_SIZE values, else the smallest power of two from
 * MIN_DEFAULT_TABLE_SIZE whose worst error is within one LSB of `out` (capped at the maximum).
 * `entriesAsTableType`: measure the entries in the table's type instead of cast to `out`.
 */
export function defaultTableSpec(
  d: Domain, fn: TableFunction, out: FixedType,
  opts: { size?: number; range?: readonly [number, number]; type?: FixedType; entriesAsTableType?: boolean } = {},
): TableSpec {
  const outFrac = out.width - out.int;
  const type = opts.type ?? out;
  let lo: number;
  let hi: number;
  if (opts.range) {
    lo = Math.max(d.lo, Math.min(d.hi, Math.ceil(opts.range[0] * 2 ** d.frac)));
    hi = Math.min(d.hi, Math.max(lo, Math.floor(opts.range[1] * 2 ** d.frac)));
  } else if (d.hi - d.lo + 1 <= (opts.size ?? MAX_DEFAULT_TABLE_SIZE)) {
    [lo, hi] = [d.lo, d.hi];
  } else {
    [lo, hi] = derivedRange(d, fn, outFrac);
  }
  const range: [number, number] = [rawToValue(lo, d.frac), rawToValue(hi, d.frac)];
  const exactSize = 2 ** Math.ceil(Math.log2(Math.max(hi - lo + 1, 1)));
  if (opts.size) return { size: opts.size, range, type };
  if (exactSize <= MAX_DEFAULT_TABLE_SIZE) return { size: exactSize, range, type };
  let size = MIN_DEFAULT_TABLE_SIZE;
  while (size < MAX_DEFAULT_TABLE_SIZE) {
    const t = buildTable({ size, range, type }, d, fn, 'default table');
    // Softmax tables feed further arithmetic: their entries are judged as they are, not cast to `out`.
    if (worstTableError(t, fn, opts.entriesAsTableType ? type : out) <= 2 ** -outFrac) break;
    size *= 2;
  }
  return { size, range, type };
}

/** ufixed<I+F, I> with I integer bits: for table entries known to lie in [0, 2^I). */
export function unsignedType(int: number, frac: number): FixedType {
  return fixedType(false, int + frac, int, 'RND', 'SAT');
}
