// Our hls/csim ap_fixed/ap_int headers, compiled by g++, agree bit for bit with src/fixed
// (quantize, fromFloat, toFloat, mulType, addType) on a fixed, seeded list of cases.
import { execa } from 'execa';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatApType } from '../../src/fixed/parse.js';
import { fromFloat, maxRaw, minRaw, quantize, toFloat } from '../../src/fixed/quantize.js';
import { addType, mulType } from '../../src/fixed/rules.js';
import { OVERFLOWS, ROUNDINGS, fixedType, type FixedType } from '../../src/fixed/types.js';
import { Rng, show } from '../fixed/random.js';
import { compileCpp, withTempDir } from '../helpers/tools.js';

const CSIM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../hls/csim');

/** An operand or target: ap_[u]fixed, ap_[u]int (read as TRN_ZERO/WRAP at F = 0) or a C integer type. */
interface Ty {
  readonly kind: 'fixed' | 'apint' | 'c';
  readonly t: FixedType;
  readonly cname?: string;
}
const fx = (t: FixedType): Ty => ({ kind: 'fixed', t });
const apint = (signed: boolean, w: number): Ty => ({ kind: 'apint', t: fixedType(signed, w, w, 'TRN_ZERO', 'WRAP') });
const C_TYPES: readonly Ty[] = (
  [['int', true, 32], ['unsigned', false, 32], ['long long', true, 64], ['unsigned long long', false, 64],
   ['short', true, 16], ['signed char', true, 8], ['bool', false, 1]] as const
).map(([cname, s, w]) => ({ kind: 'c', t: fixedType(s, w, w, 'TRN_ZERO', 'WRAP'), cname }));
const cpp = (x: Ty): string =>
  x.kind === 'c' ? x.cname! : x.kind === 'apint' ? `ap_${x.t.signed ? '' : 'u'}int<${x.t.width}>` : formatApType(x.t);
const desc = (x: Ty): string => (x.kind === 'fixed' ? show(x.t) : cpp(x));
const frac = (t: FixedType): number => t.width - t.int;
const wrap = (t: FixedType, v: bigint): bigint =>
  t.signed ? BigInt.asIntN(t.width, v) : BigInt.asUintN(t.width, v);

type Op = 'conv' | 'mul' | 'add' | 'sub' | 'acc+' | 'acc-' | 'acc*' | 'dbl' | 'cmp' | 'cmpdbl' | 'shl' | 'shr' | 'neg' | 'todbl';
interface Case {
  readonly op: Op;
  readonly a: Ty;
  readonly b?: Ty;
  readonly d?: Ty;
  readonly n: number;
}

/** C++ reading x (of type `type`) from the halves v[i], v[i + 1]; C integers take the low half. */
function get(x: Ty, name: string, i: number): string {
  const type = cpp(x);
  if (x.kind === 'c') return `${type} ${name} = static_cast<${type}>(v[${i + 1}]);`;
  const w = x.t.width;
  const hi = w > 64 ? ` ${name}.range(${w - 1}, 64) = v[${i}];` : '';
  return `${type} ${name}; ${name}.range(${Math.min(w, 64) - 1}, 0) = v[${i + 1}];${hi}`;
}
/** C++ printing the raw bits of an ap value of width w as hi:lo hex. */
function put(name: string, w: number | string): string {
  return `put(${name}.range(${w} > 64 ? 63 : ${w} - 1, 0).to_uint64(), ${w} > 64 ? ${name}.range(${w} - 1, ${w} > 64 ? 64 : 0).to_uint64() : 0);`;
}

