// `hlsnet profile` through the real command line: the jet tagger on a seeded float32 .npy and the
// NCHW calo CNN on its images (the layout path, checked against ONNX Runtime); coded errors.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { formatNumber } from '../../src/analysis/profile-html.js';
import { parseDat } from '../../src/data/dat.js';
import { loadModel, optimize, parsePrecisionConfig } from '../../src/index.js';
import { hlsnet, type CliResult } from '../helpers/cli.js';
import { expectStandaloneReport } from '../helpers/html-report.js';
import { runOrt } from '../helpers/ort.js';
import { REPO, sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-profile-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const JET = sharedModel('onnx/three_layer_keras.onnx');
const CALO = join(REPO, 'examples', 'calo-cnn', 'calo_cnn.onnx');
const IMAGES = join(REPO, 'examples', 'calo-cnn', 'images.dat');

/** A float32 .npy written by hand (header as numpy writes it), so the reader's '<f4' path is used. */
function npyFloat32(shape: readonly number[], data: Float32Array): Uint8Array {
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const out = new Uint8Array(10 + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(data.buffer), 10 + header.length);
  return out;
}

function expectCodedError(r: CliResult, code: string, ...mentions: string[]): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^error ${code}: `, 'm'));
  for (const m of mentions) expect(r.stderr).toContain(m);
}

/** The printed table's row for a layer's output (or a graph input): [layer, tensor, min, max, ...]. */
function resultRow(stdout: string, layer: string): string[] {
  const line = stdout.split('\n').find((l) => l.startsWith(`${layer} `) && / (input|result):/.test(l));
  expect(line, layer).toBeDefined();
  return line!.trim().split(/\s+/);
}

describe('hlsnet profile', () => {
  const r = mulberry32(2024);
  const x = Float32Array.from({ length: 120 * 16 }, () => (r() * 2 - 1) * 3);
  const data = join(work, 'x.npy');
  writeFileSync(data, npyFloat32([120, 16], x));
  const yml = join(work, 'jet.yml');
  const html = join(work, 'jet.html');

  it('the jet tagger: a table, a configuration that parses back, a standalone report with one plot per layer', async () => {
    const run = await hlsnet(['profile', JET, '--data', data, '-o', yml, '--html', html]);
    expect(run.code, run.stderr).toBe(0);
    const g = optimize(loadModel(JET).graph).graph;
    const layers = [...g.inputs, ...g.nodes.map((n) => n.name)];
    expect(run.stdout.split('\n')[0]).toMatch(/^layer\s+tensor\s+min\s+max\s+p0\.1\s+p1\s+p50\s+p99\s+p99\.9\s+zeros\s+type\s+over$/);
    // The input row: min and max of the float32 data, as printed.
    const input = resultRow(run.stdout, g.inputs[0]!);
    expect(input.slice(2, 4)).toEqual([formatNumber(Math.min(...x)), formatNumber(Math.max(...x))]);
    const config = parsePrecisionConfig(parseYaml(readFileSync(yml, 'utf8')), yml);
    expect(Object.keys(config.layerName)).toEqual(layers);
    for (const name of layers) expect(config.layerName[name]!.precision.result).toMatchObject({ width: 16 });
    expectStandaloneReport(readFileSync(html, 'utf8'), layers);
  });

  it('refuses to replace existing outputs without --force (E404, nothing changed), replaces them with it', async () => {
    const before = readFileSync(yml, 'utf8');
    expectCodedError(await hlsnet(['profile', JET, '--data', data, '-o', yml, '--width', '10']), 'E404', yml, '--force');
    expectCodedError(await hlsnet(['profile', JET, '--data', data, '--html', html]), 'E404', html);
    expect(readFileSync(yml, 'utf8')).toBe(before);
    const again = await hlsnet(['profile', JET, '--data', data, '-o', yml, '--width', '10', '--coverage', '99', '--force']);
    expect(again.code, again.stderr).toBe(0);
    const config = parsePrecisionConfig(parseYaml(readFileSync(yml, 'utf8')), yml);
    for (const s of Object.values(config.layerName)) expect(s.precision.result).toMatchObject({ width: 10 });
  });

  it('--config: the table and report show and check that configuration\'s types', async () => {
    const cfg = join(work, 'narrow.yml');
    writeFileSync(cfg, 'Model:\n  Precision: fixed<8,3>\n');
    const out = join(work, 'narrow.html');
    const run = await hlsnet(['profile', JET, '--data', data, '--config', cfg, '--html', out]);
    expect(run.code, run.stderr).toBe(0);
    const g = optimize(loadModel(JET).graph).graph;
    // The inputs lie in [-3, 3], inside fixed<8,3>'s [-4, 3.97]; the first dense layer's outputs do not.
    const input = resultRow(run.stdout, g.inputs[0]!);
    expect(input.slice(-2)).toEqual(['fixed<8,3>', '0']);
    const dense = resultRow(run.stdout, g.nodes[0]!.name);
    expect(dense.at(-2)).toBe('fixed<8,3>');
    expect(parseFloat(dense.at(-1)!)).toBeGreaterThan(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('configuration narrow.yml');
    expect(html).toContain('fixed&lt;8,3&gt;');
    expectStandaloneReport(html, [...g.inputs, ...g.nodes.map((n) => n.name)]);
  });

  it('coded errors: missing data E301, wrong shape E302, bad options E403', async () => {
    expectCodedError(await hlsnet(['profile', JET, '--data', join(work, 'none.npy')]), 'E301', 'none.npy');
    const narrow = join(work, 'narrow.npy');
    writeFileSync(narrow, npyFloat32([4, 15], new Float32Array(60)));
    expectCodedError(await hlsnet(['profile', JET, '--data', narrow]), 'E302', 'narrow.npy');
    expectCodedError(await hlsnet(['profile', JET, '--data', data, '--width', '1']), 'E403', '--width');
    expectCodedError(await hlsnet(['profile', JET, '--data', data, '--coverage', '0']), 'E403', '--coverage');
    expectCodedError(await hlsnet(['profile', JET, '--data', data, '--percentiles', '50,x']), 'E403', '--percentiles');
    expect(existsSync(join(work, 'none.yml'))).toBe(false);
  });

  it('the NCHW calo CNN: data in the model\'s layout; the softmax range equals ONNX Runtime\'s on the same images', async () => {
    const out = join(work, 'calo.html');
    const run = await hlsnet(['profile', CALO, '--data', IMAGES, '--html', out, '-o', join(work, 'calo.yml')]);
    expect(run.code, run.stderr).toBe(0);
    const g = optimize(loadModel(CALO).graph).graph;
    expectStandaloneReport(readFileSync(out, 'utf8'), [...g.inputs, ...g.nodes.map((n) => n.name)]);
    const images = parseDat(readFileSync(IMAGES, 'utf8'), IMAGES);
    const count = images.shape[0]!;
    const { y } = await runOrt(CALO, Float32Array.from(images.data), count);
    // A wrong permutation of the NCHW data would change every class probability.
    // The table prints 4 significant digits; ORT computes in float32.
    const row = resultRow(run.stdout, 'softmax');
    const [lo, hi] = [Math.min(...y), Math.max(...y)];
    expect(Math.abs(Number(row[2]) - lo)).toBeLessThanOrEqual(6e-4 * lo + 1e-7);
    expect(Math.abs(Number(row[3]) - hi)).toBeLessThanOrEqual(6e-4 * hi + 1e-7);
  });
});
