// `hlsnet cosim` end to end on a hand-written RTL project: report lines, build cache, exit codes, E604 and E403.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDat } from '../../src/data/dat.js';
import { tinyRtl, writeTinyProject, TINY_IN } from '../backends/verilog/rtl-fixtures.js';
import { hlsnet } from '../helpers/cli.js';
import { edgeAwareInputs } from '../helpers/fixed-inputs.js';
import { REPO } from '../helpers/paths.js';
import { requireTool } from '../helpers/tools.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-cosim-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('hlsnet cosim', () => {
  it('reports samples, latency and speed, caches the build, and exits 2 with the first mismatches when the RTL changes', async () => {
    requireTool('verilator');
    const dir = join(work, 'prj');
    const x = edgeAwareInputs(TINY_IN, 500, 3, 21);
    writeTinyProject(dir, x.subarray(0, 60));
    const first = await hlsnet(['cosim', dir, '--threads', '2']);
    expect(first.stderr).toBe(''); // not a terminal: no progress output
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^cosim: 20 samples, 60 outputs compared, 0 mismatches \(Verilator build [\d.]+ s, run [\d.]+ s, \d+ samples\/s on 2 threads\)$/m);
    expect(first.stdout).toContain('latency: 2 cycles (manifest: 2)');
    expect(first.stdout).toContain('OK: bit-exact');

    const data = join(work, 'x.dat');
    writeFileSync(data, formatDat(x, 3));
    const again = await hlsnet(['cosim', dir, '--input', data, '--idle-pattern', '9']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^cosim: 500 samples, 1500 outputs compared, 0 mismatches \(Verilator build cached,/m);
    expect(again.stdout).toContain('idle pattern 9');

    // A changed RTL file is rebuilt (the cache is keyed by content) and its wrong outputs are listed.
    writeFileSync(join(dir, 'verilog', 'rtl', 'tiny.v'), tinyRtl({ maxv: 30 }));
    const bad = await hlsnet(['cosim', dir, '--input', data]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/Verilator build [\d.]+ s/);
    expect(bad.stdout).toMatch(/^ {2}sample \d+ output \d: rtl 1\.875 vs simulator 1\.9375$/m);
    expect(bad.stdout).toContain('FAIL: the Verilog differs from the bit-accurate simulator');
  });

  it('fails with E604 naming verilator when it is not on PATH, and with E403 on a bad --threads', async () => {
    const dir = join(work, 'no-tool');
    writeTinyProject(dir, new Float64Array(3));
    const r = await execa(process.execPath, [join(REPO, 'bin', 'hlsnet.js'), 'cosim', dir], { reject: false, env: { PATH: join(work, 'empty'), NO_COLOR: '1' } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error E604: verilator was not found on PATH/m);
    expect(r.stderr).toContain('hint: install Verilator');
    const t = await hlsnet(['cosim', dir, '--threads', '0']);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/error E403: --threads must be a positive integer/);
  });
});
