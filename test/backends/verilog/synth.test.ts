// Yosys synthesis reports of hand-written layer modules: resource counts and LUT levels that the
// circuits themselves justify, Yosys's own longest path as a cross-check, the cache, the errors.
import { execa } from 'execa';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VerilogFiles } from '../../../src/backends/verilog/emit.js';
import { synthesize, type SynthReport } from '../../../src/backends/verilog/synth.js';
import { projectSynthCache } from '../../../src/cli/synth-cache.js';
import { HlsnetError } from '../../../src/index.js';
import { requireTool } from '../../helpers/tools.js';
import { MODULES, writeRtlProject } from './synth-fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-synth-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const noReemit = (): VerilogFiles => { throw new Error('re-emitted although --mult is the project\'s'); };

async function codeOf(p: Promise<unknown>): Promise<HlsnetError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof HlsnetError) return e;
    throw e;
  }
  throw new Error('expected an HlsnetError');
}

/** Yosys's own `ltp -noff` length for `module` (cells on the longest path, the FF that ends it included). */
async function yosysLtp(module: string): Promise<number> {
  const dir = mkdtempSync(join(work, 'ltp-'));
  writeFileSync(join(dir, 'm.v'), MODULES[module]!);
  await execa('yosys', ['-q', '-p', `read_verilog m.v; synth_xilinx -family xcup -nowidelut -noiopad -noclkbuf -flatten -top ${module}; tee -q -o ltp.txt ltp -noff`], { cwd: dir });
  return Number(/length=(\d+)/.exec(readFileSync(join(dir, 'ltp.txt'), 'utf8'))![1]);
}

// xor4 (1 LUT, 1 level) is asserted by the CLI test.
const LAYERS = ['add8', 'xor7', 'lutchain', 'pipe2', 'mul18', 'mul8'];

describe('synthesize: one Yosys synth_xilinx run per layer module', () => {
  const dir = join(work, 'prj');
  let report: SynthReport;
  let ltpAdd8 = 0;
  const layer = (m: string) => report.layers.find((l) => l.module === m)!;

  beforeAll(async () => {
    requireTool('yosys');
    writeRtlProject(dir, LAYERS);
    [report, ltpAdd8] = await Promise.all([synthesize(dir, { yosys: 'yosys', cache: projectSynthCache(dir) }, noReemit), yosysLtp('add8')]);
  }, 240_000);

  it('8-bit registered adder: 8 FFs, 8 propagate LUTs, an 8-bit carry chain, 1 LUT level', () => {
    const r = layer('add8');
    expect([r.ff, r.lut, r.dsp, r.bram]).toEqual([8, 8, 0, 0]);
    // The chain covers exactly the 8 sum bits: 2 CARRY4 (Yosys's cell even for xcup) or 1 CARRY8.
    expect(r.carry * (r.cells.CARRY8 ? 8 : 4)).toBe(8);
    expect(r.carryChain).toBe(r.carry);
    expect(r.lutLevels).toBe(1);
    // Logic levels count the carry cells too, and agree with Yosys's own longest path (which also counts the FF).
    expect(r.logicLevels).toBe(1 + r.carry);
    expect(r.logicLevels).toBe(ltpAdd8 - 1);
  });

  it('XOR of 7 inputs: 2 LUT levels (no LUT has 7 inputs, and two suffice)', () => {
    expect(layer('xor7').lutLevels).toBe(2);
    expect(layer('xor7').ff).toBe(1);
  });

  it('six chained LUT6 primitives: 6 LUT levels; registers end paths (two stages of one LUT each: 1 level)', () => {
    const c = layer('lutchain');
    expect([c.lut, c.ff, c.lutLevels, c.logicLevels, c.carryChain]).toEqual([6, 1, 6, 6, 0]);
    const p = layer('pipe2');
    expect([p.lut, p.ff, p.lutLevels]).toEqual([7, 7, 1]);
  });

  it('constant multiplications written with * map to one DSP48E2 each, no LUTs', () => {
    for (const m of ['mul18', 'mul8']) {
      expect(layer(m).dsp, m).toBe(1);
      expect(layer(m).cells.DSP48E2, m).toBe(1);
      expect(layer(m).lut, m).toBe(0);
    }
  });

  it('totals sum the layers; depths are the deepest layer\'s; latency and stages from the manifest', () => {
    expect(report.layers.map((l) => l.module)).toEqual(LAYERS);
    expect(report.total.lut).toBe(report.layers.reduce((a, l) => a + l.lut, 0));
    expect(report.total.ff).toBe(report.layers.reduce((a, l) => a + l.ff, 0));
    expect(report.total.dsp).toBe(2);
    expect(report.total.lutLevels).toBe(6);
    expect(report.total.stages).toBe(7);
    expect(report.latency).toBe(7);
    expect([report.family, report.mult, report.top]).toEqual(['xcup', 'dsp', 'synthtest']);
    expect(report.yosys).toMatch(/^Yosys \d+\.\d+/);
    expect(report.layers.every((l) => !l.cached)).toBe(true);
  });

  it('a second run comes from the cache; an edited module alone runs again', async () => {
    expect(readdirSync(join(dir, 'verilog', 'synth-cache')).filter((f) => f.endsWith('.json'))).toHaveLength(LAYERS.length);
    const again = await synthesize(dir, { yosys: 'yosys', cache: projectSynthCache(dir) }, noReemit);
    expect(again.layers.every((l) => l.cached)).toBe(true);
    expect(again.layers.map(({ cached: _, ...l }) => l)).toEqual(report.layers.map(({ cached: _, ...l }) => l));
    writeFileSync(join(dir, 'verilog', 'rtl', 'xor7.v'), `// edited\n${MODULES.xor7}`);
    const edited = await synthesize(dir, { yosys: 'yosys', cache: projectSynthCache(dir) }, noReemit);
    expect(edited.layers.filter((l) => !l.cached).map((l) => l.module)).toEqual(['xor7']);
  }, 60_000);
});

