// Helpers shared by the trainer's layers: parameters, Keras initializers, shape checks and E211 errors.
import { HlsnetError } from '../../diagnostics/errors.js';
import type { Param } from '../layer.js';
import type { Rng } from '../random.js';
import type { Size } from '../spec-types.js';

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function describe(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** A bad layer specification or input shape, named after the layer. */
export function layerError(name: string, message: string, hint: string): HlsnetError {
  return new HlsnetError('E211', message, { subject: `layer '${name}'`, hint });
}

export function makeParam(name: string, shape: readonly number[], regularized: boolean): Param {
  const n = sizeOf(shape);
  return { name, shape: [...shape], value: new Float64Array(n), grad: new Float64Array(n), regularized };
}

/** Keras's glorot_uniform: U(−l, l) with l = sqrt(6 / (fanIn + fanOut)). */
export function glorotUniform(p: Param, fanIn: number, fanOut: number, rng: Rng): void {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  for (let i = 0; i < p.value.length; i++) p.value[i] = (2 * rng.uniform() - 1) * limit;
}

/** A positive integer count (units, filters), or E211. */
export function positiveInt(name: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw layerError(name, `${what} must be a positive integer, got ${JSON.stringify(v)}`, `set ${what} to an integer ≥ 1`);
  }
  return v;
}

/** A per-spatial-axis size: one number for every axis, or one per axis; positive integers. */
export function axisSizes(name: string, what: string, v: Size | undefined, rank: number, fallback?: readonly number[]): number[] {
  if (v === undefined && fallback) return [...fallback];
  const list = typeof v === 'number' ? new Array<number>(rank).fill(v) : Array.isArray(v) ? [...(v as number[])] : undefined;
  if (!list || list.length !== rank || list.some((k) => !Number.isInteger(k) || k < 1)) {
    throw layerError(name, `${what} ${JSON.stringify(v)} must be a positive integer or a list of ${rank} positive integers`,
      `give ${what} as one integer or ${rank} integers (one per spatial axis)`);
  }
  return list;
}

/** The input must have `rank` axes (spatial axes then channels) for this layer type. */
export function expectRank(name: string, type: string, inShape: readonly number[], rank: number, layout: string): void {
  if (inShape.length !== rank || inShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw layerError(name, `${type} needs a per-sample input of shape ${layout}, got ${describe(inShape)}`,
      rank === 1 ? 'add a flatten layer before it' : `feed it ${layout} data (channels last), e.g. reshape the input or use the ${rank === 2 ? '1-D' : '2-D'} layer variant`);
  }
}
