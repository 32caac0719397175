// Imports the real third-party ONNX models and checks node sequences, shapes and weights against the files.
import { describe, expect, test } from 'vitest';
import pkg from 'onnx-proto';
import type { onnx as O } from 'onnx-proto';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import type { Graph } from '../../../src/ir/types.js';
import { readSharedOnnx } from '../../helpers/onnx-models.js';
import { readRawInitializers } from '../../helpers/onnx-raw.js';

const { onnx } = pkg;

function load(name: string): { graph: Graph; bytes: Uint8Array; warnings: unknown[] } {
  const bytes = readSharedOnnx(name);
  const { graph, warnings } = importOnnx(bytes, `${name}.onnx`);
  return { graph, bytes, warnings };
}

/** Declared shapes of the non-constant values (value_info and outputs) minus their batch dimension. */
function declaredShapes(bytes: Uint8Array): Map<string, number[]> {
  const g = onnx.ModelProto.decode(bytes).graph as O.GraphProto;
  const out = new Map<string, number[]>();
  for (const vi of [...g.valueInfo, ...g.output]) {
    const dims = vi.type?.tensorType?.shape?.dim;
    if (dims) out.set(vi.name ?? '', dims.slice(1).map((d) => Number(d.dimValue)));
  }
  return out;
}

/** Checks that the graph is self-consistent: every referenced tensor exists with a shape; names unique. */
function checkWellFormed(graph: Graph): void {
  const names = graph.nodes.map((n) => n.name);
  expect(new Set(names).size).toBe(names.length);
  expect(names.every((n) => n.length > 0)).toBe(true);
  for (const n of graph.nodes) {
    for (const t of [...n.inputs, ...n.outputs]) {
      expect(graph.tensors[t], `tensor ${t} of ${n.name}`).toBeDefined();
      expect(Array.isArray(graph.tensors[t]!.shape)).toBe(true);
    }
  }
  for (const t of [...graph.inputs, ...graph.outputs]) expect(graph.tensors[t]).toBeDefined();
  for (const t of Object.values(graph.tensors)) {
    if (t.data) expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
  }
  // Round-trips through JSON (plain data).
  expect(JSON.parse(JSON.stringify(graph))).toEqual(graph);
}

function checkDeclaredShapes(graph: Graph, bytes: Uint8Array): void {
  for (const [name, shape] of declaredShapes(bytes)) expect(graph.tensors[name]?.shape, name).toEqual(shape);
}

const ops = (g: Graph): string[] => g.nodes.map((n) => n.op);

