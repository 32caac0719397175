// The two Keras models with activation outputs convert at default types (no `skip`, no warning)
// and pass `hlsnet csim` bit-exactly, through the real command line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hlsnet } from '../helpers/cli.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';
import { requireTool } from '../helpers/tools.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-act-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** 500 samples: uniform [0, 1) (the models' golden inputs) and a wide spread that drives the tables to their ends. */
function inputs(per: number, seed: number): string {
  const r = mulberry32(seed);
  const lines: string[] = [];
  for (let k = 0; k < 500; k++) {
    const scale = k < 250 ? 1 : 40;
    lines.push(Array.from({ length: per }, () => (k < 250 ? r() : scale * (r() - 0.5)).toFixed(6)).join(' '));
  }
  return lines.join('\n') + '\n';
}

describe('convert + hlsnet csim at default types', () => {
  for (const [model, op, per] of [['two_layer_keras', 'sigmoid', 10], ['three_layer_keras', 'softmax', 16]] as const) {
    it(`${model} (${op} output): converts with no skip and no warning, csim bit-exact`, async () => {
      requireTool('g++');
      const data = join(work, `${model}.dat`);
      writeFileSync(data, inputs(per, model.length));
      const out = join(work, model);
      const conv = await hlsnet(['convert', sharedModel(`onnx/${model}.onnx`), '-o', out, '--tb-input', data]);
      expect(conv.stderr).not.toMatch(/warning|W\d{3}/);
      expect(conv.code).toBe(0);
      const ir = JSON.parse(readFileSync(join(out, 'hlsnet', 'model.json'), 'utf8')) as { graph: { nodes: { op: string; attrs: { implementation?: string } }[] } };
      const last = ir.graph.nodes.at(-1)!;
      expect(last.op).toBe(op);
      if (op === 'softmax') expect(last.attrs.implementation).toBe('stable');
      // The README and `hlsnet inspect` state the table accuracy.
      expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/worst-case error \d/);
      const inspect = await hlsnet(['inspect', sharedModel(`onnx/${model}.onnx`)]);
      expect(inspect.stdout).toMatch(new RegExp(`\\(${op}\\) \\w*\\s?table: \\d+ entries over .* worst-case error \\d`));
      const csim = await hlsnet(['csim', out]);
      expect(csim.stdout + csim.stderr).toMatch(/500 samples/);
      expect(csim.code).toBe(0);
    }, 180_000);
  }
});
