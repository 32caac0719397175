// The io_stream view without g++: word shapes, constant offsets per word, fan-out clones (an output that
// is also read on, a four-way fan-out chained), the stream FIFO depths, and the coded refusals.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { constantOffset, wordShape } from '../../../src/backends/vitis/stream-wiring.js';
import { buildVitisProject, compile, parsePrecisionConfig } from '../../../src/index.js';
import type { Graph, Node, Tensor } from '../../../src/ir/types.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { thrown } from '../../helpers/errors.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-stream-view-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CONFIG = parsePrecisionConfig({ Model: { Precision: 'fixed<12,4,RND,SAT>' } });

/** x [4, 4, 3] -> relu a (a graph output that is read again) -> four readers of a, and y = a + b. */
function fanOutGraph(): Graph {
  const tensors: Record<string, Tensor> = { x: { name: 'x', shape: [4, 4, 3] } };
  const nodes: Node[] = [];
  const node = (name: string, op: Node['op'], inputs: string[], shape: number[], attrs: object = {}): void => {
    tensors[name] = { name, shape };
    nodes.push({ name, op, inputs, outputs: [name], attrs } as Node);
  };
  node('a', 'relu', ['x'], [4, 4, 3]);
  node('b', 'linear', ['a'], [4, 4, 3]);
  node('c', 'leaky_relu', ['a'], [4, 4, 3], { alpha: 0.25 });
  node('d', 'add', ['a', 'b'], [4, 4, 3]);
  node('e', 'maximum', ['a', 'c', 'd'], [4, 4, 3]);
  return { name: 'fanout', inputs: ['x'], outputs: ['a', 'e'], nodes, tensors };
}

