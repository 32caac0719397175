// The ONNX exporter: exported models run in ONNX Runtime like our float executor, and re-import to the same IR.
//
// Numeric criterion, per output element: |ORT − runFloat| ≤ 1e-5 · max(1, |runFloat|) (ORT computes in float32,
// runFloat in float64 on the same float32 inputs and weights). Structural criterion: the re-imported graph has
// deep-equal nodes (names, ops, attrs, input/output tensors), tensors (shapes and constant data), inputs and
// outputs; only `source` may differ.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import * as ort from 'onnxruntime-node';
import { exportOnnx } from '../../../src/index.js';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { transposeData, invertPerm, permuteShape } from '../../../src/frontends/onnx/layout.js';
import { runFloat } from '../../../src/sim/float.js';
import type { Graph, GraphSource, Node } from '../../../src/ir/types.js';
import { IrBuilder } from '../../../src/train/ir-builder.js';
import { SELU_ALPHA, SELU_GAMMA } from '../../../src/ops/functions.js';
import { SHARED_MODELS } from '../../helpers/paths.js';
import { mulberry32, uniformFloat32 } from '../../helpers/random.js';
import { thrown } from '../../helpers/errors.js';
import { buildModel, node as onnxNode, valueInfo } from '../../helpers/onnx-build.js';
import pkg from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';

const { onnx } = pkg;

const COUNT = 8;
const f = Math.fround;

/** Runs the export in ORT and runFloat on the same seeded samples; returns the ORT outputs for extra checks. */
async function expectSameNumbers(g: Graph, bytes: Uint8Array, seed = 1): Promise<void> {
  const rand = mulberry32(seed);
  const session = await ort.InferenceSession.create(bytes);
  const feeds: Record<string, ort.Tensor> = {};
  const ours: Float64Array[] = [];
  for (const name of g.inputs) {
    const shape = g.tensors[name]!.shape;
    const per = shape.reduce((p, d) => p * d, 1);
    const x = uniformFloat32(rand, COUNT, per, -2, 2);
    ours.push(Float64Array.from(x));
    // An input with an NCHW origin is fed in that layout: ONNX = IR.transpose(inverse of inputPerm) per sample.
    const perm = g.source?.inputPerm?.[name];
    const onnxShape = perm ? permuteShape(shape, invertPerm(perm)) : [...shape];
    const data = perm
      ? Float32Array.from(Array.from({ length: COUNT }, (_, k) => transposeData(Array.from(x.subarray(k * per, (k + 1) * per)), shape, invertPerm(perm))).flat())
      : x;
    feeds[name] = new ort.Tensor('float32', data, [COUNT, ...onnxShape]);
  }
  const result = await session.run(feeds);
  const want = runFloat(g, ours, COUNT);
  g.outputs.forEach((o, i) => {
    const got = result[o]!.data as Float32Array;
    expect(got.length, o).toBe(want[i]!.length);
    let worst = 0;
    got.forEach((v, j) => { worst = Math.max(worst, Math.abs(v - want[i]![j]!) / Math.max(1, Math.abs(want[i]![j]!))); });
    expect(worst, `output ${o}`).toBeLessThanOrEqual(1e-5);
  });
}

function expectSameIr(back: Graph, g: Graph): void {
  expect(back.inputs).toEqual(g.inputs);
  expect(back.outputs).toEqual(g.outputs);
  expect(back.nodes).toEqual(g.nodes);
  expect(back.tensors).toEqual(g.tensors);
}

/** For the documented cases that re-import to an equivalent but not identical IR: same float outputs. */
function expectSameFloat(back: Graph, g: Graph): void {
  const rand = mulberry32(99);
  const xs = g.inputs.map((i) => Float64Array.from(uniformFloat32(rand, COUNT, g.tensors[i]!.shape.reduce((p, d) => p * d, 1), -2, 2)));
  expect(runFloat(back, xs, COUNT)).toEqual(runFloat(g, xs, COUNT));
}

async function roundTrip(g: Graph, seed = 1): Promise<Graph> {
  const bytes = exportOnnx(g);
  await expectSameNumbers(g, bytes, seed);
  return importOnnx(bytes, `${g.name}.onnx`).graph;
}

