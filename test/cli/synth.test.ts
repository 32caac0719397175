// `hlsnet synth` through the real command line on a hand-made Verilog project: the table, --top,
// the JSON report (refused without --force), the cache on the second run, and coded option errors.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SynthReport } from '../../src/index.js';
import { writeRtlProject } from '../backends/verilog/synth-fixtures.js';
import { hlsnet } from '../helpers/cli.js';
import { requireTool } from '../helpers/tools.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-synth-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The table's cells, by first column. */
function table(stdout: string): Map<string, string[]> {
  return new Map(stdout.split('\n').filter((l) => /^(n_|total|top )/.test(l)).map((l) => {
    const c = l.trim().split(/\s{2,}/);
    return [c[0]!, c.slice(1)];
  }));
}

describe('hlsnet synth', () => {
  const prj = join(work, 'prj');
  const json = join(work, 'report.json');
  beforeAll(() => {
    requireTool('yosys');
    writeRtlProject(prj, ['add8', 'xor4']);
  });

  it('prints LUT / FF / CARRY / DSP / BRAM / LUT levels / stages per layer, a total, --top and the latency; writes --json', async () => {
    const r = await hlsnet(['synth', prj, '--top', '--json', json, '--yosys', 'yosys']);
    expect(r.stderr).toBe(''); // not a terminal: no progress output
    expect(r.code).toBe(0);
    const t = table(r.stdout);
    expect(t.get('n_add8')).toEqual(['dense', '8', '8', '2', '0', '0', '1', '1']);
    expect(t.get('n_xor4')).toEqual(['dense', '1', '1', '0', '0', '0', '1', '1']);
    expect(t.get('total')).toEqual(['9', '9', '2', '0', '0', '1', '2']);
    expect(t.get('top synthtest')?.[0]).toBe('(one run)');
    expect(r.stdout).toContain('latency: 2 cycles');
    expect(r.stdout).toMatch(/0 of 3 modules from .*synth-cache/);
    const report = JSON.parse(readFileSync(json, 'utf8')) as SynthReport;
    expect(report.format).toBe('hlsnet-synth-1');
    expect(report.layers.map((l) => [l.module, l.ff, l.lutLevels, l.cached])).toEqual([['add8', 8, 1, false], ['xor4', 1, 1, false]]);
    expect(report.topModule?.module).toBe('synthtest');
    expect(report.total.lut).toBe(9);
  }, 180_000);

  it('runs again from the cache; an existing --json file needs --force', async () => {
    const again = await hlsnet(['synth', prj, '--json', json, '--force']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/2 of 2 modules from .*synth-cache/);
    expect((JSON.parse(readFileSync(json, 'utf8')) as SynthReport).layers.every((l) => l.cached)).toBe(true);
    const refused = await hlsnet(['synth', prj, '--json', json]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error E404: /m);
  });

  it('bad option values and a folder without Verilog: coded errors, nothing written', async () => {
    const out = join(work, 'never.json');
    const family = await hlsnet(['synth', prj, '--family', 'virtex9', '--json', out]);
    expect(family.code).toBe(1);
    expect(family.stderr).toMatch(/^error E403: --family/m);
    expect(family.stderr).toContain('xcup');
    expect((await hlsnet(['synth', prj, '--jobs', '0'])).stderr).toMatch(/^error E403: --jobs/m);
    expect((await hlsnet(['synth', prj, '--mult', 'both'])).stderr).toMatch(/^error E403: --mult/m);
    const bare = await hlsnet(['synth', join(work, 'nothing-here')]);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/^error E402: .*verilog/m);
    expect(existsSync(out)).toBe(false);
  });
});
