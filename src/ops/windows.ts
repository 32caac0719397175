// Sliding-window geometry shared by conv and the pools (channels-last, 1-D or 2-D): attribute
// checks with E501 naming the node, output sizes, and per-node cached index maps of in-range taps.
import { HlsnetError } from '../diagnostics/errors.js';
import type { Node } from '../ir/types.js';

export interface WindowAttrs {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
  readonly pads: readonly number[];
}

/**
 * The in-range taps of every output position, in output order: taps start[o] .. start[o+1]-1
 * read spatial input position inPos[t] (flat over the spatial axes) with kernel offset kPos[t]
 * (flat over the kernel axes). Padded taps are absent: they contribute exactly 0.
 */
export interface Windows {
  readonly outSpatial: readonly number[];
  readonly outCount: number;
  readonly kernelSize: number;
  readonly start: Int32Array;
  readonly inPos: Int32Array;
  readonly kPos: Int32Array;
  /** The largest number of in-range taps of any window. */
  readonly maxTaps: number;
}

const subjectOf = (n: Node): string => `node '${n.name}' (${n.op})`;

function bad(n: Node, message: string): never {
  throw new HlsnetError('E501', message, { subject: subjectOf(n) });
}

function intArray(x: unknown, len: number, min: number): x is number[] {
  return Array.isArray(x) && x.length === len && x.every((v) => Number.isInteger(v) && v >= min);
}

/** Output size along one axis (ir/OPS.md). */
export function outSize(inp: number, k: number, s: number, d: number, pb: number, pe: number): number {
  return Math.floor((inp + pb + pe - d * (k - 1) - 1) / s) + 1;
}

/**
 * Checks x's rank and the window attributes, returning the output's spatial sizes (E501 naming
 * the node on any inconsistency). `padBelowKernel`: pools need every window to touch the input.
 */
export function checkWindow(n: Node, x: readonly number[], a: WindowAttrs, padBelowKernel: boolean): number[] {
  const s = x.length - 1;
  if (s !== 1 && s !== 2) bad(n, `${n.op} expects x [L, C] or [H, W, C] (channels-last), got [${x}]`);
  if (!intArray(a.kernel, s, 1)) bad(n, `kernel must be ${s} positive integers, got ${JSON.stringify(a.kernel)}`);
  if (!intArray(a.strides, s, 1)) bad(n, `strides must be ${s} positive integers, got ${JSON.stringify(a.strides)}`);
  if (!intArray(a.dilations, s, 1)) bad(n, `dilations must be ${s} positive integers, got ${JSON.stringify(a.dilations)}`);
  if (!intArray(a.pads, 2 * s, 0)) bad(n, `pads must be ${2 * s} non-negative integers (begins, then ends), got ${JSON.stringify(a.pads)}`);
  const out: number[] = [];
  for (let i = 0; i < s; i++) {
    const [k, pb, pe] = [a.kernel[i]!, a.pads[i]!, a.pads[s + i]!];
    if (padBelowKernel && (pb >= k || pe >= k)) bad(n, `pads [${a.pads}] must be smaller than the kernel [${a.kernel}] (a window entirely in padding has no value)`);
    const o = outSize(x[i]!, k, a.strides[i]!, a.dilations[i]!, pb, pe);
    if (o < 1) bad(n, `the window (kernel ${k}, dilation ${a.dilations[i]}) is larger than the padded input (${x[i]} + ${pb} + ${pe}) along spatial axis ${i}`);
    out.push(o);
  }
  return out;
}

const cache = new WeakMap<object, Map<string, Windows>>();

/** The taps of every window (attributes already checked), cached per node and input shape. */
export function windowsOf(n: Node, x: readonly number[], a: WindowAttrs): Windows {
  let byShape = cache.get(n);
  if (!byShape) cache.set(n, (byShape = new Map()));
  const key = x.join(',');
  let w = byShape.get(key);
  if (!w) byShape.set(key, (w = buildWindows(n, x, a)));
  return w;
}

function buildWindows(n: Node, x: readonly number[], a: WindowAttrs): Windows {
  const outSpatial = checkWindow(n, x, a, false);
  // A 1-D window is a 2-D one of height 1.
  const two = x.length === 3;
  const [inH, inW] = two ? [x[0]!, x[1]!] : [1, x[0]!];
  const [kH, kW] = two ? [a.kernel[0]!, a.kernel[1]!] : [1, a.kernel[0]!];
  const [sH, sW] = two ? [a.strides[0]!, a.strides[1]!] : [1, a.strides[0]!];
  const [dH, dW] = two ? [a.dilations[0]!, a.dilations[1]!] : [1, a.dilations[0]!];
  const [pH, pW] = two ? [a.pads[0]!, a.pads[1]!] : [0, a.pads[0]!];
  const [outH, outW] = two ? [outSpatial[0]!, outSpatial[1]!] : [1, outSpatial[0]!];
  const outCount = outH * outW;
  const start = new Int32Array(outCount + 1);
  const inPos: number[] = [];
  const kPos: number[] = [];
  let maxTaps = 0;
  for (let oh = 0; oh < outH; oh++) {
    for (let ow = 0; ow < outW; ow++) {
      const o = oh * outW + ow;
      start[o] = inPos.length;
      for (let kh = 0; kh < kH; kh++) {
        const ih = oh * sH + kh * dH - pH;
        if (ih < 0 || ih >= inH) continue;
        for (let kw = 0; kw < kW; kw++) {
          const iw = ow * sW + kw * dW - pW;
          if (iw < 0 || iw >= inW) continue;
          inPos.push(ih * inW + iw);
          kPos.push(kh * kW + kw);
        }
      }
      maxTaps = Math.max(maxTaps, inPos.length - start[o]!);
    }
  }
  start[outCount] = inPos.length;
  return { outSpatial, outCount, kernelSize: kH * kW, start, inPos: Int32Array.from(inPos), kPos: Int32Array.from(kPos), maxTaps };
}
