// The float executor on single-node Pad, Resize and Upsample models (every ONNX form we import, each
// coordinate_transformation_mode x nearest_mode, up- and downsampling) against ONNX Runtime: these ops
// only copy values, so the outputs must be identical, element for element.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { optimize, simulateFloat } from '../../../src/index.js';
import { permuteSamples } from '../../../src/data/layout.js';
import type { Graph } from '../../../src/ir/types.js';
import { runOrt } from '../../helpers/ort.js';
import { mulberry32, uniformFloat32 } from '../../helpers/random.js';
import { PAD_MODELS, RESIZE_MODELS, type PadResizeModel } from '../../helpers/pad-resize-models.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-pad-resize-ort-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function toIr(g: Graph, x: Float64Array, count: number): Float64Array {
  const name = g.inputs[0]!;
  const perm = g.source?.inputPerm?.[name];
  return perm ? permuteSamples(x, count, g.source!.inputShapes![name]!, perm) : x;
}

const COUNT = 20;

async function expectSameAsOrt(m: PadResizeModel, op: string): Promise<void> {
  const file = join(work, `${m.name}.onnx`);
  writeFileSync(file, m.bytes);
  const g = importOnnx(m.bytes, file).graph;
  expect(g.nodes.map((n) => n.op)).toContain(op);
  const per = m.shape.reduce((p, d) => p * d, 1);
  const x = uniformFloat32(mulberry32(m.name.length * 7 + 1), COUNT, per, -4, 4);
  const { y } = await runOrt(file, x, COUNT);
  for (const graph of [g, optimize(g).graph]) {
    const [ours] = simulateFloat(graph, [toIr(graph, Float64Array.from(x), COUNT)], COUNT);
    expect(ours!.length).toBe(y.length);
    expect(Array.from(ours!)).toEqual(Array.from(y));
  }
}

describe('Pad: float executor == ONNX Runtime exactly', () => {
  for (const m of PAD_MODELS) it(m.name, () => expectSameAsOrt(m, 'pad'));
});

describe('Resize / Upsample nearest: float executor == ONNX Runtime exactly', () => {
  for (const m of RESIZE_MODELS) it(m.name, () => expectSameAsOrt(m, 'resize'));
});
