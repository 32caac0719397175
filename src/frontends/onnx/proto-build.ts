// Builders of ONNX protobuf messages (tensors, attributes, nodes, value infos, models) and their encoding with onnx-proto; the exporter and the tests share them.
import pkg from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';

const { onnx } = pkg;

export const DT = { FLOAT: 1, UINT8: 2, INT8: 3, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9, FLOAT16: 10, DOUBLE: 11 } as const;

export type Encoding = 'typed' | 'raw';

/** A FLOAT tensor in float_data ('typed') or little-endian raw_data ('raw'). */
export function floatTensor(name: string, dims: number[], values: number[], encoding: Encoding = 'typed'): O.ITensorProto {
  if (encoding === 'typed') return { name, dims, dataType: DT.FLOAT, floatData: values };
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return { name, dims, dataType: DT.FLOAT, rawData: raw };
}

export function doubleTensor(name: string, dims: number[], values: number[], encoding: Encoding = 'typed'): O.ITensorProto {
  if (encoding === 'typed') return { name, dims, dataType: DT.DOUBLE, doubleData: values };
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setFloat64(8 * i, v, true));
  return { name, dims, dataType: DT.DOUBLE, rawData: raw };
}

export function int64Tensor(name: string, dims: number[], values: number[], encoding: Encoding = 'typed'): O.ITensorProto {
  if (encoding === 'typed') return { name, dims, dataType: DT.INT64, int64Data: values };
  const raw = new Uint8Array(values.length * 8);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setBigInt64(8 * i, BigInt(v), true));
  return { name, dims, dataType: DT.INT64, rawData: raw };
}

export function int32Tensor(name: string, dims: number[], values: number[], encoding: Encoding = 'typed'): O.ITensorProto {
  if (encoding === 'typed') return { name, dims, dataType: DT.INT32, int32Data: values };
  const raw = new Uint8Array(values.length * 4);
  const view = new DataView(raw.buffer);
  values.forEach((v, i) => view.setInt32(4 * i, v, true));
  return { name, dims, dataType: DT.INT32, rawData: raw };
}

/** Attributes: `a.int('axis', 1)`, `a.float('alpha', 0.5)`, ... */
export const a = {
  int: (name: string, i: number): O.IAttributeProto => ({ name, type: 2, i }),
  float: (name: string, f: number): O.IAttributeProto => ({ name, type: 1, f }),
  ints: (name: string, ints: number[]): O.IAttributeProto => ({ name, type: 7, ints }),
  floats: (name: string, floats: number[]): O.IAttributeProto => ({ name, type: 6, floats }),
  string: (name: string, s: string): O.IAttributeProto => ({ name, type: 3, s: new TextEncoder().encode(s) }),
  tensor: (name: string, t: O.ITensorProto): O.IAttributeProto => ({ name, type: 4, t }),
};

export interface NodeOptions {
  readonly name?: string;
  readonly domain?: string;
  readonly attrs?: O.IAttributeProto[];
}

export function node(opType: string, inputs: string[], outputs: string[], opts: NodeOptions = {}): O.INodeProto {
  return { opType, input: inputs, output: outputs, name: opts.name ?? '', domain: opts.domain ?? '', attribute: opts.attrs ?? [] };
}

/** A tensor value info; a string dimension is symbolic (dim_param). */
export function valueInfo(name: string, dims: (number | string)[] | undefined, elemType: number = DT.FLOAT): O.IValueInfoProto {
  const shape = dims === undefined ? undefined : { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) };
  return { name, type: { tensorType: shape ? { elemType, shape } : { elemType } } };
}

export interface ModelSpec {
  readonly nodes: O.INodeProto[];
  readonly inputs: O.IValueInfoProto[];
  readonly outputs: O.IValueInfoProto[];
  readonly initializers?: O.ITensorProto[];
  readonly opset?: number;
  readonly irVersion?: number;
  /** IR-3 style: also list every initializer among the graph inputs. */
  readonly initializersAsInputs?: boolean;
  readonly extraOpsets?: { domain: string; version: number }[];
  readonly producerName?: string;
  readonly graphName?: string;
}

export function modelProto(spec: ModelSpec): O.IModelProto {
  const initializers = spec.initializers ?? [];
  const asInputs = spec.initializersAsInputs
    ? initializers.map((t) => valueInfo(t.name ?? '', (t.dims ?? []).map(Number), t.dataType ?? DT.FLOAT))
    : [];
  return {
    irVersion: spec.irVersion ?? 8,
    producerName: spec.producerName ?? 'hlsnet-test',
    opsetImport: [{ domain: '', version: spec.opset ?? 13 }, ...(spec.extraOpsets ?? [])],
    graph: {
      name: spec.graphName ?? 'test',
      node: spec.nodes,
      input: [...spec.inputs, ...asInputs],
      output: spec.outputs,
      initializer: initializers,
    },
  };
}

export function encodeModel(model: O.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.fromObject(model)).finish();
}

export function buildModel(spec: ModelSpec): Uint8Array {
  return encodeModel(modelProto(spec));
}

/** A single-node model with one batched input `x` of per-sample shape `shape`, output `y`. */
export function singleNode(
  op: string,
  shape: number[],
  extra: { inputs?: string[]; initializers?: O.ITensorProto[]; attrs?: O.IAttributeProto[]; opset?: number; name?: string } = {},
): Uint8Array {
  return buildModel({
    nodes: [node(op, ['x', ...(extra.inputs ?? [])], ['y'], { attrs: extra.attrs ?? [], name: extra.name ?? `${op}1` })],
    inputs: [valueInfo('x', ['N', ...shape])],
    outputs: [valueInfo('y', undefined)],
    initializers: extra.initializers ?? [],
    opset: extra.opset ?? 13,
  });
}
