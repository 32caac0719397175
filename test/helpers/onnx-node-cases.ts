// Loads an ONNX conformance case (shared/models/onnx-node) with chosen inputs turned into initializers.
import fs from 'node:fs';
import path from 'node:path';
import pkg from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';
import { SHARED_ONNX_DIR } from './onnx-models.js';
import { readRawTensor, type RawInitializer } from './onnx-raw.js';

const { onnx } = pkg;

export const NODE_CASES_DIR = path.resolve(SHARED_ONNX_DIR, '../onnx-node');

export interface NodeCase {
  /** The model with inputs `constantInputs` moved into the initializers. */
  readonly bytes: Uint8Array;
  /** test_data_set_0 inputs and outputs, decoded independently of the importer. */
  readonly inputs: RawInitializer[];
  readonly outputs: RawInitializer[];
}

export function loadNodeCase(name: string, constantInputs: number[] = []): NodeCase {
  const dir = path.join(NODE_CASES_DIR, name);
  const model = onnx.ModelProto.decode(fs.readFileSync(path.join(dir, 'model.onnx')));
  const data = path.join(dir, 'test_data_set_0');
  const read = (prefix: string): RawInitializer[] =>
    fs.readdirSync(data).filter((f) => f.startsWith(prefix)).sort()
      .map((f) => readRawTensor(new Uint8Array(fs.readFileSync(path.join(data, f)))));
  // Decoded messages have every repeated field set, whatever the optional I-interfaces say.
  const graph = model.graph as O.GraphProto;
  const names = constantInputs.map((i) => graph.input[i]!.name);
  for (const i of constantInputs) {
    const file = fs.readFileSync(path.join(data, `input_${i}.pb`));
    const tensor = onnx.TensorProto.decode(file);
    tensor.name = graph.input[i]!.name ?? '';
    graph.initializer.push(tensor);
  }
  graph.input = graph.input.filter((vi) => !names.includes(vi.name));
  return { bytes: onnx.ModelProto.encode(model).finish(), inputs: read('input_'), outputs: read('output_') };
}
