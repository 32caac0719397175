// The trainer's dense layer: y = x · W + b on vectors, W [in, out] (the IR's and ONNX MatMul's layout).
import type { IrBuilder } from '../ir-builder.js';
import type { ForwardContext, Layer, Param } from '../layer.js';
import type { Rng } from '../random.js';
import { expectRank, glorotUniform, makeParam, positiveInt } from './common.js';

export class DenseLayer implements Layer {
  readonly type = 'dense';
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  private readonly kernel: Param;
  private readonly bias: Param | undefined;
  private readonly nIn: number;
  private readonly nOut: number;
  private x: Float64Array = new Float64Array(0);

  constructor(readonly name: string, readonly inShape: readonly number[], units: number, useBias: boolean, rng: Rng) {
    expectRank(name, 'dense', inShape, 1, '[features]');
    this.nIn = inShape[0]!;
    this.nOut = positiveInt(name, 'units', units);
    this.outShape = [this.nOut];
    this.kernel = makeParam('kernel', [this.nIn, this.nOut], true);
    glorotUniform(this.kernel, this.nIn, this.nOut, rng);
    this.bias = useBias ? makeParam('bias', [this.nOut], false) : undefined;
    this.params = this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  forward(x: Float64Array, batch: number, _ctx: ForwardContext): Float64Array {
    const { nIn, nOut } = this;
    const w = this.kernel.value;
    const y = new Float64Array(batch * nOut);
    const b = this.bias?.value;
    for (let s = 0; s < batch; s++) {
      const yo = s * nOut;
      if (b) y.set(b, yo);
      const xo = s * nIn;
      // Row-wise accumulation walks W in memory order; zero inputs (after relu) cost nothing.
      for (let i = 0; i < nIn; i++) {
        const xi = x[xo + i]!;
        if (xi === 0) continue;
        const wo = i * nOut;
        for (let j = 0; j < nOut; j++) y[yo + j]! += xi * w[wo + j]!;
      }
    }
    this.x = x;
    return y;
  }

  backward(dy: Float64Array, batch: number): Float64Array {
    const { nIn, nOut, x } = this;
    const w = this.kernel.value;
    const dw = this.kernel.grad;
    const dx = new Float64Array(batch * nIn);
    for (let s = 0; s < batch; s++) {
      const yo = s * nOut;
      const xo = s * nIn;
      for (let i = 0; i < nIn; i++) {
        const xi = x[xo + i]!;
        const wo = i * nOut;
        let acc = 0;
        if (xi === 0) {
          // After a relu about half the inputs are 0: they add nothing to the kernel gradient.
          for (let j = 0; j < nOut; j++) acc += w[wo + j]! * dy[yo + j]!;
        } else {
          for (let j = 0; j < nOut; j++) {
            const g = dy[yo + j]!;
            acc += w[wo + j]! * g;
            dw[wo + j]! += xi * g;
          }
        }
        dx[xo + i] = acc;
      }
    }
    if (this.bias) {
      const db = this.bias.grad;
      for (let s = 0; s < batch; s++) for (let j = 0; j < nOut; j++) db[j]! += dy[s * nOut + j]!;
    }
    return dx;
  }

  toIr(input: string, ir: IrBuilder): string {
    const inputs = [input, ir.constant(`${this.name}_kernel`, this.kernel.shape, this.kernel.value)];
    if (this.bias) inputs.push(ir.constant(`${this.name}_bias`, this.bias.shape, this.bias.value));
    const out = ir.value(`${this.name}_out`, this.outShape);
    ir.push({ op: 'dense', name: this.name, inputs, outputs: [out], attrs: {} });
    return out;
  }
}
