// The trainer's dropout: inverted dropout in training (kept values scaled by 1/(1 − rate)), identity in
// inference, so it leaves no IR node.
import type { IrBuilder } from '../ir-builder.js';
import type { ForwardContext, Layer, Param } from '../layer.js';
import { layerError } from './common.js';

export class DropoutLayer implements Layer {
  readonly type = 'dropout';
  readonly params: readonly Param[] = [];
  readonly outShape: readonly number[];
  /** The last training forward's mask (0 or 1/(1 − rate)); empty after an inference forward. */
  private mask: Float64Array = new Float64Array(0);

  constructor(readonly name: string, readonly inShape: readonly number[], private readonly rate: number) {
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) {
      throw layerError(name, `dropout rate ${JSON.stringify(rate)} is not in [0, 1)`, 'use a rate such as 0.1 (the fraction of values dropped)');
    }
    this.outShape = [...inShape];
  }

  forward(x: Float64Array, _batch: number, ctx: ForwardContext): Float64Array {
    if (!ctx.training || this.rate === 0) {
      this.mask = new Float64Array(0);
      return x;
    }
    const keep = 1 / (1 - this.rate);
    const mask = new Float64Array(x.length);
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      if (ctx.rng.uniform() >= this.rate) {
        mask[i] = keep;
        y[i] = x[i]! * keep;
      }
    }
    this.mask = mask;
    return y;
  }

  backward(dy: Float64Array, _batch: number): Float64Array {
    const mask = this.mask;
    if (mask.length === 0) return dy;
    const dx = new Float64Array(dy.length);
    for (let i = 0; i < dy.length; i++) dx[i] = dy[i]! * mask[i]!;
    return dx;
  }

  toIr(input: string, _ir: IrBuilder): string {
    return input;
  }
}
