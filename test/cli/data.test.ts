// `hlsnet data` through the real command line: the files it writes (the library's arrays, byte for byte),
// its README, the refusal to replace a non-empty folder without --force, and the coded option errors.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseNpy, serializeNpy } from '../../src/data/npy.js';
import { generateDataset } from '../../src/train/data/index.js';
import { hlsnet, type CliResult } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-data-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectCodedError(r: CliResult, code: string, ...mentions: string[]): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^error ${code}: `, 'm'));
  for (const m of mentions) expect(r.stderr).toContain(m);
  expect(r.stderr).not.toMatch(/^\s+at .*\.(js|ts):\d+/m);
}

const npy = (dir: string, name: string): ReturnType<typeof parseNpy> => parseNpy(readFileSync(join(dir, name)), name);

describe('hlsnet data', () => {
  it('writes x.npy, y.npy and README.md: the seeded arrays, one line per file', async () => {
    const out = join(work, 'jets');
    const r = await hlsnet(['data', 'jets', '-o', out, '--samples', '250', '--seed', '3']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      `wrote ${join(out, 'x.npy')}: shape (250, 16)`,
      `wrote ${join(out, 'y.npy')}: shape (250)`,
      `wrote ${join(out, 'README.md')}`,
    ]);
    expect(readdirSync(out).sort()).toEqual(['README.md', 'x.npy', 'y.npy']);
    const d = generateDataset('jets', { samples: 250, seed: 3 });
    expect(new Uint8Array(readFileSync(join(out, 'x.npy')))).toEqual(serializeNpy(d.x));
    expect(new Uint8Array(readFileSync(join(out, 'y.npy')))).toEqual(serializeNpy(d.y));
    const readme = readFileSync(join(out, 'README.md'), 'utf8');
    expect(readme).toContain('# Toy dataset: jets');
    expect(readme).toContain('seed: 3');
    expect(readme).toContain('shape (250, 16)');
    expect(readme).toContain('0 = g, 1 = q, 2 = W, 3 = Z, 4 = t');
    expect(readme).toContain('zlogz, c1_b0_mmdt');
    expect(readme).toMatch(/What it is not:/);
  });

  it('anomaly with --anomaly-fraction, and channels-last calorimeter images', async () => {
    const ad = join(work, 'ad');
    expect((await hlsnet(['data', 'anomaly', '-o', ad, '--samples', '200', '--anomaly-fraction', '0.1'])).code).toBe(0);
    const y = npy(ad, 'y.npy');
    expect(y.shape).toEqual([200]);
    expect(y.data.reduce((s, v) => s + v, 0)).toBe(20);
    expect(npy(ad, 'x.npy').shape).toEqual([200, 20]);
    const calo = join(work, 'calo');
    expect((await hlsnet(['data', 'calo-images', '-o', calo, '--samples', '30'])).code).toBe(0);
    expect(npy(calo, 'x.npy').shape).toEqual([30, 16, 16, 1]);
    expect(readFileSync(join(calo, 'README.md'), 'utf8')).toContain('0 = electron, 1 = charged_pion, 2 = pi0');
  });

  it('refuses a non-empty folder without --force (E401) and replaces it with --force', async () => {
    const out = join(work, 'busy');
    expect((await hlsnet(['data', 'ecal', '-o', out, '--samples', '20'])).code).toBe(0);
    writeFileSync(join(out, 'mine.txt'), 'keep me');
    expectCodedError(await hlsnet(['data', 'ecal', '-o', out, '--samples', '40']), 'E401', out);
    expect(npy(out, 'x.npy').shape).toEqual([20, 10]);
    expect(existsSync(join(out, 'mine.txt'))).toBe(true);
    expect((await hlsnet(['data', 'ecal', '-o', out, '--samples', '40', '--force'])).code).toBe(0);
    expect(npy(out, 'x.npy').shape).toEqual([40, 10]);
    expect(existsSync(join(out, 'mine.txt'))).toBe(false);
    expect(readdirSync(work).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('an unknown task or a bad option: E403, nothing written', async () => {
    const out = join(work, 'never');
    expectCodedError(await hlsnet(['data', 'muons', '-o', out]), 'E403', "unknown data task 'muons'", 'jets, ecal, anomaly, calo-images');
    expectCodedError(await hlsnet(['data', 'jets', '-o', out, '--samples', '0']), 'E403', '--samples');
    expectCodedError(await hlsnet(['data', 'jets', '-o', out, '--seed', 'x']), 'E403', '--seed');
    expectCodedError(await hlsnet(['data', 'jets', '-o', out, '--anomaly-fraction', '0.1']), 'E403', 'anomaly task only');
    expectCodedError(await hlsnet(['data', 'anomaly', '-o', out, '--anomaly-fraction', '2']), 'E403', '--anomaly-fraction');
    expect(existsSync(out)).toBe(false);
  });
});
