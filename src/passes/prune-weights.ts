// Replaces the smallest-magnitude weights of dense and conv layers (or whole output neurons / filters of
// the smallest L1 norm) by exact zeros, to a target sparsity; biases are never touched.
//
// Counts: a layer of n weights (or units) with target s loses exactly round(s·n) of them. Ties in |w| (or in
// the norm) are broken by position: the earlier layer in graph order, then the lower flat C-order index
// (unit index) is pruned first, so the result is deterministic and the count exact.
import { HlsnetError } from '../diagnostics/errors.js';
import { prunableLayers } from '../analysis/sparsity.js';
import type { Graph, Node, Tensor } from '../ir/types.js';

export type PruneScope = 'global' | 'layer';
/** neurons (dense) and filters (conv) name the same thing: an output unit, the last axis of W. */
export type PruneStructure = 'none' | 'neurons' | 'filters';

export interface PruneOptions {
  /** Target fraction of zero weights, in [0, 1). */
  readonly sparsity: number;
  readonly scope?: PruneScope;
  readonly structure?: PruneStructure;
  /** Layers left as they are (e.g. the output layer). */
  readonly keep?: readonly string[];
  /** Per-layer targets; such a layer is pruned to its own target, also under global scope. */
  readonly layers?: Readonly<Record<string, number>>;
}

/** One prunable item: a weight (unstructured) or an output unit with its weights' positions. */
interface Item { readonly layer: number; readonly unit: number; readonly magnitude: number; readonly positions: readonly number[] }

function checkSparsity(s: number, what: string): void {
  if (!(s >= 0 && s < 1)) {
    throw new HlsnetError('E209', `sparsity must be in [0, 1), got ${s}`, { subject: what, hint: 'e.g. 0.7 zeroes 70% of the weights' });
  }
}

/** Items of one layer: every weight, or every output unit (last axis of W) with its L1 norm. */
function itemsOf(w: Tensor, layer: number, structured: boolean): Item[] {
  const data = w.data!;
  if (!structured) return data.map((v, i) => ({ layer, unit: i, magnitude: Math.abs(v), positions: [i] }));
  const units = w.shape[w.shape.length - 1]!;
  const items: Item[] = [];
  for (let u = 0; u < units; u++) {
    const positions: number[] = [];
    let l1 = 0;
    for (let i = u; i < data.length; i += units) { positions.push(i); l1 += Math.abs(data[i]!); }
    items.push({ layer, unit: u, magnitude: l1, positions });
  }
  return items;
}

const byMagnitude = (a: Item, b: Item): number => a.magnitude - b.magnitude || a.layer - b.layer || a.unit - b.unit;

/** The pruned graph: same nodes and tensors, with the chosen weights set to exactly 0. */
export function pruneWeights(g: Graph, opts: PruneOptions): Graph {
  const scope = opts.scope ?? 'layer';
  const structured = (opts.structure ?? 'none') !== 'none';
  checkSparsity(opts.sparsity, '--sparsity');
  const layers = prunableLayers(g);
  const names = new Set(layers.map((n) => n.name));
  const unknown = (name: string, flag: string): HlsnetError => new HlsnetError('E208',
    `${flag} names '${name}', which is not a dense or conv layer with constant weights`, {
      subject: `${flag} ${name}`, hint: `prunable layers: ${[...names].join(', ') || '(none)'}`,
    });
  for (const k of opts.keep ?? []) if (!names.has(k)) throw unknown(k, '--keep');
  for (const [k, s] of Object.entries(opts.layers ?? {})) {
    if (!names.has(k)) throw unknown(k, '--layer');
    if ((opts.keep ?? []).includes(k)) throw new HlsnetError('E209', `layer '${k}' is both kept and given a sparsity`, { subject: `--keep ${k} --layer ${k}=${s}`, hint: 'drop one of the two' });
    checkSparsity(s, `--layer ${k}=${s}`);
  }

  const zeroed = layers.map(() => new Set<number>());
  /** Zero the smallest items, in magnitude order, until `weights` weights are zero (a unit is all or nothing). */
  const pruneSmallest = (items: readonly Item[], weights: number): void => {
    let taken = 0;
    for (const it of [...items].sort(byMagnitude)) {
      if (taken >= weights) break;
      for (const p of it.positions) zeroed[it.layer]!.add(p);
      taken += it.positions.length;
    }
  };
  const pool: Item[] = [];
  let poolWeights = 0;
  layers.forEach((n, li) => {
    if ((opts.keep ?? []).includes(n.name)) return;
    const w = g.tensors[n.inputs[1]!]!;
    const items = itemsOf(w, li, structured);
    const own = opts.layers?.[n.name];
    if (scope === 'global' && own === undefined) {
      pool.push(...items);
      poolWeights += w.data!.length;
      return;
    }
    // Per layer: round(s·n) units; every unit of a layer has the same size, so this is a weight count.
    const unitSize = w.data!.length / items.length;
    pruneSmallest(items, Math.round((own ?? opts.sparsity) * items.length) * unitSize);
  });
  // Global: one magnitude order over every pooled weight (or unit) until round(s·N) weights are zero;
  // structured, the last unit may pass the target by less than one unit.
  pruneSmallest(pool, Math.round(opts.sparsity * poolWeights));

  const tensors: Record<string, Tensor> = { ...g.tensors };
  layers.forEach((n: Node, li) => {
    const z = zeroed[li]!;
    if (!z.size) return;
    const w = g.tensors[n.inputs[1]!]!;
    tensors[n.inputs[1]!] = { ...w, data: w.data!.map((v, i) => (z.has(i) ? 0 : v)) };
  });
  return { ...g, tensors };
}