/** C++ body of one case; v[0..5] are three (hi, lo) 64-bit halves of the inputs. */
function body(c: Case): string {
  const D = c.d && cpp(c.d);
  const a = get(c.a, 'a', 0);
  const b = c.b ? get(c.b, 'b', 2) : '';
  const dw = c.d?.t.width ?? 0;
  const R = 'decltype(r)::width';
  switch (c.op) {
    case 'conv': return `${a} ${D} d = a; ${put('d', dw)}`;
    case 'mul': case 'add': case 'sub': {
      const op = { mul: '*', add: '+', sub: '-' }[c.op];
      return `${a} ${b} auto r = a ${op} b; ${D} d = a ${op} b; info(r); ${put('r', R)} ${put('d', dw)}`;
    }
    case 'acc+': case 'acc-': return `${a} ${b} ${get(c.d!, 'd', 4)} d ${c.op[3]}= a * b; ${put('d', dw)}`;
    case 'acc*': return `${a} ${get(c.d!, 'd', 4)} d *= a; ${put('d', dw)}`;
    case 'dbl': return `double x; std::memcpy(&x, &v[1], 8); ${D} d = x; ${put('d', dw)}`;
    case 'cmp': return `${a} ${b} cmp(a, b);`;
    case 'cmpdbl': return `${a} double x; std::memcpy(&x, &v[3], 8); if (v[2] & 1) cmp(x, a); else cmp(a, x);`;
    case 'shl': case 'shr':
      return `${a} int n = (int)(long long)v[5]; auto r = a ${c.op === 'shl' ? '<<' : '>>'} n; info(r); ${put('r', R)}`;
    case 'neg': return `${a} auto r = -a; info(r); ${put('r', R)}`;
    case 'todbl':
      return `${a} double x = a.to_double(), y = (double)a; ull xb, yb; std::memcpy(&xb, &x, 8); std::memcpy(&yb, &y, 8);` +
        ` std::printf(" %llx %llx %x", xb, yb, (unsigned)a.to_int());`;
  }
}

const PRELUDE = `#include <cstdio>
#include <cstring>
#include "ap_fixed.h"
#include "ap_int.h"
typedef unsigned long long ull;
static void put(ull lo, ull hi) { std::printf(" %llx:%llx", hi, lo); }
template <int W, int I, bool S, ap_q_mode Q, ap_o_mode O, int N> int iw(const ap_fixed_base<W, I, S, Q, O, N>&) { return I; }
template <int W, bool S> int iw(const ap_int_base<W, S>&) { return -1000; }
template <class T> void info(const T& r) {
  T t; t[T::width - 1] = 1;
  std::printf(" %d %d %d", T::width, iw(r), t < 0 ? 1 : 0);
}
template <class X, class Y> void cmp(const X& x, const Y& y) {
  std::printf(" %d", (x == y) | (x != y) << 1 | (x < y) << 2 | (x <= y) << 3 | (x > y) << 4 | (x >= y) << 5);
}
`;

function program(cases: readonly Case[]): string {
  const fns = cases.map((c, k) => `static void c${k}(const ull* v) { ${body(c)} }`);
  return `${PRELUDE}${fns.join('\n')}
typedef void (*fn)(const ull*);
static const fn cases[] = { ${cases.map((_, k) => `c${k}`).join(', ')} };
int main() {
  int k; ull v[6];
  while (std::scanf("%d %llx %llx %llx %llx %llx %llx", &k, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 7) {
    std::printf("%d", k); cases[k](v); std::putchar('\\n');
  }
  return 0;
}
`;
}

// ---- the fixed case list (seeded) --------------------------------------------------------

function randType(rng: Rng, w: number, f: number, signed: boolean, q = rng.pick(ROUNDINGS), o = rng.pick(OVERFLOWS)): FixedType {
  return fixedType(signed, w, w - f, q, o);
}

