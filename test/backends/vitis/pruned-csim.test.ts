// three_layer_keras pruned to 70%: the emitted C++ writes one product per nonzero weight (counted from the
// generated text against the nonzeros counted in the pruned model), csim is bit-exact with the simulator
// on 1,000 edge-aware inputs in io_parallel and io_stream, and a reuse factor shares the nonzero products.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildVitisProject, compile, loadModel, optimize } from '../../../src/index.js';
import { typeOf } from '../../../src/ir/graph.js';
import type { Graph } from '../../../src/ir/types.js';
import { pruneWeights } from '../../../src/passes/prune-weights.js';
import { expectCsimBitExact } from '../../helpers/csim.js';
import { thrown } from '../../helpers/errors.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { REPO, sharedModel } from '../../helpers/paths.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-pruned-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pruned = pruneWeights(optimize(loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph).graph, { sparsity: 0.7 });
const g = compile(pruned).graph;
const layers = pruned.nodes.filter((n) => n.op === 'dense');
const inputs = edgeAwareInputs(typeOf(g, g.inputs[0]!), 1000, 16, 70);

/** The numbers of a generated constant array `name[N] = { ... }` in a weights file. */
function arrayValues(text: string, name: string): { declared: number; values: number[] } {
  const m = new RegExp(`\\b${name}\\[(\\d+)\\] = \\{([^}]*)\\}`).exec(text);
  if (!m) throw new Error(`array ${name} not found`);
  return { declared: Number(m[1]), values: m[2]!.split(',').map((s) => Number(s.trim())) };
}

describe('pruned three_layer_keras (70%, layer scope)', () => {
  it('the generated code multiplies exactly the nonzero weights', () => {
    const files = buildVitisProject(g);
    const cpp = String(files.get('firmware/myproject.cpp'));
    const params = String(files.get('firmware/parameters.h'));
    expect(cpp).not.toContain('dense_latency');
    // The sparse kernel writes one product per stored weight (k < n_nonzero), and nothing else multiplies.
    const kernel = readFileSync(join(REPO, 'hls', 'nnet', 'nnet_dense_sparse.h'), 'utf8').replace(/\/\/.*$/gm, '');
    expect(kernel.match(/\w+\[\w+\] \* \w+\[\w+\]/g)).toEqual(['data[i] * weights[k]']);
    expect(kernel).toMatch(/for \(unsigned k = 0; k < CONFIG_T::n_nonzero; k\+\+\)/);

    const calls = [...cpp.matchAll(/nnet::dense_sparse<[^>]*, (config\d+)>\([^,]+, [^,]+, (w\d+), (widx\d+), b\d+\);/g)];
    expect(calls.length).toBe(layers.length);
    let emitted = 0;
    let counted = 0;
    calls.forEach(([, config, w, widx], li) => {
      const n = layers[li]!;
      const data = pruned.tensors[n.inputs[1]!]!.data!;
      const nonzero = data.flatMap((v, i) => (v !== 0 ? [i] : []));
      counted += nonzero.length;
      const ws = arrayValues(String(files.get(`firmware/weights/${w}.h`)), w!);
      const pos = arrayValues(String(files.get(`firmware/weights/${widx}.h`)), widx!);
      const nnz = Number(new RegExp(`struct ${config} [^]*?n_nonzero = (\\d+);`).exec(params)![1]);
      expect(ws.declared).toBe(ws.values.length);
      expect(ws.values.length).toBe(nnz);
      emitted += nnz;
      // The positions are exactly the pruned model's nonzeros, each weight its value rounded to 2^-F (RND).
      const wt = typeOf(g, n.inputs[1]!);
      const lsb = 2 ** (wt.int - wt.width);
      expect(pos.values).toEqual(nonzero);
      expect(ws.values).toEqual(nonzero.map((i) => Math.floor(data[i]! / lsb + 0.5) * lsb));
      expect(ws.values.every((v) => v !== 0)).toBe(true);
    });
    expect(counted).toBe(1276); // round(0.7·n) pruned per layer: 307 + 614 + 307 + 48 nonzero of 4256
    expect(emitted).toBe(counted);
  });

  for (const ioType of ['io_parallel', 'io_stream'] as const) {
    it(`g++ csim is bit-exact with the simulator on 1,000 edge-aware inputs (${ioType})`, async () => {
      const r = await expectCsimBitExact(g, join(work, ioType), inputs, 1000, undefined, { ioType });
      expect(r.mismatches).toEqual([]);
    }, 240_000);
  }

  it('reuse factor of a pruned layer: any RF up to its nonzero count, multiplier limit ceil(nnz / RF)', () => {
    const withRf = (rf: number): Graph => ({ ...pruned, nodes: pruned.nodes.map((n, i) => (i === 0 ? { ...n, hints: { reuseFactor: rf } } : n)) });
    const params = String(buildVitisProject(compile(withRf(4)).graph).get('firmware/parameters.h'));
    const config = /struct config2 [^]*?\};/.exec(params)![0];
    expect(config).toContain('static const unsigned n_nonzero = 307;');
    expect(config).toContain('static const unsigned reuse_factor = 4;');
    expect(config).toContain('static const unsigned multiplier_limit = 77;'); // 307 is prime: ceil(307 / 4)
    const e = thrown(() => compile(withRf(308)));
    expect(e.code).toBe('E206');
    expect(e.message).toMatch(/pruned layer .* n_mult = 307 nonzero weights/);
  });
});
