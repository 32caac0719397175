// Unit tests of TensorProto decoding: typed fields vs raw_data, every numeric type, int64 as Long, and corrupt tensors.
import { describe, expect, test } from 'vitest';
import pkg from 'onnx-proto';
import { decodeTensor, halfToNumber } from '../../../src/frontends/onnx/tensor.js';
import { int64ToNumber } from '../../../src/frontends/onnx/long.js';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { DT, a, doubleTensor, floatTensor, int32Tensor, int64Tensor, node, buildModel, valueInfo } from '../../helpers/onnx-build.js';
import { expectHlsnetError } from '../../helpers/onnx-expect.js';

const { onnx } = pkg;

/** Encodes and decodes the tensor, as the importer sees tensors from a file. */
function roundTrip(t: pkg.onnx.ITensorProto): pkg.onnx.TensorProto {
  return onnx.TensorProto.decode(onnx.TensorProto.encode(onnx.TensorProto.fromObject(t)).finish());
}

const decode = (t: pkg.onnx.ITensorProto) => decodeTensor(roundTrip(t), 'f.onnx');

/** The Long class protobufjs decodes int64 fields into (taken from a decoded value, not imported). */
interface LongValue { readonly low: number; readonly high: number; readonly unsigned: boolean }
interface LongClass {
  fromNumber(n: number): LongValue;
  fromString(s: string, unsigned?: boolean): LongValue;
  isLong(v: unknown): boolean;
}
const Long = (roundTrip(int64Tensor('l', [1], [1])).int64Data[0] as object).constructor as unknown as LongClass;

// Float32-representable values, including negative zero, a subnormal and extremes.
const F32 = [0, -0, 1.5, -2.25, 3.0517578125e-5, Math.fround(0.1), Math.fround(-1e-40), Math.fround(3.4e38)];

describe('decodeTensor', () => {
  test('FLOAT: float_data and raw_data give the same values, exactly', () => {
    const typed = decode(floatTensor('w', [2, 4], F32, 'typed'));
    const raw = decode(floatTensor('w', [2, 4], F32, 'raw'));
    expect(typed).toEqual({ shape: [2, 4], data: F32, dataType: DT.FLOAT });
    expect(raw).toEqual(typed);
    expect(Object.is(raw.data[1], -0)).toBe(true);
  });

  test('raw_data that is a view into a larger buffer at an odd offset (as protobuf slices it)', () => {
    const t = roundTrip(floatTensor('w', [3], [1, 2, 3], 'raw'));
    const big = new Uint8Array(t.rawData.length + 5);
    big.set(t.rawData, 3);
    t.rawData = big.subarray(3, 3 + 12);
    expect(decodeTensor(t, 'f.onnx').data).toEqual([1, 2, 3]);
  });

  test('DOUBLE keeps full precision in both encodings', () => {
    const values = [0.1, -1 / 3, 1e300];
    expect(decode(doubleTensor('d', [3], values, 'typed')).data).toEqual(values);
    expect(decode(doubleTensor('d', [3], values, 'raw')).data).toEqual(values);
  });

  test('INT64: int64_data decodes from Long objects; raw_data from little-endian 8-byte words', () => {
    const values = [0, -1, 1, 2 ** 40 + 3, -(2 ** 52), 9007199254740991];
    const typed = roundTrip(int64Tensor('s', [6], values, 'typed'));
    expect(Long.isLong(typed.int64Data[0])).toBe(true);
    expect(decodeTensor(typed, 'f.onnx').data).toEqual(values);
    expect(decode(int64Tensor('s', [6], values, 'raw')).data).toEqual(values);
    // Also Long objects placed directly (not from the wire) and unsigned ones.
    expect(decodeTensor({ name: 's', dims: [Long.fromNumber(2)], dataType: DT.INT64, int64Data: [Long.fromNumber(-5), Long.fromNumber(7)] }, 'f.onnx').data).toEqual([-5, 7]);
  });

  test('INT64 beyond 2^53 is rejected rather than rounded', () => {
    const t = { name: 'big', dims: [1], dataType: DT.INT64, int64Data: [Long.fromString('9007199254740993')] };
    expect(expectHlsnetError(() => decodeTensor(t, 'f.onnx'), 'E105').subject).toBe("f.onnx: tensor 'big'");
  });

  test('INT32, INT8, UINT8, BOOL from int32_data or raw_data', () => {
    expect(decode(int32Tensor('i', [3], [-7, 0, 2147483647], 'typed')).data).toEqual([-7, 0, 2147483647]);
    expect(decode(int32Tensor('i', [3], [-7, 0, 2147483647], 'raw')).data).toEqual([-7, 0, 2147483647]);
    expect(decode({ name: 'b', dims: [3], dataType: DT.INT8, rawData: Uint8Array.from([0xff, 0x80, 0x05]) }).data).toEqual([-1, -128, 5]);
    expect(decode({ name: 'b', dims: [3], dataType: DT.UINT8, rawData: Uint8Array.from([0xff, 0x80, 0x05]) }).data).toEqual([255, 128, 5]);
    expect(decode({ name: 'b', dims: [2], dataType: DT.INT8, int32Data: [-3, 4] }).data).toEqual([-3, 4]);
    expect(decode({ name: 'b', dims: [3], dataType: DT.BOOL, rawData: Uint8Array.from([1, 0, 1]) }).data).toEqual([1, 0, 1]);
  });

  test('FLOAT16 from raw_data and from int32_data bit patterns', () => {
    // 0x3c00 = 1, 0xc000 = -2, 0x3555 ≈ 0.33325, 0x0001 = 2^-24 (smallest subnormal), 0x7bff = 65504
    const bits = [0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff];
    const want = [1, -2, 0.333251953125, 2 ** -24, 65504];
    const raw = new Uint8Array(bits.length * 2);
    bits.forEach((b, i) => new DataView(raw.buffer).setUint16(2 * i, b, true));
    expect(decode({ name: 'h', dims: [5], dataType: DT.FLOAT16, rawData: raw }).data).toEqual(want);
    expect(decode({ name: 'h', dims: [5], dataType: DT.FLOAT16, int32Data: bits }).data).toEqual(want);
    expect(halfToNumber(0x7c00)).toBe(Infinity);
  });

  test('a scalar (no dims) has shape [] and one value; an empty tensor has none', () => {
    expect(decode(floatTensor('s', [], [2.5]))).toEqual({ shape: [], data: [2.5], dataType: DT.FLOAT });
    expect(decode(floatTensor('e', [0, 3], []))).toEqual({ shape: [0, 3], data: [], dataType: DT.FLOAT });
  });

  test('count mismatches, external data and strings are errors naming the tensor', () => {
    expect(expectHlsnetError(() => decode(floatTensor('w', [2, 2], [1, 2, 3])), 'E103').subject).toBe("f.onnx: tensor 'w'");
    expect(expectHlsnetError(() => decode(floatTensor('w', [2, 2], [1, 2, 3], 'raw')), 'E103').message).toContain('12 bytes');
    expect(expectHlsnetError(() => decode(floatTensor('w', [2, 2], [])), 'E103').message).toContain('holds 0 values');
    const external = { name: 'ext', dims: [2], dataType: DT.FLOAT, dataLocation: 1, externalData: [{ key: 'location', value: 'w.bin' }] };
    expect(expectHlsnetError(() => decode(external), 'E105').message).toContain('external');
    expect(expectHlsnetError(() => decode({ name: 'str', dims: [1], dataType: DT.STRING, stringData: [new Uint8Array([65])] }), 'E105').message).toContain('STRING');
  });
});

