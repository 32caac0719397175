// The dense contract of ir/OPS.md as one combinational module: y = quantize(wrap(Σ x·w + b), out).
// Dense layers use it once, conv layers once per output position (rows = the window's taps × channels).
import { fracBits, type FixedType } from '../../fixed/types.js';
import { solveCmvm, type AdderGraph } from './cmvm/index.js';
import type { MultStyle } from './emit.js';
import { literal, ModuleBuilder, sigRange, signedBits, sum, type Sig, type Term } from './netlist.js';
import { Pipeline } from './pipeline-rtl.js';
import { quantizeRtl } from './quantize-rtl.js';

export interface KernelSpec {
  readonly module: string;
  readonly xType: FixedType;
  readonly wType: FixedType;
  /** Raw weights [row][col]; a zero weight produces nothing. */
  readonly weights: readonly (readonly bigint[])[];
  readonly cols: number;
  /** Raw biases already quantized to the accumulator (its LSBs), or undefined. */
  readonly bias?: readonly bigint[];
  readonly accum: FixedType;
  readonly out: FixedType;
  readonly mult: MultStyle;
}

/** A value with its exact (or at least sound) raw range. */
interface Ranged { readonly term: Term; readonly lo: bigint; readonly hi: bigint }

const pos = (sig: Sig, shift = 0): Term => ({ sig, shift, neg: false });

/** The adder-graph solver works on exact doubles: weights of 2^52 or more (rare: > 53-bit weight types) use `*`. */
const LIMIT = 2n ** 52n;
const solvable = (w: bigint): boolean => w < LIMIT && w > -LIMIT;

function scaled(r: Ranged, shift: number, neg: boolean): Ranged {
  const k = 1n << BigInt(shift);
  const [lo, hi] = neg ? [-r.hi * k, -r.lo * k] : [r.lo * k, r.hi * k];
  return { term: { sig: r.term.sig, shift: r.term.shift + shift, neg: r.term.neg !== neg }, lo, hi };
}

/** Add two ranged values into a wire just wide enough for their sum (one adder level of the pipeline). */
function add2(m: ModuleBuilder, a: Ranged, b: Ranged, p?: Pipeline): Ranged {
  const lo = a.lo + b.lo;
  const hi = a.hi + b.hi;
  if (!p) return { term: pos(sum(m, [a.term, b.term], signedBits(lo, hi), 's')), lo, hi };
  const al = p.align([a.term.sig, b.term.sig]);
  const terms = [{ ...a.term, sig: al.sigs[0]! }, { ...b.term, sig: al.sigs[1]! }];
  return { term: pos(p.made(sum(m, terms, signedBits(lo, hi), 's'), al.stage, al.depth + 1)), lo, hi };
}