describe('io_stream view', () => {
  it('packs a channels-last tensor one position per word, a vector as one word', () => {
    expect(wordShape([32, 32, 3])).toEqual({ words: 1024, wordSize: 3 });
    expect(wordShape([10, 6])).toEqual({ words: 10, wordSize: 6 });
    expect(wordShape([5])).toEqual({ words: 1, wordSize: 5 });
  });

  it('reads a broadcast constant at the offset of the word position', () => {
    expect(constantOffset([3], [4, 4, 3])).toEqual({ offset: '0', last: 3 });
    expect(constantOffset([1, 1, 1], [4, 4, 3])).toEqual({ offset: '0', last: 1 });
    expect(constantOffset([4, 4, 3], [4, 4, 3])).toEqual({ offset: '(w) * 3', last: 3 });
    // [4, 1, 3]: row w / 4 of the 4x4 positions, three channels per row.
    expect(constantOffset([4, 1, 3], [4, 4, 3])).toEqual({ offset: '(w / 4) * 3', last: 3 });
    expect(constantOffset([6], [6])).toEqual({ offset: '0', last: 6 });
  });

  it('clones a tensor for each reader (port included), chaining clones past three', () => {
    const g = compile(fanOutGraph(), { config: CONFIG }).graph;
    const cpp = buildVitisProject(g, { ioType: 'io_stream' }).get('firmware/myproject.cpp')!;
    // a: the port a_out and four readers (b, c, d, e): five targets, chained 3 + 3.
    expect(cpp).toContain('nnet::clone_stream<result_word_t, 16>(layer2_out, a_out, layer2_out_fan5);');
    expect(cpp).toContain('nnet::clone_stream<result_word_t, 16>(layer2_out_fan5, layer2_out_cpy1, layer2_out_fan4);');
    expect(cpp).toContain('nnet::clone_stream<result_word_t, 16>(layer2_out_fan4, layer2_out_cpy2, layer2_out_cpy3, layer2_out_cpy4);');
    expect(cpp).toMatch(/#pragma HLS STREAM variable=layer2_out_cpy4 depth=16/);
    expect(cpp).toContain('nnet::map3_stream<result_word_t, layer4_word_t, layer5_word_t, result2_word_t, layer6_fn, 16>(layer2_out_cpy4, layer4_out, layer5_out, e_out);');
  });

  it('is bit-exact in C simulation with the fan-outs', async () => {
    const g = compile(fanOutGraph(), { config: CONFIG }).graph;
    await expectCsimBitExact(g, join(work, 'fanout'), edgeAwareInputs(g.tensors.x!.type!, 500, 48, 3), 500, undefined, { ioType: 'io_stream' });
  }, 120_000);

  it('streams two graph inputs (testbench lines hold both) bit-exactly, as io_parallel does', async () => {
    const g: Graph = {
      name: 'two', inputs: ['x', 'y'], outputs: ['z'],
      tensors: { x: { name: 'x', shape: [4, 4, 3] }, y: { name: 'y', shape: [4, 4, 3] }, z: { name: 'z', shape: [4, 4, 3] } },
      nodes: [{ name: 'minus', op: 'sub', inputs: ['x', 'y'], outputs: ['z'], attrs: {} }],
    };
    const c = compile(g, { config: CONFIG }).graph;
    const data = edgeAwareInputs(c.tensors.x!.type!, 300, 96, 9);
    await expectCsimBitExact(c, join(work, 'two-s'), data, 300, undefined, { ioType: 'io_stream' });
    await expectCsimBitExact(c, join(work, 'two-p'), data, 300);
  }, 120_000);

  it('chains a concat of five inputs on the channels into concats of at most four, bit-exactly', async () => {
    const tensors: Record<string, Tensor> = { x: { name: 'x', shape: [4, 2, 3] }, r: { name: 'r', shape: [4, 2, 3] }, y: { name: 'y', shape: [4, 2, 15] } };
    const g: Graph = {
      name: 'wide', inputs: ['x'], outputs: ['y'], tensors,
      nodes: [
        { name: 'relu', op: 'relu', inputs: ['x'], outputs: ['r'], attrs: {} },
        { name: 'cat', op: 'concat', inputs: ['x', 'r', 'x', 'r', 'x'], outputs: ['y'], attrs: { axis: 2 } },
      ],
    };
    const c = compile(g, { config: parsePrecisionConfig({ Model: { Precision: 'fixed<7,2,RND,SAT>' }, LayerName: { x: { Precision: 'fixed<12,4>' } } }) }).graph;
    const data = edgeAwareInputs(c.tensors.x!.type!, 300, 24, 4);
    await expectCsimBitExact(c, join(work, 'wide'), data, 300, undefined, { ioType: 'io_stream' });
    const cpp = readFileSync(join(work, 'wide', 'firmware', 'myproject.cpp'), 'utf8');
    expect(cpp).toMatch(/nnet::map4_stream<[^;]*>\(/);
    expect(cpp).toMatch(/nnet::map2_stream<[^;]*, y_out\);/);
  }, 120_000);

  it('a graph input that is also an output reaches its port in both io types', async () => {
    const g: Graph = {
      name: 'echo', inputs: ['x'], outputs: ['x', 'y'],
      tensors: { x: { name: 'x', shape: [4, 3] }, y: { name: 'y', shape: [4, 3] } },
      nodes: [{ name: 'relu', op: 'relu', inputs: ['x'], outputs: ['y'], attrs: {} }],
    };
    const c = compile(g, { config: CONFIG }).graph;
    const data = edgeAwareInputs(c.tensors.x!.type!, 200, 12, 8);
    await expectCsimBitExact(c, join(work, 'echo-p'), data, 200);
    await expectCsimBitExact(c, join(work, 'echo-s'), data, 200, undefined, { ioType: 'io_stream' });
  }, 120_000);

  it('refuses broadcasting two multi-position tensors with E503 naming the node', () => {
    const g: Graph = {
      name: 'bcast', inputs: ['x', 'y'], outputs: ['z'],
      tensors: { x: { name: 'x', shape: [4, 4, 3] }, y: { name: 'y', shape: [4, 1, 3] }, z: { name: 'z', shape: [4, 4, 3] } },
      nodes: [{ name: 'plus', op: 'add', inputs: ['x', 'y'], outputs: ['z'], attrs: {} }],
    };
    const c = compile(g, { config: CONFIG }).graph;
    expect(() => buildVitisProject(c)).not.toThrow();
    const e = thrown(() => buildVitisProject(c, { ioType: 'io_stream' }));
    expect(e.code).toBe('E503');
    expect(e.subject).toBe("node 'plus' (add)");
    expect(e.message).toContain("'y' [4, 1, 3]");
    expect(e.hint).toContain('io_parallel');
  });
});
