// The trainer's conv1d/conv2d layers: channels-last, 'valid' or Keras 'same' padding, strides, kernel
// [k..., C, F] (the IR's layout), computed over precomputed window maps.
import type { IrBuilder } from '../ir-builder.js';
import type { ForwardContext, Layer, Param } from '../layer.js';
import type { Rng } from '../random.js';
import type { Size } from '../spec-types.js';
import { axisSizes, expectRank, glorotUniform, layerError, makeParam, positiveInt, sizeOf } from './common.js';
import { windowMap, type WindowMap } from './windows.js';

export interface ConvSpec {
  readonly type: 'conv1d' | 'conv2d';
  readonly filters: number;
  readonly kernel: Size;
  readonly strides?: Size;
  readonly padding?: 'valid' | 'same';
  readonly useBias?: boolean;
}

export class ConvLayer implements Layer {
  readonly type: 'conv1d' | 'conv2d';
  readonly outShape: readonly number[];
  readonly params: readonly Param[];
  private readonly kernel: Param;
  private readonly bias: Param | undefined;
  private readonly strides: number[];
  private readonly win: WindowMap;
  private readonly c: number;
  private readonly f: number;
  private x: Float64Array = new Float64Array(0);

  constructor(readonly name: string, readonly inShape: readonly number[], spec: ConvSpec, rng: Rng) {
    this.type = spec.type;
    const r = spec.type === 'conv1d' ? 1 : 2;
    expectRank(name, spec.type, inShape, r + 1, r === 1 ? '[L, C]' : '[H, W, C]');
    this.f = positiveInt(name, 'filters', spec.filters);
    const kernel = axisSizes(name, 'kernel', spec.kernel, r);
    this.strides = axisSizes(name, 'strides', spec.strides, r, new Array<number>(r).fill(1));
    const padding = spec.padding ?? 'valid';
    if (padding !== 'valid' && padding !== 'same') {
      throw layerError(name, `padding ${JSON.stringify(padding)} is not 'valid' or 'same'`, "use padding 'valid' or 'same'");
    }
    this.c = inShape[r]!;
    this.win = windowMap(name, inShape.slice(0, r), kernel, this.strides, padding);
    this.outShape = [...this.win.out, this.f];
    this.kernel = makeParam('kernel', [...kernel, this.c, this.f], true);
    const field = sizeOf(kernel);
    glorotUniform(this.kernel, field * this.c, field * this.f, rng);
    this.bias = (spec.useBias ?? true) ? makeParam('bias', [this.f], false) : undefined;
    this.params = this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  forward(x: Float64Array, batch: number, _ctx: ForwardContext): Float64Array {
    const { c, f, win } = this;
    const { start, pos, tap, inPositions, outPositions } = win;
    const w = this.kernel.value;
    const b = this.bias?.value;
    const cf = c * f;
    const y = new Float64Array(batch * outPositions * f);
    for (let s = 0; s < batch; s++) {
      const xs = s * inPositions;
      for (let o = 0; o < outPositions; o++) {
        const yo = (s * outPositions + o) * f;
        if (b) y.set(b, yo);
        for (let t = start[o]!; t < start[o + 1]!; t++) {
          const xo = (xs + pos[t]!) * c;
          const wo = tap[t]! * cf;
          for (let ci = 0; ci < c; ci++) {
            const xv = x[xo + ci]!;
            if (xv === 0) continue;
            const wr = wo + ci * f;
            for (let j = 0; j < f; j++) y[yo + j]! += xv * w[wr + j]!;
          }
        }
      }
    }
    this.x = x;
    return y;
  }

  backward(dy: Float64Array, batch: number): Float64Array {
    const { c, f, win, x } = this;
    const { start, pos, tap, inPositions, outPositions } = win;
    const w = this.kernel.value;
    const dw = this.kernel.grad;
    const cf = c * f;
    const dx = new Float64Array(batch * inPositions * c);
    for (let s = 0; s < batch; s++) {
      const xs = s * inPositions;
      for (let o = 0; o < outPositions; o++) {
        const yo = (s * outPositions + o) * f;
        for (let t = start[o]!; t < start[o + 1]!; t++) {
          const xo = (xs + pos[t]!) * c;
          const wo = tap[t]! * cf;
          for (let ci = 0; ci < c; ci++) {
            const xv = x[xo + ci]!;
            const wr = wo + ci * f;
            let acc = 0;
            for (let j = 0; j < f; j++) {
              const g = dy[yo + j]!;
              acc += w[wr + j]! * g;
              dw[wr + j]! += xv * g;
            }
            dx[xo + ci]! += acc;
          }
        }
      }
    }
    if (this.bias) {
      const db = this.bias.grad;
      const n = batch * outPositions;
      for (let p = 0; p < n; p++) for (let j = 0; j < f; j++) db[j]! += dy[p * f + j]!;
    }
    return dx;
  }

  /** The weight is named `<layer>_W`, the name the ONNX importer gives a Conv's relaid-out weight, so a re-import matches. */
  toIr(input: string, ir: IrBuilder): string {
    const inputs = [input, ir.constant(`${this.name}_W`, this.kernel.shape, this.kernel.value)];
    if (this.bias) inputs.push(ir.constant(`${this.name}_bias`, this.bias.shape, this.bias.value));
    const out = ir.value(`${this.name}_out`, this.outShape);
    ir.push({
      op: 'conv', name: this.name, inputs, outputs: [out],
      attrs: { strides: [...this.strides], dilations: this.strides.map(() => 1), pads: [...this.win.pads], groups: 1 },
    });
    return out;
  }
}
