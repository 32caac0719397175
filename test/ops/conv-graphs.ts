// Single-op conv / pool graphs built directly in the IR, random specs, and naive references
// written independently of src/ops (direct loops over channels-last coordinates).
import type { FixedType } from '../../src/fixed/types.js';
import type { Graph, Node } from '../../src/ir/types.js';

export interface ConvSpec {
  readonly x: number[]; // [L, C] or [H, W, C]
  readonly k: number[];
  readonly f: number;
  readonly strides: number[];
  readonly dilations: number[];
  readonly pads: number[];
  readonly groups: number;
  readonly bias: boolean;
}

export interface PoolSpec {
  readonly op: 'maxpool' | 'avgpool' | 'global_maxpool' | 'global_avgpool';
  readonly x: number[];
  readonly k: number[];
  readonly strides: number[];
  readonly pads: number[];
  readonly countIncludePad: boolean;
}

const prod = (a: readonly number[]): number => a.reduce((p, v) => p * v, 1);

/** Output spatial sizes, straight from the ONNX formula. */
export function outSpatial(x: readonly number[], k: readonly number[], s: readonly number[], d: readonly number[], p: readonly number[]): number[] {
  const n = k.length;
  return k.map((kk, i) => Math.floor((x[i]! + p[i]! + p[n + i]! - d[i]! * (kk - 1) - 1) / s[i]!) + 1);
}

export function randomConvSpec(rand: () => number): ConvSpec {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const two = rand() < 0.6;
  const dims = two ? 2 : 1;
  const c = int(1, 4);
  const depthwise = rand() < 0.35;
  const f = depthwise ? c * int(1, 3) : int(1, 5);
  for (;;) {
    const sp = Array.from({ length: dims }, () => int(3, two ? 7 : 12));
    const k = Array.from({ length: dims }, () => int(1, 3));
    const strides = Array.from({ length: dims }, () => int(1, 3));
    const dilations = Array.from({ length: dims }, () => int(1, 2));
    const pads = Array.from({ length: 2 * dims }, () => int(0, 2));
    if (outSpatial(sp, k, strides, dilations, pads).some((o) => o < 1)) continue;
    return { x: [...sp, c], k, f, strides, dilations, pads, groups: depthwise ? c : 1, bias: rand() < 0.7 };
  }
}

export function randomPoolSpec(rand: () => number, op: PoolSpec['op']): PoolSpec {
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const dims = rand() < 0.6 ? 2 : 1;
  const sp = Array.from({ length: dims }, () => int(3, 8));
  const k = Array.from({ length: dims }, () => int(1, 3));
  const strides = Array.from({ length: dims }, () => int(1, 3));
  const pads = [...k, ...k].map((kk) => int(0, kk - 1));
  return { op, x: [...sp, int(1, 4)], k, strides, pads, countIncludePad: rand() < 0.5 };
}

export function convGraph(s: ConvSpec, rand: () => number, weightScale = 1): Graph {
  const wShape = [...s.k, s.x.at(-1)! / s.groups, s.f];
  const out = [...outSpatial(s.x, s.k, s.strides, s.dilations, s.pads), s.f];
  const node = {
    name: 'conv', op: 'conv', inputs: s.bias ? ['x', 'w', 'b'] : ['x', 'w'], outputs: ['y'],
    attrs: { strides: s.strides, dilations: s.dilations, pads: s.pads, groups: s.groups },
  } as unknown as Node;
  const data = (n: number): number[] => Array.from({ length: n }, () => (rand() < 0.1 ? 0 : (rand() * 2 - 1) * weightScale));
  return {
    name: 'one_conv', inputs: ['x'], outputs: ['y'], nodes: [node],
    tensors: {
      x: { name: 'x', shape: s.x }, y: { name: 'y', shape: out },
      w: { name: 'w', shape: wShape, data: data(prod(wShape)) },
      ...(s.bias ? { b: { name: 'b', shape: [s.f], data: data(s.f) } } : {}),
    },
  };
}

