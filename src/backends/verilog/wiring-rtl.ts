// Layers that are only wiring in hardware: reshape/flatten, identity, a skipped softmax, transpose (a permutation).
import { HlsnetError } from '../../diagnostics/errors.js';
import { sameType } from '../../fixed/types.js';
import { typeOf } from '../../ir/graph.js';
import type { Graph, Node } from '../../ir/types.js';

/** For output element j (C order), the input element it copies. */
function transposeMap(shape: readonly number[], perm: readonly number[]): number[] {
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const total = shape.reduce((a, b) => a * b, 1);
  const map = new Array<number>(total);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let j = 0; j < total; j++) {
    map[j] = idx.reduce((a, v, k) => a + v * inStrides[perm[k]!]!, 0);
    for (let k = outShape.length - 1; k >= 0; k--) { if (++idx[k]! < outShape[k]!) break; idx[k] = 0; }
  }
  return map;
}

/** The output bus as an expression of the input bus `src` (no logic, no registers). */
export function wiringExpr(g: Graph, n: Node, src: string): string {
  const x = n.inputs[0]!;
  const xt = typeOf(g, x);
  if (!sameType(xt, typeOf(g, n.outputs[0]!))) {
    throw new HlsnetError('E503', `${n.op} changes the element type, which the Verilog backend does not wire`, { subject: `node '${n.name}' (${n.op})`, hint: 'give its output the input\'s type (internal error if the compiler chose it: please report it)' });
  }
  if (n.op !== 'transpose') return src;
  const w = xt.width;
  const map = transposeMap(g.tensors[x]!.shape, n.attrs.perm);
  return `{${map.map((i) => `${src}[${(i + 1) * w - 1}:${i * w}]`).reverse().join(', ')}}`;
}
