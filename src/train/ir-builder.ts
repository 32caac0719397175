// Collects the IR nodes and tensors of a trained network. Constants are rounded to float32 so that
// the native model, its ONNX export (float32 initializers) and a re-import hold the same numbers.
import type { Graph, GraphSource, Node, Tensor } from '../ir/types.js';
import { verify } from '../ir/verify.js';

export class IrBuilder {
  readonly nodes: Node[] = [];
  readonly tensors: Record<string, Tensor> = {};

  /** A constant tensor; values are rounded to the nearest float32. */
  constant(name: string, shape: readonly number[], values: ArrayLike<number>): string {
    this.add({ name, shape: [...shape], data: Array.from(values, (v) => Math.fround(v)) });
    return name;
  }

  /** A computed tensor (graph input or node output). */
  value(name: string, shape: readonly number[]): string {
    this.add({ name, shape: [...shape] });
    return name;
  }

  /** A node whose output tensors were declared with value(). */
  push(node: Node): void {
    this.nodes.push(node);
  }

  graph(name: string, inputs: readonly string[], outputs: readonly string[], source: GraphSource = { format: 'native' }): Graph {
    const g: Graph = { name, inputs: [...inputs], outputs: [...outputs], nodes: [...this.nodes], tensors: { ...this.tensors }, source };
    verify(g);
    return g;
  }

  private add(t: Tensor): void {
    if (this.tensors[t.name]) throw new Error(`trainer: tensor '${t.name}' defined twice`);
    this.tensors[t.name] = t;
  }
}
