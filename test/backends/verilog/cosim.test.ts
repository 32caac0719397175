// Verilator co-simulation (cosimCompare) on hand-written RTL that meets the top-module contract: bit-exact with the
// simulator, measured latency, threads and idle cycles change nothing, a wrong design and a missing reset are caught.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosimCompare, simulateFixed } from '../../../src/index.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { requireTool } from '../../helpers/tools.js';
import { TINY_IN, WIDE_A, WIDE_B, tinyGraph, tinyRtl, writeTinyProject, writeWideProject } from './rtl-fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-cosim-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every raw value of fixed<8,3> once, then random and edge-case samples (ties, saturating, wrapping). */
function tinyInputs(count: number): Float64Array {
  const sweep = Float64Array.from({ length: 258 }, (_, i) => ((i % 256) - 128) / 32);
  const x = new Float64Array(count * 3);
  x.set(sweep);
  x.set(edgeAwareInputs(TINY_IN, count - 86, 3, 5), 258);
  return x;
}

const COUNT = 3000;
const x = tinyInputs(COUNT);

describe('cosim on a hand-written 2-stage design', () => {
  const dir = join(work, 'tiny');
  beforeAll(() => {
    requireTool('verilator');
    writeTinyProject(dir, x.subarray(0, 30));
  });

  it('is bit-exact with the simulator on every sample, saturating ones included, with latency 2 measured', async () => {
    const r = await cosimCompare(dir, { data: x, count: COUNT }, { threads: 1 });
    expect(r.mismatches).toEqual([]);
    expect(r).toMatchObject({ samples: COUNT, outputsCompared: 3 * COUNT, mismatchCount: 0, latencyCycles: 2, manifestLatency: 2, threads: 1 });
    // The samples do reach both saturation bounds, so the clamp is exercised.
    const y = simulateFixed(tinyGraph(), [x], COUNT).raw[0]!;
    expect(y).toContain(31n);
    expect(y).toContain(-32n);
  });

  it('reuses the build: a second run is cached and gives the same result with 2 threads and with idle cycles', async () => {
    const stamp = statSync(join(dir, 'verilog', 'obj_dir', 'hlsnet_cosim')).mtimeMs;
    const two = await cosimCompare(dir, { data: x, count: COUNT }, { threads: 2 });
    const idle = await cosimCompare(dir, { data: x, count: COUNT }, { threads: 2, idleSeed: 7 });
    for (const r of [two, idle]) {
      expect(r).toMatchObject({ cached: true, buildSeconds: 0, mismatchCount: 0, latencyCycles: 2, outputsCompared: 3 * COUNT });
    }
    expect(two.threads).toBe(2);
    expect(statSync(join(dir, 'verilog', 'obj_dir', 'hlsnet_cosim')).mtimeMs).toBe(stamp);
    // Without explicit inputs the project's tb_data runs.
    expect((await cosimCompare(dir)).samples).toBe(10);
  });

  it('fails with E606 when the measured latency is not the manifest\'s (the same RTL stays cached)', async () => {
    const file = join(dir, 'verilog', 'manifest.json');
    const m = JSON.parse(readFileSync(file, 'utf8')) as { latency: number };
    try {
      writeFileSync(file, JSON.stringify({ ...m, latency: 3 }));
      await expect(cosimCompare(dir, { data: x.subarray(0, 30), count: 10 })).rejects.toMatchObject({
        code: 'E606', message: expect.stringMatching(/measured latency 2 cycles, verilog\/manifest.json says 3/),
      });
    } finally {
      writeFileSync(file, JSON.stringify(m));
    }
  });

  it('fails with E605 and Verilator\'s message when the RTL does not compile', async () => {
    const broken = join(work, 'tiny-broken');
    writeTinyProject(broken, x.subarray(0, 3), 'module tiny (input wire clk;\nendmodule\n');
    await expect(cosimCompare(broken)).rejects.toMatchObject({ code: 'E605', message: expect.stringMatching(/%Error: .*tiny\.v:1/) });
    expect(existsSync(join(broken, 'verilog', 'obj_dir'))).toBe(false);
  });

  it('reports every output of a wrong design (clamp at 30 instead of 31) by sample and index', async () => {
    const bad = join(work, 'tiny-wrong');
    const g = writeTinyProject(bad, x.subarray(0, 3), tinyRtl({ maxv: 30 }));
    const r = await cosimCompare(bad, { data: x, count: COUNT }, { threads: 2 });
    const y = simulateFixed(g, [x], COUNT).raw[0]!;
    const expected = [...y.keys()].filter((i) => y[i]! >= 31n).map((i) => ({ sample: Math.floor(i / 3), index: i % 3, rtl: 30 / 16, sim: 31 / 16 }));
    expect(expected.length).toBeGreaterThan(10);
    expect(r.mismatches).toEqual(expected);
    expect(r.mismatchCount).toBe(expected.length);
  });

  it('fails with E606 when the valid pipeline ignores rst (junk stays valid after reset)', async () => {
    const noReset = join(work, 'tiny-no-reset');
    writeTinyProject(noReset, x.subarray(0, 3), tinyRtl({ resetValid: false }));
    await expect(cosimCompare(noReset, { data: x.subarray(0, 30), count: 10 })).rejects.toMatchObject({ code: 'E606', message: expect.stringMatching(/after reset/) });
  });
});

describe('cosim on 286-bit buses of 13-bit elements', () => {
  it('round-trips signed and unsigned elements that straddle 32-bit words, with two inputs and two outputs', async () => {
    requireTool('verilator');
    const dir = join(work, 'wide');
    const count = 1500;
    const a = edgeAwareInputs(WIDE_A, count, 11, 8);
    const b = edgeAwareInputs(WIDE_B, count, 11, 9);
    const data = new Float64Array(count * 22);
    for (let s = 0; s < count; s++) {
      data.set(a.subarray(s * 11, s * 11 + 11), s * 22);
      data.set(b.subarray(s * 11, s * 11 + 11), s * 22 + 11);
    }
    const g = writeWideProject(dir, data.subarray(0, 22));
    const r = await cosimCompare(dir, { data, count }, { threads: 2, idleSeed: 3 });
    expect(r.mismatches.slice(0, 5)).toEqual([]);
    expect(r).toMatchObject({ samples: count, outputsCompared: 22 * count, latencyCycles: 2 });
    // Both signs and the unsigned top bit occur, so sign handling is really exercised.
    const [ya, yb] = simulateFixed(g, [a, b], count).raw;
    expect(ya!.some((v) => v < -4000n) && ya!.some((v) => v > 4000n)).toBe(true);
    expect(yb!.some((v) => v >= 2048n)).toBe(true);
  });
});
