// quantize as logic (Verilator) equals the simulator's quantize on every raw value of small types,
// for every rounding and overflow mode and fraction shifts down, none and up.
import { describe, expect, it } from 'vitest';
import { quantize } from '../../../src/fixed/quantize.js';
import { fixedType, fracBits, OVERFLOWS, ROUNDINGS, type FixedType } from '../../../src/fixed/types.js';
import { ModuleBuilder, type Sig } from '../../../src/backends/verilog/netlist.js';
import { quantizeRtl } from '../../../src/backends/verilog/quantize-rtl.js';
import { evalCombinational, lintVerilog } from '../../helpers/verilator-comb.js';
import { withTempDir } from '../../helpers/tools.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Case { readonly src: FixedType; readonly targets: FixedType[] }

/** One module for every case: case c reads the low W(src) bits of x; outputs y0.. in case order. */
function moduleFor(cases: readonly Case[]): string {
  const m = new ModuleBuilder();
  const xw = Math.max(...cases.map((c) => c.src.width));
  const ports = [`  input wire [${xw - 1}:0] x`];
  let k = 0;
  for (const c of cases) {
    const x: Sig = m.wire(c.src.width, c.src.signed, `x[${c.src.width - 1}:0]`, 'src');
    for (const t of c.targets) {
      const y = quantizeRtl(m, x, fracBits(c.src), t);
      ports.push(`  output wire [${t.width - 1}:0] y${k}`);
      m.emit(`  assign y${k++} = ${y.name};`);
    }
  }
  return `/* verilator lint_off UNUSEDSIGNAL */\nmodule q (\n${ports.join(',\n')}\n);\n${m.lines().join('\n')}\nendmodule\n`;
}

function targetsFor(src: FixedType): FixedType[] {
  const out: FixedType[] = [];
  const F = fracBits(src);
  // Fewer fraction bits (rounding matters), the same, more; narrower and wider integer parts.
  const shapes: [number, number][] = [[4, src.width - F - 1], [5, src.width - F + 1], [src.width, src.width - F], [src.width + 3, src.width - F + 1], [3, 1], [6, -1]];
  for (const [w, i] of shapes) {
    for (const signed of [true, false]) {
      for (const rounding of ROUNDINGS) {
        for (const overflow of OVERFLOWS) out.push(fixedType(signed, w, i, rounding, overflow));
      }
    }
  }
  return out;
}

const SOURCES: FixedType[] = [
  fixedType(true, 8, 3), fixedType(false, 7, 2), fixedType(true, 6, 6), fixedType(true, 9, -1), fixedType(false, 5, 8), fixedType(true, 1, 1),
];

function toSigned(bitsV: bigint, t: FixedType): bigint {
  const w = BigInt(t.width);
  return t.signed && bitsV >= 1n << (w - 1n) ? bitsV - (1n << w) : bitsV;
}

describe('quantize in RTL', () => {
  const cases: Case[] = SOURCES.map((src) => ({ src, targets: targetsFor(src) }));

  it(`every raw value of ${SOURCES.length} source types into ${cases[0]!.targets.length} target types each (all modes)`, async () => {
    const xw = Math.max(...SOURCES.map((t) => t.width));
    const inputs = Array.from({ length: 1 << xw }, (_, k) => BigInt(k));
    const rows = await evalCombinational(moduleFor(cases), 'q', cases.reduce((a, c) => a + c.targets.length, 0), inputs);
    expect(rows.length).toBe(inputs.length);
    let compared = 0;
    const bad: string[] = [];
    rows.forEach((row, k) => {
      let j = 0;
      for (const c of cases) {
        // Inputs above 2^W(src) repeat the low bits: compare each source value once.
        const fresh = k < 1 << c.src.width;
        const raw = toSigned(BigInt(k) & ((1n << BigInt(c.src.width)) - 1n), c.src);
        for (const t of c.targets) {
          const got = toSigned(row[j++]!, t);
          if (!fresh) continue;
          const want = quantize(raw, fracBits(c.src), t);
          compared++;
          if (got !== want && bad.length < 10) bad.push(`raw ${raw} of ${JSON.stringify(c.src)} -> ${JSON.stringify(t)}: rtl ${got}, sim ${want}`);
        }
      }
    });
    expect(bad).toEqual([]);
    expect(compared).toBe(cases.reduce((a, c) => a + (1 << c.src.width) * c.targets.length, 0));
  }, 300_000);

  it('the emitted logic is lint-clean under verilator -Wall', async () => {
    await withTempDir('qlint', async (dir) => {
      const f = join(dir, 'q.v');
      writeFileSync(f, moduleFor(cases));
      expect(await lintVerilog([f], 'q')).toBe('');
    });
  }, 60_000);
});
