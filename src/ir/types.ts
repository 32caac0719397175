// The IR: plain readonly data that round-trips through JSON. Shapes exclude the
// batch dimension; spatial tensors are channels-last (H, W, C).
import type { FixedType } from '../fixed/types.js';

/** A tensor: a graph input, an intermediate value, or a constant (has `data`). */
export interface Tensor {
  readonly name: string;
  /** Per-sample shape (no batch dimension). `[]` is a scalar. */
  readonly shape: readonly number[];
  /** Fixed-point type; unset until a precision pass assigns one. */
  readonly type?: FixedType;
  /** Constant values in float64, C order over `shape`. Present only on constants. */
  readonly data?: readonly number[];
}

/** Hints may change the hardware but never the numbers (a test shows it). */
export interface Hints {
  readonly reuseFactor?: number;
  readonly strategy?: 'latency' | 'resource';
  readonly ioType?: 'io_parallel' | 'io_stream';
}

interface NodeBase {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly hints?: Hints;
}

/** y = x · W + b. inputs: [x, W, b?]; W is a constant [in, out], b a constant [out]. */
export interface DenseNode extends NodeBase {
  readonly op: 'dense';
  readonly attrs: {
    /** Accumulator type; `undefined` until infer-precision sets it. Must be WRAP. */
    readonly accum?: FixedType;
  };
}

/** y = max(x, 0), then quantized to the output type. */
export interface ReluNode extends NodeBase {
  readonly op: 'relu';
  readonly attrs: Record<string, never>;
}

/** y = x, quantized to the output type (hls4ml's "linear" activation). */
export interface LinearNode extends NodeBase {
  readonly op: 'linear';
  readonly attrs: Record<string, never>;
}

/** Identity / Dropout from a framework export; removed by remove-identity. */
export interface IdentityNode extends NodeBase {
  readonly op: 'identity';
  readonly attrs: { readonly origin: 'Identity' | 'Dropout' };
}

/** Elementwise a + b with numpy broadcasting; b may be a constant. */
export interface AddNode extends NodeBase {
  readonly op: 'add';
  readonly attrs: Record<string, never>;
}

export type SoftmaxImplementation = 'skip' | 'argmax' | 'stable' | 'latency';

/** Softmax over the last axis. `skip` passes x through; `argmax` emits one-hot. */
export interface SoftmaxNode extends NodeBase {
  readonly op: 'softmax';
  readonly attrs: { readonly implementation: SoftmaxImplementation };
}

/** Logistic sigmoid; float only until the activation tables land. */
export interface SigmoidNode extends NodeBase {
  readonly op: 'sigmoid';
  readonly attrs: Record<string, never>;
}

/** Reinterpret the C-order data with a new shape (covers ONNX Flatten and Reshape). */
export interface ReshapeNode extends NodeBase {
  readonly op: 'reshape';
  readonly attrs: { readonly shape: readonly number[] };
}

export type Node =
  | DenseNode
  | ReluNode
  | LinearNode
  | IdentityNode
  | AddNode
  | SoftmaxNode
  | SigmoidNode
  | ReshapeNode;

export type OpName = Node['op'];

/** Where the graph came from, so that simulate/validate accept data in the model's layout. */
export interface GraphSource {
  readonly format: 'onnx' | 'native';
  readonly file?: string;
  /** Per input: the shape of one sample as the source model sees it (e.g. NCHW without N). */
  readonly inputShapes?: Readonly<Record<string, readonly number[]>>;
  /** Per input: the permutation taking source layout to IR layout, when they differ. */
  readonly inputPerm?: Readonly<Record<string, readonly number[]>>;
}

export interface Graph {
  readonly name: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** In topological order. */
  readonly nodes: readonly Node[];
  readonly tensors: Readonly<Record<string, Tensor>>;
  readonly source?: GraphSource;
}

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(x)}`);
}
