// Fixed simulator == g++ C simulation, bit-exact, for pad (value rounding, saturating and wrapping in the
// output type; crops; channel pads; 1-D and vector data) and nearest resize (up, down, arbitrary maps):
// every output of 1,000 edge-aware inputs (saturating, most negative, ties) at three precisions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFolder } from '../../../src/cli/files.js';
import { buildVitisProject, compile, parsePrecisionConfig, simulateFixed } from '../../../src/index.js';
import { toFloat } from '../../../src/fixed/quantize.js';
import type { Graph } from '../../../src/ir/types.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { compileCpp } from '../../helpers/tools.js';
import { thrown } from '../../helpers/errors.js';
import { SHAPE_CASES, shapesGraph, X_SIZE } from './pad-resize-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-pad-resize-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = 1000;
const SATURATING = 'pad fixed<8,3,RND,SAT>, resize fixed<6,2,RND_CONV,SAT_SYM> from fixed<10,4,RND>';

const CONFIGS: Record<string, object> = {
  [SATURATING]: {
    Model: { Precision: 'fixed<16,6>' },
    LayerType: { Padding: { Precision: 'fixed<8,3,RND,SAT>' }, Resize: { Precision: 'fixed<6,2,RND_CONV,SAT_SYM>' } },
    LayerName: { x: { Precision: 'fixed<10,4,RND>' } },
  },
  // No pad/resize setting: the outputs keep the input's type, so pad value 100 wraps (WRAP is the default).
  'input type fixed<12,5,RND> kept (pad value 100 wraps)': { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<12,5,RND>' } } },
  'ufixed<8,3> -> fixed<7,2,TRN_ZERO,SAT_ZERO>': {
    Model: { Precision: 'fixed<7,2,TRN_ZERO,SAT_ZERO>' },
    LayerType: { Padding: { Precision: 'fixed<7,2,TRN_ZERO,SAT_ZERO>' }, Resize: { Precision: 'fixed<7,2,TRN_ZERO,SAT_ZERO>' } },
    LayerName: { x: { Precision: 'ufixed<8,3>' } },
  },
};

const compiled = (config: object): Graph => compile(shapesGraph(), { config: parsePrecisionConfig(config) }).graph;

describe('pad and resize: fixed simulator == g++ C simulation, every output of 1,000 inputs', () => {
  Object.entries(CONFIGS).forEach(([name, config], ci) => {
    it(name, async () => {
      const g = compiled(config);
      expect(g.nodes.filter((n) => n.op === 'pad' || n.op === 'resize')).toHaveLength(SHAPE_CASES.length);
      const data = edgeAwareInputs(g.tensors.x!.type!, SAMPLES, X_SIZE, 700 + ci);
      const sim = simulateFixed(g, [data], SAMPLES);
      g.outputs.forEach((o, i) => expect(new Set(sim.values[i]).size, `${o} is constant`).toBeGreaterThan(1));
      await expectCsimBitExact(g, join(work, `shapes-${ci}`), data, SAMPLES);
    }, 240_000);
  });

  it('the pad value is q(value) in the output type: 100 saturates, 0.3 and -0.7 round, -1000 saturates', () => {
    const g = compiled(CONFIGS[SATURATING]!);
    const zeros = simulateFixed(g, [new Float64Array(X_SIZE)], 1).values;
    // Element 0 of each of these outputs lies in the padding.
    const first = (name: string): number => zeros[g.outputs.indexOf(`y_${name}`)]![0]!;
    // fixed<8,3,RND,SAT>: LSB 1/32, range [-4, 4 - 1/32].
    expect(first('pad2d_value100')).toBe(4 - 1 / 32);
    expect(first('pad_vector_min')).toBe(-4);
    expect(first('pad1d_value_neg0_7')).toBe(-22 / 32); // -0.7 * 32 = -22.4 -> -22
    const wrapped = compiled(CONFIGS['input type fixed<12,5,RND> kept (pad value 100 wraps)']!);
    const i = wrapped.outputs.indexOf('y_pad2d_value100');
    // fixed<12,5>: range [-16, 16); 100 wraps modulo 32 to 4.
    expect(simulateFixed(wrapped, [new Float64Array(X_SIZE)], 1).values[i]![0]).toBe(toFloat(4n * 128n, wrapped.tensors.y_pad2d_value100!.type!));
  });
});

describe('the emitted pad/resize project', () => {
  it('a rank-4 pad has no HLS kernel: E503 naming the node', () => {
    const g = compile({
      name: 'r4', inputs: ['x'], outputs: ['y'],
      nodes: [{ name: 'pad4', op: 'pad', inputs: ['x'], outputs: ['y'], attrs: { pads: [1, 0, 0, 0, 0, 0, 0, 0], value: 0 } }],
      tensors: { x: { name: 'x', shape: [2, 2, 2, 2] }, y: { name: 'y', shape: [3, 2, 2, 2] } },
    }).graph;
    const err = thrown(() => buildVitisProject(g));
    expect(err.code).toBe('E503');
    expect(err.subject).toBe("node 'pad4' (pad)");
  });


  it('compiles warning-free with -Wall -Wextra against hls/csim', async () => {
    const g = compiled(CONFIGS[SATURATING]!);
    const dir = join(work, 'warnings');
    writeFolder(dir, buildVitisProject(g), false);
    const { warnings } = await compileCpp([join(dir, 'firmware', 'myproject.cpp'), join(dir, 'myproject_test.cpp')], join(dir, 'tb'), [join(dir, 'csim'), join(dir, 'firmware')]);
    expect(warnings).toBe('');
  }, 240_000);
});
