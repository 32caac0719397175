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
  /** Verilog: a register every this many adder levels inside a dense/conv layer (0: one register per layer). */
  readonly pipelineLevels?: number;
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

/** Elementwise a − b or a · b with numpy broadcasting (exact), then one cast; either input may be a constant. */
export interface BinaryNode extends NodeBase {
  readonly op: 'sub' | 'mul';
  readonly attrs: Record<string, never>;
}

/** n ≥ 2 inputs, elementwise with broadcasting: exact max, min, or Σ x · q(1/n) (q in `paramType`), then one cast. */
export interface MergeNode extends NodeBase {
  readonly op: 'average' | 'maximum' | 'minimum';
  readonly attrs: { readonly paramType?: FixedType };
}

/** n ≥ 2 inputs joined along `axis` of the per-sample (channels-last) shape; each element cast to T(out). */
export interface ConcatNode extends NodeBase {
  readonly op: 'concat';
  readonly attrs: { readonly axis: number };
}

export type SoftmaxImplementation = 'skip' | 'argmax' | 'stable' | 'latency';

/**
 * Softmax over the last axis. `skip` passes x through; `argmax` emits one-hot; `stable` and
 * `latency` use an exp table (on x − max, or on x) and a reciprocal table on the sum.
 */
export interface SoftmaxNode extends NodeBase {
  readonly op: 'softmax';
  readonly attrs: {
    readonly implementation: SoftmaxImplementation;
    readonly expTable?: TableSpec;
    readonly invTable?: TableSpec;
    readonly sumType?: FixedType;
  };
}

/**
 * A lookup table over the raw input bits (ir/OPS.md, "Lookup tables"): entry k covers the raw
 * inputs loRaw + k·2^shift ... loRaw + (k+1)·2^shift − 1, inputs outside [lo, hi] clamp to the
 * first or last entry. Unset until `choose-table-layouts` derives it from the types and config.
 */
export interface TableSpec {
  /** Number of entries, a power of two. */
  readonly size: number;
  /** The covered input interval; both ends are values of the indexed type. */
  readonly range: readonly [number, number];
  /** Type the entries are rounded (to nearest, saturating) into. */
  readonly type: FixedType;
}

interface ActivationNode<Op extends string, A = Record<string, never>> extends NodeBase {
  readonly op: Op;
  readonly attrs: A;
}

/** Table-based activation attributes; `param` types the exact constants (alpha, gamma) some use. */
interface TableAttrs { readonly table?: TableSpec }

/** y = min(max(x, min), max) on exact values (ONNX Clip, ReLU6, HardTanh); an absent bound is unbounded. */
export type ClipNode = ActivationNode<'clip', { readonly min?: number; readonly max?: number }>;
/** y = x for x ≥ 0, alpha·x otherwise; alpha is quantized to `paramType`. */
export type LeakyReluNode = ActivationNode<'leaky_relu', { readonly alpha: number; readonly paramType?: FixedType }>;
/** y = x for x ≥ 0, slope·x otherwise. inputs [x, slope]: slope is a constant of shape [1], [C] (last axis) or x's shape. */
export type PreluNode = ActivationNode<'prelu'>;
/** y = x for x > alpha, 0 otherwise (exact comparison with alpha). */
export type ThresholdedReluNode = ActivationNode<'thresholded_relu', { readonly alpha: number }>;
/** y = min(max(alpha·x + beta, 0), 1); alpha and beta are quantized to `paramType`. */
export type HardSigmoidNode = ActivationNode<'hard_sigmoid', { readonly alpha: number; readonly beta: number; readonly paramType?: FixedType }>;
/** y = x · min(max(x/6 + 1/2, 0), 1); 1/6 and 1/2 are quantized to `paramType`. */
export type HardSwishNode = ActivationNode<'hard_swish', { readonly paramType?: FixedType }>;
/** 1 / (1 + e^−x) from a table. */
export type SigmoidNode = ActivationNode<'sigmoid', TableAttrs>;
/** tanh(x) from a table. */
export type TanhNode = ActivationNode<'tanh', TableAttrs>;
/** ln(1 + e^x) from a table. */
export type SoftplusNode = ActivationNode<'softplus', TableAttrs>;
/** x / (1 + |x|) from a table. */
export type SoftsignNode = ActivationNode<'softsign', TableAttrs>;
/** x for x ≥ 0 (exact); alpha·(e^x − 1) for x < 0 from a table. */
export type EluNode = ActivationNode<'elu', TableAttrs & { readonly alpha: number }>;
/** gamma·x for x > 0 (gamma quantized to `paramType`, exact product); gamma·alpha·(e^x − 1) for x ≤ 0 from a table. */
export type SeluNode = ActivationNode<'selu', TableAttrs & { readonly alpha: number; readonly gamma: number; readonly paramType?: FixedType }>;

