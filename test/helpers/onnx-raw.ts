// An independent, minimal protobuf walk of an ONNX file's float initializers, to check the importer against.
// It reads the wire format by field number (ModelProto.graph = 7, GraphProto.initializer = 5,
// TensorProto dims = 1, data_type = 2, float_data = 4, int64_data = 7, name = 8, raw_data = 9) and nothing else.
import protobuf from 'protobufjs';

export interface RawInitializer {
  readonly name: string;
  readonly dims: number[];
  readonly dataType: number;
  readonly values: number[];
}

/** Decodes one FLOAT (float_data or raw_data) or INT64 (int64_data or raw_data) TensorProto. */
export function readRawTensor(bytes: Uint8Array): RawInitializer {
  const r = protobuf.Reader.create(bytes);
  let name = '';
  let dataType = 0;
  const dims: number[] = [];
  const floats: number[] = [];
  let raw: Uint8Array | undefined;
  while (r.pos < r.len) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 1 && wire === 0) dims.push(Number(r.int64()));
    else if (field === 1 && wire === 2) {
      const end = r.uint32() + r.pos;
      while (r.pos < end) dims.push(Number(r.int64()));
    } else if (field === 2 && wire === 0) dataType = r.int32();
    else if (field === 4 && wire === 5) floats.push(r.float());
    else if (field === 4 && wire === 2) {
      const end = r.uint32() + r.pos;
      while (r.pos < end) floats.push(r.float());
    } else if (field === 7 && wire === 0) floats.push(Number(r.int64()));
    else if (field === 7 && wire === 2) {
      const end = r.uint32() + r.pos;
      while (r.pos < end) floats.push(Number(r.int64()));
    } else if (field === 8 && wire === 2) name = r.string();
    else if (field === 9 && wire === 2) raw = r.bytes();
    else r.skipType(wire);
  }
  let values = floats;
  if (raw && raw.length > 0) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    values = dataType === 7
      ? Array.from({ length: raw.length / 8 }, (_, i) => Number(view.getBigInt64(8 * i, true)))
      : Array.from({ length: raw.length / 4 }, (_, i) => view.getFloat32(4 * i, true));
  }
  return { name, dims, dataType, values };
}

function submessages(bytes: Uint8Array, wanted: number): Uint8Array[] {
  const r = protobuf.Reader.create(bytes);
  const out: Uint8Array[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    if (tag >>> 3 === wanted && (tag & 7) === 2) out.push(r.bytes());
    else r.skipType(tag & 7);
  }
  return out;
}

/** The float initializers of a model file, by name. */
export function readRawInitializers(model: Uint8Array): Map<string, RawInitializer> {
  const [graph] = submessages(model, 7);
  const tensors = submessages(graph!, 5).map(readRawTensor);
  return new Map(tensors.map((t) => [t.name, t]));
}
