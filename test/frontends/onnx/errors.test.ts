// Files that are not (complete, supported) ONNX models: each gives one coded error naming the file and node.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { importOnnx } from '../../../src/frontends/onnx/index.js';
import { a, buildModel, floatTensor, int64Tensor, modelProto, encodeModel, node, singleNode, valueInfo } from '../../helpers/onnx-build.js';
import { expectHlsnetError } from '../../helpers/onnx-expect.js';
import { readSharedOnnx } from '../../helpers/onnx-models.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hlsnet-onnx-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes `bytes` to a temp file and imports it from there, as the CLI would. */
function importFile(name: string, bytes: Uint8Array): void {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, bytes);
  importOnnx(new Uint8Array(fs.readFileSync(file)), file);
}

describe('E102: not an ONNX model', () => {
  const real = readSharedOnnx('three_layer_keras');

  test.each([10, 100, 1000, Math.floor(real.length / 2), real.length - 30, real.length - 1])(
    'a copy of three_layer_keras truncated to %i bytes', (n) => {
      const err = expectHlsnetError(() => importFile(`truncated_${n}.onnx`, real.subarray(0, n)), 'E102');
      expect(err.subject).toBe(path.join(tmp, `truncated_${n}.onnx`));
      expect(err.message).toContain(`truncated_${n}.onnx`);
    });

  test('a text file', () => {
    const err = expectHlsnetError(() => importFile('notes.onnx', new TextEncoder().encode('This is not a model.\nJust notes.\n')), 'E102');
    expect(err.subject).toContain('notes.onnx');
    expect(err.hint).toContain('text');
  });

  test('a Git LFS pointer', () => {
    const lfs = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a\nsize 19239\n';
    const err = expectHlsnetError(() => importFile('lfs.onnx', new TextEncoder().encode(lfs)), 'E102');
    expect(err.hint).toContain('git lfs pull');
  });

  test('an empty file', () => {
    expectHlsnetError(() => importFile('empty.onnx', new Uint8Array(0)), 'E102');
  });

  test('random bytes (seeded), many draws', () => {
    let seed = 12345;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    for (let draw = 0; draw < 200; draw++) {
      const bytes = Uint8Array.from({ length: 64 + draw * 7 }, next);
      expectHlsnetError(() => importOnnx(bytes, 'random.onnx'), 'E102');
    }
  });

  test('protobuf that decodes but is not a model: no graph, no nodes, no outputs, no opset, bad ir_version', () => {
    const good = modelProto({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)] });
    const variants = {
      'no graph': { ...good, graph: undefined },
      'no nodes': { ...good, graph: { ...good.graph, node: [] } },
      'no outputs': { ...good, graph: { ...good.graph, output: [] } },
      'no opset': { ...good, opsetImport: [] },
      'ir_version 0': { ...good, irVersion: 0 },
      'ir_version 1000': { ...good, irVersion: 1000 },
      'opset 900': { ...good, opsetImport: [{ domain: '', version: 900 }] },
    };
    for (const [label, m] of Object.entries(variants)) {
      const err = expectHlsnetError(() => importOnnx(encodeModel(m), `${label}.onnx`), 'E102');
      expect(err.subject).toBe(`${label}.onnx`);
    }
    expect(() => importOnnx(encodeModel(good), 'good.onnx')).not.toThrow();
  });

  test('a model with only a custom-domain opset that uses standard ops', () => {
    const m = modelProto({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', ['N', 4])], outputs: [valueInfo('y', undefined)] });
    expectHlsnetError(() => importOnnx(encodeModel({ ...m, opsetImport: [{ domain: 'com.example', version: 1 }] }), 'x.onnx'), 'E102');
  });
});

describe('E104: unsupported operators', () => {
  test('two unsupported ops (one in a custom domain) are both listed in one error', () => {
    const bytes = buildModel({
      nodes: [
        node('LRN', ['x'], ['c'], { name: 'lrn1', attrs: [a.int('size', 3)] }),
        node('Relu', ['c'], ['r'], { name: 'relu1' }),
        node('MultiThreshold', ['r', 's'], ['y'], { name: 'mt1', domain: 'qonnx.custom_op.general' }),
      ],
      inputs: [valueInfo('x', ['N', 1, 4, 4])],
      outputs: [valueInfo('y', undefined)],
      initializers: [floatTensor('W', [1, 1, 1, 1], [1]), floatTensor('s', [], [1]), floatTensor('z', [], [0]), floatTensor('b', [], [8])],
      extraOpsets: [{ domain: 'qonnx.custom_op.general', version: 1 }],
    });
    const err = expectHlsnetError(() => importOnnx(bytes, 'two_bad.onnx'), 'E104');
    expect(err.message).toContain("node 'lrn1' (LRN)");
    expect(err.message).toContain("node 'mt1' (MultiThreshold, domain 'qonnx.custom_op.general')");
    expect(err.message).not.toContain('relu1');
    expect(err.message).toContain('2 unsupported operator nodes (LRN, MultiThreshold)');
    expect(err.subject).toBe('two_bad.onnx');
    expect(err.hint).toContain('Gemm');
  });

  test('a supported op type in a foreign domain is unsupported; unnamed nodes get generated names', () => {
    const bytes = buildModel({
      nodes: [node('Relu', ['x'], ['y'], { domain: 'com.microsoft' })],
      inputs: [valueInfo('x', ['N', 4])],
      outputs: [valueInfo('y', undefined)],
    });
    const err = expectHlsnetError(() => importOnnx(bytes, 'ms.onnx'), 'E104');
    expect(err.message).toContain("node 'Relu_0' (Relu, domain 'com.microsoft')");
  });

});

