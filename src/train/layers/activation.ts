// The trainer's activation layer (and the activation a dense/conv spec names, which the network expands into one).
import { activationFunction, activationToIr, type ActivationFunction } from '../activations.js';
import type { IrBuilder } from '../ir-builder.js';
import type { ForwardContext, Layer, Param } from '../layer.js';
import { ACTIVATIONS, type Activation } from '../spec-types.js';
import { describe, layerError, sizeOf } from './common.js';

export class ActivationLayer implements Layer {
  readonly type = 'activation';
  readonly params: readonly Param[] = [];
  readonly outShape: readonly number[];
  private readonly fn: ActivationFunction;
  private readonly last: number;
  private x: Float64Array = new Float64Array(0);
  private y: Float64Array = new Float64Array(0);

  constructor(readonly name: string, readonly inShape: readonly number[], activation: Activation, alpha?: number) {
    if (!ACTIVATIONS.includes(activation)) {
      throw layerError(name, `unknown activation ${JSON.stringify(activation)}`, `use one of ${ACTIVATIONS.join(', ')}`);
    }
    if (alpha !== undefined && !Number.isFinite(alpha)) {
      throw layerError(name, `alpha ${JSON.stringify(alpha)} is not a finite number`, 'give alpha as a finite number');
    }
    if (sizeOf(inShape) < 1 || ((activation === 'softmax' || activation === 'logsoftmax') && inShape.length === 0)) {
      throw layerError(name, `activation '${activation}' cannot take input shape ${describe(inShape)}`, 'feed it a non-empty tensor');
    }
    this.outShape = [...inShape];
    this.fn = activationFunction(activation, alpha);
    this.last = inShape.length > 0 ? inShape[inShape.length - 1]! : 1;
  }

  get activation(): Activation {
    return this.fn.activation;
  }

  forward(x: Float64Array, _batch: number, _ctx: ForwardContext): Float64Array {
    if (this.fn.activation === 'linear') return x;
    const y = new Float64Array(x.length);
    this.fn.forward(x, y, this.last);
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Float64Array, _batch: number): Float64Array {
    if (this.fn.activation === 'linear') return dy;
    const dx = new Float64Array(dy.length);
    this.fn.backward(this.x, this.y, dy, dx, this.last);
    return dx;
  }

  toIr(input: string, ir: IrBuilder): string {
    return activationToIr(this.fn, this.name, input, this.outShape, ir);
  }
}