/** A balanced adder tree (depth ⌈log2 n⌉) over exact terms. */
export function treeSum(m: ModuleBuilder, items: readonly Ranged[], p?: Pipeline): Ranged | undefined {
  let level = [...items];
  while (level.length > 1) {
    const next: Ranged[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(add2(m, level[i]!, level[i + 1]!, p));
    if (level.length % 2) next.push(level.at(-1)!);
    level = next;
  }
  return level[0];
}

/** x · w as a `*` (mapped to a DSP by synthesis when wide enough). */
function dspProduct(m: ModuleBuilder, x: Sig, w: bigint, p: Pipeline): Ranged {
  const [xl, xh] = sigRange(x);
  const lo = xl * w < xh * w ? xl * w : xh * w;
  const hi = xl * w < xh * w ? xh * w : xl * w;
  const ww = signedBits(w, w);
  const xs = x.signed ? `$signed(${x.name})` : `$signed({1'b0, ${x.name}})`;
  const t = p.time(x);
  // The wire is at least as wide as either operand (Verilog sizes the product so; lint-clean), and holds the exact product.
  const pw = Math.max(signedBits(lo, hi), ww, x.signed ? x.width : x.width + 1);
  return { term: pos(p.made(m.wire(pw, true, `${xs} * $signed(${literal(w, ww)})`, 'p'), t.stage, t.depth + 1)), lo, hi };
}

/** Every node of an adder graph as a wire; returns the column sums (null: all-zero column). */
function adderGraphColumns(m: ModuleBuilder, xs: readonly Sig[], g: AdderGraph, p: Pipeline): (Ranged | null)[] {
  const nodes: Ranged[] = xs.map((x) => { const [lo, hi] = sigRange(x); return { term: pos(x), lo, hi }; });
  for (const op of g.ops) {
    nodes.push(add2(m, scaled(nodes[op.a]!, op.shiftA, op.negA), scaled(nodes[op.b]!, op.shiftB, op.negB), p));
  }
  return g.outputs.map((o) => (o ? scaled(nodes[o.node]!, o.shift, o.negate) : null));
}

function columnSums(m: ModuleBuilder, xs: readonly Sig[], spec: KernelSpec, p: Pipeline): (Ranged | null)[] {
  const { weights, cols } = spec;
  if (spec.mult === 'lut' && weights.every((row) => row.every(solvable))) {
    const matrix = weights.map((row) => row.map(Number));
    const ranges = xs.map((x) => sigRange(x).map(Number) as [number, number]);
    return adderGraphColumns(m, xs, solveCmvm(matrix, { inputRanges: ranges }), p);
  }
  const out: (Ranged | null)[] = [];
  for (let j = 0; j < cols; j++) {
    const prods = xs.flatMap((x, i) => (weights[i]![j] === 0n ? [] : [dspProduct(m, x, weights[i]![j]!, p)]));
    out.push(treeSum(m, prods, p) ?? null);
  }
  return out;
}

/** x · c exactly, as a `*` (dsp) or a shift-add graph (lut); a wire just wide enough. */
export function constantProduct(m: ModuleBuilder, x: Sig, c: bigint, mult: MultStyle): Sig {
  const p = new Pipeline(m, 0);
  if (c === 0n) return m.konst(0n, 1, true);
  if (mult === 'dsp' || !solvable(c)) return dspProduct(m, x, c, p).term.sig;
  const col = adderGraphColumns(m, [x], solveCmvm([[Number(c)]], { inputRanges: [sigRange(x).map(Number) as [number, number]] }), p)[0]!;
  return sum(m, [col.term], signedBits(col.lo, col.hi), 'p');
}

/** Products rounded one by one into accum (F(accum) < F(x)+F(w)): quantize(x·w, accum) each. */
function roundedProducts(m: ModuleBuilder, xs: readonly Sig[], spec: KernelSpec, j: number, p: Pipeline): Term[] {
  const fp = fracBits(spec.xType) + fracBits(spec.wType);
  const wrapAcc: FixedType = { ...spec.accum, overflow: 'WRAP' };
  return xs.flatMap((x, i) => {
    const w = spec.weights[i]![j]!;
    if (w === 0n) return [];
    let prod: Ranged;
    if (spec.mult === 'dsp' || !solvable(w)) prod = dspProduct(m, x, w, p);
    else {
      const col = adderGraphColumns(m, [x], solveCmvm([[Number(w)]], { inputRanges: [sigRange(x).map(Number) as [number, number]] }), p)[0]!;
      const t = p.time(col.term.sig);
      prod = { term: pos(p.made(sum(m, [col.term], signedBits(col.lo, col.hi), 'p'), t.stage, t.depth)), lo: col.lo, hi: col.hi };
    }
    const ps = prod.term.sig;
    const q = quantizeRtl(m, ps, fp, wrapAcc);
    const t = p.time(ps);
    return [pos(p.made(q, t.stage, t.depth + 1))];
  });
}

/** Σ terms modulo 2^width as a balanced tree of two-input adders (each wraps: the contract's accumulator). */
function wrappingTree(m: ModuleBuilder, terms: readonly Term[], width: number, signed: boolean, p: Pipeline): Sig {
  if (terms.length <= 1) {
    const t = terms[0] ? p.time(terms[0].sig) : { stage: 0, depth: 0 };
    return p.made(sum(m, terms, width, 'acc', signed), t.stage, t.depth + (terms[0]?.neg || terms[0]?.shift ? 1 : 0));
  }
  let level = [...terms];
  while (level.length > 1) {
    const next: Term[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      const al = p.align([level[i]!.sig, level[i + 1]!.sig]);
      const pair = [{ ...level[i]!, sig: al.sigs[0]! }, { ...level[i + 1]!, sig: al.sigs[1]! }];
      next.push(pos(p.made(sum(m, pair, width, 'acc', signed), al.stage, al.depth + 1)));
    }
    if (level.length % 2) next.push(level.at(-1)!);
    level = next;
  }
  return level[0]!.sig;
}

export interface Kernel { readonly verilog: string; readonly stages: number }

/**
 * The kernel module's Verilog: `x` = rows elements of xType, `y` = cols elements of out. With
 * `levels` > 0, a register after every `levels` adder levels (the module then has `stages` cycles).
 */
export function kernelModule(spec: KernelSpec, levels = 0): Kernel {
  const m = new ModuleBuilder();
  const p = new Pipeline(m, levels);
  const rows = spec.weights.length;
  const xw = spec.xType.width;
  const xs: Sig[] = Array.from({ length: rows }, (_, i) => m.wire(xw, spec.xType.signed, `x[${(i + 1) * xw - 1}:${i * xw}]`, 'x'));
  const acc = spec.accum;
  const fa = fracBits(acc);
  const fp = fracBits(spec.xType) + fracBits(spec.wType);
  const exact = fa >= fp;
  const sums = exact ? columnSums(m, xs, spec, p) : [];
  const accs: Sig[] = [];
  for (let j = 0; j < spec.cols; j++) {
    const terms: Term[] = exact ? (sums[j] ? [scaled(sums[j]!, fa - fp, false).term] : []) : roundedProducts(m, xs, spec, j, p);
    const b = spec.bias?.[j] ?? 0n;
    if (b !== 0n) terms.push(pos(m.konst(b, acc.width, acc.signed)));
    // Modulo 2^W(accum): the contract's wrap, whatever the order of the additions.
    accs.push(wrappingTree(m, terms, acc.width, acc.signed, p));
  }
  // The output cast, then every output brought to the last stage.
  const ys = accs.map((a) => { const t = p.time(a); return p.made(quantizeRtl(m, a, fa, spec.out), t.stage, t.depth + 1); });
  const stages = p.stages;
  const out = ys.map((y) => p.at(y, stages));
  const ow = spec.out.width;
  const lines = [
    `// ${spec.module}: ${rows} x ${spec.cols} constant matrix (${spec.mult === 'lut' ? 'shift-add adder graph' : 'multipliers'}), bias, accumulator wrap, output cast; ${stages} register stage(s).`,
    `/* verilator lint_off UNUSEDSIGNAL */`,
    `module ${spec.module} (`,
    `  input wire clk,`,
    `  input wire [${rows * xw - 1}:0] x,`,
    `  output wire [${spec.cols * ow - 1}:0] y`,
    `);`,
    ...m.lines(),
    `  assign y = {${out.map((y) => y.name).reverse().join(', ')}};`,
    `endmodule`,
    `/* verilator lint_on UNUSEDSIGNAL */`,
  ];
  return { verilog: lines.join('\n') + '\n', stages };
}
