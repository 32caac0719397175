// A tiny netlist writer for one Verilog module: sized wires, explicit extensions, no implicit widths.
// Every value is a plain bit vector holding a raw integer (two's complement when `signed`); every
// operation names its widths explicitly, so Verilog's context-width rules never decide a result.

/** A named wire (or port) holding a raw integer of `width` bits. */
export interface Sig {
  readonly name: string;
  readonly width: number;
  readonly signed: boolean;
}

/** A summand of `sum`: (neg ? −1 : 1) · (sig << shift). */
export interface Term {
  readonly sig: Sig;
  readonly shift: number;
  readonly neg: boolean;
}

/** Bits of a two's-complement integer that holds every value in [lo, hi]. */
export function signedBits(lo: bigint, hi: bigint): number {
  let w = 1;
  while (lo < -(1n << BigInt(w - 1)) || hi > (1n << BigInt(w - 1)) - 1n) w++;
  return w;
}

/** The raw range a signal can hold. */
export function sigRange(s: Sig): [bigint, bigint] {
  const w = BigInt(s.width);
  return s.signed ? [-(1n << (w - 1n)), (1n << (w - 1n)) - 1n] : [0n, (1n << w) - 1n];
}

/** A `width`-bit literal of the integer v (taken modulo 2^width). */
export function literal(v: bigint, width: number): string {
  const m = ((v % (1n << BigInt(width))) + (1n << BigInt(width))) % (1n << BigInt(width));
  return `${width}'h${m.toString(16)}`;
}

export class ModuleBuilder {
  private readonly decls: string[] = [];
  private readonly body: string[] = [];
  private counter = 0;

  constructor(private readonly prefix = 'n') {}

  fresh(hint = this.prefix): string {
    return `${hint}_${this.counter++}`;
  }

  /** Declare `wire [w-1:0] name = expr` (expr must be exactly `width` bits wide). */
  wire(width: number, signed: boolean, expr: string, hint?: string): Sig {
    const name = this.fresh(hint);
    this.decls.push(`  wire [${width - 1}:0] ${name};`);
    this.body.push(`  assign ${name} = ${expr};`);
    return { name, width, signed };
  }

  /** A constant as a named wire (so that bits can be selected from it). */
  konst(v: bigint, width: number, signed: boolean): Sig {
    return this.wire(width, signed, literal(v, width), 'k');
  }

  /** Verbatim lines (declarations go first, then the body, in order). */
  declare(line: string): void {
    this.decls.push(line);
  }

  emit(line: string): void {
    this.body.push(line);
  }

  lines(): string[] {
    return [...this.decls, ...this.body];
  }
}

/** Bits [lo, lo+width) of s as an expression (width ≥ 1, within s). */
export function bits(s: Sig, lo: number, width: number): string {
  if (lo === 0 && width === s.width) return s.name;
  if (width === 1) return `${s.name}[${lo}]`;
  return `${s.name}[${lo + width - 1}:${lo}]`;
}

/** (s << shift) as an expression of exactly `width` bits: sign- or zero-extended, or cut to its low bits (modular). */
export function extend(s: Sig, width: number, shift = 0): string {
  if (width <= shift) return literal(0n, width);
  const parts: string[] = [];
  const keep = Math.min(s.width, width - shift);
  const pad = width - shift - keep;
  if (pad > 0) {
    const fill = s.signed ? `${s.name}[${s.width - 1}]` : `1'b0`;
    parts.push(pad === 1 ? fill : `{${pad}{${fill}}}`);
  }
  parts.push(bits(s, 0, keep));
  if (shift > 0) parts.push(literal(0n, shift));
  return parts.length === 1 ? parts[0]! : `{${parts.join(', ')}}`;
}

/** Σ ±(sig << shift), computed modulo 2^width (exact when width holds the result). */
export function sum(m: ModuleBuilder, terms: readonly Term[], width: number, hint?: string, signed = true): Sig {
  if (terms.length === 0) return m.konst(0n, width, signed);
  const ordered = [...terms].sort((a, b) => Number(a.neg) - Number(b.neg));
  let expr = '';
  ordered.forEach((t, i) => {
    const e = extend(t.sig, width, t.shift);
    expr += i === 0 ? (t.neg ? `-${e}` : e) : t.neg ? ` - ${e}` : ` + ${e}`;
  });
  return m.wire(width, signed, expr, hint);
}

/** s as a two's-complement signal: unsigned values get a 0 sign bit. */
export function asSigned(m: ModuleBuilder, s: Sig): Sig {
  return s.signed ? s : m.wire(s.width + 1, true, `{1'b0, ${s.name}}`, 'sx');
}

/** a · b of two run-time signals, exact: `*` on signed operands into the full product width. */
export function variableProduct(m: ModuleBuilder, a: Sig, b: Sig): Sig {
  const [as, bs] = [asSigned(m, a), asSigned(m, b)];
  return m.wire(as.width + bs.width, true, `$signed(${as.name}) * $signed(${bs.name})`, 'mul');
}

/** A register stage: `reg [w-1:0] name; always @(posedge clk) name <= s;`. */
export function register(m: ModuleBuilder, s: Sig, hint = 'r'): Sig {
  const name = m.fresh(hint);
  m.declare(`  reg [${s.width - 1}:0] ${name};`);
  m.emit(`  always @(posedge clk) ${name} <= ${s.name};`);
  return { name, width: s.width, signed: s.signed };
}
