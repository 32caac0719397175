// The state shared by the op handlers while one ONNX graph is imported: known values, emitted IR nodes, warnings.
import type { onnx } from 'onnx-proto';
import type { Node } from '../../ir/types.js';
import type { Code } from '../../diagnostics/codes.js';
import type { Warning } from '../../diagnostics/errors.js';
import { fail, describeShape } from './errors.js';

/** An ONNX node after name normalization (unique, non-empty names). */
export interface OnnxNode {
  /** Position in the ONNX graph's node list. */
  readonly index: number;
  readonly name: string;
  readonly opType: string;
  readonly domain: string;
  /** As in ONNX: `''` marks an omitted optional input. */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: readonly onnx.IAttributeProto[];
}

/**
 * How an IR tensor's data relates to the ONNX tensor it stands for (absent: identical).
 * IR = ONNX.transpose(perm) per sample; with `unflat`, the ONNX value is a flattened tensor of
 * per-sample shape `unflat` and the IR vector flattens that tensor transposed by `perm`.
 */
export interface Layout {
  readonly perm: readonly number[];
  readonly unflat?: readonly number[];
}

/**
 * A value during import. Batched values (graph inputs and what is computed from them) have a
 * per-sample IR `shape` and live in IR tensor `name` (a layout-only Transpose aliases its input);
 * constants have their full ONNX shape and `data`.
 */
export type Value =
  | { readonly kind: 'batched'; readonly name: string; readonly shape: readonly number[]; readonly layout?: Layout }
  | { readonly kind: 'constant'; readonly name: string; readonly shape: readonly number[]; readonly data: readonly number[]; readonly dataType: number };

export type ConstantValue = Extract<Value, { kind: 'constant' }>;
export type BatchedValue = Extract<Value, { kind: 'batched' }>;

export function describeNode(n: OnnxNode): string {
  return `node '${n.name}' (${n.opType})`;
}

export class ImportContext {
  readonly values = new Map<string, Value>();
  readonly nodes: Node[] = [];
  readonly warnings: Warning[] = [];
  private readonly taken = new Set<string>();
  /** IR tensors already brought into another layout, by `${tensor}|${perm}`, so consumers share one transpose. */
  readonly relaid = new Map<string, string>();

  constructor(
    readonly file: string,
    /** Version of the default operator set. */
    readonly opset: number,
    /** The first dimension of the first graph input as declared (e.g. 'N', 1, 789444). */
    readonly batch: number | string | undefined,
    /** Names consumed by some node or listed as graph outputs. */
    readonly used: ReadonlySet<string>,
    /** Every tensor name in the ONNX graph, so that derived constants never take one. */
    private readonly reserved: ReadonlySet<string> = used,
  ) {}

  fail(n: OnnxNode, code: Code, message: string, hint?: string): never {
    fail(code, this.file, describeNode(n), message, hint);
  }

  warn(n: OnnxNode, code: Code, message: string): void {
    this.warnings.push({ code, message: `${describeNode(n)}: ${message}`, subject: `${this.file}: ${describeNode(n)}` });
  }

  /** Input `i` of `n`, or undefined when it is omitted. */
  optional(n: OnnxNode, i: number): Value | undefined {
    const name = n.inputs[i];
    if (!name) return undefined;
    const v = this.values.get(name);
    // The node order check guarantees that every named input is defined before use.
    if (!v) this.fail(n, 'E103', `input '${name}' is not defined`, 're-export the model');
    return v;
  }

  input(n: OnnxNode, i: number, role: string): Value {
    const v = this.optional(n, i);
    if (!v) this.fail(n, 'E103', `missing required input #${i} (${role})`, 're-export the model');
    return v;
  }

  /** Input `i`, which must be computed from the graph inputs (not a constant). */
  batched(n: OnnxNode, i: number, role: string): BatchedValue {
    const v = this.input(n, i, role);
    if (v.kind !== 'batched') {
      this.fail(n, 'E105', `${role} '${v.name}' is a constant; operations on constants only are not supported (no constant folding yet)`,
        'fold constant subgraphs before export (e.g. onnxsim or the exporter\'s constant folding option)');
    }
    return v;
  }

  /** Input `i`, which must be a constant (initializer or Constant node). */
  constant(n: OnnxNode, i: number, role: string): ConstantValue {
    const v = this.input(n, i, role);
    if (v.kind !== 'constant') {
      this.fail(n, 'E105', `${role} '${v.name}' must be a constant (an initializer or a Constant node), but it is computed at run time`,
        'export the model with constant folding so that this input becomes an initializer');
    }
    return v;
  }

  private define(n: OnnxNode | undefined, v: Value): void {
    if (this.values.has(v.name)) {
      fail('E103', this.file, n ? describeNode(n) : `tensor '${v.name}'`, `tensor '${v.name}' is defined twice`,
        'ONNX graphs assign every tensor once; re-export the model');
    }
    this.values.set(v.name, v);
  }

  defineBatched(n: OnnxNode | undefined, name: string, shape: readonly number[], layout?: Layout): void {
    this.define(n, layout ? { kind: 'batched', name, shape: [...shape], layout } : { kind: 'batched', name, shape: [...shape] });
  }

  /** ONNX tensor `onnxName` is the IR tensor of `v` (a Transpose that only changes the bookkeeping). */
  alias(n: OnnxNode, onnxName: string, v: BatchedValue): void {
    if (this.values.has(onnxName)) this.fail(n, 'E103', `tensor '${onnxName}' is defined twice`, 'ONNX graphs assign every tensor once; re-export the model');
    this.values.set(onnxName, v);
  }

  /** Replaces the layout of an already defined batched value (layout-agnostic ops copy their input's). */
  setLayout(onnxName: string, layout: Layout | undefined): void {
    const v = this.values.get(onnxName);
    if (v?.kind !== 'batched') return;
    const { layout: _old, ...rest } = v;
    this.values.set(onnxName, layout ? { ...rest, layout } : rest);
  }

  /** A tensor name not used in the ONNX graph nor taken yet, based on `base`. */
  freshName(base: string): string {
    let name = base;
    for (let k = 2; this.values.has(name) || this.reserved.has(name) || this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  defineConstant(n: OnnxNode | undefined, name: string, shape: readonly number[], data: readonly number[], dataType = 1): void {
    this.define(n, { kind: 'constant', name, shape: [...shape], data, dataType });
  }

  /** Adds a constant derived from others (e.g. a transposed weight) under a fresh name based on `base`. */
  newConstant(base: string, shape: readonly number[], data: readonly number[]): string {
    const name = this.freshName(base);
    this.defineConstant(undefined, name, shape, data);
    return name;
  }

  emit(node: Node): void {
    this.nodes.push(node);
  }

  /** Rejects a shape mismatch between what the node needs and what it got (E103). */
  expectDim(n: OnnxNode, what: string, got: number, want: number, shape: readonly number[]): void {
    if (got !== want) {
      this.fail(n, 'E103', `${what} is ${got} but must be ${want} (shape ${describeShape(shape)})`, 'the model is inconsistent; re-export it');
    }
  }
}
