// Makes the shipped jet-tagger example: an MLP 16 -> 64 -> 32 -> 32 -> 5 (ReLU, Softmax), the shape
// of the hls4ml jet-tagging benchmark, as an ONNX file with seeded weights (He-scaled, so that
// activations keep a realistic range), plus seeded sample inputs. Rerun: node make-model.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from 'onnx-proto';

const { onnx } = pkg;
const here = dirname(fileURLToPath(import.meta.url));

let seed = 20261122;
function uniform() {
  // mulberry32: small, seeded, reproducible across platforms
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function normal() {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

const sizes = [16, 64, 32, 32, 5];
const initializer = [];
const node = [];
let x = 'input_1';
for (let l = 0; l < sizes.length - 1; l++) {
  const [k, n] = [sizes[l], sizes[l + 1]];
  const w = Float32Array.from({ length: k * n }, () => normal() * Math.sqrt(2 / k));
  const b = Float32Array.from({ length: n }, () => 0.1 * normal());
  initializer.push({ name: `fc${l + 1}_W`, dims: [k, n], dataType: onnx.TensorProto.DataType.FLOAT, floatData: Array.from(w) });
  initializer.push({ name: `fc${l + 1}_b`, dims: [n], dataType: onnx.TensorProto.DataType.FLOAT, floatData: Array.from(b) });
  node.push({ name: `fc${l + 1}`, opType: 'MatMul', input: [x, `fc${l + 1}_W`], output: [`fc${l + 1}_mm`] });
  node.push({ name: `fc${l + 1}_bias`, opType: 'Add', input: [`fc${l + 1}_mm`, `fc${l + 1}_b`], output: [`fc${l + 1}_out`] });
  x = `fc${l + 1}_out`;
  if (l < sizes.length - 2) {
    node.push({ name: `relu${l + 1}`, opType: 'Relu', input: [x], output: [`relu${l + 1}_out`] });
    x = `relu${l + 1}_out`;
  }
}
node.push({ name: 'softmax', opType: 'Softmax', input: [x], output: ['output'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 1 }] });

const tensorType = (dims) => ({ tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } });
const model = onnx.ModelProto.create({
  irVersion: 7,
  producerName: 'hlsnet examples/jet-tagger/make-model.mjs',
  opsetImport: [{ domain: '', version: 13 }],
  graph: {
    name: 'jet_tagger',
    node,
    initializer,
    input: [{ name: 'input_1', type: tensorType(['N', 16]) }],
    output: [{ name: 'output', type: tensorType(['N', 5]) }],
  },
});
writeFileSync(join(here, 'jet_tagger.onnx'), onnx.ModelProto.encode(model).finish());

// 256 sample inputs: standardized jet features are roughly unit-normal; keep them on a 2^-10 grid.
const samples = 256;
const lines = [];
for (let s = 0; s < samples; s++) {
  lines.push(Array.from({ length: 16 }, () => Math.round(normal() * 1024) / 1024).join(' '));
}
writeFileSync(join(here, 'inputs.dat'), lines.join('\n') + '\n');
console.log('wrote jet_tagger.onnx and inputs.dat');
