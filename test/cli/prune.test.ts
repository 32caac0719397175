// `hlsnet prune` through the real command line: the report table, a native model that every other command
// loads (inspect shows its sparsity, simulate runs, convert + csim is bit-exact), and the coded errors.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { graphFromJson } from '../../src/index.js';
import { hlsnet } from '../helpers/cli.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-prune-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MODEL = sharedModel('onnx/three_layer_keras.onnx');
const FC = ['_class__keras_layers_core_Dense__', '_class__keras_layers_core_Dense__1', '_class__keras_layers_core_Dense__2', '_class__keras_layers_core_Dense__3'];

/** The table's cells, by layer name. */
function table(stdout: string): Map<string, string[]> {
  return new Map(stdout.split('\n').filter((l) => /^\s+(_class|total)/.test(l)).map((l) => { const c = l.trim().split(/\s+/); return [c[0]!, c.slice(1)]; }));
}

describe('hlsnet prune', () => {
  const out = join(work, 'p70.json');

  it('prunes to 70% per layer and prints weights, zeros, sparsity and multipliers before/after', async () => {
    const r = await hlsnet(['prune', MODEL, '-o', out, '--sparsity', '0.7']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const t = table(r.stdout);
    expect(t.get(FC[0]!)).toEqual(['dense', '1024', '717', '70.0%', '1024', '307']);
    expect(t.get(FC[3]!)).toEqual(['dense', '160', '112', '70.0%', '160', '48']);
    expect(t.get('total')).toEqual(['4256', '2980', '70.0%', '4256', '1276']);
    // The file is a native model; its zero count is the table's.
    const g = graphFromJson(readFileSync(out, 'utf8'), out);
    const zeros = g.nodes.filter((n) => n.op === 'dense').reduce((s, n) => s + g.tensors[n.inputs[1]!]!.data!.filter((v) => v === 0).length, 0);
    expect(zeros).toBe(2980);
  });

  it('the pruned model loads in inspect, simulate, convert and csim (bit-exact)', async () => {
    const inspect = await hlsnet(['inspect', out]);
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toContain(`${FC[1]} (dense): 1434 / 2048 zero (70.0%), 614 multiplications (sparse form)`);
    expect(inspect.stdout).toMatch(new RegExp(`${FC[1]} \\(dense\\): n_mult 614, RF 1, multiplier limit 614`));
    const r = mulberry32(5);
    const dat = join(work, 'x.dat');
    writeFileSync(dat, Array.from({ length: 50 }, () => Array.from({ length: 16 }, () => (4 * r() - 2).toFixed(5)).join(' ')).join('\n') + '\n');
    const sim = await hlsnet(['simulate', out, '-i', dat]);
    expect(sim.code).toBe(0);
    expect(sim.stdout.trim().split('\n').length).toBe(50);
    const prj = join(work, 'prj');
    const conv = await hlsnet(['convert', out, '-o', prj, '--tb-input', dat]);
    expect(conv.code).toBe(0);
    expect(readFileSync(join(prj, 'firmware', 'myproject.cpp'), 'utf8')).toContain('nnet::dense_sparse<');
    const csim = await hlsnet(['csim', prj]);
    expect(csim.stdout).toContain('50 samples');
    expect(csim.stdout).toContain('0 mismatches');
    expect(csim.code).toBe(0);
  }, 180_000);

  it('global scope with --keep: one threshold over the other layers, the kept layer untouched', async () => {
    const r = await hlsnet(['prune', MODEL, '-o', join(work, 'g.json'), '--sparsity', '0.7', '--scope', 'global', '--keep', FC[3]!]);
    expect(r.code).toBe(0);
    const t = table(r.stdout);
    expect(t.get(FC[3]!)).toEqual(['dense', '160', '0', '0.0%', '160', '160']);
    expect(FC.slice(0, 3).reduce((s, f) => s + Number(t.get(f)![2]), 0)).toBe(Math.round(0.7 * 4096));
  });

  it('structured neurons with a per-layer override', async () => {
    const r = await hlsnet(['prune', MODEL, '-o', join(work, 's.json'), '--sparsity', '0.5', '--structure', 'neurons', '--layer', `${FC[0]}=0.25`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('structured (neurons, L1 norm)');
    const t = table(r.stdout);
    expect(t.get(FC[0]!)!.slice(1, 4)).toEqual(['1024', '256', '25.0%']); // 16 of 64 columns of 16 weights
    expect(t.get(FC[1]!)!.slice(1, 4)).toEqual(['2048', '1024', '50.0%']);
  });

  it('coded errors: existing output, sparsity range, unknown layers, malformed --layer', async () => {
    const again = await hlsnet(['prune', MODEL, '-o', out, '--sparsity', '0.5']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/error E401/);
    expect((await hlsnet(['prune', MODEL, '-o', out, '--sparsity', '0.5', '--force'])).code).toBe(0);
    const cases: [string[], RegExp][] = [
      [['--sparsity', '1'], /error E209: sparsity must be a number in \[0, 1\), got '1'/],
      [['--sparsity', 'abc'], /error E209/],
      [['--keep', 'fc9'], /error E208: --keep names 'fc9'[^]*prunable layers: _class__keras_layers_core_Dense__/],
      [['--layer', 'Softmax=0.5'], /error E208: --layer names 'Softmax'/],
      [['--layer', 'fc1'], /error E403: --layer expects name=sparsity/],
      [['--layer', `${FC[0]}=2`], /error E209/],
    ];
    for (const [args, msg] of cases) {
      const bad = join(work, 'bad.json');
      const e = await hlsnet(['prune', MODEL, '-o', bad, ...args]);
      expect(e.code, args.join(' ')).toBe(1);
      expect(e.stderr).toMatch(msg);
      expect(existsSync(bad)).toBe(false);
    }
  });
});
