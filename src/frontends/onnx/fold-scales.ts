// Replaces a run-time Quant with a non-power-of-two scale s by one on the integer grid (scale 1) where s
// folds exactly into the neighbouring layers: the producer (dense/conv, then optionally an Add of a
// constant and a Relu, each read only by the next) takes weights, bias and added constant divided by s,
// and every consumer (the data input of a dense/conv) takes weights multiplied by s. Each new value must
// equal the rational quotient or product exactly (checked on the doubles' exact values); otherwise E105.
import type { Node, QuantNode } from '../../ir/types.js';
import { QUANT_SUPPORTED } from '../../ops/quant.js';
import type { ImportContext, OnnxNode } from './context.js';

interface Pending { readonly quant: QuantNode; readonly onnx: OnnxNode }

const pending = new WeakMap<ImportContext, Pending[]>();

/** Called by the Quant handler for a quantizer that is exact but for its non-power-of-two scale. */
export function deferScale(ctx: ImportContext, quant: QuantNode, onnx: OnnxNode): void {
  if (!pending.has(ctx)) pending.set(ctx, []);
  pending.get(ctx)!.push({ quant, onnx });
}

/** v = m · 2^e exactly (v a finite double). */
function dyadic(v: number): { m: bigint; e: number } {
  let x = v;
  let e = 0;
  while (!Number.isInteger(x)) { x *= 2; e--; }
  return { m: BigInt(x), e };
}

/** Whether a·b = c exactly as rationals. */
function exactProduct(a: number, b: number, c: number): boolean {
  const [da, db, dc] = [dyadic(a), dyadic(b), dyadic(c)];
  const e = Math.min(da.e + db.e, dc.e);
  return (da.m * db.m) << BigInt(da.e + db.e - e) === dc.m << BigInt(dc.e - e);
}

/** Folds every deferred Quant scale, or fails (E105) naming the Quant node and the reason. */
export function foldQuantScales(ctx: ImportContext, graphOutputs: ReadonlySet<string>): void {
  for (const { quant, onnx } of pending.get(ctx) ?? []) {
    const s = quant.attrs.scale;
    const why = tryFold(ctx, quant, s, graphOutputs);
    if (why) {
      ctx.fail(onnx, 'E105', `scale ${s} is not a power of two and does not fold exactly into the neighbouring layers: ${why}`,
        `${QUANT_SUPPORTED}; a non-power-of-two scale folds when the layer before (dense/conv [+ Add] [+ Relu]) has weights and ` +
        'biases that are exact multiples of it and the layers reading it are dense/conv whose weights times it are exact; ' +
        'otherwise export with power-of-two scales (QKeras alpha=\'auto_po2\', Brevitas po2 scaling)');
    }
  }
}

function tryFold(ctx: ImportContext, quant: QuantNode, s: number, outputs: ReadonlySet<string>): string | undefined {
  const nodes = ctx.nodes;
  const producer = (t: string): Node | undefined => nodes.find((n) => n.outputs[0] === t);
  const consumers = (t: string): Node[] => nodes.filter((n) => n.inputs.includes(t));
  const constant = (t: string) => { const v = ctx.values.get(t); return v?.kind === 'constant' ? v : undefined; };
  // Walk back over relu and add-of-constant to a dense/conv; every tensor on the way is read once.
  const rescaled = new Map<string, readonly number[]>();
  const touched = new Set<Node>([quant]);
  let t = quant.inputs[0]!;
  for (;;) {
    const p = producer(t);
    if (!p) return `its input '${t}' is not computed by a layer`;
    if (consumers(t).length !== 1 || outputs.has(t)) return `'${t}' is also read elsewhere`;
    if (p.op === 'relu') { t = p.inputs[0]!; continue; }
    if (p.op === 'add' && p.inputs.some((i) => constant(i))) {
      touched.add(p);
      const c = p.inputs.find((i) => constant(i))!;
      rescaled.set(c, constant(c)!.data.map((v) => v / s));
      t = p.inputs.find((i) => i !== c)!;
      continue;
    }
    if (p.op !== 'dense' && p.op !== 'conv') return `it is computed by '${p.name}' (${p.op}), not by a dense or conv layer`;
    touched.add(p);
    for (const c of p.inputs.slice(1)) rescaled.set(c, constant(c)!.data.map((v) => v / s));
    break;
  }
  for (const [c, data] of rescaled) {
    const old = constant(c)!.data;
    if (!data.every((q, i) => exactProduct(q, s, old[i]!))) return `a value of '${c}' divided by ${s} is not exact`;
  }
  const out = quant.outputs[0]!;
  if (outputs.has(out)) return 'its output is a graph output';
  const readers = consumers(out);
  for (const r of readers) {
    if ((r.op !== 'dense' && r.op !== 'conv') || r.inputs[0] !== out) return `'${r.name}' (${r.op}) reads it, not as the data input of a dense or conv layer`;
    const w = r.inputs[1]!;
    const data = constant(w)!.data.map((v) => v * s);
    if (!data.every((p, i) => exactProduct(constant(w)!.data[i]!, s, p))) return `a weight of '${r.name}' times ${s} is not exact`;
    rescaled.set(w, data);
    touched.add(r);
  }
  // Every check passed: new constants, the quantizer on the integer grid.
  const renamed = new Map<string, string>();
  for (const [c, data] of rescaled) renamed.set(c, ctx.newConstant(`${c}_scaled`, constant(c)!.shape, data));
  nodes.forEach((n, i) => {
    if (!touched.has(n)) return;
    const inputs = n.inputs.map((x) => renamed.get(x) ?? x);
    nodes[i] = (n === quant ? { ...quant, inputs, attrs: { ...quant.attrs, scale: 1 } } : { ...n, inputs }) as Node;
  });
  return undefined;
}
