// The trainer's flatten: channels-last data read in C order as one vector (the IR `reshape` to [size]).
import type { IrBuilder } from '../ir-builder.js';
import type { ForwardContext, Layer, Param } from '../layer.js';
import { layerError, sizeOf } from './common.js';

export class FlattenLayer implements Layer {
  readonly type = 'flatten';
  readonly params: readonly Param[] = [];
  readonly outShape: readonly number[];

  constructor(readonly name: string, readonly inShape: readonly number[]) {
    if (inShape.length < 1 || inShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw layerError(name, `flatten needs a non-empty input, got shape [${inShape.join(', ')}]`, 'place it after a layer with a known output shape');
    }
    this.outShape = [sizeOf(inShape)];
  }

  /** The flat batch is already in the flattened order: nothing moves. */
  forward(x: Float64Array, _batch: number, _ctx: ForwardContext): Float64Array {
    return x;
  }

  backward(dy: Float64Array, _batch: number): Float64Array {
    return dy;
  }

  toIr(input: string, ir: IrBuilder): string {
    const out = ir.value(`${this.name}_out`, this.outShape);
    ir.push({ op: 'reshape', name: this.name, inputs: [input], outputs: [out], attrs: { shape: [...this.outShape] } });
    return out;
  }
}