function buildCases(): Case[] {
  const rng = new Rng(0x5eed_c51);
  const cases: Case[] = [];
  const modes = ROUNDINGS.flatMap((q) => OVERFLOWS.map((o) => [q, o] as const));
  const width = (i: number): number => (i % 7 === 0 ? 1 : i % 7 === 1 ? 64 : rng.int(1, 64));
  // Target I: negative, beyond W, or in between.
  const fracFor = (w: number, i: number): number => (i % 3 === 0 ? w + rng.int(1, 10) : i % 3 === 1 ? -rng.int(1, 8) : w - rng.int(0, w));
  let i = 0;
  for (const [q, o] of modes) {
    for (const signed of [true, false]) {
      const dw = width(i);
      const d = randType(rng, dw, fracFor(dw, i), signed, q, o);
      const sw = rng.int(1, 64);
      const a = i % 11 === 5 ? apint(rng.chance(0.5), sw) : fx(randType(rng, sw, frac(d) + rng.int(-8, 24), rng.chance(0.5)));
      cases.push({ op: 'conv', a, d: fx(d), n: 150 });
      i++;
    }
    const dw = width(i);
    // (a is unused: the source is a double)
    cases.push({ op: 'dbl', d: fx(randType(rng, dw, fracFor(dw, i), rng.chance(0.5), q, o)), a: fx(fixedType(true, 1, 1)), n: 150 });
    for (const op of ['mul', 'add', 'sub'] as const) {
      const aw = rng.int(1, 64), bw = rng.int(1, 64);
      const a = fx(randType(rng, aw, rng.int(-6, aw + 6), rng.chance(0.5)));
      const b = fx(randType(rng, bw, rng.int(-6, bw + 6), rng.chance(0.5)));
      const full = op === 'mul' ? mulType(a.t, b.t) : addType(a.t, b.t);
      const dwi = rng.int(1, Math.min(64, full.width));
      cases.push({ op, a, b, d: fx(randType(rng, dwi, frac(full) - rng.int(0, 6), rng.chance(0.5), q, o)), n: 100 });
      i++;
    }
  }
  // The widest results: 64 x 64-bit products (128 bits, unsigned too) and 64-bit sums.
  for (const [op, a, b] of [
    ['mul', fixedType(false, 64, 10), fixedType(false, 64, -3)], ['mul', fixedType(true, 64, 64), fixedType(true, 64, 1)],
    ['mul', fixedType(true, 64, 5), fixedType(false, 64, 60)], ['sub', fixedType(false, 64, 0), fixedType(true, 64, 50)],
  ] as const) {
    const [q, o] = rng.pick(modes);
    cases.push({ op, a: fx(a), b: fx(b), d: fx(randType(rng, 64, frac(a) + frac(b) - 40, true, q, o)), n: 100 });
  }
  // Sources whose LSB lies 40..140 bits above the target's: the shifted value leaves 128 bits.
  for (let k = 0; k < 8; k++) {
    const [q, o] = modes[(k * 9) % modes.length]!;
    const d = randType(rng, rng.int(1, 64), rng.int(20, 80), k % 2 === 0, q, o);
    cases.push({ op: 'conv', a: fx(randType(rng, rng.int(1, 64), frac(d) - rng.int(40, 140), rng.chance(0.5))), d: fx(d), n: 100 });
  }
  // C integers and ap_[u]int, as sources and operands (ints give ap_int results).
  for (const c of C_TYPES) {
    const d = randType(rng, rng.int(1, 40), rng.int(-4, 8), c.t.signed || rng.chance(0.5));
    cases.push({ op: 'conv', a: c, d: fx(d), n: 40 });
    cases.push({ op: 'conv', a: c, d: apint(rng.chance(0.5), rng.int(1, 64)), n: 40 });
    const f = fx(randType(rng, rng.int(1, 60), rng.int(-4, 20), rng.chance(0.5)));
    const ai = apint(rng.chance(0.5), rng.int(1, 60));
    for (const [op, a, b] of [['mul', f, c], ['add', c, f], ['sub', f, c], ['mul', c, ai], ['add', ai, c], ['sub', ai, c]] as const) {
      cases.push({ op, a, b, d: fx(randType(rng, rng.int(2, 64), rng.int(0, 12), true)), n: 40 });
    }
  }
  for (let k = 0; k < 6; k++) {
    const a = fx(randType(rng, rng.int(1, 64), rng.int(-20, 80), rng.chance(0.5)));
    cases.push({ op: 'conv', a, d: apint(k % 2 === 0, rng.int(1, 64)), n: 80 });
    const b = apint(rng.chance(0.5), rng.int(1, 64));
    cases.push({ op: k % 2 ? 'mul' : 'add', a: b, b: a, d: fx(randType(rng, 64, rng.int(0, 30), true)), n: 80 });
  }
  // Compound assignment: the left type's modes apply to the exact result.
  for (let k = 0; k < 21; k++) {
    const [q, o] = modes[(k * 5) % modes.length]!;
    const d = fx(randType(rng, rng.int(1, 40), rng.int(-4, 30), rng.chance(0.5), q, o));
    const a = fx(randType(rng, rng.int(1, 40), rng.int(-4, 30), rng.chance(0.5)));
    const b = k % 4 === 3 ? C_TYPES[k % C_TYPES.length]! : fx(randType(rng, rng.int(1, 40), rng.int(-4, 30), rng.chance(0.5)));
    cases.push({ op: (['acc+', 'acc-', 'acc*'] as const)[k % 3], a, b, d, n: 80 });
  }
  // Comparisons, shifts, unary minus, to_double / to_int.
  const anyOperand = (): Ty =>
    rng.chance(0.2) ? apint(rng.chance(0.5), rng.int(1, 64)) : fx(randType(rng, rng.int(1, 64), rng.int(-10, 74), rng.chance(0.5)));
  for (let k = 0; k < 24; k++) {
    const a = anyOperand();
    const near = k % 2 === 0 ? fx(fixedType(rng.chance(0.5), a.t.width, a.t.int + rng.int(-2, 2))) : anyOperand();
    cases.push({ op: 'cmp', a, b: k % 6 === 5 ? rng.pick(C_TYPES) : near, n: 80 });
  }
  for (let k = 0; k < 4; k++) {
    // LSBs 50..90 bits apart: aligning the coarser operand leaves 128 bits.
    const a = fx(randType(rng, rng.int(40, 64), rng.int(-20, 0), rng.chance(0.5)));
    cases.push({ op: 'cmp', a, b: fx(randType(rng, 64, frac(a.t) + rng.int(50, 90), true)), n: 80 });
  }
  for (let k = 0; k < 8; k++) cases.push({ op: 'cmpdbl', a: anyOperand(), n: 80 });
  for (let k = 0; k < 16; k++) cases.push({ op: k % 2 ? 'shl' : 'shr', a: anyOperand(), n: 60 });
  for (let k = 0; k < 8; k++) cases.push({ op: 'neg', a: k === 0 ? fx(fixedType(true, 127, 3)) : anyOperand(), n: 50 });
  for (let k = 0; k < 12; k++) cases.push({ op: 'todbl', a: k < 2 ? fx(fixedType(k === 0, 64, k ? 70 : -20)) : anyOperand(), n: 80 });
  return cases;
}

