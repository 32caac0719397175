// Data files: .npy (float32/float64, C order) and hls4ml-style .dat text, their round trips,
// and coded errors (E301 unreadable file, E302 shape mismatch) naming the file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDat, parseDat } from '../../src/data/dat.js';
import { permuteSamples } from '../../src/data/layout.js';
import { asBatch, parseData } from '../../src/data/load.js';
import { parseNpy, serializeNpy } from '../../src/data/npy.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';
import { thrown } from '../helpers/errors.js';


/** A .npy file written by hand from the format spec: magic, version, header length, header, data. */
function handNpy(header: string, body: Uint8Array, major = 1): Uint8Array {
  const pre = major === 1 ? 10 : 12;
  let h = header;
  h += ' '.repeat((64 - ((pre + h.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(pre + h.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]);
  const view = new DataView(out.buffer);
  if (major === 1) view.setUint16(8, h.length, true);
  else view.setUint32(8, h.length, true);
  out.set(new TextEncoder().encode(h), pre);
  out.set(body, pre + h.length);
  return out;
}

function f64Bytes(values: number[]): Uint8Array {
  const b = new Uint8Array(values.length * 8);
  values.forEach((v, i) => new DataView(b.buffer).setFloat64(8 * i, v, true));
  return b;
}

/** Random finite doubles from random bit patterns: all exponents, subnormals, signs. */
function randomDoubles(seed: number, n: number): number[] {
  const rand = mulberry32(seed);
  const view = new DataView(new ArrayBuffer(8));
  const out: number[] = [0, 1, -1, 0.1, 1 / 3, Number.MIN_VALUE, -Number.MAX_VALUE, 2 ** -1022, 123456789.125, -2.5e-300];
  while (out.length < n) {
    view.setUint32(0, Math.floor(rand() * 2 ** 32));
    view.setUint32(4, Math.floor(rand() * 2 ** 32));
    const v = view.getFloat64(0);
    if (Number.isFinite(v)) out.push(rand() < 0.5 ? v : (rand() - 0.5) * 8); // wild bit patterns and everyday values
  }
  return out;
}

describe('.npy parse', () => {
  for (const model of ['three_layer_keras', 'two_layer_keras']) {
    it(`golden ${model}/input.npy (float32): shape from meta.json, values decoded independently`, () => {
      const file = sharedModel(`golden/${model}/input.npy`);
      const bytes = new Uint8Array(readFileSync(file));
      const meta = JSON.parse(readFileSync(sharedModel(`golden/${model}/meta.json`), 'utf8')) as { inputShape: number[] };
      const a = parseNpy(bytes, file);
      expect(a.shape).toEqual(meta.inputShape);
      expect(a.data.length).toBe(meta.inputShape[0]! * meta.inputShape[1]!);
      // Independent decode: v1.0 header length at bytes 8-9, data right after, little-endian float32.
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const start = 10 + view.getUint16(8, true);
      expect(start % 64).toBe(0);
      for (const i of [0, 1, 7, a.data.length - 1]) expect(a.data[i]).toBe(view.getFloat32(start + 4 * i, true));
      // meta.json: uniform [0,1) snapped to multiples of 2^-10.
      expect(a.data.every((v) => v >= 0 && v < 1 && Number.isInteger(v * 1024))).toBe(true);
      expect(new Set(a.data).size).toBeGreaterThan(a.data.length / 2);
    });
  }

  it('float64 files (v1.0 and v2.0 headers), written by hand from the spec', () => {
    const golden = parseNpy(new Uint8Array(readFileSync(sharedModel('golden/three_layer_keras/input.npy'))), 'input.npy');
    const values = [...golden.data.slice(0, 12), -0.1, 1e300];
    const body = f64Bytes(values);
    for (const major of [1, 2]) {
      const a = parseNpy(handNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 7), }", body, major), `v${major}.npy`);
      expect(a.shape).toEqual([2, 7]);
      expect([...a.data]).toEqual(values);
    }
    // A 1-d shape '(14,)' and a scalar '()'.
    expect(parseNpy(handNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (14,), }", body), 'a.npy').shape).toEqual([14]);
    const scalar = parseNpy(handNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", f64Bytes([2.5])), 's.npy');
    expect([scalar.shape, [...scalar.data]]).toEqual([[], [2.5]]);
  });
});

describe('.npy serialize -> parse', () => {
  it('round-trips shapes and every double exactly, with a 64-byte aligned header', () => {
    const shapes = [[5], [3, 4], [2, 3, 2], [1, 16]];
    shapes.forEach((shape, k) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Float64Array.from(randomDoubles(k + 1, Math.max(n, 10)).slice(0, n));
      const bytes = serializeNpy({ shape, data });
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      expect((10 + view.getUint16(8, true)) % 64).toBe(0);
      expect(bytes.length).toBe(10 + view.getUint16(8, true) + 8 * n);
      const back = parseNpy(bytes, 'x.npy');
      expect(back.shape).toEqual(shape);
      expect([...back.data].every((v, i) => Object.is(v, data[i]))).toBe(true);
    });
  });
});

describe('.npy errors: E301 naming the file', () => {
  const good = (): Uint8Array => handNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", f64Bytes([1, 2, 3, 4, 5, 6]));
  const cases: [string, () => Uint8Array, RegExp][] = [
    ['bad magic', () => { const b = good(); b[1] = 0x58; return b; }, /magic/],
    ['not even a header', () => new TextEncoder().encode('1 2 3'), /magic/],
    ['Fortran order', () => handNpy("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", f64Bytes([1, 2, 3, 4, 5, 6])), /Fortran/],
    ["dtype '<i4'", () => handNpy("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", new Uint8Array(24)), /'<i4' is not supported/],
    ['truncated data', () => good().subarray(0, good().length - 5), /truncated data/],
    ['truncated header', () => good().subarray(0, 40), /truncated .npy header/],
  ];
  for (const [what, bytes, message] of cases) {
    it(what, () => {
      const e = thrown(() => parseNpy(bytes(), 'data/bad.npy'));
      expect(e.code).toBe('E301');
      expect(e.subject).toBe('data/bad.npy');
      expect(e.message).toMatch(message);
    });
  }

  it('an unknown extension', () => {
    const e = thrown(() => parseData(new Uint8Array(4), 'x.bin'));
    expect([e.code, e.subject]).toEqual(['E301', 'x.bin']);
  });
});

describe('asBatch', () => {
  const arr = (shape: number[]) => ({ shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)) });
  it('accepts (N, ...sample), (N, size) and a single sample', () => {
    expect(asBatch(arr([5, 2, 3]), [2, 3], 'x.npy', 'in').count).toBe(5);
    expect(asBatch(arr([5, 6]), [2, 3], 'x.npy', 'in').count).toBe(5);
    expect(asBatch(arr([2, 3]), [2, 3], 'x.npy', 'in').count).toBe(1);
    expect(asBatch(arr([7, 16]), [16], 'x.npy', 'in').count).toBe(7);
  });
  it('a wrong shape: E302 naming the file, the input and the expected shape', () => {
    for (const shape of [[4, 15], [32], [16, 1], [2, 3, 4]]) {
      const e = thrown(() => asBatch(arr(shape), [16], 'x.npy', 'input_1_0'));
      expect(e.code).toBe('E302');
      expect(e.subject).toBe('x.npy');
      expect(e.message).toContain(`(${shape.join(', ')})`);
      expect(e.message).toContain("'input_1_0'");
      expect(e.hint).toContain('(N, 16)');
    }
  });
});

describe('.dat text', () => {
  it('format -> parse is exact for random doubles (shortest repr)', () => {
    const values = randomDoubles(42, 600);
    const text = formatDat(values, 6);
    expect(text.split('\n').filter((l) => l)).toHaveLength(100);
    const back = parseDat(text, 'x.dat');
    expect(back.shape).toEqual([100, 6]);
    expect([...back.data].every((v, i) => v === values[i])).toBe(true);
    // Shortest: each token is exactly what String() gives, so nothing longer than needed is written.
    expect(text.split(/\s+/).filter((t) => t)).toEqual(values.map(String));
  });

  it('parses hls4ml files: blank lines, CRLF, tabs and commas', () => {
    const a = parseDat('1 2.5\t-3\r\n\n4,5e-1 6\n', 'x.dat');
    expect(a.shape).toEqual([2, 3]);
    expect([...a.data]).toEqual([1, 2.5, -3, 4, 0.5, 6]);
  });

  it('ragged lines and non-numbers: E301 naming the file and the line', () => {
    const ragged = thrown(() => parseDat('1 2 3\n4 5 6\n7 8\n', 'in.dat'));
    expect([ragged.code, ragged.subject]).toEqual(['E301', 'in.dat']);
    expect(ragged.message).toMatch(/line 3 has 2 values, line 1 has 3/);
    const nan = thrown(() => parseDat('1 2\n3 abc\n', 'in.dat'));
    expect(nan.code).toBe('E301');
    expect(nan.message).toMatch(/line 2: 'abc'/);
    expect(thrown(() => parseDat('1 Infinity\n', 'in.dat')).code).toBe('E301');
  });
});

describe('model layout -> IR layout (permuteSamples)', () => {
  it('NCHW samples become channels-last: y[h][w][c] = x[c][h][w], for every sample', () => {
    const [c, h, w] = [3, 4, 5];
    const per = c * h * w;
    const x = Float64Array.from({ length: 2 * per }, (_, i) => i);
    const y = permuteSamples(x, 2, [c, h, w], [1, 2, 0]);
    for (let k = 0; k < 2; k++) {
      for (let ih = 0; ih < h; ih++) {
        for (let iw = 0; iw < w; iw++) {
          for (let ic = 0; ic < c; ic++) expect(y[k * per + (ih * w + iw) * c + ic]).toBe(x[k * per + (ic * h + ih) * w + iw]);
        }
      }
    }
  });

  it('NCW samples (1-D) and the identity permutation', () => {
    const x = Float64Array.from([1, 2, 3, 4, 5, 6]); // C = 2, L = 3
    expect(Array.from(permuteSamples(x, 1, [2, 3], [1, 0]))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(Array.from(permuteSamples(x, 2, [3], [0]))).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
