// Small read-only helpers over a Graph: lookups, producers/consumers, and immutable updates.
import { HlsnetError } from '../diagnostics/errors.js';
import type { FixedType } from '../fixed/types.js';
import type { Graph, Node, Tensor } from './types.js';

export function tensor(g: Graph, name: string): Tensor {
  const t = g.tensors[name];
  if (!t) throw new HlsnetError('E501', `tensor '${name}' is not defined`, { subject: `tensor '${name}'` });
  return t;
}

/** The fixed-point type of a tensor; E504 when the precision passes have not set it. */
export function typeOf(g: Graph, name: string): FixedType {
  const t = g.tensors[name]?.type;
  if (!t) {
    throw new HlsnetError('E504', `tensor '${name}' has no fixed-point type`, {
      subject: `tensor '${name}'`,
      hint: 'run the precision passes first (hlsnet convert does this; in the API use compile())',
    });
  }
  return t;
}

export function isConstant(g: Graph, name: string): boolean {
  return g.tensors[name]?.data !== undefined;
}

export function producer(g: Graph, name: string): Node | undefined {
  return g.nodes.find((n) => n.outputs.includes(name));
}

export function consumers(g: Graph, name: string): Node[] {
  return g.nodes.filter((n) => n.inputs.includes(name));
}

export { size } from './shape.js';

/** A copy of the graph with some fields replaced. */
export function withChanges(g: Graph, changes: Partial<Graph>): Graph {
  return { ...g, ...changes };
}

/** Drop tensors that no node, input or output refers to any more. */
export function pruneTensors(g: Graph): Graph {
  const used = new Set<string>([...g.inputs, ...g.outputs]);
  for (const n of g.nodes) for (const x of [...n.inputs, ...n.outputs]) used.add(x);
  const tensors: Record<string, Tensor> = {};
  for (const [k, v] of Object.entries(g.tensors)) if (used.has(k)) tensors[k] = v;
  return { ...g, tensors };
}

/** Replace every use of tensor `from` by `to` (in node inputs and graph outputs). */
export function renameUses(g: Graph, from: string, to: string): Graph {
  const nodes = g.nodes.map((n) =>
    n.inputs.includes(from) ? ({ ...n, inputs: n.inputs.map((x) => (x === from ? to : x)) } as Node) : n,
  );
  const outputs = g.outputs.map((x) => (x === from ? to : x));
  return { ...g, nodes, outputs };
}

export function setTensor(g: Graph, t: Tensor): Graph {
  return { ...g, tensors: { ...g.tensors, [t.name]: t } };
}

export function describeNode(n: Node): string {
  return `node '${n.name}' (${n.op})`;
}