// ---- inputs ----------------------------------------------------------------------------

/** A raw value of x, biased toward x's extremes and toward ties/boundaries of `focus`. */
function sample(rng: Rng, x: Ty, focus?: FixedType): bigint {
  const t = x.t;
  if (x.kind === 'c' && t.width === 1) return BigInt(rng.int(0, 1));
  const kind = rng.int(0, 9);
  if (kind < 3 || (!focus && kind >= 5)) return wrap(t, rng.bits(rng.chance(0.7) ? t.width : rng.int(0, t.width)));
  if (kind < 5) {
    const pow2 = 1n << BigInt(rng.int(0, t.width)); // its shifted low 128 bits may all be zero
    return wrap(t, rng.pick([minRaw(t), maxRaw(t), 0n, 1n, -1n, minRaw(t) + 1n, maxRaw(t) - 1n, pow2, -pow2]));
  }
  const f = focus!;
  const s = frac(t) - frac(f); // focus LSB = 2^s of x's LSBs
  const base = rng.pick([minRaw(f) - 1n, minRaw(f), maxRaw(f), maxRaw(f) + 1n, -maxRaw(f), 0n, rng.signedBig(f.width + 2)]);
  if (s <= 0) return wrap(t, base >> BigInt(-s));
  const half = 1n << BigInt(s - 1);
  return wrap(t, (base << BigInt(s)) + rng.pick([0n, half, -half, half + 1n, half - 1n, 1n, -1n, rng.bits(s)]));
}

/** A finite double near t's LSB and range: exact ties, boundaries, random mantissas, extremes. */
function sampleDouble(rng: Rng, t: FixedType): number {
  const lsb = 2 ** -frac(t);
  const k = rng.int(0, 9);
  if (k === 0) return rng.pick([0, -0, 5e-324, -5e-324, 1e300, -1e300, 2 ** -1022, 1.5, -1.5]);
  if (k < 4) {
    const base = Number(rng.pick([minRaw(t) - 1n, minRaw(t), maxRaw(t), maxRaw(t) + 1n, 0n, -maxRaw(t), rng.signedBig(t.width + 1)]));
    return (base + rng.pick([0, 0.5, -0.5, 0.25, 0.75, 1 / 3])) * lsb;
  }
  const m = Number(rng.bits(rng.int(1, 53))) * (rng.chance(0.5) ? -1 : 1);
  return m * 2 ** (rng.int(-frac(t) - 60, t.int + 4) - 52);
}

