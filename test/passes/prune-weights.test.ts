// Magnitude pruning: the zeroed weights are exactly the ones an independent sort of |w| (or of unit L1
// norms) picks, the counts are round(s·n), biases and kept layers are untouched, and the rest is unchanged.
import { describe, expect, it } from 'vitest';
import { loadModel, optimize } from '../../src/index.js';
import { pruneWeights } from '../../src/passes/prune-weights.js';
import type { Graph, Node } from '../../src/ir/types.js';
import { thrown } from '../helpers/errors.js';
import { sharedModel } from '../helpers/paths.js';

function expectHlsnetError(f: () => unknown, code: string, message?: RegExp): void {
  const e = thrown(f);
  expect(e.code).toBe(code);
  if (message) expect(e.message).toMatch(message);
}

const g = optimize(loadModel(sharedModel('onnx/three_layer_keras.onnx')).graph).graph;
const dense = g.nodes.filter((n) => n.op === 'dense');
const names = dense.map((n) => n.name);
const W = (graph: Graph, n: Node): readonly number[] => graph.tensors[n.inputs[1]!]!.data!;
const B = (graph: Graph, n: Node): readonly number[] => graph.tensors[n.inputs[2]!]!.data!;

/** Positions pruned in `after` (zero there, nonzero before). */
function zeroed(n: Node, after: Graph): Set<number> {
  const before = W(g, n);
  return new Set(W(after, n).flatMap((v, i) => (v === 0 && before[i] !== 0 ? [i] : [])));
}

/** The k smallest |w| of one list, ties by index: an independent reference for the pass. */
function smallest(ws: readonly { v: number; key: string }[], k: number): Set<string> {
  return new Set([...ws].sort((a, b) => Math.abs(a.v) - Math.abs(b.v)).slice(0, k).map((x) => x.key));
}