describe('shared ONNX models: import → export → ORT and re-import', () => {
  const files = readdirSync(`${SHARED_MODELS}/onnx`).filter((f) => f.endsWith('.onnx')).sort();
  test('the directory holds the expected models', () => {
    expect(files).toEqual([
      'bnn_model_fc_1layer.onnx', 'conv1d_small_keras.onnx', 'conv2d_small_keras.onnx', 'dense_big_keras.onnx',
      'three_layer_keras.onnx', 'three_layer_pytorch.onnx', 'two_layer_keras.onnx',
    ]);
  });
  for (const file of files.filter((name) => name !== 'bnn_model_fc_1layer.onnx')) {
    test(file, async () => {
      const { graph } = importOnnx(new Uint8Array(readFileSync(`${SHARED_MODELS}/onnx/${file}`)), file);
      expectSameIr(await roundTrip(graph), graph);
    });
  }
  test('bnn_model_fc_1layer (QONNX BipolarQuant) is refused with E108 naming the node', () => {
    const file = 'bnn_model_fc_1layer.onnx';
    const { graph } = importOnnx(new Uint8Array(readFileSync(`${SHARED_MODELS}/onnx/${file}`)), file);
    const err = thrown(() => exportOnnx(graph));
    expect(err.code).toBe('E108');
    expect(err.subject).toBe("node '/linear/input_quant/export_handler/BipolarQuant' (bipolar_quant)");
    expect(err.message).toContain("node '/linear/input_quant/export_handler/BipolarQuant'");
  });
});

/** A small network builder over IrBuilder with seeded weights, naming constants as our importer does. */
class Net {
  readonly b = new IrBuilder();
  private readonly rand: () => number;
  constructor(seed: number) { this.rand = mulberry32(seed); }

  input(name: string, shape: number[]): string { return this.b.value(name, shape); }

  shape(name: string): number[] { return [...this.b.tensors[name]!.shape]; }

  weights(name: string, shape: number[], lo = -0.5, hi = 0.5): string {
    const n = shape.reduce((p, d) => p * d, 1);
    return this.b.constant(name, shape, Array.from({ length: n }, () => lo + (hi - lo) * this.rand()));
  }

  /** A node writing one new tensor `${name}_out` of `shape`. */
  node(op: Node['op'], name: string, inputs: string[], shape: number[], attrs: object = {}): string {
    const out = this.b.value(`${name}_out`, shape);
    this.b.push({ op, name, inputs, outputs: [out], attrs } as Node);
    return out;
  }

  dense(name: string, x: string, k: number, n: number, bias = true): string {
    return this.node('dense', name, [x, this.weights(`${name}_W`, [k, n]), ...(bias ? [this.weights(`${name}_b`, [n])] : [])], [n]);
  }

  /** Channels-last conv; the weight is named `${name}_W` as the importer names it. */
  conv(name: string, x: string, inShape: number[], kernel: number[], filters: number, o: { strides?: number[]; dilations?: number[]; pads?: number[]; groups?: number } = {}): string {
    const r = kernel.length;
    const strides = o.strides ?? new Array<number>(r).fill(1);
    const dilations = o.dilations ?? new Array<number>(r).fill(1);
    const pads = o.pads ?? new Array<number>(2 * r).fill(0);
    const groups = o.groups ?? 1;
    const c = inShape[r]!;
    const out = inShape.slice(0, r).map((d, i) => Math.floor((d + pads[i]! + pads[r + i]! - dilations[i]! * (kernel[i]! - 1) - 1) / strides[i]!) + 1);
    const w = this.weights(`${name}_W`, [...kernel, c / groups, filters]);
    return this.node('conv', name, [x, w, this.weights(`${name}_b`, [filters])], [...out, filters], { strides, dilations, pads, groups });
  }

  pool(op: 'maxpool' | 'avgpool', name: string, x: string, inShape: number[], kernel: number[], strides: number[], pads: number[], countIncludePad = false): string {
    const r = kernel.length;
    const out = inShape.slice(0, r).map((d, i) => Math.floor((d + pads[i]! + pads[r + i]! - kernel[i]!) / strides[i]!) + 1);
    return this.node(op, name, [x], [...out, inShape[r]!], { kernel, strides, pads, ...(countIncludePad ? { countIncludePad } : {}) });
  }

  batchnorm(name: string, x: string, shape: number[]): string {
    const c = shape[shape.length - 1]!;
    return this.node('batchnorm', name, [x, this.weights(`${name}_scale`, [c], 0.5, 1.5), this.weights(`${name}_shift`, [c])], shape);
  }

  graph(name: string, inputs: string[], outputs: string[], source?: GraphSource): Graph {
    return this.b.graph(name, inputs, outputs, source);
  }
}

