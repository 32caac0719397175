// Decodes ONNX bytes into a ModelProto and rejects anything that is not plausibly a complete ONNX model (E102).
import pkg from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';
import { fail } from './errors.js';
import { int64ToNumber } from './long.js';

const { onnx } = pkg;

/** A decoded model that passed the plausibility checks: it has a graph with nodes and outputs. */
export interface DecodedModel {
  readonly irVersion: number;
  /** Version of the default (`ai.onnx`) operator set; undefined if the model declares none. */
  readonly opset: number | undefined;
  readonly producer: string;
  readonly graph: O.IGraphProto;
}

const HINT = 'check that the file is a complete binary .onnx export (not truncated by a download, not a Git LFS pointer, not a Keras/TensorFlow file)';

/** The highest IR and opset versions we accept as plausible; real ones are far below. */
const MAX_IR_VERSION = 32;
const MAX_OPSET = 64;

/** Why the bytes might not be ONNX, when the beginning gives it away. */
function sniff(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  if (head.startsWith('\x89HDF')) return 'this is an HDF5 file (Keras .h5?), not ONNX';
  if (head.startsWith('version https://git-lfs')) return 'this is a Git LFS pointer; run `git lfs pull` to get the model';
  if (head.startsWith('PK\x03\x04')) return 'this is a zip archive (PyTorch .pt / Keras .keras?), not ONNX';
  if (head.length > 0 && /^[\t\n\r\x20-\x7e]*$/.test(head)) {
    return 'this looks like a text file; ONNX models are binary protobuf (the ONNX text format is not supported)';
  }
  return undefined;
}

function notOnnx(file: string, bytes: Uint8Array, why: string): never {
  const guess = sniff(bytes);
  fail('E102', file, undefined, `not a valid ONNX model: ${why}`, guess ? `${guess}; ${HINT}` : HINT);
}

export function decodeModel(bytes: Uint8Array, file: string): DecodedModel {
  if (bytes.byteLength === 0) notOnnx(file, bytes, 'the file is empty');
  let model: O.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    // protobufjs reports truncation as "index out of range" and junk as "invalid wire type".
    const reason = e instanceof Error ? e.message : String(e);
    notOnnx(file, bytes, `cannot decode the protobuf (${reason}); the file may be truncated or not ONNX at all`);
  }
  // Garbage can decode as a valid-looking protobuf, so check that the content makes sense.
  const irVersion = int64ToNumber(model.irVersion);
  if (!Number.isInteger(irVersion) || irVersion < 1 || irVersion > MAX_IR_VERSION) {
    notOnnx(file, bytes, `implausible ir_version ${irVersion}`);
  }
  const graph = model.graph;
  if (!graph) notOnnx(file, bytes, 'it contains no graph');
  const nodes = graph.node ?? [];
  if (nodes.length === 0) notOnnx(file, bytes, 'its graph has no nodes');
  if ((graph.output ?? []).length === 0) notOnnx(file, bytes, 'its graph has no outputs');
  nodes.forEach((n, i) => {
    if (!n.opType) notOnnx(file, bytes, `node #${i} has no op_type`);
  });

  const imports = model.opsetImport ?? [];
  let opset: number | undefined;
  for (const imp of imports) {
    const version = int64ToNumber(imp.version);
    if (!Number.isInteger(version) || version < 1 || version > MAX_OPSET) {
      notOnnx(file, bytes, `implausible opset version ${version} for domain '${imp.domain ?? ''}'`);
    }
    if (!imp.domain || imp.domain === 'ai.onnx') opset = version;
  }
  if (imports.length === 0) {
    // IR versions 1-2 predate opset_import and mean opset 1; later ones must declare it.
    if (irVersion >= 3) notOnnx(file, bytes, 'it declares no operator set (opset_import is missing; truncated file?)');
    opset = 1;
  }
  const producer = [model.producerName, model.producerVersion].filter((s) => s).join(' ');
  return { irVersion, opset, producer, graph };
}
