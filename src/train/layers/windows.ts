// Precomputed sliding-window index maps for conv and pool layers: for every output position, the input
// positions its window reads and the kernel tap each one meets (padded positions are simply absent).
import { layerError } from './common.js';

export interface WindowMap {
  /** Output size per spatial axis. */
  readonly out: number[];
  /** Padding before each spatial axis, then after (the IR's `pads` order). */
  readonly pads: number[];
  readonly inPositions: number;
  readonly outPositions: number;
  /** Taps of output position o are start[o] .. start[o+1]−1. */
  readonly start: Int32Array;
  /** Input position (row-major over the spatial axes) of each tap. */
  readonly pos: Int32Array;
  /** Kernel position (row-major over the kernel axes) of each tap. */
  readonly tap: Int32Array;
}

/**
 * The window geometry of a 1-D or 2-D layer. 'same' follows Keras (and ONNX SAME_UPPER):
 * total = max((ceil(L/s) − 1)·s + k − L, 0), begin = floor(total/2), the odd pixel at the end.
 */
export function windowMap(name: string, spatial: readonly number[], kernel: readonly number[], strides: readonly number[], padding: 'valid' | 'same'): WindowMap {
  const r = spatial.length;
  const out: number[] = [];
  const begins: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < r; i++) {
    const [l, k, s] = [spatial[i]!, kernel[i]!, strides[i]!];
    if (padding === 'same') {
      const o = Math.ceil(l / s);
      const total = Math.max((o - 1) * s + k - l, 0);
      out.push(o);
      begins.push(Math.floor(total / 2));
      ends.push(total - Math.floor(total / 2));
    } else {
      if (k > l) {
        throw layerError(name, `the window [${kernel.join(', ')}] is larger than the input's spatial size [${spatial.join(', ')}] with 'valid' padding`,
          "use a smaller kernel/pool, a larger input, or padding 'same'");
      }
      out.push(Math.floor((l - k) / s) + 1);
      begins.push(0);
      ends.push(0);
    }
  }
  // A 1-D layer is a 2-D one with a height of 1.
  const [h, w] = r === 1 ? [1, spatial[0]!] : [spatial[0]!, spatial[1]!];
  const [kh, kw] = r === 1 ? [1, kernel[0]!] : [kernel[0]!, kernel[1]!];
  const [sh, sw] = r === 1 ? [1, strides[0]!] : [strides[0]!, strides[1]!];
  const [ph, pw] = r === 1 ? [0, begins[0]!] : [begins[0]!, begins[1]!];
  const [oh, ow] = r === 1 ? [1, out[0]!] : [out[0]!, out[1]!];
  const start = new Int32Array(oh * ow + 1);
  const pos: number[] = [];
  const tap: number[] = [];
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      for (let a = 0; a < kh; a++) {
        const iy = y * sh - ph + a;
        if (iy < 0 || iy >= h) continue;
        for (let b = 0; b < kw; b++) {
          const ix = x * sw - pw + b;
          if (ix < 0 || ix >= w) continue;
          pos.push(iy * w + ix);
          tap.push(a * kw + b);
        }
      }
      start[y * ow + x + 1] = pos.length;
    }
  }
  return { out, pads: [...begins, ...ends], inPositions: h * w, outPositions: oh * ow, start, pos: Int32Array.from(pos), tap: Int32Array.from(tap) };
}