const f64 = new DataView(new ArrayBuffer(8));
const doubleBits = (x: number): bigint => (f64.setFloat64(0, x), f64.getBigUint64(0));
const hex = (v: bigint, w: number): string => {
  const p = BigInt.asUintN(w, v);
  return `${(p >> 64n).toString(16)} ${BigInt.asUintN(64, p).toString(16)}`;
};
const parseRaw = (tok: string, t: FixedType): bigint => {
  const [hi, lo] = tok.split(':');
  return wrap(t, (BigInt(`0x${hi}`) << 64n) | BigInt(`0x${lo}`));
};
/** Exact comparison of x·2^-fx with y·2^-fy as the 6-bit mask the program prints. */
function cmpMask(x: bigint, fxb: number, y: bigint, fy: number): number {
  const f = Math.max(fxb, fy);
  const l = x << BigInt(f - fxb), r = y << BigInt(f - fy);
  return +(l === r) | (+(l !== r) << 1) | (+(l < r) << 2) | (+(l <= r) << 3) | (+(l > r) << 4) | (+(l >= r) << 5);
}
/** A finite double, exactly, as a raw integer at LSB 2^-1100. */
const exactDouble = (x: number): bigint => fromFloat(x, fixedType(true, 2200, 1100));

// ---- the test ----------------------------------------------------------------------------

