// Lookup tables as logic: index(r) = clamp(floor((r − loRaw) / 2^shift), 0, size − 1), and the entries as a ROM function.
import type { TableLayout } from '../../ops/tables.js';
import { bits, extend, literal, signedBits, sigRange, type ModuleBuilder, type Sig } from './netlist.js';

function log2(size: number): number {
  return Math.max(1, Math.round(Math.log2(size)));
}

/** The table index of raw value r, as an unsigned log2(size)-bit signal. */
export function tableIndexRtl(m: ModuleBuilder, r: Sig, t: TableLayout): Sig {
  const ib = log2(t.spec.size);
  const lo = BigInt(t.loRaw);
  const [rl, rh] = sigRange(r);
  const w = signedBits(rl - lo, rh - lo);
  const diff = m.wire(w, true, `${extend(r, w)} - ${literal(lo, w)}`, 'ti');
  // floor division by 2^shift of a two's-complement value: drop the low bits.
  const kw = Math.max(1, w - t.shift);
  const k: Sig = t.shift >= w ? m.wire(1, true, bits(diff, w - 1, 1), 'tk') : m.wire(kw, true, bits(diff, t.shift, kw), 'tk');
  const [kl, kh] = sigRange(k);
  const max = BigInt(t.spec.size - 1);
  const cw = Math.max(k.width, ib + 1) + 1;
  const ks = extend(k, cw);
  const low = kl < 0n ? `$signed(${ks}) < $signed(${literal(0n, cw)})` : `1'b0`;
  const high = kh > max ? `$signed(${ks}) > $signed(${literal(max, cw)})` : `1'b0`;
  const inRange = k.width >= ib ? bits(k, 0, ib) : extend({ ...k, signed: false }, ib);
  return m.wire(ib, false, `${low} ? ${literal(0n, ib)} : ${high} ? ${literal(max, ib)} : ${inRange}`, 'tx');
}

/** A ROM `name[0:size-1]` of `width`-bit raw entries (a memory with initial contents: LUTs or LUTRAM after synthesis). */
export function romFunction(m: ModuleBuilder, name: string, entries: readonly bigint[], width: number): void {
  m.declare([
    `  reg [${width - 1}:0] ${name} [0:${entries.length - 1}];`,
    `  initial begin`,
    ...entries.map((e, k) => `    ${name}[${k}] = ${literal(e, width)};`),
    `  end`,
  ].join('\n'));
}

/** table[index(r)] through the ROM function `name`. */
export function lookupRtl(m: ModuleBuilder, name: string, r: Sig, t: TableLayout, width: number, signed: boolean): Sig {
  const idx = tableIndexRtl(m, r, t);
  return m.wire(width, signed, `${name}[${idx.name}]`, 'tv');
}
