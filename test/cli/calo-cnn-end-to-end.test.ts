// The example CNN with a residual Add (examples/calo-cnn, NCHW) converts through the real command line
// and `hlsnet csim` is bit-exact on its 16 images and on 300 wide-range inputs (saturating values included).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hlsnet } from '../helpers/cli.js';
import { REPO } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';
import { requireTool } from '../helpers/tools.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-calo-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODEL = join(REPO, 'examples', 'calo-cnn', 'calo_cnn.onnx');
const IMAGES = join(REPO, 'examples', 'calo-cnn', 'images.dat');

describe('calo-cnn (conv -> relu -> conv -> add(skip) -> ...): convert + hlsnet csim', () => {
  it('converts with a residual add kernel and is bit-exact on every output', async () => {
    requireTool('g++');
    const out = join(work, 'calo');
    const conv = await hlsnet(['convert', MODEL, '-o', out, '--tb-input', IMAGES]);
    expect(conv.stderr).toBe('');
    expect(conv.code).toBe(0);
    expect(readFileSync(join(out, 'firmware', 'myproject.cpp'), 'utf8')).toMatch(/nnet::add<\w+, \w+, \w+, config\d+>/);
    const csim = await hlsnet(['csim', out]);
    expect(csim.stdout).toMatch(/16 samples, \d+ outputs compared, 0 mismatches/);
    expect(csim.code).toBe(0);
    // Sparse energies up to 40 (NCHW, as the model sees them): drives the default types into saturation.
    const r = mulberry32(17);
    const lines = Array.from({ length: 300 }, () => Array.from({ length: 3 * 32 * 32 }, () => (r() < 0.7 ? 0 : (r() * 40).toFixed(4))).join(' '));
    const wide = join(work, 'wide.dat');
    writeFileSync(wide, lines.join('\n') + '\n');
    const csim2 = await hlsnet(['csim', out, '--input', wide]);
    expect(csim2.stdout).toMatch(/300 samples, \d+ outputs compared, 0 mismatches/);
    expect(csim2.code).toBe(0);
  }, 180_000);
});
