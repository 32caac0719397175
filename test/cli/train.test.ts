// `hlsnet train` through the real command line: epoch lines, the native model and its ONNX export (the
// same IR), data files relative to the spec, overrides, and coded errors for bad specs, data and outputs.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeNpy } from '../../src/data/npy.js';
import { loadModel } from '../../src/index.js';
import { hlsnet, type CliResult } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-train-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectCodedError(r: CliResult, code: string, ...mentions: string[]): void {
  expect(r.code, r.stdout + r.stderr).toBe(1);
  expect(r.stderr).toMatch(new RegExp(`^error ${code}: `, 'm'));
  for (const m of mentions) expect(r.stderr).toContain(m);
}

const SPEC = `name: tiny
data: { generate: jets, samples: 400, seed: 5 }
layers:
  - { type: dense, units: 8, activation: relu }
  - { type: dense, units: 5, activation: softmax }
loss: categorical_crossentropy
epochs: 3
batchSize: 50
validationSplit: 0.25
`;

describe('hlsnet train', () => {
  it('prints one line per epoch and writes the native model and an ONNX file that re-imports to the same IR', async () => {
    writeFileSync(join(work, 'tiny.yml'), SPEC);
    const model = join(work, 'out', 'tiny.json'), onnx = join(work, 'out', 'tiny.onnx');
    const r = await hlsnet(['train', join(work, 'tiny.yml'), '-o', model, '--onnx', onnx]);
    expect(r.code, r.stderr).toBe(0);
    const epochs = r.stdout.split('\n').filter((l) => l.startsWith('epoch '));
    expect(epochs.map((l) => l.slice(0, 9))).toEqual(['epoch 1/3', 'epoch 2/3', 'epoch 3/3']);
    for (const l of epochs) expect(l).toMatch(/loss \d\.\d{4}  acc \d\.\d{4}  val_loss \d\.\d{4}  val_acc \d\.\d{4}/);
    const native = loadModel(model).graph, back = loadModel(onnx).graph;
    expect(native.nodes.map((n) => n.op)).toEqual(['dense', 'relu', 'dense', 'softmax']);
    expect(back.nodes).toEqual(native.nodes);
    expect(back.tensors).toEqual(native.tensors);
    // An override and an existing output without --force (E404, before any training).
    const again = await hlsnet(['train', join(work, 'tiny.yml'), '-o', model]);
    expectCodedError(again, 'E404', model);
    const one = await hlsnet(['train', join(work, 'tiny.yml'), '-o', model, '--force', '--epochs', '1', '--samples', '100']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('on 100 samples');
    expect(one.stdout.split('\n').filter((l) => l.startsWith('epoch '))).toHaveLength(1);
  });

  it('reads .npy data relative to the spec (an autoencoder: target input)', async () => {
    const dir = join(work, 'ae');
    const x = Float64Array.from({ length: 60 * 4 }, (_, i) => Math.sin(i));
    writeFileSync(join(work, 'ae.npy'), serializeNpy({ shape: [60, 4], data: x }));
    writeFileSync(join(work, 'ae.yml'), 'data: { x: ae.npy }\ntarget: input\nlayers: [{ type: dense, units: 2, activation: tanh }, { type: dense, units: 4 }]\nloss: mse\nepochs: 2\n');
    const r = await hlsnet(['train', join(work, 'ae.yml'), '-o', join(dir, 'ae.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/epoch 2\/2  loss \d\.\d{4}  \d/);
    expect(loadModel(join(dir, 'ae.json')).graph.tensors.input!.shape).toEqual([4]);
  });

  it('coded errors: a bad spec key (E211), an unknown generator (E211), NaN data (E301), missing labels (E211), an unwritable output (E405)', async () => {
    writeFileSync(join(work, 'bad.yml'), SPEC.replace('units: 8', 'units: -1'));
    expectCodedError(await hlsnet(['train', join(work, 'bad.yml'), '-o', join(work, 'b.json')]), 'E211', 'layers[0].units', 'bad.yml');
    writeFileSync(join(work, 'gen.yml'), SPEC.replace('jets', 'muons'));
    expectCodedError(await hlsnet(['train', join(work, 'gen.yml'), '-o', join(work, 'b.json')]), 'E211', "unknown task 'muons'", 'jets, ecal');
    const x = Float64Array.from({ length: 20 * 3 }, (_, i) => (i === 31 ? NaN : i));
    writeFileSync(join(work, 'nan.npy'), serializeNpy({ shape: [20, 3], data: x }));
    writeFileSync(join(work, 'nan.yml'), 'data: { x: nan.npy }\ntarget: input\nlayers: [{ type: dense, units: 3 }]\nloss: mse\nepochs: 1\n');
    expectCodedError(await hlsnet(['train', join(work, 'nan.yml'), '-o', join(work, 'b.json')]), 'E301', 'sample 10', 'nan.npy');
    writeFileSync(join(work, 'ok.npy'), serializeNpy({ shape: [20, 3], data: x.map((v) => (Number.isNaN(v) ? 0 : v)) }));
    writeFileSync(join(work, 'nolabels.yml'), 'data: { x: ok.npy }\nlayers: [{ type: dense, units: 3 }]\nloss: mse\nepochs: 1\n');
    expectCodedError(await hlsnet(['train', join(work, 'nolabels.yml'), '-o', join(work, 'b.json')]), 'E211', 'data.y');
    // A model path under a file: E405 (a coded error, not an internal one).
    expectCodedError(await hlsnet(['train', join(work, 'tiny.yml'), '-o', join(work, 'tiny.yml', 'm.json'), '--epochs', '1']), 'E405', 'm.json');
    expect(existsSync(join(work, 'b.json'))).toBe(false);
    expect(readFileSync(join(work, 'tiny.yml'), 'utf8')).toBe(SPEC);
  });
});