describe('synthesize: options and errors', () => {
  const dir = join(work, 'small');
  beforeAll(() => writeRtlProject(dir, ['xor4']));

  it('another --mult than the project\'s synthesizes RTL re-emitted in memory', async () => {
    requireTool('yosys');
    const asked: string[] = [];
    const reemit = (mult: 'dsp' | 'lut'): VerilogFiles => {
      asked.push(mult);
      const layers = [{ node: 'n', op: 'dense', module: 'xor7', files: ['rtl/xor7.v'], stages: 1 }];
      const manifest = { format: 'hlsnet-rtl-1', top: 'synthtest', files: ['rtl/xor7.v'], latency: 1, inputs: [], outputs: [], inWidth: 0, outWidth: 0, mult, layers } as const;
      return { files: new Map([['rtl/xor7.v', MODULES.xor7!], ['manifest.json', JSON.stringify(manifest)]]), manifest };
    };
    // The re-emitted xor7 is the first project's file: its cached result is reused.
    const r = await synthesize(dir, { mult: 'lut', yosys: 'yosys', cache: projectSynthCache(join(work, 'prj')) }, reemit);
    expect(asked).toEqual(['lut']);
    expect([r.mult, r.layers[0]!.module, r.layers[0]!.lutLevels]).toEqual(['lut', 'xor7', 2]);
  }, 60_000);

  it('bad option values: E403 naming the option, before Yosys runs', async () => {
    const family = await codeOf(synthesize(dir, { family: 'xc9k' }, noReemit));
    expect([family.code, family.subject]).toEqual(['E403', '--family']);
    expect(family.hint).toContain('xcup');
    expect((await codeOf(synthesize(dir, { mult: 'dsps' }, noReemit))).code).toBe('E403');
    expect((await codeOf(synthesize(dir, { jobs: 0 }, noReemit))).code).toBe('E403');
  });

  it('no verilog/ in the project: E402; no such yosys: E607 with an install hint', async () => {
    const bare = join(work, 'bare');
    const e = await codeOf(synthesize(bare, {}, noReemit));
    expect(e.code).toBe('E402');
    expect(e.subject).toContain('manifest.json');
    const y = await codeOf(synthesize(dir, { yosys: join(work, 'no-such-yosys') }, noReemit));
    expect(y.code).toBe('E607');
    expect(y.hint).toMatch(/apt-get install yosys/);
  });

  it('Verilog Yosys cannot read: E608 naming the module and file', async () => {
    requireTool('yosys');
    const bad = join(work, 'broken');
    writeRtlProject(bad, ['broken']);
    const e = await codeOf(synthesize(bad, { yosys: 'yosys' }, noReemit));
    expect(e.code).toBe('E608');
    expect(e.subject).toContain('rtl/broken.v');
    expect(e.message).toMatch(/ERROR/);
  });
});

describe('synthesize with the @yowasp/yosys WebAssembly build', () => {
  it('gives the same adder counts as the native Yosys', async () => {
    const dir = join(work, 'yowasp');
    writeRtlProject(dir, ['add8']);
    const r = await synthesize(dir, { yosys: 'yowasp' }, noReemit);
    expect(r.yosys).toContain('@yowasp/yosys');
    const a = r.layers[0]!;
    expect([a.ff, a.lut, a.dsp, a.lutLevels]).toEqual([8, 8, 0, 1]);
    expect(a.carry * (a.cells.CARRY8 ? 8 : 4)).toBe(8);
  }, 120_000);
});
