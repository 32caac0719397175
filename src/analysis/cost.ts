// A hardware cost estimate of a typed graph's multiplications: per dense/conv layer the multipliers
// (one per nonzero weight and output position computed at once) and their input bits (data + weight).
import { fromFloat } from '../fixed/quantize.js';
import { typeOf } from '../ir/graph.js';
import type { Graph } from '../ir/types.js';
import { outputPositions } from './reuse-factors.js';

export interface MultiplierRow {
  readonly layer: string;
  readonly op: 'dense' | 'conv';
  /** Multipliers: nonzero quantized weights (a zero weight multiplies nothing), times output positions for conv. */
  readonly multipliers: number;
  readonly dataBits: number;
  readonly weightBits: number;
  /** multipliers · (dataBits + weightBits): the figure bit-width choices trade against accuracy. */
  readonly inputBits: number;
}

export interface MultiplierCost {
  readonly rows: readonly MultiplierRow[];
  readonly multipliers: number;
  readonly inputBits: number;
}

export function multiplierCost(g: Graph): MultiplierCost {
  const rows: MultiplierRow[] = [];
  for (const n of g.nodes) {
    if (n.op !== 'dense' && n.op !== 'conv') continue;
    const wt = typeOf(g, n.inputs[1]!);
    const nonzero = g.tensors[n.inputs[1]!]!.data!.filter((v) => fromFloat(v, wt) !== 0n).length;
    const multipliers = nonzero * outputPositions(g, n);
    const dataBits = typeOf(g, n.inputs[0]!).width;
    rows.push({ layer: n.name, op: n.op, multipliers, dataBits, weightBits: wt.width, inputBits: multipliers * (dataBits + wt.width) });
  }
  return { rows, multipliers: rows.reduce((a, r) => a + r.multipliers, 0), inputBits: rows.reduce((a, r) => a + r.inputBits, 0) };
}
