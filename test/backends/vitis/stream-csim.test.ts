// io_stream projects: fixed simulator == g++ C simulation, bit-exact on every output, for the same graphs
// the io_parallel tests use (every activation, softmax form, merge and windowed op), so each stream kernel,
// word packing, fan-out clone and repack is checked against the simulator.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { writeFolder } from '../../../src/cli/files.js';
import { buildVitisProject, compile, loadModel, parsePrecisionConfig } from '../../../src/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { elementwiseGraph, randomValues, softmaxGraph, SOFTMAX_WIDTH, K } from './activation-cases.js';
import { sharedModel } from '../../helpers/paths.js';
import { compileCpp } from '../../helpers/tools.js';
import { WINDOW_CASES, windowsGraph, X_SIZE } from './conv-cases.js';
import { MERGE_X_SIZE, mergeGraph } from './merge-cases.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-stream-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SAMPLES = 1000;
const STREAM = { ioType: 'io_stream' } as const;

function compiled(g: Graph, config: object): Graph {
  return compile(g, { config: parsePrecisionConfig(config) }).graph;
}

const topOf = (dir: string): string => readFileSync(join(dir, 'firmware', 'myproject.cpp'), 'utf8');

describe('io_stream: fixed simulator == g++ C simulation, every output', () => {
  it('every elementwise activation (one word of 64)', async () => {
    const g = compiled(elementwiseGraph({
      clip: { min: -1.5, max: 2.25 }, leakyAlpha: 0.1, thresholdAlpha: 0.75, hardSigmoid: { alpha: 0.2, beta: 0.5 }, eluAlpha: 1, selu: { alpha: 1.67, gamma: 1.05 },
    }), { Model: { Precision: 'fixed<16,6,RND,SAT>' }, LayerName: { x: { Precision: 'fixed<12,4>' } } });
    const values = randomValues(g.tensors.x!.type!, SAMPLES * K, 3);
    await expectCsimBitExact(g, join(work, 'act'), Float64Array.from(values), SAMPLES, undefined, STREAM);
  }, 240_000);

  it('every softmax form on rows of 5 and 8 (a word per row, repacked from one word of 40)', async () => {
    const g = compiled(softmaxGraph(), { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<10,4>' } } });
    const values = randomValues(g.tensors.x!.type!, SAMPLES * SOFTMAX_WIDTH, 5);
    await expectCsimBitExact(g, join(work, 'softmax'), Float64Array.from(values), SAMPLES, undefined, STREAM);
  }, 240_000);

  it('merges, residual block, broadcasts and concats on 16 positions of 3 channels', async () => {
    const g = compiled(mergeGraph(), { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<12,4,RND>' } } });
    const data = edgeAwareInputs(g.tensors.x!.type!, SAMPLES, MERGE_X_SIZE, 71);
    await expectCsimBitExact(g, join(work, 'merge'), data, SAMPLES, undefined, STREAM);
    const top = topOf(join(work, 'merge'));
    // The skip branch is cloned, the global pool's one word is broadcast, concats on the positions axes take whole words.
    for (const k of ['clone_stream', 'map2_stream', 'map3_stream', 'map4_stream', 'concat_words_stream', 'global_maxpool_stream', 'conv_stream']) expect(top).toContain(`nnet::${k}<`);
    expect(top).toMatch(/nnet::map2_stream<[^>]*, 16, true, false>/);
  }, 240_000);

  const WINDOW_CONFIGS: Record<string, object> = {
    'fixed<16,6> from fixed<12,4,RND>': { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<12,4,RND>' } } },
    'fixed<10,3,RND_CONV,SAT>, narrow wrapping accumulators': {
      Model: { Precision: { default: 'fixed<10,3,RND_CONV,SAT>', param: 'fixed<10,1,RND_CONV,SAT>' } },
      LayerType: { Conv: { Precision: { accum: 'fixed<12,3,RND>' } }, Dense: { Precision: { accum: 'fixed<12,3,RND>' } }, Pooling: { Precision: { accum: 'fixed<8,3,TRN_ZERO>' } } },
      LayerName: { x: { Precision: 'fixed<10,4,RND>' } },
    },
  };
  Object.entries(WINDOW_CONFIGS).forEach(([name, config], ci) => {
    it(`every windowed case (conv, pools, global pools, transpose, a conv->pool->dense chain) at ${name}`, async () => {
      const g = compiled(windowsGraph(), config);
      expect(g.outputs).toHaveLength(WINDOW_CASES.length + 1);
      const data = edgeAwareInputs(g.tensors.x!.type!, SAMPLES, X_SIZE, 900 + ci);
      await expectCsimBitExact(g, join(work, `win${ci}`), data, SAMPLES, undefined, STREAM);
      expect(topOf(join(work, `win${ci}`))).toContain('#pragma HLS DATAFLOW');
    }, 240_000);
  });

  ['onnx/conv1d_small_keras.onnx', 'onnx/conv2d_small_keras.onnx', 'qonnx/mnist-conv/model.onnx'].forEach((model, mi) => {
    it(`${model} at fixed<12,4,RND_CONV,SAT>`, async () => {
      const g = compile(loadModel(sharedModel(model)).graph, { config: parsePrecisionConfig({ Model: { Precision: 'fixed<12,4,RND_CONV,SAT>' } }) }).graph;
      const x = g.tensors[g.inputs[0]!]!;
      const data = edgeAwareInputs(x.type!, SAMPLES, x.shape.reduce((a, b) => a * b, 1), 950 + mi);
      await expectCsimBitExact(g, join(work, `model${mi}`), data, SAMPLES, undefined, STREAM);
      expect(topOf(join(work, `model${mi}`))).toContain('nnet::conv_stream<');
    }, 240_000);
  });

  it('compiles warning-free with -Wall -Wextra against hls/csim', async () => {
    const dir = join(work, 'warnings');
    const g = compiled(mergeGraph(), { Model: { Precision: 'fixed<16,6>' }, LayerName: { x: { Precision: 'fixed<12,4,RND>' } } });
    writeFolder(dir, buildVitisProject(g, STREAM), false);
    const { warnings } = await compileCpp([join(dir, 'firmware', 'myproject.cpp'), join(dir, 'myproject_test.cpp')], join(dir, 'tb'), [join(dir, 'csim'), join(dir, 'firmware')]);
    expect(warnings).toBe('');
  }, 240_000);
});