describe('hand-built channels-last graphs (IrBuilder)', () => {
  test('dense + bias, dense without bias + add, relu, softmax', async () => {
    const n = new Net(1);
    let x = n.dense('fc1', n.input('x', [6]), 6, 5);
    x = n.node('relu', 'act1', [x], [5]);
    x = n.dense('fc2', x, 5, 4, false);
    x = n.node('add', 'bias2', [x, n.weights('b2', [4])], [4]);
    x = n.node('softmax', 'out', [x], [4], { implementation: 'stable' });
    const g = n.graph('mlp', ['x'], [x]);
    expectSameIr(await roundTrip(g), g);
  });

  test("conv2d 'same' (asymmetric pads, stride 2) → relu → maxpool → flatten → dense → logsoftmax", async () => {
    const n = new Net(2);
    let x = n.conv('conv1', n.input('img', [7, 7, 3]), [7, 7, 3], [3, 3], 4, { strides: [2, 2], pads: [0, 0, 1, 1] });
    x = n.node('relu', 'relu1', [x], [3, 3, 4]);
    x = n.conv('conv2', x, [3, 3, 4], [2, 2], 6, { pads: [0, 0, 1, 1] });
    x = n.pool('maxpool', 'pool1', x, [3, 3, 6], [2, 2], [1, 1], [0, 0, 0, 0]);
    x = n.node('reshape', 'flatten', [x], [24], { shape: [24] });
    x = n.dense('fc', x, 24, 5);
    x = n.node('logsoftmax', 'out', [x], [5]);
    const g = n.graph('cnn2d', ['img'], [x]);
    expectSameIr(await roundTrip(g), g);
  });

  test('conv1d (pads [1, 2], dilation 2) → batchnorm → elu (kept channels-first) → avgpool with counted pads → flatten → dense', async () => {
    const n = new Net(3);
    let x = n.conv('c1', n.input('seq', [12, 2]), [12, 2], [4], 3, { dilations: [2], pads: [1, 2] });
    expect(n.shape(x)).toEqual([9, 3]);
    x = n.batchnorm('bn1', x, [9, 3]);
    x = n.node('elu', 'elu1', [x], [9, 3], { alpha: f(0.7) });
    x = n.pool('avgpool', 'p1', x, [9, 3], [3], [2], [1, 1], true);
    x = n.pool('avgpool', 'p2', x, n.shape(x), [2], [1], [1, 0]);
    expect(n.shape(x)).toEqual([5, 3]);
    x = n.node('reshape', 'flat', [x], [15], { shape: [15] });
    x = n.dense('fc', x, 15, 2);
    const g = n.graph('cnn1d', ['seq'], [x]);
    expectSameIr(await roundTrip(g), g);
  });

  test('depthwise conv2d (groups = channels, multiplier 2) and a dilated strided conv', async () => {
    const n = new Net(4);
    let x = n.conv('dw', n.input('x', [6, 5, 3]), [6, 5, 3], [3, 3], 6, { groups: 3, pads: [1, 1, 1, 1] });
    x = n.conv('dil', x, [6, 5, 6], [2, 2], 2, { dilations: [2, 1], strides: [1, 2], pads: [0, 1, 1, 0] });
    const shape = n.shape(x);
    x = n.node('reshape', 'flat', [x], [shape.reduce((p, d) => p * d, 1)], { shape: [shape.reduce((p, d) => p * d, 1)] });
    const g = n.graph('depthwise', ['x'], [x]);
    expectSameIr(await roundTrip(g), g);
  });

  test('batchnorm on a vector, and on channels-last data followed by a layout-keeping activation', async () => {
    const n = new Net(5);
    let v = n.dense('fc', n.input('x', [4]), 4, 8);
    v = n.batchnorm('bn_vec', v, [8]);
    v = n.node('reshape', 'to_img', [v], [2, 2, 2], { shape: [2, 2, 2] });
    v = n.batchnorm('bn_img', v, [2, 2, 2]);
    v = n.node('tanh', 'act', [v], [2, 2, 2]);
    v = n.node('reshape', 'flat', [v], [8], { shape: [8] });
    const g = n.graph('bn', ['x'], [v]);
    expectSameIr(await roundTrip(g), g);
  });

  const activations: [Node['op'], object][] = [
    ['relu', {}], ['clip', { min: 0, max: 6 }], ['clip', { min: f(-0.5) }], ['clip', { max: f(0.25) }], ['leaky_relu', { alpha: f(0.3) }],
    ['elu', { alpha: 1 }], ['selu', { alpha: f(SELU_ALPHA), gamma: f(SELU_GAMMA) }], ['sigmoid', {}], ['tanh', {}], ['softplus', {}],
    ['softsign', {}], ['hard_sigmoid', { alpha: f(0.2), beta: 0.5 }], ['hard_swish', {}], ['thresholded_relu', { alpha: f(0.1) }],
    ['identity', { origin: 'Dropout' }], ['identity', { origin: 'Identity' }], ['softmax', { implementation: 'stable' }], ['logsoftmax', {}],
  ];
  for (const [op, attrs] of activations) {
    test(`activation ${op} ${JSON.stringify(attrs)}`, async () => {
      const n = new Net(6);
      const x = n.node(op, 'act', [n.dense('fc', n.input('x', [5]), 5, 7)], [7], attrs);
      const g = n.graph(op, ['x'], [x]);
      expectSameIr(await roundTrip(g), g);
    });
  }

  test("linear (hls4ml's identity activation) exports as Identity and re-imports as an identity node", async () => {
    const n = new Net(6);
    const x = n.node('linear', 'act', [n.dense('fc', n.input('x', [5]), 5, 7)], [7]);
    const g = n.graph('linear', ['x'], [x]);
    const back = await roundTrip(g);
    expect(back.nodes[1]).toEqual({ ...g.nodes[1], op: 'identity', attrs: { origin: 'Identity' } });
  });

  test('prelu with a per-channel slope on channels-last data', async () => {
    const n = new Net(7);
    let x = n.conv('c', n.input('x', [4, 4, 2]), [4, 4, 2], [1, 1], 3);
    x = n.node('prelu', 'pr', [x, n.weights('slope', [3])], [4, 4, 3]);
    const g = n.graph('prelu', ['x'], [n.node('reshape', 'flat', [x], [48], { shape: [48] })]);
    expectSameIr(await roundTrip(g), g);
  });

  test('merges on two branches: add, sub, mul, average, maximum, minimum, concat (channels-last and vectors)', async () => {
    const n = new Net(8);
    const img = n.input('img', [4, 4, 2]);
    const a = n.conv('ca', img, [4, 4, 2], [3, 3], 3, { pads: [1, 1, 1, 1] });
    const b = n.conv('cb', img, [4, 4, 2], [1, 1], 3);
    const s = [4, 4, 3];
    const add = n.node('add', 'add', [a, b], s);
    const sub = n.node('sub', 'sub', [add, b], s);
    const mul = n.node('mul', 'mul', [sub, a], s);
    const avg = n.node('average', 'avg', [mul, a, b], s);
    const max = n.node('maximum', 'max', [avg, b], s);
    const min = n.node('minimum', 'min', [max, a], s);
    const cat = n.node('concat', 'cat', [min, a], [4, 4, 6], { axis: 2 });
    const flat = n.node('reshape', 'flat', [cat], [96], { shape: [96] });
    const scaled = n.node('mul', 'scale', [flat, n.weights('k', [96])], [96]);
    const shifted = n.node('sub', 'shift', [n.weights('k0', [1]), scaled], [96]);
    const cat2 = n.node('concat', 'cat2', [shifted, flat], [192], { axis: 0 });
    const g = n.graph('merges', ['img'], [cat2]);
    expectSameIr(await roundTrip(g), g);
  });

  test('pad (channels-first after a conv, and on a vector) and nearest resize ×2 / ×3', async () => {
    const n = new Net(9);
    let x = n.conv('c', n.input('x', [3, 4, 2]), [3, 4, 2], [1, 1], 2);
    x = n.node('pad', 'pad', [x], [4, 7, 2], { pads: [1, 0, 0, 0, 3, 0], value: f(0.5) });
    x = n.node('resize', 'up', [x], [8, 21, 2], { maps: [[0, 0, 1, 1, 2, 2, 3, 3], Array.from({ length: 21 }, (_, i) => Math.floor(i / 3)), [0, 1]] });
    x = n.node('reshape', 'flat', [x], [336], { shape: [336] });
    x = n.node('pad', 'crop', [x], [335], { pads: [-2, 1], value: 0 });
    const g = n.graph('pad_resize', ['x'], [x]);
    expectSameIr(await roundTrip(g), g);
  });

  test('two graph inputs, one per branch', async () => {
    const n = new Net(10);
    const a = n.dense('fa', n.input('a', [3]), 3, 4);
    const b = n.dense('fb', n.input('b', [2]), 2, 4);
    const g = n.graph('two_inputs', ['a', 'b'], [n.node('add', 'sum', [a, b], [4]), n.node('relu', 'r', [a], [4])]);
    expectSameIr(await roundTrip(g), g);
  });
});

