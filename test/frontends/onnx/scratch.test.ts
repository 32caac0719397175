import { test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { readSharedOnnx } from '../../helpers/onnx-models.js';
test('scratch', () => {
  for (const m of ['three_layer_keras', 'three_layer_pytorch', 'dense_big_keras', 'two_layer_keras', 'conv1d_small_keras', 'conv2d_small_keras', 'bnn_model_fc_1layer']) {
    try {
      const { graph, warnings } = importOnnx(readSharedOnnx(m), m + '.onnx');
      console.log(m, graph.name, graph.inputs, graph.outputs, JSON.stringify(graph.source), warnings);
      for (const n of graph.nodes) console.log('  ', n.op, n.name, n.inputs.map((i) => `${i}${JSON.stringify(graph.tensors[i]!.shape)}${graph.tensors[i]!.data ? 'C' : ''}`).join(' '), '->', n.outputs.map((i) => `${i}${JSON.stringify(graph.tensors[i]!.shape)}`).join(' '), JSON.stringify(n.attrs));
    } catch (e: any) { console.log(m, e.format ? e.format() : e.stack); }
  }
});