/** log(softmax(x)) over the last axis: x − max − log Σ e^(x − max), from an exp and a log table. */
export type LogSoftmaxNode = ActivationNode<'logsoftmax', {
  readonly expTable?: TableSpec;
  readonly logTable?: TableSpec;
  readonly sumType?: FixedType;
}>;

/**
 * Convolution over channels-last data, 1-D or 2-D. inputs [x, W, b?]: x [L, C] or [H, W, C];
 * W a constant [kL, C/groups, F] or [kH, kW, C/groups, F]; b a constant [F]. Output [L', F] or
 * [H', W', F], each output element following the dense contract (ir/OPS.md) over its window.
 */
export interface ConvNode extends NodeBase {
  readonly op: 'conv';
  readonly attrs: {
    /** Per spatial axis. */
    readonly strides: readonly number[];
    readonly dilations: readonly number[];
    /** Zero padding: begins of every spatial axis, then ends (ONNX order: [top, left, bottom, right]). */
    readonly pads: readonly number[];
    /** 1, or C (depthwise; F = C · multiplier). Output channel f reads group floor(f / (F/groups)). */
    readonly groups: number;
    readonly accum?: FixedType;
  };
}

/** Max or average pooling over channels-last windows (1-D or 2-D), per channel. */
export interface PoolNode extends NodeBase {
  readonly op: 'maxpool' | 'avgpool';
  readonly attrs: {
    readonly kernel: readonly number[];
    readonly strides: readonly number[];
    /** As conv's. Max pooling ignores padded positions; average pooling counts them when countIncludePad. */
    readonly pads: readonly number[];
    readonly countIncludePad?: boolean;
    /** avgpool: the exact window sum is multiplied by 1/count quantized to this type (ir/OPS.md). */
    readonly paramType?: FixedType;
    readonly accum?: FixedType;
  };
}

/** Max or average over every spatial position, per channel: [.., C] -> [C]. */
export interface GlobalPoolNode extends NodeBase {
  readonly op: 'global_maxpool' | 'global_avgpool';
  readonly attrs: { readonly paramType?: FixedType; readonly accum?: FixedType };
}

/**
 * Batch normalization as a per-channel affine map (channel = last axis): inputs [x, scale, shift],
 * constants [C] computed by the importer (scale = gamma/sqrt(var + eps), shift = beta − mean·scale).
 * `fold-batch-norm` merges it into a preceding dense/conv; otherwise it follows the dense contract
 * with one input per output: y = quantize(quantize(x·scale, accum) + quantize(shift, accum), out).
 */
export interface BatchNormNode extends NodeBase {
  readonly op: 'batchnorm';
  readonly attrs: { readonly accum?: FixedType };
}

/** Permute the axes of the per-sample tensor (numpy transpose semantics). */
export interface TransposeNode extends NodeBase {
  readonly op: 'transpose';
  readonly attrs: { readonly perm: readonly number[] };
}

/**
 * Constant padding (negative pads crop): out[o] = cast(x[o - begin]) where that index is inside x on every
 * axis, else q(value) (value quantized once to the output type). ONNX Pad, Keras ZeroPadding.
 */
export interface PadNode extends NodeBase {
  readonly op: 'pad';
  /** `pads`: the begins of every axis of the per-sample (channels-last) shape, then the ends. */
  readonly attrs: { readonly pads: readonly number[]; readonly value: number };
}