describe('E105 / E103: supported ops used in unsupported ways', () => {
  test('Gemm with transA=1', () => {
    const bytes = singleNode('Gemm', [3], {
      inputs: ['B'], initializers: [floatTensor('B', [3, 2], [1, 2, 3, 4, 5, 6])], attrs: [a.int('transA', 1)], name: 'fc1',
    });
    const err = expectHlsnetError(() => importOnnx(bytes, 'gemm_ta.onnx'), 'E105');
    expect(err.subject).toBe("gemm_ta.onnx: node 'fc1' (Gemm)");
    expect(err.message).toContain('transA=1');
    expect(err.hint).toContain('transA=0');
  });

  test('Reshape whose shape is computed at run time (Shape → Reshape)', () => {
    const bytes = buildModel({
      nodes: [node('Reshape', ['x', 'shape_in'], ['y'], { name: 'flatten' })],
      inputs: [valueInfo('x', ['N', 2, 3]), valueInfo('shape_in', [2], 7)],
      outputs: [valueInfo('y', undefined)],
    });
    // An integer graph input is rejected first; as a float input the Reshape itself complains.
    expectHlsnetError(() => importOnnx(bytes, 'reshape_dyn.onnx'), 'E105');
    const floatShape = buildModel({
      nodes: [node('Relu', ['s'], ['s2'], { name: 'make_shape' }), node('Reshape', ['x', 's2'], ['y'], { name: 'flatten' })],
      inputs: [valueInfo('x', ['N', 2, 3]), valueInfo('s', ['N', 2])],
      outputs: [valueInfo('y', undefined)],
    });
    const err = expectHlsnetError(() => importOnnx(floatShape, 'reshape_dyn.onnx'), 'E105');
    expect(err.subject).toBe("reshape_dyn.onnx: node 'flatten' (Reshape)");
    expect(err.message).toContain("'s2'");
    expect(err.hint).toContain('constant folding');
  });

  test('MatMul with a weight computed at run time', () => {
    const bytes = buildModel({
      nodes: [node('MatMul', ['x', 'w'], ['y'], { name: 'mm' })],
      inputs: [valueInfo('x', ['N', 3]), valueInfo('w', [3, 2])],
      outputs: [valueInfo('y', undefined)],
    });
    const err = expectHlsnetError(() => importOnnx(bytes, 'mm.onnx'), 'E105');
    expect(err.subject).toContain("node 'mm' (MatMul)");
  });

  test('a dynamic non-batch input dimension', () => {
    const bytes = buildModel({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', ['N', 'features'])], outputs: [valueInfo('y', undefined)] });
    const err = expectHlsnetError(() => importOnnx(bytes, 'dyn.onnx'), 'E105');
    expect(err.subject).toBe("dyn.onnx: input 'x'");
  });

  test('an input with no declared shape, or a scalar input', () => {
    const noShape = buildModel({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', undefined)], outputs: [valueInfo('y', undefined)] });
    expectHlsnetError(() => importOnnx(noShape, 'noshape.onnx'), 'E105');
    const scalar = buildModel({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', [])], outputs: [valueInfo('y', undefined)] });
    expectHlsnetError(() => importOnnx(scalar, 'scalar.onnx'), 'E105');
  });

  test('shape mismatch between input and weight is structural (E103)', () => {
    const bytes = singleNode('MatMul', [4], { inputs: ['W'], initializers: [floatTensor('W', [3, 2], [1, 2, 3, 4, 5, 6])], name: 'mm' });
    const err = expectHlsnetError(() => importOnnx(bytes, 'mismatch.onnx'), 'E103');
    expect(err.subject).toBe("mismatch.onnx: node 'mm' (MatMul)");
  });

  test('a node input that nothing defines, a tensor defined twice, a cycle', () => {
    const missing = buildModel({ nodes: [node('Relu', ['nowhere'], ['y'], { name: 'r' })], inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)] });
    expect(expectHlsnetError(() => importOnnx(missing, 'm.onnx'), 'E103').message).toContain("'nowhere'");
    const twice = buildModel({
      nodes: [node('Relu', ['x'], ['y'], { name: 'a' }), node('Sigmoid', ['x'], ['y'], { name: 'b' })],
      inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)],
    });
    expectHlsnetError(() => importOnnx(twice, 't.onnx'), 'E103');
    const cycle = buildModel({
      nodes: [node('Relu', ['x2'], ['x1'], { name: 'a' }), node('Relu', ['x1'], ['x2'], { name: 'b' }), node('Relu', ['x'], ['y'], { name: 'c' })],
      inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('y', undefined)],
    });
    expect(expectHlsnetError(() => importOnnx(cycle, 'c.onnx'), 'E103').message).toContain('cycle');
  });

  test('a corrupt initializer (raw_data of the wrong length) names the tensor', () => {
    const w = floatTensor('W', [3, 2], [1, 2, 3, 4, 5], 'raw');
    const bytes = singleNode('MatMul', [3], { inputs: ['W'], initializers: [w] });
    const err = expectHlsnetError(() => importOnnx(bytes, 'corrupt.onnx'), 'E103');
    expect(err.subject).toBe("corrupt.onnx: tensor 'W'");
  });

  test('a graph output that is never produced', () => {
    const bytes = buildModel({ nodes: [node('Relu', ['x'], ['y'])], inputs: [valueInfo('x', ['N', 2])], outputs: [valueInfo('z', undefined)] });
    expect(expectHlsnetError(() => importOnnx(bytes, 'o.onnx'), 'E103').subject).toBe("o.onnx: output 'z'");
  });

  test('Reshape with a non-integer-typed, non-1-D shape', () => {
    const bytes = singleNode('Reshape', [6], { inputs: ['s'], initializers: [int64Tensor('s', [1, 2], [0, 6])] });
    expectHlsnetError(() => importOnnx(bytes, 'r.onnx'), 'E103');
  });
});
