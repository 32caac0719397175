// Data files (.npy or .dat) -> a batch for one graph input, checked against the model's shape.
import { HlsnetError } from '../diagnostics/errors.js';
import { size } from '../ir/graph.js';
import { parseDat } from './dat.js';
import { parseNpy, type NdArray } from './npy.js';

export function parseData(bytes: Uint8Array, file: string): NdArray {
  if (file.endsWith('.npy')) return parseNpy(bytes, file);
  if (file.endsWith('.dat') || file.endsWith('.txt') || file.endsWith('.csv')) return parseDat(new TextDecoder().decode(bytes), file);
  throw new HlsnetError('E301', 'unknown data file extension', { subject: file, hint: 'use .npy (float32/float64) or .dat (one sample per line)' });
}

/**
 * Interpret `a` as samples of an input whose per-sample shape is `sample`: accepts
 * [n, ...sample], [n, size(sample)] or a single sample of exactly `sample`.
 */
export function asBatch(a: NdArray, sample: readonly number[], file: string, input: string): { data: Float64Array; count: number } {
  const per = size(sample);
  const s = a.shape;
  const same = (x: readonly number[], y: readonly number[]): boolean => x.length === y.length && x.every((d, i) => d === y[i]);
  if (s.length >= 1 && (same(s.slice(1), sample) || (s.length === 2 && s[1] === per))) return { data: a.data, count: s[0]! };
  if (same(s, sample)) return { data: a.data, count: 1 };
  throw new HlsnetError('E302', `data of shape (${s.join(', ')}) does not fit input '${input}' with per-sample shape (${sample.join(', ')})`, {
    subject: file,
    hint: sample.length === 1 ? `give (N, ${per}) samples` : `give (N, ${sample.join(', ')}) or (N, ${per}) samples`,
  });
}
