// hls4ml-style .dat text data: one sample per line, values separated by whitespace.
import { HlsnetError } from '../diagnostics/errors.js';
import type { NdArray } from './npy.js';

export function parseDat(text: string, file: string): NdArray {
  const rows = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const values: number[] = [];
  let width = -1;
  rows.forEach((line, i) => {
    const parts = line.split(/[\s,]+/);
    if (width >= 0 && parts.length !== width) {
      throw new HlsnetError('E301', `line ${i + 1} has ${parts.length} values, line 1 has ${width}`, { subject: file });
    }
    width = parts.length;
    for (const p of parts) {
      const v = Number(p);
      if (!Number.isFinite(v)) throw new HlsnetError('E301', `line ${i + 1}: '${p}' is not a finite number`, { subject: file });
      values.push(v);
    }
  });
  return { shape: [rows.length, Math.max(width, 0)], data: Float64Array.from(values) };
}

/** Shortest text that parses back to the same double (exact round trip). */
export function formatDat(data: ArrayLike<number>, perSample: number): string {
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += perSample) {
    const row: string[] = [];
    for (let j = 0; j < perSample; j++) row.push(String(data[i + j]));
    lines.push(row.join(' '));
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
