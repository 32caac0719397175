// The trainer's activation functions: batched values, derivatives (a Jacobian-vector product for softmax) and the
// IR node each becomes, matching what the ONNX importer makes of the equivalent ONNX op.
import type { Node } from '../ir/types.js';
import type { IrBuilder } from './ir-builder.js';
import type { Activation } from './spec-types.js';

/** Keras/ONNX SELU constants. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_GAMMA = 1.0507009873554805;

export interface ActivationFunction {
  readonly activation: Activation;
  /** y = f(x) elementwise (softmax: over consecutive groups of `last` values). */
  forward(x: Float64Array, y: Float64Array, last: number): void;
  /** dx = J_f(x)ᵀ · dy, given the x and y of the forward pass. */
  backward(x: Float64Array, y: Float64Array, dy: Float64Array, dx: Float64Array, last: number): void;
  /** The IR node on `input` (declares output `output`), or undefined for 'linear'. */
  node(name: string, input: string, output: string): Node | undefined;
}

type Elementwise = { f: (v: number) => number; df: (v: number, y: number) => number; node?: (name: string, i: string, o: string) => Node };

function stableSigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/**
 * Constants are rounded to float32 (as Keras computes in float32, and ONNX attributes are float32), so that
 * the trainer's function is exactly the one its IR node means after export and re-import.
 */
function elementwise(a: Activation, alphaGiven: number | undefined): Elementwise {
  const plain = (op: 'relu' | 'sigmoid' | 'tanh' | 'softplus' | 'softsign' | 'hard_swish') =>
    (name: string, i: string, o: string): Node => ({ op, name, inputs: [i], outputs: [o], attrs: {} });
  switch (a) {
    case 'linear':
      return { f: (v) => v, df: () => 1 };
    case 'relu':
      return { f: (v) => (v > 0 ? v : 0), df: (v) => (v > 0 ? 1 : 0), node: plain('relu') };
    case 'relu6':
      return {
        f: (v) => (v < 0 ? 0 : v > 6 ? 6 : v), df: (v) => (v > 0 && v < 6 ? 1 : 0),
        node: (name, i, o) => ({ op: 'clip', name, inputs: [i], outputs: [o], attrs: { min: 0, max: 6 } }),
      };
    case 'leaky_relu': {
      const alpha = Math.fround(alphaGiven ?? 0.3);
      return {
        f: (v) => (v >= 0 ? v : alpha * v), df: (v) => (v >= 0 ? 1 : alpha),
        node: (name, i, o) => ({ op: 'leaky_relu', name, inputs: [i], outputs: [o], attrs: { alpha } }),
      };
    }
    case 'elu': {
      const alpha = Math.fround(alphaGiven ?? 1);
      return {
        f: (v) => (v >= 0 ? v : alpha * Math.expm1(v)), df: (v, y) => (v >= 0 ? 1 : y + alpha),
        node: (name, i, o) => ({ op: 'elu', name, inputs: [i], outputs: [o], attrs: { alpha } }),
      };
    }
    case 'selu': {
      const alpha = Math.fround(SELU_ALPHA);
      const gamma = Math.fround(SELU_GAMMA);
      const ga = gamma * alpha;
      return {
        f: (v) => (v > 0 ? gamma * v : ga * Math.expm1(v)), df: (v) => (v > 0 ? gamma : ga * Math.exp(v)),
        node: (name, i, o) => ({ op: 'selu', name, inputs: [i], outputs: [o], attrs: { alpha, gamma } }),
      };
    }
    case 'sigmoid':
      return { f: stableSigmoid, df: (_v, y) => y * (1 - y), node: plain('sigmoid') };
    case 'tanh':
      return { f: Math.tanh, df: (_v, y) => 1 - y * y, node: plain('tanh') };
    case 'softplus':
      // ln(1 + e^x) = max(x, 0) + ln(1 + e^−|x|): never overflows, keeps precision for large |x|.
      return { f: (v) => (v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v))), df: (v) => stableSigmoid(v), node: plain('softplus') };
    case 'softsign':
      return { f: (v) => v / (1 + Math.abs(v)), df: (v) => { const d = 1 + Math.abs(v); return 1 / (d * d); }, node: plain('softsign') };
    case 'hard_sigmoid': {
      const alpha = Math.fround(0.2);
      const beta = 0.5;
      return {
        f: (v) => Math.min(Math.max(alpha * v + beta, 0), 1),
        df: (v) => { const t = alpha * v + beta; return t > 0 && t < 1 ? alpha : 0; },
        node: (name, i, o) => ({ op: 'hard_sigmoid', name, inputs: [i], outputs: [o], attrs: { alpha, beta } }),
      };
    }
    case 'hard_swish':
      return {
        f: (v) => v * Math.min(Math.max(v / 6 + 0.5, 0), 1),
        df: (v) => (v <= -3 ? 0 : v >= 3 ? 1 : v / 3 + 0.5),
        node: plain('hard_swish'),
      };
    case 'thresholded_relu': {
      const alpha = Math.fround(alphaGiven ?? 1);
      return {
        f: (v) => (v > alpha ? v : 0), df: (v) => (v > alpha ? 1 : 0),
        node: (name, i, o) => ({ op: 'thresholded_relu', name, inputs: [i], outputs: [o], attrs: { alpha } }),
      };
    }
    case 'softmax':
    case 'logsoftmax':
      throw new Error(`${a} is not elementwise`);
  }
}