/**
 * Nearest-neighbour resize as an exact gather: out[o0, o1, ...] = cast(x[maps[0][o0], maps[1][o1], ...]).
 * The importer computes the per-axis maps (output index -> input index) from the ONNX modes once.
 */
export interface ResizeNode extends NodeBase {
  readonly op: 'resize';
  /** One map per axis of the per-sample shape; its length is the output size of that axis. */
  readonly attrs: { readonly maps: readonly (readonly number[])[] };
}

/** QONNX rounding modes (IntQuant/Trunc `rounding_mode`, upper-cased). */
export type QonnxRounding = 'ROUND' | 'HALF_EVEN' | 'CEIL' | 'FLOOR' | 'UP' | 'DOWN' | 'HALF_UP' | 'HALF_DOWN';

/**
 * QONNX IntQuant: y = (clamp(round(x/scale + zeroPoint), lo, hi) − zeroPoint)·scale with lo/hi from
 * bits, signed, narrow. In the IR only the forms an ap_fixed type expresses exactly (ir/OPS.md, "QONNX"):
 * the output type is fixed by these attributes (quantType), never by the precision configuration.
 */
export interface QuantNode extends NodeBase {
  readonly op: 'quant';
  readonly attrs: {
    readonly bits: number;
    readonly signed: boolean;
    readonly narrow: boolean;
    readonly rounding: QonnxRounding;
    /** A power of two 2^-F. */
    readonly scale: number;
  };
}

/** QONNX BipolarQuant: y = +scale for x ≥ 0, −scale otherwise (scale a power of two). */
export interface BipolarQuantNode extends NodeBase {
  readonly op: 'bipolar_quant';
  readonly attrs: { readonly scale: number };
}

/**
 * QONNX Trunc (v1): y = R(round_even(x/scale) / 2^(inBits − outBits))·scale (zero point 0, scale 2^-F);
 * the output type is fixed by the attributes (ir/OPS.md, "QONNX").
 */
export interface TruncNode extends NodeBase {
  readonly op: 'trunc';
  readonly attrs: { readonly scale: number; readonly inBits: number; readonly outBits: number; readonly rounding: QonnxRounding };
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
  | BinaryNode
  | MergeNode
  | ConcatNode
  | SoftmaxNode
  | ReshapeNode
  | ConvNode
  | BatchNormNode
  | PoolNode
  | GlobalPoolNode
  | TransposeNode
  | PadNode
  | ResizeNode
  | ClipNode
  | LeakyReluNode
  | PreluNode
  | ThresholdedReluNode
  | HardSigmoidNode
  | HardSwishNode
  | SigmoidNode
  | TanhNode
  | SoftplusNode
  | SoftsignNode
  | EluNode
  | SeluNode
  | LogSoftmaxNode
  | QuantNode
  | BipolarQuantNode
  | TruncNode;

/** Ops computed from a lookup table, one input element at a time. */
export type TableActivationNode = SigmoidNode | TanhNode | SoftplusNode | SoftsignNode | EluNode | SeluNode;
export const TABLE_ACTIVATIONS = ['sigmoid', 'tanh', 'softplus', 'softsign', 'elu', 'selu'] as const;

export type OpName = Node['op'];

/** Where the graph came from, so that simulate/validate accept data in the model's layout. */
export interface GraphSource {
  readonly format: 'onnx' | 'native';
  readonly file?: string;
  /** Per input: the shape of one sample as the source model sees it (e.g. NCHW without N). */
  readonly inputShapes?: Readonly<Record<string, readonly number[]>>;
  /**
   * Per input: the permutation taking source layout to IR layout, when they differ, as numpy's
   * transpose: irShape[i] = sourceShape[perm[i]] (per-sample NCHW [C, H, W] -> [H, W, C]: [1, 2, 0]).
   */
  readonly inputPerm?: Readonly<Record<string, readonly number[]>>;
  /** The model fixes its own numbers (QONNX Quant nodes): result types default to `auto` (exact). */
  readonly quantized?: boolean;
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