describe('hls/csim ap_fixed.h / ap_int.h against src/fixed', () => {
  it('agrees bit for bit with quantize/mulType/addType/fromFloat/toFloat', async () => {
    const cases = buildCases();
    const rng = new Rng(0xc0ffee);
    const lines: string[] = [];
    const expected: { k: number; input: string; check: (toks: string[]) => string | null }[] = [];
    cases.forEach((c, k) => {
      for (let j = 0; j < c.n; j++) {
        const a = c.op === 'dbl' ? 0n : sample(rng, c.a, c.d?.t);
        let b = c.b ? sample(rng, c.b, c.d?.t) : 0n;
        // Comparisons: often b is a's value held in b's type, so equality and near misses occur.
        if (c.op === 'cmp' && rng.chance(0.5)) b = quantize(a, frac(c.a.t), { ...c.b!.t, rounding: rng.pick(ROUNDINGS), overflow: 'SAT' });
        const d = c.d ? sample(rng, c.d) : 0n;
        let v: [string, string, string] = [hex(a, c.a.t.width), hex(b, c.b?.t.width ?? 1), hex(d, c.d?.t.width ?? 1)];
        let check: (toks: string[]) => string | null;
        const same = (got: bigint, want: bigint, what = ''): string | null => (got === want ? null : `${what}got ${got}, want ${want}`);
        const fa = frac(c.a.t), fb = c.b ? frac(c.b.t) : 0;
        switch (c.op) {
          case 'conv': check = (t) => same(parseRaw(t[0]!, c.d!.t), quantize(a, fa, c.d!.t)); break;
          case 'mul': case 'add': case 'sub': {
            const full = c.op === 'mul' ? mulType(c.a.t, c.b!.t) : addType(c.a.t, c.b!.t);
            const rt = c.op === 'sub' ? { ...full, signed: true } : full;
            const f = frac(rt);
            const exact = c.op === 'mul' ? a * b : (a << BigInt(f - fa)) + (c.op === 'add' ? 1n : -1n) * (b << BigInt(f - fb));
            const ints = c.a.kind !== 'fixed' && c.b!.kind !== 'fixed';
            const want = `${rt.width} ${ints ? -1000 : rt.int} ${rt.signed ? 1 : 0}`;
            check = (t) => (t.slice(0, 3).join(' ') !== want ? `result type ${t.slice(0, 3).join(' ')}, want ${want}` : null) ??
              same(parseRaw(t[3]!, rt), exact, 'full: ') ?? same(parseRaw(t[4]!, c.d!.t), quantize(exact, f, c.d!.t), 'assigned: ');
            break;
          }
          case 'acc+': case 'acc-': case 'acc*': {
            const fd = frac(c.d!.t);
            let exact: bigint, f: number;
            if (c.op === 'acc*') { exact = d * a; f = fd + fa; } else {
              f = Math.max(fd, fa + fb);
              exact = (d << BigInt(f - fd)) + (c.op === 'acc+' ? 1n : -1n) * ((a * b) << BigInt(f - fa - fb));
            }
            check = (t) => same(parseRaw(t[0]!, c.d!.t), quantize(exact, f, c.d!.t));
            break;
          }
          case 'dbl': {
            const x = sampleDouble(rng, c.d!.t);
            v = [`0 ${doubleBits(x).toString(16)}`, '0 0', '0 0'];
            check = (t) => same(parseRaw(t[0]!, c.d!.t), fromFloat(x, c.d!.t), `from ${x}: `);
            break;
          }
          case 'cmp': check = (t) => same(BigInt(t[0]!), BigInt(cmpMask(a, fa, b, fb))); break;
          case 'cmpdbl': {
            const x = rng.chance(0.5) ? toFloat(a, c.a.t) : sampleDouble(rng, c.a.t);
            const flip = rng.chance(0.5);
            v = [v[0], `${flip ? 1 : 0} ${doubleBits(x).toString(16)}`, '0 0'];
            const m = flip ? cmpMask(exactDouble(x), 1100, a, fa) : cmpMask(a, fa, exactDouble(x), 1100);
            check = (t) => same(BigInt(t[0]!), BigInt(m), `vs ${x}: `);
            break;
          }
          case 'shl': case 'shr': {
            const n = rng.int(-c.a.t.width - 3, c.a.t.width + 3);
            v = [v[0], '0 0', `0 ${BigInt.asUintN(64, BigInt(n)).toString(16)}`];
            const left = c.op === 'shl' ? n : -n;
            const want = wrap(c.a.t, left >= 0 ? a << BigInt(left) : a >> BigInt(-left));
            const ti = `${c.a.t.width} ${c.a.kind === 'fixed' ? c.a.t.int : -1000} ${c.a.t.signed ? 1 : 0}`;
            check = (t) => (t.slice(0, 3).join(' ') !== ti ? `type ${t.slice(0, 3).join(' ')}` : null) ?? same(parseRaw(t[3]!, c.a.t), want, `by ${n}: `);
            break;
          }
          case 'neg': {
            const rt = fixedType(true, c.a.t.width + 1, c.a.t.int + 1);
            const ti = `${rt.width} ${c.a.kind === 'fixed' ? rt.int : -1000} 1`;
            check = (t) => (t.slice(0, 3).join(' ') !== ti ? `type ${t.slice(0, 3).join(' ')}` : null) ?? same(parseRaw(t[3]!, rt), -a);
            break;
          }
          case 'todbl': {
            const want = doubleBits(toFloat(a, c.a.t)).toString(16);
            const wantInt = BigInt.asUintN(32, quantize(a, fa, fixedType(true, 32, 32, 'TRN_ZERO', 'WRAP'))).toString(16);
            check = (t) => (t[0] === want && t[1] === want && t[2] === wantInt ? null : `got ${t.join(' ')}, want ${want} ${want} ${wantInt}`);
            break;
          }
        }
        lines.push(`${k} ${v.join(' ')}`);
        expected.push({ k, input: `a=${a} b=${b} d=${d}`, check });
      }
    });
    expect(expected.length).toBeGreaterThanOrEqual(20000);

    const out = await withTempDir('csim-ap', async (dir) => {
      await fs.writeFile(path.join(dir, 'main.cpp'), program(cases));
      // KEEP_CSIM=<path> keeps the generated program, to reproduce a failure by hand.
      if (process.env.KEEP_CSIM) await fs.copyFile(path.join(dir, 'main.cpp'), process.env.KEEP_CSIM);
      const built = await compileCpp([path.join(dir, 'main.cpp')], path.join(dir, 'main'), [CSIM_DIR]);
      expect(built.warnings).toBe('');
      const r = await execa(path.join(dir, 'main'), [], { input: lines.join('\n') + '\n', maxBuffer: 1 << 28 });
      return r.stdout.trim().split('\n');
    });
    expect(out.length).toBe(expected.length);
    const failures: string[] = [];
    out.forEach((line, j) => {
      const [k, ...toks] = line.split(' ');
      const e = expected[j]!;
      const c = cases[e.k]!;
      const why = Number(k) !== e.k ? `line for case ${k}` : e.check(toks);
      if (why && failures.length < 15) {
        failures.push(`${c.op} ${c.op === 'dbl' ? 'double' : desc(c.a)}${c.b ? ` , ${desc(c.b)}` : ''}${c.d ? ` -> ${desc(c.d)}` : ''} [${e.input}]: ${why}`);
      }
    });
    expect(failures).toEqual([]);
  }, 120_000);

  it('builds kernel-style code and hls::stream warning-free, and fails loudly on empty reads and NaN', async () => {
    await withTempDir('csim-api', async (dir) => {
      await fs.writeFile(path.join(dir, 'api.cpp'), API_PROGRAM);
      const exe = path.join(dir, 'api');
      expect((await compileCpp([path.join(dir, 'api.cpp')], exe, [CSIM_DIR])).warnings).toBe('');
      expect((await execa(exe, ['ok'])).stdout.split('\n')).toEqual([
        'y=2.75 raw=44', 'stream 3 0 1 -0.25 0', 'idx 13 -1 -2 12', 'bits 54 1 -84 -10.5 2.625', 'cmp 1101',
      ]);
      const empty = await execa(exe, ['empty'], { reject: false });
      expect(empty.exitCode).not.toBe(0);
      expect(empty.stderr).toContain("read from empty stream 'in'");
      const nan = await execa(exe, ['nan'], { reject: false });
      expect(nan.exitCode).not.toBe(0);
      expect(nan.stderr).toContain('cannot convert NaN');
    });
  }, 60_000);
});