describe('layouts', () => {
  test('an input with an NCHW origin (source.inputPerm) is exported NCHW and re-imports with the same permutation', async () => {
    const n = new Net(11);
    let x = n.node('relu', 'r0', [n.input('x', [5, 5, 2])], [5, 5, 2]);
    x = n.conv('c', x, [5, 5, 2], [3, 3], 3);
    x = n.node('reshape', 'flat', [x], [27], { shape: [27] });
    const source: GraphSource = { format: 'onnx', inputShapes: { x: [2, 5, 5] }, inputPerm: { x: [1, 2, 0] } };
    const g = n.graph('nchw', ['x'], [x], source);
    const bytes = exportOnnx(g);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputMetadata[0]).toMatchObject({ shape: ['N', 2, 5, 5] });
    const back = await roundTrip(g);
    expectSameIr(back, g);
    expect(back.source?.inputPerm).toEqual({ x: [1, 2, 0] });
  });

  test('a native channels-last input stays channels-last (NHWC) in ONNX, with Transposes inside', async () => {
    const n = new Net(12);
    const x = n.conv('c', n.input('x', [4, 4, 1]), [4, 4, 1], [2, 2], 2);
    const g = n.graph('nhwc', ['x'], [n.node('reshape', 'flat', [x], [18], { shape: [18] })]);
    const session = await ort.InferenceSession.create(exportOnnx(g));
    expect(session.inputMetadata[0]).toMatchObject({ shape: ['N', 4, 4, 1] });
    const back = await roundTrip(g);
    expectSameIr(back, g);
    expect(back.source?.inputPerm).toBeUndefined();
  });

  test('a spatial graph output is returned channels-last (as the IR holds it)', async () => {
    const n = new Net(13);
    const x = n.conv('c', n.input('x', [4, 4, 1]), [4, 4, 1], [2, 2], 2);
    const g = n.graph('spatial_out', ['x'], [x]);
    const back = await roundTrip(g);
    // The importer keeps the conv output in its own ONNX name and copies it to the output: an extra identity.
    expect(back.nodes.map((m) => m.op)).toEqual(['conv', 'identity']);
    expect(back.nodes[0]).toEqual({ ...g.nodes[0], outputs: ['c_out_channels_first'] });
    expectSameFloat(back, g);
  });

  test('an explicit IR transpose runs in ORT; the importer keeps it as layout bookkeeping', async () => {
    const n = new Net(14);
    const x = n.dense('fc', n.input('x', [6]), 6, 6);
    const r = n.node('reshape', 'r', [x], [2, 3], { shape: [2, 3] });
    const t = n.node('transpose', 't', [r], [3, 2], { perm: [1, 0] });
    const g = n.graph('transpose', ['x'], [n.node('reshape', 'flat', [t], [6], { shape: [6] })]);
    const back = await roundTrip(g);
    // The flatten keeps the IR order and the output is brought back to ONNX order by the importer's own nodes.
    expect(back.nodes.map((m) => m.op)).toEqual(['dense', 'reshape', 'reshape', 'reshape', 'transpose', 'reshape']);
    expect(back.nodes.slice(0, 2)).toEqual(g.nodes.slice(0, 2));
    expectSameFloat(back, g);
  });

  test('global max and average pools (as ReduceMax / ReduceMean over the spatial axes), 2-D and 1-D', async () => {
    const n = new Net(15);
    const c = n.conv('c', n.input('x', [5, 5, 2]), [5, 5, 2], [2, 2], 3);
    const gm = n.node('global_maxpool', 'gmax', [c], [3]);
    const ga = n.node('global_avgpool', 'gavg', [c], [3]);
    const g1 = n.node('global_avgpool', 'g1d', [n.input('s', [6, 2])], [2]);
    const g = n.graph('global', ['x', 's'], [n.node('add', 'sum', [gm, ga], [3]), n.dense('fc', g1, 2, 3)]);
    expectSameIr(await roundTrip(g), g);
  });
});