/** Softmax over consecutive groups of `last` values, with the max subtracted so e^x never overflows. */
function softmaxForward(x: Float64Array, y: Float64Array, last: number): void {
  for (let s = 0; s < x.length; s += last) {
    let max = -Infinity;
    for (let i = s; i < s + last; i++) if (x[i]! > max) max = x[i]!;
    let sum = 0;
    for (let i = s; i < s + last; i++) sum += y[i] = Math.exp(x[i]! - max);
    const inv = 1 / sum;
    for (let i = s; i < s + last; i++) y[i]! *= inv;
  }
}

/** dx_i = y_i · (dy_i − Σ_j dy_j y_j): the softmax Jacobian (diag(y) − y yᵀ) times dy, without forming it. */
function softmaxBackward(y: Float64Array, dy: Float64Array, dx: Float64Array, last: number): void {
  for (let s = 0; s < y.length; s += last) {
    let dot = 0;
    for (let i = s; i < s + last; i++) dot += dy[i]! * y[i]!;
    for (let i = s; i < s + last; i++) dx[i] = y[i]! * (dy[i]! - dot);
  }
}

/** log softmax over groups of `last` values: x − max − log Σ e^(x − max). */
function logSoftmaxForward(x: Float64Array, y: Float64Array, last: number): void {
  for (let s = 0; s < x.length; s += last) {
    let max = -Infinity;
    for (let i = s; i < s + last; i++) if (x[i]! > max) max = x[i]!;
    let sum = 0;
    for (let i = s; i < s + last; i++) sum += Math.exp(x[i]! - max);
    const lse = max + Math.log(sum);
    for (let i = s; i < s + last; i++) y[i] = x[i]! - lse;
  }
}

/** dx_i = dy_i − softmax_i · Σ_j dy_j, with softmax_i = e^(y_i). */
function logSoftmaxBackward(y: Float64Array, dy: Float64Array, dx: Float64Array, last: number): void {
  for (let s = 0; s < y.length; s += last) {
    let total = 0;
    for (let i = s; i < s + last; i++) total += dy[i]!;
    for (let i = s; i < s + last; i++) dx[i] = dy[i]! - Math.exp(y[i]!) * total;
  }
}

/** `alpha`: the leaky_relu slope (default 0.3), the elu alpha (default 1) or the thresholded_relu threshold (default 1). */
export function activationFunction(activation: Activation, alpha?: number): ActivationFunction {
  if (activation === 'logsoftmax') {
    return {
      activation,
      forward: logSoftmaxForward,
      backward: (_x, y, dy, dx, last) => logSoftmaxBackward(y, dy, dx, last),
      node: (name, input, output) => ({ op: 'logsoftmax', name, inputs: [input], outputs: [output], attrs: {} }),
    };
  }
  if (activation === 'softmax') {
    return {
      activation,
      forward: softmaxForward,
      backward: (_x, y, dy, dx, last) => softmaxBackward(y, dy, dx, last),
      node: (name, input, output) => ({ op: 'softmax', name, inputs: [input], outputs: [output], attrs: { implementation: 'stable' } }),
    };
  }
  const { f, df, node } = elementwise(activation, alpha);
  return {
    activation,
    forward(x, y) {
      for (let i = 0; i < x.length; i++) y[i] = f(x[i]!);
    },
    backward(x, y, dy, dx) {
      for (let i = 0; i < x.length; i++) dx[i] = dy[i]! * df(x[i]!, y[i]!);
    },
    node: (name, input, output) => node?.(name, input, output),
  };
}

/** Appends the activation's IR node on `input` (nothing for 'linear'); returns the output tensor's name. */
export function activationToIr(fn: ActivationFunction, name: string, input: string, shape: readonly number[], ir: IrBuilder): string {
  const out = `${name}_out`;
  const node = fn.node(name, input, out);
  if (!node) return input;
  ir.value(out, shape);
  ir.push(node);
  return out;
}
