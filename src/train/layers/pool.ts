// The trainer's max/average pooling layers (1-D and 2-D, channels-last, 'valid' windows, strides default to the pool).
import type { IrBuilder } from '../ir-builder.js';
import type { ForwardContext, Layer, Param } from '../layer.js';
import type { Size } from '../spec-types.js';
import { axisSizes, expectRank } from './common.js';
import { windowMap, type WindowMap } from './windows.js';

export interface PoolSpec {
  readonly type: 'maxpool1d' | 'maxpool2d' | 'avgpool1d' | 'avgpool2d';
  readonly pool: Size;
  readonly strides?: Size;
}

export class PoolLayer implements Layer {
  readonly type: PoolSpec['type'];
  readonly outShape: readonly number[];
  readonly params: readonly Param[] = [];
  private readonly isMax: boolean;
  private readonly pool: number[];
  private readonly strides: number[];
  private readonly win: WindowMap;
  private readonly c: number;
  /** Max pooling: the flat input index each output came from (the first maximum). */
  private argmax: Int32Array = new Int32Array(0);

  constructor(readonly name: string, readonly inShape: readonly number[], spec: PoolSpec) {
    this.type = spec.type;
    const r = spec.type.endsWith('1d') ? 1 : 2;
    this.isMax = spec.type.startsWith('max');
    expectRank(name, spec.type, inShape, r + 1, r === 1 ? '[L, C]' : '[H, W, C]');
    this.pool = axisSizes(name, 'pool', spec.pool, r);
    this.strides = axisSizes(name, 'strides', spec.strides, r, this.pool);
    this.c = inShape[r]!;
    this.win = windowMap(name, inShape.slice(0, r), this.pool, this.strides, 'valid');
    this.outShape = [...this.win.out, this.c];
  }

  forward(x: Float64Array, batch: number, _ctx: ForwardContext): Float64Array {
    const { c, win } = this;
    const { start, pos, inPositions, outPositions } = win;
    const y = new Float64Array(batch * outPositions * c);
    if (this.argmax.length !== y.length) this.argmax = new Int32Array(y.length);
    const arg = this.argmax;
    for (let s = 0; s < batch; s++) {
      const xs = s * inPositions;
      for (let o = 0; o < outPositions; o++) {
        const yo = (s * outPositions + o) * c;
        const t0 = start[o]!;
        const t1 = start[o + 1]!;
        if (this.isMax) {
          for (let ci = 0; ci < c; ci++) {
            let best = -Infinity;
            let at = -1;
            for (let t = t0; t < t1; t++) {
              const i = (xs + pos[t]!) * c + ci;
              if (x[i]! > best) { best = x[i]!; at = i; }
            }
            y[yo + ci] = best;
            arg[yo + ci] = at;
          }
        } else {
          for (let t = t0; t < t1; t++) {
            const xo = (xs + pos[t]!) * c;
            for (let ci = 0; ci < c; ci++) y[yo + ci]! += x[xo + ci]!;
          }
          const inv = 1 / (t1 - t0);
          for (let ci = 0; ci < c; ci++) y[yo + ci]! *= inv;
        }
      }
    }
    return y;
  }

  backward(dy: Float64Array, batch: number): Float64Array {
    const { c, win } = this;
    const { start, pos, inPositions, outPositions } = win;
    const dx = new Float64Array(batch * inPositions * c);
    if (this.isMax) {
      const arg = this.argmax;
      for (let i = 0; i < dy.length; i++) dx[arg[i]!]! += dy[i]!;
      return dx;
    }
    for (let s = 0; s < batch; s++) {
      const xs = s * inPositions;
      for (let o = 0; o < outPositions; o++) {
        const yo = (s * outPositions + o) * c;
        const inv = 1 / (start[o + 1]! - start[o]!);
        for (let t = start[o]!; t < start[o + 1]!; t++) {
          const xo = (xs + pos[t]!) * c;
          for (let ci = 0; ci < c; ci++) dx[xo + ci]! += dy[yo + ci]! * inv;
        }
      }
    }
    return dx;
  }

  toIr(input: string, ir: IrBuilder): string {
    const out = ir.value(`${this.name}_out`, this.outShape);
    ir.push({
      op: this.isMax ? 'maxpool' : 'avgpool', name: this.name, inputs: [input], outputs: [out],
      attrs: { kernel: [...this.pool], strides: [...this.strides], pads: [...this.win.pads] },
    });
    return out;
  }
}

/** Global max/average pooling over every spatial position, per channel: [.., C] -> [C] (as Keras, no kept dims). */
export class GlobalPoolLayer implements Layer {
  readonly outShape: readonly number[];
  readonly params: readonly Param[] = [];
  private readonly c: number;
  private readonly positions: number;
  private argmax: Int32Array = new Int32Array(0);

  constructor(readonly name: string, readonly inShape: readonly number[], readonly type: 'global_avgpool' | 'global_maxpool') {
    expectRank(name, type, inShape, inShape.length === 3 ? 3 : 2, '[L, C] or [H, W, C]');
    this.c = inShape[inShape.length - 1]!;
    this.positions = inShape.slice(0, -1).reduce((a, b) => a * b, 1);
    this.outShape = [this.c];
  }

  forward(x: Float64Array, batch: number, _ctx: ForwardContext): Float64Array {
    const { c, positions } = this;
    const y = new Float64Array(batch * c);
    if (this.type === 'global_maxpool') {
      if (this.argmax.length !== y.length) this.argmax = new Int32Array(y.length);
      y.fill(-Infinity);
      for (let s = 0; s < batch; s++) {
        for (let p = 0; p < positions; p++) {
          const xo = (s * positions + p) * c;
          for (let ci = 0; ci < c; ci++) {
            if (x[xo + ci]! > y[s * c + ci]!) { y[s * c + ci] = x[xo + ci]!; this.argmax[s * c + ci] = xo + ci; }
          }
        }
      }
      return y;
    }
    for (let s = 0; s < batch; s++) {
      for (let p = 0; p < positions; p++) {
        const xo = (s * positions + p) * c;
        for (let ci = 0; ci < c; ci++) y[s * c + ci]! += x[xo + ci]!;
      }
    }
    for (let i = 0; i < y.length; i++) y[i]! /= positions;
    return y;
  }

  backward(dy: Float64Array, batch: number): Float64Array {
    const { c, positions } = this;
    const dx = new Float64Array(batch * positions * c);
    if (this.type === 'global_maxpool') {
      for (let i = 0; i < dy.length; i++) dx[this.argmax[i]!]! += dy[i]!;
      return dx;
    }
    for (let s = 0; s < batch; s++) {
      for (let p = 0; p < positions; p++) {
        const xo = (s * positions + p) * c;
        for (let ci = 0; ci < c; ci++) dx[xo + ci] = dy[s * c + ci]! / positions;
      }
    }
    return dx;
  }

  toIr(input: string, ir: IrBuilder): string {
    const out = ir.value(`${this.name}_out`, this.outShape);
    ir.push({ op: this.type, name: this.name, inputs: [input], outputs: [out], attrs: {} });
    return out;
  }
}
