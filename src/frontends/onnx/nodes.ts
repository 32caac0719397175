// Normalizes ONNX nodes (unique non-empty names), finds the unsupported ones (E104) and orders them topologically (E103).
import type { onnx } from 'onnx-proto';
import type { OnnxNode } from './context.js';
import { describeNode } from './context.js';
import { fail } from './errors.js';
import { HANDLERS, handlerFor, isDefaultDomain } from './registry.js';

/** Keeps ONNX names; empty ones become `<OpType>_<index>`, repeated ones get a `_2`, `_3`... suffix. */
export function normalizeNodes(protos: readonly onnx.INodeProto[]): OnnxNode[] {
  const taken = new Set<string>();
  const keep = protos.map((p) => {
    const name = p.name ?? '';
    if (!name || taken.has(name)) return false;
    taken.add(name);
    return true;
  });
  return protos.map((p, index) => {
    let name = p.name ?? '';
    if (!keep[index]) {
      const base = name || `${p.opType}_${index}`;
      name = base;
      for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
      taken.add(name);
    }
    return {
      index,
      name,
      opType: p.opType ?? '',
      domain: p.domain ?? '',
      inputs: [...(p.input ?? [])],
      outputs: [...(p.output ?? [])],
      attributes: p.attribute ?? [],
    };
  });
}

/** One E104 listing every unsupported node, so the user sees the whole job at once. */
export function checkSupported(nodes: readonly OnnxNode[], file: string): void {
  const bad = nodes.filter((n) => !handlerFor(n));
  if (bad.length === 0) return;
  const list = bad.map((n) => (isDefaultDomain(n.domain) ? describeNode(n) : `node '${n.name}' (${n.opType}, domain '${n.domain}')`));
  const types = [...new Set(bad.map((n) => n.opType))].sort().join(', ');
  fail('E104', file, undefined, `${bad.length} unsupported operator node${bad.length === 1 ? '' : 's'} (${types}): ${list.join('; ')}`,
    `supported ONNX operators are ${[...HANDLERS.keys()].sort().join(', ')}; replace or remove the other layers before export`);
}

/**
 * Nodes in an order where every input is defined first (ONNX requires it, but some tools break it).
 * `known` holds the graph inputs and initializers.
 */
export function orderNodes(nodes: readonly OnnxNode[], known: ReadonlySet<string>, file: string): OnnxNode[] {
  const producer = new Map<string, OnnxNode>();
  for (const n of nodes) {
    for (const o of n.outputs) {
      if (!o) continue;
      if (known.has(o) || producer.has(o)) {
        fail('E103', file, describeNode(n), `output '${o}' is already defined by ${producer.has(o) ? describeNode(producer.get(o)!) : 'a graph input or initializer'}`,
          'ONNX graphs assign every tensor once; re-export the model');
      }
      producer.set(o, n);
    }
  }
  for (const n of nodes) {
    for (const i of n.inputs) {
      if (i && !known.has(i) && !producer.has(i)) {
        fail('E103', file, describeNode(n), `input '${i}' is not a graph input, an initializer or the output of any node`, 're-export the model');
      }
    }
  }
  const done = new Set<OnnxNode>();
  const visiting = new Set<OnnxNode>();
  const order: OnnxNode[] = [];
  // Depth-first over producers (iterative: chains can be long) keeps the file's order when it is valid.
  for (const root of nodes) {
    const stack: { node: OnnxNode; next: number }[] = [{ node: root, next: 0 }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === 0) {
        if (done.has(top.node)) { stack.pop(); continue; }
        if (visiting.has(top.node)) fail('E103', file, describeNode(top.node), 'the graph has a cycle through this node', 're-export the model');
        visiting.add(top.node);
      }
      const input = top.node.inputs[top.next++];
      if (input !== undefined) {
        const p = input ? producer.get(input) : undefined;
        if (p && !done.has(p)) stack.push({ node: p, next: 0 });
        continue;
      }
      visiting.delete(top.node);
      done.add(top.node);
      order.push(top.node);
      stack.pop();
    }
  }
  return order;
}
