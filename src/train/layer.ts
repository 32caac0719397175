// The contract between the trainer's layers and the network/fit loop: batched forward and backward
// passes on flat Float64Arrays (samples × channels-last values), trainable parameters with gradients,
// and the IR nodes a trained layer becomes.
import type { Rng } from './random.js';
import type { IrBuilder } from './ir-builder.js';

export interface Param {
  /** e.g. 'kernel', 'bias', 'gamma', 'beta'. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: Float64Array;
  /** Summed over the batch by backward() (the fit loop zeroes it and divides the loss by the batch). */
  readonly grad: Float64Array;
  /** L1/L2 penalties apply (kernels only). */
  readonly regularized: boolean;
}

export interface ForwardContext {
  /** Training mode: dropout drops, batch norm uses batch statistics and updates its moving ones. */
  readonly training: boolean;
  /** Seeded randomness for dropout masks. */
  readonly rng: Rng;
}

export interface Layer {
  readonly name: string;
  readonly type: string;
  /** Per-sample shapes, channels-last ([features], [L, C] or [H, W, C]). */
  readonly inShape: readonly number[];
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  /** x holds `batch` samples of inShape; returns `batch` samples of outShape, keeping what backward needs. */
  forward(x: Float64Array, batch: number, ctx: ForwardContext): Float64Array;
  /** dL/dy of the last forward -> dL/dx; adds dL/dparam into each param's grad. */
  backward(dy: Float64Array, batch: number): Float64Array;
  /** Append this layer's inference nodes reading tensor `input`; returns the output tensor's name. */
  toIr(input: string, ir: IrBuilder): string;
  /** Non-trainable state to save with the model (batch norm moving mean/variance), by name. */
  readonly state?: Readonly<Record<string, Float64Array>>;
}
