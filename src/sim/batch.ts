// Splits flat per-input batches into samples and collects per-output results: shared by both executors.
import { size } from '../ir/graph.js';
import type { Graph } from '../ir/types.js';

/**
 * Calls `run` on each of `count` samples (one subarray per graph input) and passes its
 * per-output results to `collect` with the sample's offset into each output.
 */
export function forEachSample<R>(
  g: Graph,
  inputs: readonly Float64Array[],
  count: number,
  run: (sample: Float64Array[]) => R[],
  collect: (result: R, output: number, offset: number) => void,
): void {
  const inSizes = g.inputs.map((x) => size(g.tensors[x]!.shape));
  const outSizes = outputSizes(g);
  for (let k = 0; k < count; k++) {
    const sample = inputs.map((a, i) => a.subarray(k * inSizes[i]!, (k + 1) * inSizes[i]!));
    run(sample).forEach((r, i) => collect(r, i, k * outSizes[i]!));
  }
}

export function outputSizes(g: Graph): number[] {
  return g.outputs.map((x) => size(g.tensors[x]!.shape));
}
