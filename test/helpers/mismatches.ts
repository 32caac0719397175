// One line per output mismatch of a bit-exact comparison: the producing node, sample, element and both values.
import type { Graph } from '../../src/ir/types.js';

export interface Mismatch { readonly sample: number; readonly index: number; readonly got: number; readonly want: number }

/** Elements per graph output, in the testbench's order. */
export function outputSizes(g: Graph): number[] {
  return g.outputs.map((o) => g.tensors[o]!.shape.reduce((a, b) => a * b, 1));
}

/** `label` names the tool's value (csim, rtl); `detail(sample, element)` may add e.g. the input value. */
export function describeMismatches(g: Graph, list: readonly Mismatch[], label: string, detail?: (sample: number, element: number) => string): string[] {
  const outPer = outputSizes(g);
  return list.slice(0, 10).map((m) => {
    let i = m.index;
    let o = 0;
    while (i >= outPer[o]!) i -= outPer[o++]!;
    const node = g.nodes.find((n) => n.outputs[0] === g.outputs[o]);
    return `${node?.name ?? g.outputs[o]}: sample ${m.sample} element ${i}${detail ? `, ${detail(m.sample, i)}` : ''}: ${label} ${m.got}, sim ${m.want}`;
  });
}
