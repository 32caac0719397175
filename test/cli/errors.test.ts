// Bad input through the real CLI: each case gives a coded error naming the file or node,
// a non-zero exit, no stack trace, and leaves no output folder (or temporary folder) behind.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeNpy } from '../../src/data/npy.js';
import { hlsnet, type CliResult } from '../helpers/cli.js';
import { sharedModel } from '../helpers/paths.js';
import { a, buildModel, floatTensor, node, valueInfo } from '../helpers/onnx-build.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-cli-errors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const jet = sharedModel('onnx/three_layer_keras.onnx');

function expectCodedError(r: CliResult, code: string, ...mentions: string[]): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^error ${code}: `, 'm'));
  for (const m of mentions) expect(r.stderr).toContain(m);
  expect(r.stderr).not.toMatch(/^\s+at .*\.(js|ts):\d+/m); // no stack trace
}

function expectNothingWritten(dir: string, out: string): void {
  expect(existsSync(out)).toBe(false);
  expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
}

describe('bad input gives a coded error and writes nothing', () => {
  it('a truncated .onnx file: E102 naming the file', async () => {
    const dir = join(work, 'truncated');
    mkdirSync(dir);
    const bad = join(dir, 'model.onnx');
    writeFileSync(bad, readFileSync(jet).subarray(0, 3000));
    const out = join(dir, 'prj');
    expectCodedError(await hlsnet(['convert', bad, '-o', out]), 'E102', bad);
    expectNothingWritten(dir, out);
  });

  it('a file that is not ONNX: E102 naming the file', async () => {
    const dir = join(work, 'text');
    mkdirSync(dir);
    const bad = join(dir, 'notes.onnx');
    writeFileSync(bad, 'this is a text file, not a model\n'.repeat(20));
    const out = join(dir, 'prj');
    expectCodedError(await hlsnet(['convert', bad, '-o', out]), 'E102', bad);
    expectNothingWritten(dir, out);
  });

  it('unsupported ops: one E104 listing every unsupported node with its op type', async () => {
    const dir = join(work, 'unsupported');
    mkdirSync(dir);
    const model = join(dir, 'finn.onnx');
    // LRN (standard) and MultiThreshold (a FINN op in a custom domain): neither is supported.
    writeFileSync(model, buildModel({
      nodes: [node('LRN', ['x'], ['l'], { name: 'lrn1', attrs: [a.int('size', 3)] }), node('MultiThreshold', ['l', 't'], ['y'], { name: 'mt1', domain: 'qonnx.custom_op.general' })],
      inputs: [valueInfo('x', ['N', 1, 4, 4])], outputs: [valueInfo('y', undefined)], initializers: [floatTensor('t', [1, 1], [0])],
    }));
    const out = join(dir, 'prj');
    const r = await hlsnet(['convert', model, '-o', out]);
    expectCodedError(r, 'E104', model, 'LRN', 'MultiThreshold');
    expect(r.stderr.match(/^error /gm)).toHaveLength(1);
    expectNothingWritten(dir, out);
  });

  it('a .npy of the wrong shape: E302 naming the file and the expected shape', async () => {
    const dir = join(work, 'npy');
    mkdirSync(dir);
    const x = join(dir, 'x.npy');
    writeFileSync(x, serializeNpy({ shape: [4, 15], data: new Float64Array(60) }));
    const out = join(dir, 'y.npy');
    expectCodedError(await hlsnet(['simulate', jet, '--input', x, '--output', out]), 'E302', x, '16');
    expectNothingWritten(dir, out);
  });

  it('an unparsable precision string: E201 quoting it', async () => {
    const dir = join(work, 'precision');
    mkdirSync(dir);
    const out = join(dir, 'prj');
    expectCodedError(await hlsnet(['convert', jet, '-o', out, '--precision', 'fixd<16,6>']), 'E201', 'fixd<16,6>');
    expectNothingWritten(dir, out);
  });

  it('an output folder that exists and is not empty: E401, folder untouched; --force replaces it', async () => {
    const dir = join(work, 'exists');
    const out = join(dir, 'prj');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'mine.txt'), 'precious');
    expectCodedError(await hlsnet(['convert', jet, '-o', out]), 'E401', out, '--force');
    expect(readdirSync(out)).toEqual(['mine.txt']);
    expect(readdirSync(dir)).toEqual(['prj']);
    const forced = await hlsnet(['convert', jet, '-o', out, '--force']);
    expect(forced.code).toBe(0);
    expect(existsSync(join(out, 'mine.txt'))).toBe(false);
    expect(existsSync(join(out, 'firmware', 'myproject.cpp'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['prj']);
  });

  it('every command has --help', async () => {
    for (const cmd of ['convert', 'simulate', 'csim', 'inspect']) {
      const r = await hlsnet([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: hlsnet ${cmd}`);
    }
  });
});