describe('the model written', () => {
  const mlp = (act: Node['op']): Graph => {
    const n = new Net(20);
    return n.graph('m', ['x'], [n.node(act, 'act', [n.dense('fc', n.input('x', [3]), 3, 2)], [2])]);
  };

  test('opset 13 (14 only with HardSwish), symbolic batch N, float32 initializers, the IR names', () => {
    const m = onnx.ModelProto.decode(exportOnnx(mlp('relu')));
    const graph = m.graph as O.GraphProto;
    expect(m.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
    expect(graph.input[0]!.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 3]);
    expect(graph.output[0]!.name).toBe('act_out');
    expect(graph.initializer.map((t) => [t.name, t.dataType])).toEqual([['fc_W', 1], ['fc_b', 1]]);
    expect(graph.node.map((x) => [x.name, x.opType])).toEqual([['fc', 'Gemm'], ['act', 'Relu']]);
    expect(onnx.ModelProto.decode(exportOnnx(mlp('hard_swish'))).opsetImport.map((o) => Number(o.version))).toEqual([14]);
  });

  test('fixed-point types and hints do not change the export', () => {
    const g = mlp('relu');
    const t = { signed: true, width: 16, int: 6, rounding: 'RND', overflow: 'SAT' } as const;
    const typed: Graph = {
      ...g,
      tensors: Object.fromEntries(Object.entries(g.tensors).map(([k, v]) => [k, { ...v, type: t }])),
      nodes: g.nodes.map((m) => ({ ...m, hints: { reuseFactor: 2, strategy: 'resource' as const } })),
    };
    expect(exportOnnx(typed)).toEqual(exportOnnx(g));
  });

  test('an NCHW-origin input feeding a global pool directly stays NCHW (ReduceMean is a spatial op for the importer)', async () => {
    const n = new Net(21);
    const x = n.node('global_avgpool', 'gap', [n.input('x', [3, 4, 2])], [2]);
    const g = n.graph('gap', ['x'], [x], { format: 'onnx', inputShapes: { x: [2, 3, 4] }, inputPerm: { x: [1, 2, 0] } });
    const back = await roundTrip(g);
    expectSameIr(back, g);
    expect(back.source?.inputPerm).toEqual({ x: [1, 2, 0] });
  });

  test('the importer refuses a ReduceMean that is not a global pool (E105)', () => {
    const bytes = buildModel({
      nodes: [onnxNode('ReduceMean', ['x'], ['y'], { name: 'rm', attrs: [{ name: 'axes', type: 7, ints: [2] }, { name: 'keepdims', type: 2, i: 0 }] })],
      inputs: [valueInfo('x', ['N', 2, 3, 4])], outputs: [valueInfo('y', undefined)],
    });
    const err = thrown(() => importOnnx(bytes, 'rm.onnx'));
    expect(err.code).toBe('E105');
    expect(err.message).toContain('spatial axes [2, 3]');
  });
});

