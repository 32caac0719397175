// The checks every trained example gets: its stated result on held-out data, its ONNX file in ONNX
// Runtime and through our importer, byte-for-byte reproduction by its README's train command, and a
// reduced run of every README command.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel, optimize, simulateFloat } from '../../src/index.js';
import { argmaxAt, rocAuc } from '../../src/sim/metrics.js';
import { generateDataset } from '../../src/train/data/index.js';
import { hlsnet } from './cli.js';
import { readExample, resultRows, testCommand } from './example-readme.js';
import { runOrt } from './ort.js';
import { requireTool } from './tools.js';

/** Training at full size and Verilator builds of whole networks take minutes on a loaded 2-core machine. */
export function exampleSuite(name: string): void {
  const ex = readExample(name);
  const shipped = (ext: string): string => join(ex.folder, `${ex.model}.${ext}`);
  const tmp = mkdtempSync(join(tmpdir(), `hlsnet-example-${name}-`));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const run = async (cmd: string, reduce?: Parameters<typeof testCommand>[2]): Promise<void> => {
    const r = await hlsnet(testCommand(cmd, tmp, reduce));
    expect(r.code, `${cmd}\n${r.stdout}\n${r.stderr}`).toBe(0);
  };

  describe(`examples/${name}`, () => {
    it(`the shipped model reaches the README's stated result on the held-out data`, () => {
      const h = ex.heldOut;
      const data = generateDataset(h.task, { samples: h.samples, seed: h.seed, ...(h.anomalyFraction !== undefined ? { anomalyFraction: h.anomalyFraction } : {}) });
      const g = optimize(loadModel(shipped('json')).graph).graph;
      const y = simulateFloat(g, [data.x.data], h.samples)[0]!;
      const per = y.length / h.samples;
      const labels = data.y.data;
      let result: number;
      if (ex.stated.metric === 'accuracy') {
        let right = 0;
        for (let s = 0; s < h.samples; s++) if (argmaxAt(y, s * per, per) === labels[s]) right++;
        result = right / h.samples;
      } else if (ex.stated.metric === 'auc') {
        expect(per).toBe(1);
        result = rocAuc(y, labels);
      } else {
        // The anomaly score: mean squared reconstruction error per event.
        const score = new Float64Array(h.samples);
        for (let s = 0; s < h.samples; s++) {
          let e = 0;
          for (let i = 0; i < per; i++) e += (y[s * per + i]! - data.x.data[s * per + i]!) ** 2;
          score[s] = e / per;
        }
        result = rocAuc(score, labels);
      }
      console.log(`${name}: held-out ${ex.stated.metric} ${result.toFixed(4)} (stated ≥ ${ex.stated.value})`);
      expect(result).toBeGreaterThanOrEqual(ex.stated.value);
    });

    it('its ONNX file runs in ONNX Runtime within 1e-5 of the float executor and re-imports to the native model', async () => {
      const native = loadModel(shipped('json')).graph;
      const onnx = loadModel(shipped('onnx')).graph;
      expect(onnx.nodes).toEqual(native.nodes);
      expect(onnx.tensors).toEqual(native.tensors);
      expect([onnx.inputs, onnx.outputs]).toEqual([native.inputs, native.outputs]);
      const h = ex.heldOut;
      const count = 500;
      const x = Float32Array.from(generateDataset(h.task, { samples: count, seed: 77, ...(h.anomalyFraction ? { anomalyFraction: 0.5 } : {}) }).x.data);
      const ours = simulateFloat(optimize(native).graph, [Float64Array.from(x)], count)[0]!;
      const ort = await runOrt(shipped('onnx'), x, count);
      expect(ort.y.length).toBe(ours.length);
      // ORT computes in float32, we in float64 on the same float32 inputs and weights: 1e-5 relative
      // (absolute below 1) is the verification matrix's bound.
      let worst = 0;
      ours.forEach((v, i) => (worst = Math.max(worst, Math.abs(ort.y[i]! - v) / Math.max(1, Math.abs(v)))));
      expect(worst).toBeLessThanOrEqual(1e-5);
    });

    it(`the README's train command reproduces the shipped model byte for byte`, async () => {
      const train = ex.commands.find((c) => c.startsWith('node bin/hlsnet.js train '))!;
      await run(train);
      const out = (ext: string): string => join(tmp, 'out', name, `${ex.model}.${ext}`);
      expect(readFileSync(out('onnx')).equals(readFileSync(shipped('onnx')))).toBe(true);
      expect(readFileSync(out('json'), 'utf8')).toBe(readFileSync(shipped('json'), 'utf8'));
      expect(ex.commands).toContain(`cmp out/${name}/${ex.model}.onnx examples/${name}/${ex.model}.onnx`);
    }, 600_000);

    it(`the README's validate gate passes on the shipped model and prints the Results table's numbers`, async () => {
      // The README's data (and profile) commands at full size, then its validate line on the shipped model.
      const gate = join(tmp, 'gate');
      const model = `out/${name}/${ex.model}.onnx`;
      for (const cmd of ex.commands.filter((c) => / (data|profile|validate) /.test(c) && !c.includes(`/${name}/tb `))) {
        const args = testCommand(cmd.replaceAll(` ${model}`, ` examples/${name}/${ex.model}.onnx`), gate);
        if (args[0] === 'validate') args.push('--json', join(gate, 'report.json'));
        const r = await hlsnet(args);
        expect(r.code, `${cmd}\n${r.stdout}\n${r.stderr}`).toBe(0);
      }
      const report = JSON.parse(readFileSync(join(gate, 'report.json'), 'utf8')) as {
        passed: boolean; agreement?: number; accuracy?: { float: number; fixed: number }; auc: { float: number; fixed: number }[]; scoreError?: { max: number; mean: number };
      };
      expect(report.passed).toBe(true);
      const pct = (v: number): string => `${(100 * v).toFixed(2)}%`;
      const rows = resultRows(name);
      let checked = 0;
      for (const [label, [float, fixed]] of rows) {
        if (label.startsWith('accuracy')) expect([float, fixed]).toEqual([pct(report.accuracy!.float), pct(report.accuracy!.fixed)]);
        else if (label.startsWith('same ')) expect(fixed).toBe(pct(report.agreement!));
        else if (label.startsWith('anomaly score, largest / mean')) {
          const [max, mean] = fixed.split(' / ').map(Number);
          expect([max, mean]).toEqual([Number(report.scoreError!.max.toFixed(2)), Number(report.scoreError!.mean.toPrecision(2))]);
        }
        else if (/^(anomaly-score )?ROC AUC( \(|$)/.test(label)) expect([float, fixed.split(' ')[0]]).toEqual([report.auc[0]!.float.toFixed(4), report.auc[0]!.fixed.toFixed(4)]);
        else if (label.startsWith('ROC AUC per class')) {
          // As many decimals as the table shows, class by class.
          float.split(', ').forEach((v, k) => expect(v).toBe(report.auc[k]!.float.toFixed(v.split('.')[1]!.length)));
        } else continue;
        checked++;
      }
      // Every example's table has at least an accuracy or AUC row and an agreement or score-error row.
      expect(checked).toBeGreaterThanOrEqual(2);
    }, 300_000);

    it(`every README command runs (fewer samples and epochs): train, data, validate, convert, csim, cosim`, async () => {
      requireTool('g++');
      requireTool('verilator');
      const reduce = { samples: 2000, trainSamples: 3000, epochs: 2 };
      for (const cmd of ex.commands) {
        if (cmd.startsWith('cmp ')) continue; // the full-training check above
        await run(cmd, reduce);
      }
      expect(ex.commands.filter((c) => / (validate|csim|cosim) /.test(`${c} `)).length).toBe(3);
    }, 1_200_000);
  });
}