export function poolGraph(s: PoolSpec): Graph {
  const global = s.op.startsWith('global');
  const attrs = global ? {} : { kernel: s.k, strides: s.strides, pads: s.pads, countIncludePad: s.countIncludePad };
  const out = global ? [s.x.at(-1)!] : [...outSpatial(s.x, s.k, s.strides, s.k.map(() => 1), s.pads), s.x.at(-1)!];
  const node = { name: 'pool', op: s.op, inputs: ['x'], outputs: ['y'], attrs } as unknown as Node;
  return { name: 'one_pool', inputs: ['x'], outputs: ['y'], nodes: [node], tensors: { x: { name: 'x', shape: s.x }, y: { name: 'y', shape: out } } };
}

/** 1-D specs as 2-D ones of height 1, for the references below. */
function as2d(x: readonly number[], k: readonly number[], s: readonly number[], d: readonly number[], p: readonly number[]) {
  if (k.length === 2) return { x, k, s, d, p };
  return { x: [1, ...x], k: [1, ...k], s: [1, ...s], d: [1, ...d], p: [0, p[0]!, 0, p[1]!] };
}

/** y[oh][ow][f] = b[f] + Σ x[ih][iw][g·C/g + c] · w[kh][kw][c][f] over in-range taps. */
export function naiveConv(s: ConvSpec, x: ArrayLike<number>, w: readonly number[], b: readonly number[] | undefined): Float64Array {
  const q = as2d(s.x, s.k, s.strides, s.dilations, s.pads);
  const [H, W, C] = q.x as [number, number, number];
  const [oH, oW] = outSpatial(q.x, q.k, q.s, q.d, q.p) as [number, number];
  const cg = C / s.groups;
  const m = s.f / s.groups;
  const y = new Float64Array(oH * oW * s.f);
  for (let oh = 0; oh < oH; oh++) for (let ow = 0; ow < oW; ow++) for (let f = 0; f < s.f; f++) {
    let acc = b ? b[f]! : 0;
    for (let kh = 0; kh < q.k[0]!; kh++) for (let kw = 0; kw < q.k[1]!; kw++) {
      const ih = oh * q.s[0]! + kh * q.d[0]! - q.p[0]!;
      const iw = ow * q.s[1]! + kw * q.d[1]! - q.p[1]!;
      if (ih < 0 || iw < 0 || ih >= H || iw >= W) continue;
      for (let c = 0; c < cg; c++) {
        const ch = Math.floor(f / m) * cg + c;
        acc += x[(ih * W + iw) * C + ch]! * w[((kh * q.k[1]! + kw) * cg + c) * s.f + f]!;
      }
    }
    y[(oh * oW + ow) * s.f + f] = acc;
  }
  return y;
}

/** Per channel max or mean of the in-range window values (mean over the padded count when asked). */
export function naivePool(s: PoolSpec, x: ArrayLike<number>): Float64Array {
  const global = s.op.startsWith('global');
  const sp = s.x.slice(0, -1);
  const k = global ? sp : s.k;
  const q = as2d(s.x, k, global ? k.map(() => 1) : s.strides, k.map(() => 1), global ? [...k, ...k].map(() => 0) : s.pads);
  const [H, W, C] = q.x as [number, number, number];
  const [oH, oW] = outSpatial(q.x, q.k, q.s, q.d, q.p) as [number, number];
  const y = new Float64Array(oH * oW * C);
  for (let oh = 0; oh < oH; oh++) for (let ow = 0; ow < oW; ow++) for (let c = 0; c < C; c++) {
    const vals: number[] = [];
    for (let kh = 0; kh < q.k[0]!; kh++) for (let kw = 0; kw < q.k[1]!; kw++) {
      const ih = oh * q.s[0]! + kh - q.p[0]!;
      const iw = ow * q.s[1]! + kw - q.p[1]!;
      if (ih >= 0 && iw >= 0 && ih < H && iw < W) vals.push(x[(ih * W + iw) * C + c]!);
    }
    const isMax = s.op === 'maxpool' || s.op === 'global_maxpool';
    const count = s.op === 'avgpool' && s.countIncludePad ? q.k[0]! * q.k[1]! : vals.length;
    y[(oh * oW + ow) * C + c] = isMax ? Math.max(...vals) : vals.reduce((a, v) => a + v, 0) / count;
  }
  return y;
}

export const lsb = (t: FixedType): number => 2 ** -(t.width - t.int);
