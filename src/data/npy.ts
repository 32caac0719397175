// NumPy .npy (de)serialization for float32/float64 arrays in C order (versions 1.0-3.0).
import { HlsnetError } from '../diagnostics/errors.js';
import { size } from '../ir/shape.js';

export interface NdArray {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

function bad(file: string, message: string): never {
  throw new HlsnetError('E301', message, { subject: file, hint: 'write the data with numpy.save(path, x.astype("float32")) — float32/float64, C order' });
}

export function parseNpy(bytes: Uint8Array, file: string): NdArray {
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (bytes.length < 10 || !magic.every((b, i) => bytes[i] === b)) bad(file, 'not a .npy file (missing the \\x93NUMPY magic)');
  const major = bytes[6]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  if (start + headerLen > bytes.length) bad(file, 'truncated .npy header');
  const header = new TextDecoder().decode(bytes.subarray(start, start + headerLen));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || !fortran || shapeText === undefined) bad(file, `unreadable .npy header: ${header.trim()}`);
  if (fortran === 'True') bad(file, 'Fortran-ordered arrays are not supported');
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s).map(Number);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) bad(file, `bad shape (${shapeText})`);
  const count = size(shape);
  const body = start + headerLen;
  const itemSize = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (!itemSize) bad(file, `dtype '${descr}' is not supported (float32 '<f4' or float64 '<f8' only)`);
  if (bytes.length - body < count * itemSize) bad(file, `truncated data: shape (${shape}) needs ${count * itemSize} bytes, file has ${bytes.length - body}`);
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) data[i] = itemSize === 4 ? view.getFloat32(body + 4 * i, true) : view.getFloat64(body + 8 * i, true);
  return { shape, data };
}

export function serializeNpy(a: NdArray): Uint8Array {
  const shape = a.shape.length === 1 ? `(${a.shape[0]},)` : `(${a.shape.join(', ')})`;
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, }`;
  const pad = 64 - ((10 + header.length + 1) % 64);
  header += ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + header.length + a.data.length * 8);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  for (let i = 0; i < a.data.length; i++) view.setFloat64(10 + header.length + 8 * i, a.data[i]!, true);
  return out;
}