describe('int64ToNumber', () => {
  test('numbers, Longs (signed and unsigned), bigints', () => {
    expect(int64ToNumber(5)).toBe(5);
    expect(int64ToNumber(Long.fromNumber(-123456789012))).toBe(-123456789012);
    expect(int64ToNumber(Long.fromString('18446744073709551615', true))).toBe(18446744073709551615);
    expect(int64ToNumber({ low: -1, high: -1, unsigned: false })).toBe(-1);
    expect(int64ToNumber(10n)).toBe(10);
    expect(int64ToNumber(undefined)).toBe(0);
  });
});

describe('Constant nodes become constant tensors, not IR nodes', () => {
  const model = (constAttr: pkg.onnx.IAttributeProto, shape: number[]) => buildModel({
    nodes: [node('Constant', [], ['c'], { name: 'k', attrs: [constAttr] }), node('Add', ['x', 'c'], ['y'], { name: 'add' })],
    inputs: [valueInfo('x', ['N', ...shape])],
    outputs: [valueInfo('y', undefined)],
  });

  test.each([
    ['value (raw FLOAT tensor)', a.tensor('value', floatTensor('', [3], [1, -2, 0.5], 'raw')), [3], [1, -2, 0.5]],
    ['value (DOUBLE tensor)', a.tensor('value', doubleTensor('', [3], [0.1, 0.2, 0.3])), [3], [0.1, 0.2, 0.3]],
    ['value_floats', a.floats('value_floats', [1, 2, 3]), [3], [1, 2, 3]],
    ['value_float', a.float('value_float', 4), [], [4]],
    ['value_ints', a.ints('value_ints', [1, 2, 3]), [3], [1, 2, 3]],
    ['value_int', a.int('value_int', -9), [], [-9]],
  ])('%s', (_label, attr, shape, data) => {
    const { graph } = importOnnx(model(attr, [3]), 'k.onnx');
    expect(graph.nodes.map((n) => n.op)).toEqual(['add']);
    expect(graph.tensors['c']).toEqual({ name: 'c', shape, data });
    expect(graph.tensors['y']!.shape).toEqual([3]);
  });

  test('a string constant is rejected, naming the node', () => {
    const err = expectHlsnetError(() => importOnnx(model(a.string('value_string', 'hi'), [3]), 'k.onnx'), 'E105');
    expect(err.subject).toBe("k.onnx: node 'k' (Constant)");
  });
});
