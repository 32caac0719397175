// Window attributes shared by Conv and the pools: strides, dilations, explicit or automatic (auto_pad) padding, output sizes.
import { intsAttr, stringAttr } from '../attributes.js';
import type { ImportContext, OnnxNode } from '../context.js';
import { describeShape } from '../errors.js';

export interface Window {
  readonly kernel: number[];
  readonly strides: number[];
  readonly dilations: number[];
  /** Begins of every spatial axis, then ends. */
  readonly pads: number[];
  /** Output size per spatial axis. */
  readonly out: number[];
}

/** A per-spatial-axis INTS attribute of length `rank`, or `fallback` everywhere when absent. */
export function axesAttr(ctx: ImportContext, n: OnnxNode, name: string, rank: number, fallback: number): number[] {
  const v = intsAttr(ctx, n, name) ?? new Array<number>(rank).fill(fallback);
  if (v.length !== rank) ctx.fail(n, 'E103', `attribute '${name}' has ${v.length} entries but the input has ${rank} spatial axes`, 're-export the model');
  return v;
}

/** ONNX auto_pad: SAME_* pads so that out = ceil(in / stride), the odd pixel at the end (UPPER) or begin (LOWER). */
function autoPads(ctx: ImportContext, n: OnnxNode, mode: string, spatial: readonly number[], kernel: number[], strides: number[], dilations: number[]): number[] {
  const rank = spatial.length;
  if (mode === 'VALID') return new Array<number>(2 * rank).fill(0);
  if (mode !== 'SAME_UPPER' && mode !== 'SAME_LOWER') {
    ctx.fail(n, 'E103', `auto_pad='${mode}' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID`, 're-export the model');
  }
  const begins: number[] = [];
  const ends: number[] = [];
  spatial.forEach((size, i) => {
    const out = Math.ceil(size / strides[i]!);
    const total = Math.max(0, (out - 1) * strides[i]! + (kernel[i]! - 1) * dilations[i]! + 1 - size);
    const begin = mode === 'SAME_UPPER' ? Math.floor(total / 2) : Math.ceil(total / 2);
    begins.push(begin);
    ends.push(total - begin);
  });
  return [...begins, ...ends];
}

/** The window of `n` over an input with ONNX per-sample spatial sizes `spatial`. */
export function windowOf(ctx: ImportContext, n: OnnxNode, spatial: readonly number[], kernel: number[], withDilations: boolean): Window {
  const rank = spatial.length;
  const strides = axesAttr(ctx, n, 'strides', rank, 1);
  const dilations = withDilations ? axesAttr(ctx, n, 'dilations', rank, 1) : new Array<number>(rank).fill(1);
  if ([...kernel, ...strides, ...dilations].some((v) => v < 1)) {
    ctx.fail(n, 'E103', `kernel ${describeShape(kernel)}, strides ${describeShape(strides)} and dilations ${describeShape(dilations)} must be positive`, 're-export the model');
  }
  const mode = stringAttr(ctx, n, 'auto_pad', 'NOTSET');
  const given = intsAttr(ctx, n, 'pads');
  let pads: number[];
  if (mode === 'NOTSET' || mode === '') {
    pads = given ?? new Array<number>(2 * rank).fill(0);
    if (pads.length !== 2 * rank || pads.some((p) => p < 0)) {
      ctx.fail(n, 'E103', `pads ${describeShape(pads)} must have ${2 * rank} non-negative entries (begins, then ends)`, 're-export the model');
    }
  } else {
    pads = autoPads(ctx, n, mode, spatial, kernel, strides, dilations);
  }
  const out = spatial.map((size, i) => Math.floor((size + pads[i]! + pads[rank + i]! - dilations[i]! * (kernel[i]! - 1) - 1) / strides[i]!) + 1);
  if (out.some((o) => o < 1)) {
    ctx.fail(n, 'E103', `the window (kernel ${describeShape(kernel)}) does not fit the input ${describeShape(spatial)} with pads ${describeShape(pads)}`, 're-export the model');
  }
  return { kernel, strides, dilations, pads, out };
}
