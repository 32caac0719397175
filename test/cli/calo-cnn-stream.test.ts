// The example CNN (32x32x3, conv/pool/residual add/dense/softmax) converted with --io-type io_stream:
// `hlsnet csim` is bit-exact on its 16 images and on 300 wide-range inputs, and the io_stream and
// io_parallel projects' own testbenches write byte-identical results for the same inputs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { hlsnet } from '../helpers/cli.js';
import { REPO } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';
import { compileCpp, requireTool } from '../helpers/tools.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-calo-stream-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODEL = join(REPO, 'examples', 'calo-cnn', 'calo_cnn.onnx');
const IMAGES = join(REPO, 'examples', 'calo-cnn', 'images.dat');

/** Builds a project's own testbench with g++ and runs it on its tb_data; returns the results file. */
async function testbenchResults(dir: string): Promise<string> {
  await compileCpp([join(dir, 'firmware', 'myproject.cpp'), join(dir, 'myproject_test.cpp')], join(dir, 'tb'), [join(dir, 'csim'), join(dir, 'firmware')]);
  const r = await execa(join(dir, 'tb'), [], { cwd: dir, reject: false });
  expect(r.stdout).toMatch(/^\d+ samples, 0 differ from the predictions/);
  expect(r.exitCode).toBe(0);
  return readFileSync(join(dir, 'tb_data', 'csim_results.log'), 'utf8');
}

describe('calo-cnn with io_stream', () => {
  it('converts with stream kernels, line buffers and a cloned skip branch; hlsnet csim is bit-exact', async () => {
    requireTool('g++');
    const out = join(work, 'stream');
    const conv = await hlsnet(['convert', MODEL, '-o', out, '--tb-input', IMAGES, '--io-type', 'io_stream']);
    expect(conv.stderr).toBe('');
    expect(conv.code).toBe(0);
    expect(conv.stdout).toContain('io_stream');
    const top = readFileSync(join(out, 'firmware', 'myproject.cpp'), 'utf8');
    expect(top).toContain('#pragma HLS DATAFLOW');
    expect(top).toMatch(/void myproject\(hls::stream<input_word_t> &image, hls::stream<result_word_t> &output_out\)/);
    expect(top.match(/nnet::conv_stream</g)).toHaveLength(3);
    expect(top.match(/nnet::maxpool_stream</g)).toHaveLength(2);
    expect(top).toMatch(/nnet::clone_stream<layer\d+_word_t, 256>/);
    expect(top).toMatch(/nnet::map2_stream<.*layer\d+_fn, 256>/);
    expect(JSON.parse(readFileSync(join(out, 'hlsnet', 'project.json'), 'utf8')).ioType).toBe('io_stream');
    const csim = await hlsnet(['csim', out]);
    expect(csim.stdout).toMatch(/16 samples, 80 outputs compared, 0 mismatches/);
    expect(csim.code).toBe(0);
    const r = mulberry32(23);
    const lines = Array.from({ length: 300 }, () => Array.from({ length: 3 * 32 * 32 }, () => (r() < 0.7 ? 0 : (r() * 40).toFixed(4))).join(' '));
    const wide = join(work, 'wide.dat');
    writeFileSync(wide, lines.join('\n') + '\n');
    const csim2 = await hlsnet(['csim', out, '--input', wide]);
    expect(csim2.stdout).toMatch(/300 samples, 1500 outputs compared, 0 mismatches/);
    expect(csim2.code).toBe(0);
  }, 300_000);

  it('gives the same bits as the io_parallel project (IOType from a config file)', async () => {
    const cfg = join(work, 'stream.yml');
    writeFileSync(cfg, 'IOType: io_stream\nModel:\n  Precision: fixed<14,5,RND,SAT>\n');
    const [stream, parallel] = [join(work, 's2'), join(work, 'p2')];
    expect((await hlsnet(['convert', MODEL, '-o', stream, '--tb-input', IMAGES, '-c', cfg])).code).toBe(0);
    expect((await hlsnet(['convert', MODEL, '-o', parallel, '--tb-input', IMAGES, '-c', cfg, '--io-type', 'io_parallel'])).code).toBe(0);
    expect(readFileSync(join(stream, 'firmware', 'myproject.cpp'), 'utf8')).toContain('hls::stream');
    expect(readFileSync(join(parallel, 'firmware', 'myproject.cpp'), 'utf8')).not.toContain('hls::stream');
    const [a, b] = await Promise.all([testbenchResults(stream), testbenchResults(parallel)]);
    expect(a.trim().split('\n')).toHaveLength(16);
    expect(a).toBe(b);
  }, 300_000);
});