describe('E108: nodes without a faithful ONNX form', () => {
  test('a QONNX quant node is refused, naming the node', () => {
    const n = new Net(16);
    const x = n.node('quant', 'q1', [n.input('x', [4])], [4], { bits: 8, signed: true, narrow: false, rounding: 'ROUND', scale: 1 / 16 });
    const err = thrown(() => exportOnnx(n.graph('q', ['x'], [x])));
    expect(err.code).toBe('E108');
    expect(err.subject).toBe("node 'q1' (quant)");
    expect(err.message).toContain("node 'q1' (quant)");
    expect(err.hint).toBeTruthy();
  });

  test('a resize whose maps are no nearest ONNX Resize is refused', () => {
    const n = new Net(17);
    const x = n.node('resize', 'odd', [n.input('x', [3])], [3], { maps: [[2, 0, 1]] });
    const err = thrown(() => exportOnnx(n.graph('r', ['x'], [x])));
    expect(err.code).toBe('E108');
    expect(err.subject).toBe("node 'odd' (resize)");
  });

  test('concat with a constant and adds of run-time tensors of different ranks are refused (ORT would reject them; review regressions)', () => {
    const n = new Net(18);
    const c = n.node('concat', 'cat', [n.input('x', [3]), n.weights('k', [2])], [5], { axis: 0 });
    expect(thrown(() => exportOnnx(n.graph('c', ['x'], [c]))).subject).toBe("node 'cat' (concat)");
    const m = new Net(19);
    const y = m.node('add', 'plus', [m.input('a', [4, 3, 2]), m.input('b', [2])], [4, 3, 2]);
    const err = thrown(() => exportOnnx(m.graph('p', ['a', 'b'], [y])));
    expect([err.code, err.subject]).toEqual(['E108', "node 'plus' (add)"]);
  });
});
