// Converts input samples from the model's own layout (e.g. ONNX NCHW) to the IR's channels-last
// layout, using the permutation the importer recorded in graph.source.inputPerm.
import { size } from '../ir/shape.js';

/**
 * numpy `transpose(perm)` of every sample: the result's axis i is the source's axis perm[i], so
 * irShape[i] = sourceShape[perm[i]] (NCHW sample [C, H, W] with perm [1, 2, 0] -> [H, W, C]).
 */
export function permuteSamples(data: Float64Array, count: number, sourceShape: readonly number[], perm: readonly number[]): Float64Array {
  const per = size(sourceShape);
  const rank = sourceShape.length;
  const outShape = perm.map((p) => sourceShape[p]!);
  // Strides of the source, read in output-axis order.
  const srcStrides = new Array<number>(rank);
  let s = 1;
  for (let a = rank - 1; a >= 0; a--) { srcStrides[a] = s; s *= sourceShape[a]!; }
  const strides = perm.map((p) => srcStrides[p]!);
  // One index map for all samples.
  const map = new Int32Array(per);
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < per; o++) {
    let src = 0;
    for (let a = 0; a < rank; a++) src += idx[a]! * strides[a]!;
    map[o] = src;
    for (let a = rank - 1; a >= 0; a--) {
      if (++idx[a]! < outShape[a]!) break;
      idx[a] = 0;
    }
  }
  const out = new Float64Array(count * per);
  for (let k = 0; k < count; k++) {
    const base = k * per;
    for (let o = 0; o < per; o++) out[base + o] = data[base + map[o]!]!;
  }
  return out;
}
