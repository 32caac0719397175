// Makes the calorimeter-image CNN example: 32x32x3 images -> conv3x3(8) -> relu -> maxpool2 ->
// conv3x3(8) -> relu -> residual add -> maxpool2 -> conv3x3(16, stride 2) -> relu -> flatten ->
// dense(5) -> softmax, exported as ONNX (NCHW, as PyTorch writes it) with seeded He-scaled weights,
// plus seeded sample images. A toy: the weights are random, not trained. Rerun: node make-model.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from 'onnx-proto';

const { onnx } = pkg;
const here = dirname(fileURLToPath(import.meta.url));
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INTS = onnx.AttributeProto.AttributeType.INTS;
const INT = onnx.AttributeProto.AttributeType.INT;

let seed = 20261122;
function uniform() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function normal() {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

const initializer = [];
const node = [];
function tensor(name, dims, fanIn, scale = 1) {
  const n = dims.reduce((a, b) => a * b, 1);
  initializer.push({ name, dims, dataType: FLOAT, floatData: Array.from({ length: n }, () => Math.fround(scale * normal() * Math.sqrt(2 / fanIn))) });
  return name;
}
function conv(name, x, cin, cout, stride = 1) {
  const w = tensor(`${name}_W`, [cout, cin, 3, 3], cin * 9);
  const b = tensor(`${name}_b`, [cout], 1, 0.05);
  node.push({
    name, opType: 'Conv', input: [x, w, b], output: [`${name}_out`],
    attribute: [
      { name: 'kernel_shape', type: INTS, ints: [3, 3] },
      { name: 'pads', type: INTS, ints: [1, 1, 1, 1] },
      { name: 'strides', type: INTS, ints: [stride, stride] },
    ],
  });
  node.push({ name: `${name}_relu`, opType: 'Relu', input: [`${name}_out`], output: [`${name}_act`] });
  return `${name}_act`;
}
function maxpool(name, x) {
  node.push({
    name, opType: 'MaxPool', input: [x], output: [`${name}_out`],
    attribute: [{ name: 'kernel_shape', type: INTS, ints: [2, 2] }, { name: 'strides', type: INTS, ints: [2, 2] }],
  });
  return `${name}_out`;
}

let x = conv('conv1', 'image', 3, 8);
const p1 = maxpool('pool1', x);
x = conv('conv2', p1, 8, 8);
node.push({ name: 'residual', opType: 'Add', input: [p1, x], output: ['residual_out'] });
x = maxpool('pool2', 'residual_out');
x = conv('conv3', x, 8, 16, 2);
node.push({ name: 'flatten', opType: 'Flatten', input: [x], output: ['flat'], attribute: [{ name: 'axis', type: INT, i: 1 }] });
tensor('fc_W', [5, 256], 256);
tensor('fc_b', [5], 1, 0.05);
node.push({ name: 'fc', opType: 'Gemm', input: ['flat', 'fc_W', 'fc_b'], output: ['logits'], attribute: [{ name: 'transB', type: INT, i: 1 }] });
node.push({ name: 'softmax', opType: 'Softmax', input: ['logits'], output: ['output'], attribute: [{ name: 'axis', type: INT, i: 1 }] });

const tensorType = (dims) => ({ tensorType: { elemType: FLOAT, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) } } });
const model = onnx.ModelProto.create({
  irVersion: 7,
  producerName: 'hlsnet examples/calo-cnn/make-model.mjs',
  opsetImport: [{ domain: '', version: 13 }],
  graph: {
    name: 'calo_cnn', node, initializer,
    input: [{ name: 'image', type: tensorType(['N', 3, 32, 32]) }],
    output: [{ name: 'output', type: tensorType(['N', 5]) }],
  },
});
writeFileSync(join(here, 'calo_cnn.onnx'), onnx.ModelProto.encode(model).finish());

// 16 sample images in the model's own layout (C, H, W): sparse positive deposits, like calorimeter
// cells after pedestal subtraction, on a 2^-8 grid.
const lines = [];
for (let s = 0; s < 16; s++) {
  lines.push(Array.from({ length: 3 * 32 * 32 }, () => (uniform() < 0.1 ? Math.round(-Math.log(1 - uniform()) * 256) / 256 : 0)).join(' '));
}
writeFileSync(join(here, 'images.dat'), lines.join('\n') + '\n');
console.log('wrote calo_cnn.onnx and images.dat');
