// Decodes an ONNX TensorProto (typed fields or little-endian raw_data) into a shape and float64 values in C order.
import type { onnx } from 'onnx-proto';
import { fail, describeShape } from './errors.js';
import { int64ToNumber } from './long.js';
import { size } from '../../ir/shape.js';

/** A decoded constant: its full ONNX shape (constants have no batch dimension) and values. */
export interface DecodedTensor {
  readonly shape: number[];
  readonly data: number[];
  /** The ONNX `TensorProto.DataType` number. */
  readonly dataType: number;
}

/** ONNX data types we can turn into numbers, with their raw_data element size in bytes. */
const DATA_TYPES: Readonly<Record<number, { readonly name: string; readonly bytes: number }>> = {
  1: { name: 'FLOAT', bytes: 4 },
  2: { name: 'UINT8', bytes: 1 },
  3: { name: 'INT8', bytes: 1 },
  4: { name: 'UINT16', bytes: 2 },
  5: { name: 'INT16', bytes: 2 },
  6: { name: 'INT32', bytes: 4 },
  7: { name: 'INT64', bytes: 8 },
  9: { name: 'BOOL', bytes: 1 },
  10: { name: 'FLOAT16', bytes: 2 },
  11: { name: 'DOUBLE', bytes: 8 },
  12: { name: 'UINT32', bytes: 4 },
  13: { name: 'UINT64', bytes: 8 },
  16: { name: 'BFLOAT16', bytes: 2 },
};

const OTHER_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'UNDEFINED',
  8: 'STRING',
  14: 'COMPLEX64',
  15: 'COMPLEX128',
};

export function dataTypeName(dataType: number): string {
  return DATA_TYPES[dataType]?.name ?? OTHER_TYPE_NAMES[dataType] ?? `type ${dataType}`;
}

export function isFloatType(dataType: number): boolean {
  return dataType === 1 || dataType === 10 || dataType === 11 || dataType === 16;
}

/** IEEE half precision bits to a number. */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 0x1f) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** bfloat16 bits are the top half of a float32. */
function bfloat16ToNumber(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setUint32(0, (bits & 0xffff) << 16);
  return view.getFloat32(0);
}

function readRaw(raw: Uint8Array, dataType: number, count: number): number[] {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out = new Array<number>(count);
  const size = DATA_TYPES[dataType]!.bytes;
  for (let i = 0; i < count; i++) {
    const at = i * size;
    switch (dataType) {
      case 1: out[i] = view.getFloat32(at, true); break;
      case 2: out[i] = view.getUint8(at); break;
      case 3: out[i] = view.getInt8(at); break;
      case 4: out[i] = view.getUint16(at, true); break;
      case 5: out[i] = view.getInt16(at, true); break;
      case 6: out[i] = view.getInt32(at, true); break;
      case 7: out[i] = Number(view.getBigInt64(at, true)); break;
      case 9: out[i] = view.getUint8(at) ? 1 : 0; break;
      case 10: out[i] = halfToNumber(view.getUint16(at, true)); break;
      case 11: out[i] = view.getFloat64(at, true); break;
      case 12: out[i] = view.getUint32(at, true); break;
      case 13: out[i] = Number(view.getBigUint64(at, true)); break;
      case 16: out[i] = bfloat16ToNumber(view.getUint16(at, true)); break;
      default: throw new Error(`readRaw: unhandled data type ${dataType}`);
    }
  }
  return out;
}

/** Values stored in the typed repeated fields (which field depends on the data type). */
function readTyped(t: onnx.ITensorProto, dataType: number): number[] {
  switch (dataType) {
    case 1: return Array.from(t.floatData ?? []);
    case 11: return Array.from(t.doubleData ?? []);
    case 7: return (t.int64Data ?? []).map(int64ToNumber);
    case 12: case 13: return (t.uint64Data ?? []).map(int64ToNumber);
    // Small integer and 16-bit float types live in int32_data (floats as bit patterns).
    case 10: return (t.int32Data ?? []).map(halfToNumber);
    case 16: return (t.int32Data ?? []).map(bfloat16ToNumber);
    case 9: return (t.int32Data ?? []).map((v) => (v ? 1 : 0));
    default: return Array.from(t.int32Data ?? []);
  }
}

/** Decodes `t`; `what` names it in errors (defaults to `tensor '<name>'`). */
export function decodeTensor(t: onnx.ITensorProto, file: string, what = `tensor '${t.name ?? ''}'`): DecodedTensor {
  const dataType = t.dataType ?? 0;
  const shape = (t.dims ?? []).map(int64ToNumber);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    fail('E103', file, what, `invalid dimensions ${describeShape(shape)}`, 'the file is corrupt or was written by a broken exporter; re-export the model');
  }
  if (t.dataLocation === 1 || (t.externalData?.length ?? 0) > 0) {
    fail('E105', file, what, 'tensor data is stored in an external file, which is not supported',
      'save the model with all tensors inside the .onnx file (e.g. onnx.save(model, path, save_as_external_data=False))');
  }
  if (!DATA_TYPES[dataType]) {
    fail('E105', file, what, `data type ${dataTypeName(dataType)} is not supported`, 'only numeric tensors (float, double, float16, integer, bool) can be imported');
  }
  const count = size(shape);
  const raw = t.rawData;
  let data: number[];
  if (raw && raw.byteLength > 0) {
    const expected = count * DATA_TYPES[dataType]!.bytes;
    if (raw.byteLength !== expected) {
      fail('E103', file, what, `raw_data holds ${raw.byteLength} bytes but shape ${describeShape(shape)} of ${dataTypeName(dataType)} needs ${expected}`,
        'the file is corrupt or truncated; re-export the model');
    }
    data = readRaw(raw, dataType, count);
  } else {
    data = readTyped(t, dataType);
    if (data.length !== count) {
      fail('E103', file, what, `holds ${data.length} values but shape ${describeShape(shape)} needs ${count}`,
        'the file is corrupt or was written by a broken exporter; re-export the model');
    }
  }
  if ((dataType === 7 || dataType === 13) && data.some((v) => !Number.isSafeInteger(v))) {
    fail('E105', file, what, 'holds 64-bit integers beyond 2^53, which cannot be represented exactly', 'use values of magnitude below 2^53');
  }
  return { shape, data, dataType };
}
