// Layout bookkeeping between ONNX tensors (NCHW) and IR tensors (channels-last): permutations,
// transposed constants, and the IR transpose/reshape nodes that bring a value into a wanted layout.
import type { BatchedValue, ImportContext, Layout, OnnxNode } from './context.js';
import { size } from './shapes.js';

export const identityPerm = (rank: number): number[] => Array.from({ length: rank }, (_, i) => i);
export const isIdentity = (p: readonly number[]): boolean => p.every((v, i) => v === i);
export const samePerm = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Channels-first per-sample [C, ...spatial] to channels-last [...spatial, C]. */
export const channelsLast = (rank: number): number[] => [...identityPerm(rank).slice(1), 0];

export function invertPerm(p: readonly number[]): number[] {
  const inv = new Array<number>(p.length);
  p.forEach((v, i) => (inv[v] = i));
  return inv;
}

/** x.transpose(a).transpose(b) === x.transpose(composePerm(a, b)) (numpy semantics). */
export const composePerm = (a: readonly number[], b: readonly number[]): number[] => b.map((i) => a[i]!);

export const permuteShape = (shape: readonly number[], perm: readonly number[]): number[] => perm.map((i) => shape[i]!);

/** C-order `data` of `shape` transposed by `perm` (numpy `transpose`). */
export function transposeData(data: readonly number[], shape: readonly number[], perm: readonly number[]): number[] {
  const outShape = permuteShape(shape, perm);
  const inStrides = new Array<number>(shape.length);
  for (let i = shape.length - 1, s = 1; i >= 0; i--) { inStrides[i] = s; s *= shape[i]!; }
  const strides = perm.map((p) => inStrides[p]!);
  const out = new Array<number>(data.length);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let j = 0; j < out.length; j++) {
    let src = 0;
    for (let ax = 0; ax < idx.length; ax++) src += idx[ax]! * strides[ax]!;
    out[j] = data[src]!;
    for (let ax = idx.length - 1; ax >= 0; ax--) {
      if (++idx[ax]! < outShape[ax]!) break;
      idx[ax] = 0;
    }
  }
  return out;
}

/** The per-sample shape of `v` as ONNX sees it. */
export function onnxShape(v: BatchedValue): number[] {
  if (!v.layout) return [...v.shape];
  if (v.layout.unflat) return [size(v.layout.unflat)];
  return permuteShape(v.shape, invertPerm(v.layout.perm));
}

/** For a flattened layout: IR element i is ONNX element rows[i]. */
export function flatRows(layout: Layout): number[] {
  const shape = layout.unflat!;
  return transposeData(Array.from({ length: size(shape) }, (_, i) => i), shape, layout.perm);
}

/** The layout of the flattened `v` (ONNX order), or undefined when IR and ONNX orders agree. */
export function flattenedLayout(v: BatchedValue): Layout | undefined {
  if (!v.layout) return undefined;
  if (v.layout.unflat) return v.layout;
  const layout = { perm: v.layout.perm, unflat: onnxShape(v) };
  return isIdentity(flatRows(layout)) ? undefined : layout;
}

const layoutPerm = (v: BatchedValue): number[] => (v.layout ? [...v.layout.perm] : identityPerm(v.shape.length));

function emitTranspose(ctx: ImportContext, n: OnnxNode, input: string, perm: number[], shape: number[], out: string): void {
  ctx.emit({ op: 'transpose', name: ctx.freshName(`${n.name}_layout`), inputs: [input], outputs: [out], attrs: { perm } });
  ctx.defineBatched(undefined, out, shape);
}

/**
 * The IR tensor holding `v` transposed from its ONNX layout by `want` (identity: the ONNX layout
 * itself), emitting an IR transpose when the tracked layout differs. `out` names the result.
 */
export function relayout(ctx: ImportContext, n: OnnxNode, v: BatchedValue, want: readonly number[], out?: string): BatchedValue {
  const key = `${v.name}|${v.layout?.unflat ? 'flat' : ''}|${want.join(',')}`;
  const done = out === undefined ? ctx.relaid.get(key) : undefined;
  if (done) return ctx.values.get(done) as BatchedValue;
  const result = relayoutOnce(ctx, n, v, want, out);
  if (out === undefined) ctx.relaid.set(key, result.name);
  return result;
}

function relayoutOnce(ctx: ImportContext, n: OnnxNode, v: BatchedValue, want: readonly number[], out?: string): BatchedValue {
  let cur = v;
  if (v.layout?.unflat) {
    // Undo the flatten in the IR order, transpose back to the ONNX order, flatten again.
    const irShape = permuteShape(v.layout.unflat, v.layout.perm);
    const name = ctx.freshName(`${v.name}_unflat`);
    ctx.emit({ op: 'reshape', name: ctx.freshName(`${n.name}_unflat`), inputs: [v.name], outputs: [name], attrs: { shape: irShape } });
    ctx.defineBatched(undefined, name, irShape);
    const onnx = ctx.freshName(`${v.name}_onnx`);
    emitTranspose(ctx, n, name, invertPerm(v.layout.perm), [...v.layout.unflat], onnx);
    const flat = out ?? ctx.freshName(`${v.name}_flat`);
    ctx.emit({ op: 'reshape', name: ctx.freshName(`${n.name}_flat`), inputs: [onnx], outputs: [flat], attrs: { shape: [...v.shape] } });
    ctx.defineBatched(undefined, flat, v.shape);
    cur = ctx.values.get(flat) as BatchedValue;
    if (isIdentity(want)) return cur;
  }
  const have = layoutPerm(cur);
  if (samePerm(have, want) && out === undefined) return cur;
  // ir = onnx.transpose(have); wanted = onnx.transpose(want) = ir.transpose(inv(have)[want]).
  const perm = composePerm(invertPerm(have), want);
  const name = out ?? ctx.freshName(`${v.name}_${isIdentity(want) ? 'onnx' : 'channels_last'}`);
  const shape = permuteShape(cur.shape, perm);
  if (isIdentity(perm)) {
    ctx.emit({ op: 'identity', name: ctx.freshName(`${n.name}_output`), inputs: [cur.name], outputs: [name], attrs: { origin: 'Identity' } });
    ctx.defineBatched(undefined, name, shape);
  } else {
    emitTranspose(ctx, n, cur.name, perm, shape, name);
  }
  if (!isIdentity(want)) ctx.setLayout(name, { perm: [...want] });
  return ctx.values.get(name) as BatchedValue;
}

/** A constant in ONNX layout (per sample, rank <= that of x) broadcast-compatible with x's IR tensor. */
export function constantForLayout(x: BatchedValue, shape: readonly number[], data: readonly number[]): { shape: number[]; data: number[] } | undefined {
  if (!x.layout) return undefined;
  if (x.layout.unflat) {
    if (size(shape) === 1) return undefined;
    const rows = flatRows(x.layout);
    return { shape: [...shape], data: rows.map((r) => data[r]!) };
  }
  const rank = x.shape.length;
  const padded = [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const tShape = permuteShape(padded, x.layout.perm);
  const tData = transposeData(data, padded, x.layout.perm);
  // Leading 1s broadcast anyway: a [C, 1, 1] NCHW bias becomes [C].
  let lead = 0;
  while (lead < tShape.length - 1 && tShape[lead] === 1) lead++;
  return { shape: tShape.slice(lead), data: tData };
}