/** A dense + ReLU kernel as the emitted HLS code writes it, a stream, and bit-level I/O. */
const API_PROGRAM = `#include <cmath>
#include <cstring>
#include <iostream>
#include "ap_fixed.h"
#include "ap_int.h"
#include "hls_stream.h"
typedef ap_fixed<16, 6> data_t;
typedef ap_fixed<8, 3, AP_RND_CONV, AP_SAT> weight_t;
typedef ap_fixed<32, 12> accum_t;
typedef ap_ufixed<8, 4, AP_RND, AP_SAT> result_t;
static const weight_t w[4] = {0.5, -1.25, 0.75, 2.0};
void dense_relu(const data_t x[4], result_t& y) {
#pragma HLS PIPELINE II=1
  accum_t acc = 0.125;
  for (int i = 0; i < 4; i++) {
#pragma HLS UNROLL
    acc += x[i] * w[i];
  }
  y = acc > 0 ? result_t(acc) : result_t(0);
}
int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "ok";
  hls::stream<data_t> in("in");
  if (mode == "empty") { in.read(); return 0; }
  if (mode == "nan") { data_t bad = std::nan(""); std::cout << bad << std::endl; return 0; }
  for (int i = 0; i < 4; i++) in.write(data_t(i * 0.5 - 0.25));
  data_t x[4];
  for (int i = 0; i < 4; i++) in >> x[i];
  result_t y;
  dense_relu(x, y);
  ap_uint<8> raw = y.range(7, 0);
  std::cout << "y=" << y << " raw=" << raw << std::endl;
  in << x[0]; in.write(x[1]); in.write(x[2]);
  data_t r, z;
  in.read(r);
  bool got = in.read_nb(z);
  std::cout << "stream " << in.size() + 2 << " " << in.empty() << " " << got << " " << r << " " << in.full() << std::endl;
  ap_uint<4> idx = 13;
  int table[16] = {0};
  table[idx] = 13;
  ap_int<8> t = -1.5;
  ap_int<8> m = -(ap_fixed<8, 4>(1.75) + 1);
  std::cout << "idx " << table[13] << " " << t << " " << m << " " << (idx & 12) << std::endl;
  ap_fixed<8, 5> b = -10.5;
  ap_int<8> bi = 54;
  ap_uint<8> braw = b.range();
  std::cout << "bits " << bi << " " << b[7] << " " << braw.to_int() - 256 << " " << b << " " << (ap_fixed<8, 5>(10.5) >> 2) << std::endl;
  std::cout << "cmp " << (b < 0) << (b == -10.5) << (b > bi) << (bi >= 54u) << std::endl;
  return 0;
}
`;
