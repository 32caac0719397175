// The trainer's PReLU: y = x for x ≥ 0, a_c·x otherwise, with one trainable slope per channel (the last axis),
// initialized to 0 as Keras's PReLU; it becomes the IR's prelu with a [C] slope ([1] for one channel).
import type { IrBuilder } from '../ir-builder.js';
import type { ForwardContext, Layer, Param } from '../layer.js';
import { describe, layerError, makeParam, sizeOf } from './common.js';

export class PreluLayer implements Layer {
  readonly type = 'prelu';
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  private readonly slope: Param;
  private readonly channels: number;
  private x: Float64Array = new Float64Array(0);

  constructor(readonly name: string, readonly inShape: readonly number[]) {
    if (inShape.length === 0 || sizeOf(inShape) < 1) throw layerError(name, `prelu cannot take input shape ${describe(inShape)}`, 'feed it a non-empty tensor');
    this.outShape = [...inShape];
    this.channels = inShape[inShape.length - 1]!;
    // Slopes are not penalized (Keras's PReLU has no regularizer by default).
    this.slope = makeParam('slope', [this.channels], false);
    this.params = [this.slope];
  }

  forward(x: Float64Array, _batch: number, _ctx: ForwardContext): Float64Array {
    const a = this.slope.value;
    const c = this.channels;
    const y = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const v = x[i]!;
      y[i] = v >= 0 ? v : a[i % c]! * v;
    }
    this.x = x;
    return y;
  }

  backward(dy: Float64Array, _batch: number): Float64Array {
    const { x } = this;
    const a = this.slope.value;
    const da = this.slope.grad;
    const c = this.channels;
    const dx = new Float64Array(dy.length);
    for (let i = 0; i < dy.length; i++) {
      const v = x[i]!;
      if (v >= 0) {
        dx[i] = dy[i]!;
      } else {
        dx[i] = dy[i]! * a[i % c]!;
        da[i % c]! += dy[i]! * v;
      }
    }
    return dx;
  }

  toIr(input: string, ir: IrBuilder): string {
    const slope = ir.constant(`${this.name}_slope`, this.channels === 1 ? [1] : [this.channels], this.slope.value);
    const out = ir.value(`${this.name}_out`, this.outShape);
    ir.push({ op: 'prelu', name: this.name, inputs: [input, slope], outputs: [out], attrs: {} });
    return out;
  }
}
