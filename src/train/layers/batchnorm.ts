// The trainer's batch normalization over the last (channel) axis, as Keras: batch statistics over all samples
// and positions in training (updating moving mean/variance), the moving statistics in inference.
import type { IrBuilder } from '../ir-builder.js';
import type { ForwardContext, Layer, Param } from '../layer.js';
import { layerError, makeParam, sizeOf } from './common.js';

export class BatchNormLayer implements Layer {
  readonly type = 'batchnorm';
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  readonly state: Readonly<Record<string, Float64Array>>;
  private readonly gamma: Param;
  private readonly beta: Param;
  private readonly movingMean: Float64Array;
  private readonly movingVar: Float64Array;
  private readonly c: number;
  private readonly positions: number;
  /** From the last forward: normalized inputs, 1/sqrt(var + eps) per channel, and whether batch statistics were used. */
  private xhat: Float64Array = new Float64Array(0);
  private readonly invStd: Float64Array;
  private training = false;

  constructor(readonly name: string, readonly inShape: readonly number[], private readonly momentum = 0.99, private readonly epsilon = 1e-3) {
    if (inShape.length < 1 || inShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw layerError(name, `batchnorm needs a non-empty input, got shape [${inShape.join(', ')}]`, 'place it after a layer with a known output shape');
    }
    if (!(momentum >= 0 && momentum < 1)) throw layerError(name, `momentum ${momentum} is not in [0, 1)`, 'use a momentum such as 0.99 (the Keras default)');
    if (!(epsilon > 0)) throw layerError(name, `epsilon ${epsilon} is not positive`, 'use an epsilon such as 1e-3 (the Keras default)');
    this.outShape = [...inShape];
    this.c = inShape[inShape.length - 1]!;
    this.positions = sizeOf(inShape) / this.c;
    this.gamma = makeParam('gamma', [this.c], false);
    this.gamma.value.fill(1);
    this.beta = makeParam('beta', [this.c], false);
    this.params = [this.gamma, this.beta];
    this.movingMean = new Float64Array(this.c);
    this.movingVar = new Float64Array(this.c).fill(1);
    this.state = { moving_mean: this.movingMean, moving_variance: this.movingVar };
    this.invStd = new Float64Array(this.c);
  }

  forward(x: Float64Array, batch: number, ctx: ForwardContext): Float64Array {
    const { c, epsilon, invStd } = this;
    const n = batch * this.positions;
    const mean = new Float64Array(c);
    const variance = new Float64Array(c);
    if (ctx.training) {
      for (let p = 0; p < n; p++) for (let ci = 0; ci < c; ci++) mean[ci]! += x[p * c + ci]!;
      for (let ci = 0; ci < c; ci++) mean[ci]! /= n;
      // Two passes (mean, then squared deviations): no cancellation for data far from zero.
      for (let p = 0; p < n; p++) {
        for (let ci = 0; ci < c; ci++) { const d = x[p * c + ci]! - mean[ci]!; variance[ci]! += d * d; }
      }
      // Keras normalizes with, and keeps the moving average of, the biased (1/n) batch variance.
      for (let ci = 0; ci < c; ci++) {
        variance[ci]! /= n;
        this.movingMean[ci] = this.momentum * this.movingMean[ci]! + (1 - this.momentum) * mean[ci]!;
        this.movingVar[ci] = this.momentum * this.movingVar[ci]! + (1 - this.momentum) * variance[ci]!;
      }
    } else {
      mean.set(this.movingMean);
      variance.set(this.movingVar);
    }
    for (let ci = 0; ci < c; ci++) invStd[ci] = 1 / Math.sqrt(variance[ci]! + epsilon);
    const g = this.gamma.value;
    const b = this.beta.value;
    const xhat = new Float64Array(x.length);
    const y = new Float64Array(x.length);
    for (let p = 0; p < n; p++) {
      for (let ci = 0; ci < c; ci++) {
        const i = p * c + ci;
        const h = (x[i]! - mean[ci]!) * invStd[ci]!;
        xhat[i] = h;
        y[i] = g[ci]! * h + b[ci]!;
      }
    }
    this.xhat = xhat;
    this.training = ctx.training;
    return y;
  }

  backward(dy: Float64Array, batch: number): Float64Array {
    const { c, xhat, invStd } = this;
    const n = batch * this.positions;
    const g = this.gamma.value;
    const sumDy = new Float64Array(c);
    const sumDyXhat = new Float64Array(c);
    for (let p = 0; p < n; p++) {
      for (let ci = 0; ci < c; ci++) { const i = p * c + ci; sumDy[ci]! += dy[i]!; sumDyXhat[ci]! += dy[i]! * xhat[i]!; }
    }
    for (let ci = 0; ci < c; ci++) { this.gamma.grad[ci]! += sumDyXhat[ci]!; this.beta.grad[ci]! += sumDy[ci]!; }
    const dx = new Float64Array(dy.length);
    if (!this.training) {
      // Fixed statistics: an affine map per channel.
      for (let p = 0; p < n; p++) for (let ci = 0; ci < c; ci++) dx[p * c + ci] = dy[p * c + ci]! * g[ci]! * invStd[ci]!;
      return dx;
    }
    // Batch statistics depend on x: dx = γ/σ · (dy − mean(dy) − x̂·mean(dy·x̂)) per channel.
    for (let p = 0; p < n; p++) {
      for (let ci = 0; ci < c; ci++) {
        const i = p * c + ci;
        dx[i] = g[ci]! * invStd[ci]! * (dy[i]! - sumDy[ci]! / n - xhat[i]! * sumDyXhat[ci]! / n);
      }
    }
    return dx;
  }

  /**
   * The importer's form (scale = γ / sqrt(var + ε), shift = β − mean·scale) from the moving statistics, in
   * float64; IrBuilder then rounds each to float32 once, and the ONNX exporter writes them back exactly.
   */
  toIr(input: string, ir: IrBuilder): string {
    const scale = Array.from(this.gamma.value, (gv, i) => gv / Math.sqrt(this.movingVar[i]! + this.epsilon));
    const shift = scale.map((s, i) => this.beta.value[i]! - this.movingMean[i]! * s);
    const inputs = [input, ir.constant(`${this.name}_scale`, [this.c], scale), ir.constant(`${this.name}_shift`, [this.c], shift)];
    const out = ir.value(`${this.name}_out`, this.outShape);
    ir.push({ op: 'batchnorm', name: this.name, inputs, outputs: [out], attrs: {} });
    return out;
  }
}