describe('Keras MatMul + Add exports', () => {
  test('three_layer_keras: 16→64→32→32→5 with ReLU and softmax', () => {
    const { graph, bytes, warnings } = load('three_layer_keras');
    expect(warnings).toEqual([]);
    expect(ops(graph)).toEqual(['dense', 'add', 'relu', 'dense', 'add', 'relu', 'dense', 'add', 'relu', 'dense', 'add', 'softmax']);
    expect(graph.nodes.map((n) => n.name).slice(0, 3)).toEqual(['_class__keras_layers_core_Dense__', 'Add', 'Relu']);
    expect(graph.inputs).toEqual(['input_1_0']);
    expect(graph.outputs).toEqual(['output_softmax_Softmax_01']);
    expect(graph.source).toEqual({ format: 'onnx', file: 'three_layer_keras.onnx', inputShapes: { input_1_0: [16] } });
    expect(graph.tensors['input_1_0']!.shape).toEqual([16]);
    expect(graph.tensors['output_softmax_Softmax_01']!.shape).toEqual([5]);
    const dense = graph.nodes.filter((n) => n.op === 'dense');
    expect(dense.map((n) => n.inputs[1])).toEqual(['W', 'W1', 'W2', 'W3']);
    expect(dense.map((n) => graph.tensors[n.inputs[1]!]!.shape)).toEqual([[16, 64], [64, 32], [32, 32], [32, 5]]);
    expect(dense.every((n) => n.inputs.length === 2)).toBe(true);
    // The bias stays a separate add (a pass folds it), constant second.
    const adds = graph.nodes.filter((n) => n.op === 'add');
    expect(adds.map((n) => n.inputs[1])).toEqual(['B', 'B1', 'B2', 'B3']);
    const softmax = graph.nodes.at(-1)!;
    expect(softmax.op === 'softmax' && softmax.attrs.implementation).toBe('stable');
    checkWellFormed(graph);
    checkDeclaredShapes(graph, bytes);
    // Weights equal the initializers decoded independently, value for value.
    const raw = readRawInitializers(bytes);
    for (const name of ['W', 'B', 'W1', 'B1', 'W2', 'B2', 'W3', 'B3']) {
      expect(graph.tensors[name]!.data, name).toEqual(raw.get(name)!.values);
      expect(graph.tensors[name]!.shape, name).toEqual(raw.get(name)!.dims);
    }
    // Constants not used by the IR (none here) are not listed; every constant has data.
    expect(Object.values(graph.tensors).filter((t) => t.data).map((t) => t.name).sort()).toEqual(['B', 'B1', 'B2', 'B3', 'W', 'W1', 'W2', 'W3']);
  });

  test('two_layer_keras: 10→32→1 with sigmoid', () => {
    const { graph, bytes, warnings } = load('two_layer_keras');
    expect(warnings).toEqual([]);
    expect(ops(graph)).toEqual(['dense', 'add', 'relu', 'dense', 'add', 'sigmoid']);
    expect(graph.tensors['output_sigmoid_Sigmoid_01']!.shape).toEqual([1]);
    expect(graph.source?.inputShapes).toEqual({ input_1_0: [10] });
    checkWellFormed(graph);
    checkDeclaredShapes(graph, bytes);
    const raw = readRawInitializers(bytes);
    for (const [name, t] of raw) expect(graph.tensors[name]!.data, name).toEqual(t.values);
  });

  test('dense_big_keras (opset 7): Identity nodes from Keras dropout, 42.6k parameters', () => {
    const { graph, bytes, warnings } = load('dense_big_keras');
    expect(warnings).toEqual([]);
    const layer = ['dense', 'add', 'relu', 'identity'];
    expect(ops(graph)).toEqual([...layer, ...layer, ...layer, ...layer, 'dense', 'add', 'relu', 'dense', 'add', 'softmax']);
    const identities = graph.nodes.filter((n) => n.op === 'identity');
    expect(identities.map((n) => n.op === 'identity' && n.attrs.origin)).toEqual(['Identity', 'Identity', 'Identity', 'Identity']);
    const params = Object.values(graph.tensors).reduce((s, t) => s + (t.data?.length ?? 0), 0);
    expect(params).toBe(16 * 100 + 100 + 4 * (100 * 100 + 100) + 100 * 5 + 5);
    checkWellFormed(graph);
    const raw = readRawInitializers(bytes);
    for (const [name, t] of raw) expect(graph.tensors[name]!.data, name).toEqual(t.values);
    // A checksum over all weights, in the order of the layers.
    const sum = graph.nodes.flatMap((n) => n.inputs.slice(1)).reduce((s, t) => s + graph.tensors[t]!.data!.reduce((a, b) => a + b, 0), 0);
    const rawSum = [...raw.values()].reduce((s, t) => s + t.values.reduce((a, b) => a + b, 0), 0);
    expect(sum).toBeCloseTo(rawSum, 9);
  });
});

describe('PyTorch 0.3 Gemm export', () => {
  test('three_layer_pytorch: batch 789444 stripped, unnamed nodes named, transB folded into W', () => {
    const { graph, bytes, warnings } = load('three_layer_pytorch');
    expect(warnings).toEqual([]);
    expect(ops(graph)).toEqual(['dense', 'relu', 'dense', 'relu', 'dense', 'relu', 'dense', 'softmax']);
    expect(graph.nodes.map((n) => n.name)).toEqual(['Gemm_0', 'Relu_1', 'Gemm_2', 'Relu_3', 'Gemm_4', 'Relu_5', 'Gemm_6', 'Softmax_7']);
    // IR-3: the initializers '1'..'8' are listed as inputs too, but are not inputs.
    expect(graph.inputs).toEqual(['0']);
    expect(graph.source?.inputShapes).toEqual({ '0': [16] });
    expect(graph.tensors['0']!.shape).toEqual([16]);
    expect(graph.tensors['16']!.shape).toEqual([5]);
    checkWellFormed(graph);
    checkDeclaredShapes(graph, bytes);
    const raw = readRawInitializers(bytes);
    const dense = graph.nodes.filter((n) => n.op === 'dense');
    const pairs = [['1', '2'], ['3', '4'], ['5', '6'], ['7', '8']] as const;
    dense.forEach((n, layer) => {
      const [wName, bName] = pairs[layer]!;
      const b = raw.get(wName)!; // [N, K] (transB=1)
      const [rows, cols] = b.dims as [number, number];
      const w = graph.tensors[n.inputs[1]!]!;
      expect(w.shape).toEqual([cols, rows]);
      for (let k = 0; k < cols; k++) for (let j = 0; j < rows; j++) expect(w.data![k * rows + j]).toBe(b.values[j * cols + k]);
      // beta = 1 and C is [N]: the bias initializer is used as is.
      expect(n.inputs[2]).toBe(bName);
      expect(graph.tensors[bName]!.data).toEqual(raw.get(bName)!.values);
    });
  });
});

describe('QONNX models (details in test/frontends/qonnx/)', () => {
  test('bnn_model_fc_1layer: its BipolarQuant and Quant nodes import (the weight and bias ones fold)', () => {
    expect(load('bnn_model_fc_1layer').graph.nodes.map((n) => n.op)).toEqual(['bipolar_quant', 'dense', 'bipolar_quant']);
  });
});
