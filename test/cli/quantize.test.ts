// `hlsnet quantize` through the real command line: a max-abs-error budget on two_layer_keras writes a
// configuration that parses back and, compiled, keeps every output within the budget on the data; a
// labels budget; coded errors for bad options and an existing output file.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { serializeNpy } from '../../src/data/npy.js';
import { compile, loadModel, optimize, parsePrecisionConfig, simulateFixed, simulateFloat } from '../../src/index.js';
import { hlsnet } from '../helpers/cli.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-quantize-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MODEL = sharedModel('onnx/two_layer_keras.onnx');
const N = 800;
const r = mulberry32(3);
const x = Float64Array.from({ length: 10 * N }, () => Math.floor(r() * 1024) / 1024);
const DATA = join(work, 'x.npy');
writeFileSync(DATA, serializeNpy({ shape: [N, 10], data: x }));

describe('hlsnet quantize', () => {
  it('meets a max-abs-error budget: the written configuration keeps every output within it', async () => {
    const out = join(work, 'q.yml');
    const res = await hlsnet(['quantize', MODEL, '--data', DATA, '--max-abs-error', '0.02', '-o', out]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^layer +result +weight +multipliers +input bits$/m);
    expect(res.stdout).toMatch(/multiplier input bits: \d+ \(fixed<16,6> everywhere: \d+, [\d.]+% fewer\)/);
    const config = parsePrecisionConfig(parseYaml(readFileSync(out, 'utf8')), out);
    const g = loadModel(MODEL).graph;
    const y = simulateFixed(compile(g, { config }).graph, [x], N).values[0]!;
    const ref = simulateFloat(optimize(g).graph, [x], N)[0]!;
    // The search spends at most half the budget (--margin 0.5) on these very samples.
    expect(Math.max(...y.map((v, i) => Math.abs(v - ref[i]!)))).toBeLessThanOrEqual(0.01);
    const widths = Object.values(config.layerName).flatMap((l) => Object.values(l.precision)).map((t) => (typeof t === 'object' ? t.width : 16));
    expect(Math.min(...widths)).toBeLessThan(16);
  }, 180_000);

  it('takes class labels (one-hot) for an accuracy budget and reports the held-out loss', async () => {
    const g = loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph;
    const n = 600;
    const rr = mulberry32(9);
    const xs = Float64Array.from({ length: 16 * n }, () => Math.floor(rr() * 1024) / 1024);
    const ref = simulateFloat(optimize(g).graph, [xs], n)[0]!;
    const onehot = new Float64Array(5 * n);
    for (let s = 0; s < n; s++) {
      const row = ref.subarray(5 * s, 5 * s + 5);
      onehot[5 * s + row.indexOf(Math.max(...row))] = 1;
    }
    writeFileSync(join(work, 'jx.npy'), serializeNpy({ shape: [n, 16], data: xs }));
    writeFileSync(join(work, 'jy.npy'), serializeNpy({ shape: [n, 5], data: onehot }));
    const res = await hlsnet(['quantize', sharedModel('onnx/three_layer_keras.onnx'), '--data', join(work, 'jx.npy'), '--labels', join(work, 'jy.npy'),
      '--holdout', join(work, 'jx.npy'), '--max-accuracy-drop', '0.02', '--min-width', '6', '-o', join(work, 'jq.yml')]);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/accuracy drop on 600 calibration samples: [\d.]+% \(budget 2\.00%/);
    expect(res.stdout).toMatch(/argmax disagreement with float on 600 held-out samples: [\d.]+%/);
  }, 300_000);

  it('bad options and an existing output: coded errors, nothing written', async () => {
    const out = join(work, 'bad.yml');
    const both = await hlsnet(['quantize', MODEL, '--data', DATA, '--max-abs-error', '0.1', '--max-accuracy-drop', '0.01', '-o', out]);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/^error E403: /m);
    const margin = await hlsnet(['quantize', MODEL, '--data', DATA, '--margin', '2', '-o', out]);
    expect(margin.stderr).toMatch(/^error E403: --margin/m);
    writeFileSync(join(work, 'labels.npy'), serializeNpy({ shape: [5], data: new Float64Array(5) }));
    const labels = await hlsnet(['quantize', MODEL, '--data', DATA, '--labels', join(work, 'labels.npy'), '-o', out]);
    expect(labels.stderr).toMatch(/^error E302: labels have shape \[5\], expected \[800\]/m);
    expect(existsSync(out)).toBe(false);
    writeFileSync(out, 'keep me');
    const exists = await hlsnet(['quantize', MODEL, '--data', DATA, '--max-abs-error', '0.1', '-o', out]);
    expect(exists.stderr).toMatch(/^error E404: /m);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
  }, 120_000);
});