describe('prune-weights', () => {
  it('the model has no zero weights to begin with (so every zero below is the pass\'s)', () => {
    for (const n of dense) expect(W(g, n).filter((v) => v === 0)).toEqual([]);
  });

  it('layer scope: each layer loses exactly round(0.7·n) weights, the smallest |w|; survivors and biases unchanged', () => {
    const p = pruneWeights(g, { sparsity: 0.7 });
    for (const n of dense) {
      const w = W(g, n);
      const z = zeroed(n, p);
      expect(z.size).toBe(Math.round(0.7 * w.length));
      const ref = smallest(w.map((v, i) => ({ v, key: String(i) })), z.size);
      expect([...z].map(String).sort()).toEqual([...ref].sort());
      // Every survivor is at least as large as every pruned weight, and keeps its exact value.
      const maxPruned = Math.max(...[...z].map((i) => Math.abs(w[i]!)));
      W(p, n).forEach((v, i) => { if (!z.has(i)) { expect(v).toBe(w[i]); expect(Math.abs(v)).toBeGreaterThanOrEqual(maxPruned); } });
      expect(B(p, n)).toEqual(B(g, n));
    }
    expect(p.nodes).toEqual(g.nodes);
  });

  it('global scope: one threshold over all layers (computed here by sorting every |w| together)', () => {
    const p = pruneWeights(g, { sparsity: 0.7, scope: 'global' });
    const all = dense.flatMap((n, li) => W(g, n).map((v, i) => ({ v, key: `${li}:${i}` })));
    const ref = smallest(all, Math.round(0.7 * all.length));
    const got = new Set(dense.flatMap((n, li) => [...zeroed(n, p)].map((i) => `${li}:${i}`)));
    expect(got.size).toBe(ref.size);
    expect([...got].sort()).toEqual([...ref].sort());
    // The layers end at different sparsities: the threshold is shared, not the target.
    const per = dense.map((n) => zeroed(n, p).size / W(g, n).length);
    expect(Math.max(...per) - Math.min(...per)).toBeGreaterThan(0.1);
  });

  it('--keep leaves a layer alone; --layer overrides a target (global scope: the override layer leaves the pool)', () => {
    const [fc1, , , fc4] = dense;
    const p = pruneWeights(g, { sparsity: 0.7, keep: [fc4!.name], layers: { [fc1!.name]: 0.25 } });
    expect(W(p, fc4!)).toEqual(W(g, fc4!));
    expect(zeroed(fc1!, p).size).toBe(Math.round(0.25 * 1024));
    const q = pruneWeights(g, { sparsity: 0.7, scope: 'global', keep: [fc4!.name], layers: { [fc1!.name]: 0.25 } });
    expect(zeroed(fc1!, q).size).toBe(256);
    const pooled = dense.slice(1, 3);
    const total = pooled.reduce((t, n) => t + W(g, n).length, 0);
    expect(pooled.reduce((t, n) => t + zeroed(n, q).size, 0)).toBe(Math.round(0.7 * total));
    expect(W(q, fc4!)).toEqual(W(g, fc4!));
  });

  it('structured (neurons): whole columns of W [in, out] with the smallest L1 norms; biases kept', () => {
    const p = pruneWeights(g, { sparsity: 0.5, structure: 'neurons' });
    for (const n of dense) {
      const [nIn, nOut] = g.tensors[n.inputs[1]!]!.shape as [number, number];
      const w = W(g, n);
      const l1 = Array.from({ length: nOut }, (_, j) => ({ v: Array.from({ length: nIn }, (_, i) => Math.abs(w[i * nOut + j]!)).reduce((a, b) => a + b, 0), key: String(j) }));
      const ref = smallest(l1, Math.round(0.5 * nOut));
      const after = W(p, n);
      for (let j = 0; j < nOut; j++) {
        const col = Array.from({ length: nIn }, (_, i) => after[i * nOut + j]!);
        if (ref.has(String(j))) expect(col.every((v) => v === 0)).toBe(true);
        else expect(col).toEqual(Array.from({ length: nIn }, (_, i) => w[i * nOut + j]!));
      }
      expect(B(p, n)).toEqual(B(g, n));
    }
  });

  it('structured (filters) on a conv: whole filters (last axis of W) by L1 norm', () => {
    const c = optimize(loadModel(sharedModel('onnx/conv2d_small_keras.onnx')).graph).graph;
    const conv = c.nodes.find((n) => n.op === 'conv')!;
    const w = c.tensors[conv.inputs[1]!]!.data!;
    const nf = c.tensors[conv.inputs[1]!]!.shape.at(-1)!;
    const p = pruneWeights(c, { sparsity: 0.5, structure: 'filters', keep: c.nodes.filter((n) => n.op === 'dense').map((n) => n.name) });
    const l1 = Array.from({ length: nf }, (_, f) => w.filter((_, i) => i % nf === f).reduce((a, b) => a + Math.abs(b), 0));
    const weakest = l1.indexOf(Math.min(...l1));
    p.tensors[conv.inputs[1]!]!.data!.forEach((v, i) => expect(v).toBe(i % nf === weakest ? 0 : w[i]));
  });

  it('ties: equal magnitudes are pruned in flat index order, so the count is exact', () => {
    const t = { ...g, tensors: { ...g.tensors, [dense[3]!.inputs[1]!]: { ...g.tensors[dense[3]!.inputs[1]!]!, data: Array.from({ length: 160 }, (_, i) => (i % 2 ? 0.5 : -0.5)) } } };
    const p = pruneWeights(t, { sparsity: 0.3, keep: names.slice(0, 3) });
    const w = W(p, dense[3]!);
    expect(w.filter((v) => v === 0).length).toBe(48);
    expect(w.slice(0, 48).every((v) => v === 0)).toBe(true);
    expect(w.slice(48).every((v) => v !== 0)).toBe(true);
  });

  it('sparsity 0 changes nothing; errors name the option and the layer', () => {
    expect(pruneWeights(g, { sparsity: 0 })).toEqual(g);
    expectHlsnetError(() => pruneWeights(g, { sparsity: 1 }), 'E209', /\[0, 1\)/);
    expectHlsnetError(() => pruneWeights(g, { sparsity: -0.1 }), 'E209');
    expectHlsnetError(() => pruneWeights(g, { sparsity: 0.5, keep: ['nope'] }), 'E208', /--keep names 'nope'/);
    expectHlsnetError(() => pruneWeights(g, { sparsity: 0.5, layers: { Softmax: 0.5 } }), 'E208', /not a dense or conv layer/);
    expectHlsnetError(() => pruneWeights(g, { sparsity: 0.5, layers: { [names[0]!]: 1.5 } }), 'E209');
  });
});
