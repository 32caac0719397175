// The IR: JSON round trip (API and CLI accept native .json models), verify() errors that name
// what is wrong, graphFromJson's E106, and printGraph's listing and parameter count.
import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeNpy } from '../../src/data/npy.js';
import { compile, formatFixedType, graphFromJson, graphToJson, loadModel, parsePrecisionConfig, printGraph, simulateFixed } from '../../src/index.js';
import { size } from '../../src/ir/graph.js';
import type { Graph, Node } from '../../src/ir/types.js';
import { verify } from '../../src/ir/verify.js';
import { hlsnet } from '../helpers/cli.js';
import { edgeAwareInputs } from '../helpers/fixed-inputs.js';
import { readRawInitializers } from '../helpers/onnx-raw.js';
import { sharedModel } from '../helpers/paths.js';
import { thrown } from '../helpers/errors.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-ir-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PRECISION = 'fixed<12,4,RND_CONV,SAT>';
const jetOnnx = sharedModel('onnx/three_layer_keras.onnx');
const compiled = (m: string): Graph =>
  compile(loadModel(sharedModel(`onnx/${m}.onnx`)).graph, { config: parsePrecisionConfig({ Model: { Precision: PRECISION } }) }).graph;


describe('JSON round trip', () => {
  for (const model of ['three_layer_keras', 'dense_big_keras']) {
    it(`${model}: graphFromJson(graphToJson(g)) deep-equals g and simulates to the same bits`, () => {
      const g = compiled(model);
      const back = graphFromJson(graphToJson(g), `${model}.json`);
      expect(back).toEqual(g);
      // Every constant survives as the same double (JSON prints the shortest exact repr).
      for (const [k, t] of Object.entries(g.tensors)) if (t.data) expect(back.tensors[k]!.data!.every((v, i) => Object.is(v, t.data![i]))).toBe(true);
      const x = edgeAwareInputs(g.tensors[g.inputs[0]!]!.type!, 1000, 16, 11);
      expect(simulateFixed(back, [x], 1000).raw).toEqual(simulateFixed(g, [x], 1000).raw);
    });
  }

  it('hlsnet simulate and convert accept a native .json model and agree with the .onnx', async () => {
    const native = join(work, 'jet.json');
    writeFileSync(native, graphToJson(compiled('three_layer_keras')));
    const x = join(work, 'x.npy');
    writeFileSync(x, serializeNpy({ shape: [200, 16], data: edgeAwareInputs(compiled('three_layer_keras').tensors.input_1_0!.type!, 200, 16, 12) }));
    // The .json carries its types, so it needs no --precision; the .onnx gets the same one on the command line.
    const fromJson = await hlsnet(['simulate', native, '--input', x]);
    const fromOnnx = await hlsnet(['simulate', jetOnnx, '--input', x, '--precision', PRECISION]);
    expect(fromJson.code).toBe(0);
    expect(fromOnnx.code).toBe(0);
    expect(fromJson.stdout.trim().split('\n')).toHaveLength(200);
    expect(fromJson.stdout).toBe(fromOnnx.stdout);
    // A different precision gives different numbers, so the comparison above can tell.
    expect((await hlsnet(['simulate', jetOnnx, '--input', x, '--precision', 'fixed<10,4>'])).stdout).not.toBe(fromOnnx.stdout);

    const a = join(work, 'prj-json');
    const b = join(work, 'prj-onnx');
    expect((await hlsnet(['convert', native, '-o', a, '--tb-input', x])).code).toBe(0);
    expect((await hlsnet(['convert', jetOnnx, '-o', b, '--tb-input', x, '--precision', PRECISION])).code).toBe(0);
    const files = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).sort();
    expect(files(a)).toEqual(files(b));
    expect(files(a)).toContain(join('tb_data', 'tb_output_predictions.dat'));
    for (const f of files(a)) expect(readFileSync(join(a, f), 'utf8'), relative(work, join(a, f))).toBe(readFileSync(join(b, f), 'utf8'));
  });
});

/** A small typed graph: in [4] -> fc1 (dense + bias) -> relu1 -> fc2 (dense) -> y. */
function small(): Graph {
  const t = { signed: true, width: 16, int: 6, rounding: 'TRN', overflow: 'WRAP' } as const;
  return {
    name: 'small',
    inputs: ['in'],
    outputs: ['y'],
    nodes: [
      { name: 'fc1', op: 'dense', inputs: ['in', 'W1', 'b1'], outputs: ['h1'], attrs: { accum: { ...t, width: 32, int: 12 } } },
      { name: 'relu1', op: 'relu', inputs: ['h1'], outputs: ['a1'], attrs: {} },
      { name: 'fc2', op: 'dense', inputs: ['a1', 'W2'], outputs: ['y'], attrs: {} },
    ],
    tensors: {
      in: { name: 'in', shape: [4], type: t },
      W1: { name: 'W1', shape: [4, 3], type: t, data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((v) => v / 16) },
      b1: { name: 'b1', shape: [3], type: t, data: [0.5, -0.5, 0.25] },
      h1: { name: 'h1', shape: [3], type: t },
      a1: { name: 'a1', shape: [3], type: t },
      W2: { name: 'W2', shape: [3, 2], type: t, data: [1, -1, 0.5, -0.5, 0.25, 0] },
      y: { name: 'y', shape: [2], type: t },
    },
  };
}

function mapNode(g: Graph, name: string, f: (n: Node) => unknown): Graph {
  return { ...g, nodes: g.nodes.map((n) => (n.name === name ? (f(n) as Node) : n)) };
}

describe('verify(): E501 naming the node or tensor', () => {
  it('the base graph is valid', () => expect(() => verify(small())).not.toThrow());

  const cases: [string, (g: Graph) => Graph, string, RegExp][] = [
    ['unknown op', (g) => mapNode(g, 'relu1', (n) => ({ ...n, op: 'gelu' })), "node 'relu1'", /unknown op 'gelu'/],
    ['a node using an undefined tensor', (g) => mapNode(g, 'fc2', (n) => ({ ...n, inputs: ['a1', 'W9'] })), "node 'fc2' (dense)", /'W9' is not a defined tensor/],
    ['a wrong shape', (g) => ({ ...g, tensors: { ...g.tensors, h1: { ...g.tensors.h1!, shape: [4] } } }), "node 'fc1' (dense)", /'h1' has shape \[4\] but the op produces \[3\]/],
    ['a constant with the wrong data length', (g) => ({ ...g, tensors: { ...g.tensors, W2: { ...g.tensors.W2!, data: [1, 2, 3, 4, 5] } } }), "tensor 'W2'", /5 values.*needs 6/],
    ['nodes out of topological order', (g) => ({ ...g, nodes: [g.nodes[1]!, g.nodes[0]!, g.nodes[2]!] }), "node 'relu1' (relu)", /'h1' is used before it is produced/],
    ['a saturating accumulator', (g) => mapNode(g, 'fc1', (n) => ({ ...n, attrs: { accum: { signed: true, width: 32, int: 12, rounding: 'TRN', overflow: 'SAT' } } })), "node 'fc1' (dense)", /WRAP/],
    // Malformed native models once crashed the passes with a TypeError (exit 70) instead of a coded error.
    ['a dense whose weights are not a constant', (g) => ({ ...g, inputs: ['in', 'W2'], tensors: { ...g.tensors, W2: { name: 'W2', shape: [3, 2] } } }), "node 'fc2' (dense)", /'W2' has no data/],
    ['a dense without weights', (g) => mapNode(g, 'fc2', (n) => ({ ...n, inputs: ['a1'] })), "node 'fc2' (dense)", /takes 2 to 3 inputs/],
    ['a relu with two inputs', (g) => mapNode(g, 'relu1', (n) => ({ ...n, inputs: ['h1', 'h1'] })), "node 'relu1' (relu)", /takes 1 inputs and 1 output, got 2/],
    ['a node without attrs', (g) => mapNode(g, 'fc1', ({ attrs: _a, ...n }) => n), "node 'fc1' (dense)", /no "attrs"/],
    ['clip bounds in the wrong order', (g) => mapNode(g, 'relu1', (n) => ({ ...n, op: 'clip', attrs: { min: 2, max: 1 } })), "node 'relu1' (clip)", /min=2 > max=1/],
    ['a table whose size is not a power of two', (g) => mapNode(g, 'relu1', (n) => ({ ...n, op: 'tanh', attrs: { table: { size: 1000, range: [-4, 4], type: g.tensors.h1!.type } } })), "node 'relu1' (tanh)", /table.size must be a power of two/],
    ['a table with an empty range', (g) => mapNode(g, 'relu1', (n) => ({ ...n, op: 'sigmoid', attrs: { table: { size: 64, range: [4, -4], type: g.tensors.h1!.type } } })), "node 'relu1' (sigmoid)", /table.range must be \[lo, hi\]/],
    ['a reshape without a target shape', (g) => mapNode(g, 'relu1', (n) => ({ ...n, op: 'reshape', attrs: {} })), "node 'relu1' (reshape)", /attrs.shape/],
  ];
  for (const [what, mutate, subject, message] of cases) {
    it(what, () => {
      const e = thrown(() => verify(mutate(small())));
      expect(e.code).toBe('E501');
      expect(e.subject).toBe(subject);
      expect(e.message).toMatch(message);
    });
  }

  it('the accumulator error carries a hint', () => {
    const e = thrown(() => verify(cases[5]![1](small())));
    expect(e.hint).toMatch(/WRAP/);
  });
});

describe('graphFromJson: E106 naming the file', () => {
  it('invalid JSON', () => {
    const e = thrown(() => graphFromJson('{"format": "hlsnet-ir", ', 'broken.json'));
    expect([e.code, e.subject]).toEqual(['E106', 'broken.json']);
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('a missing header', () => {
    const e = thrown(() => graphFromJson(JSON.stringify({ graph: small() }), 'noheader.json'));
    expect([e.code, e.subject]).toEqual(['E106', 'noheader.json']);
    expect(e.message).toContain('"format": "hlsnet-ir"');
    expect(thrown(() => graphFromJson(JSON.stringify(small()), 'bare.json')).code).toBe('E106');
  });

  it('a structurally invalid graph: E106 naming the file and the node', () => {
    const bad = mapNode(small(), 'relu1', (n) => ({ ...n, op: 'gelu' }));
    const e = thrown(() => graphFromJson(JSON.stringify({ format: 'hlsnet-ir', version: 1, graph: bad }), 'bad.json'));
    expect(e.code).toBe('E106');
    expect(e.subject).toBe("bad.json: node 'relu1'");
  });

  it('the CLI reports it too', async () => {
    const f = join(work, 'broken.json');
    writeFileSync(f, '{ not json');
    const r = await hlsnet(['inspect', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error E106: /m);
    expect(r.stderr).toContain(f);
    // A dense whose weights are a graph input: a coded error, not an internal one (exit 70).
    const g = small();
    const weightsAsInput = { ...g, inputs: ['in', 'W2'], tensors: { ...g.tensors, W2: { name: 'W2', shape: [3, 2] } } };
    const m = join(work, 'weights-as-input.json');
    writeFileSync(m, JSON.stringify({ format: 'hlsnet-ir', version: 1, graph: weightsAsInput }));
    const r2 = await hlsnet(['inspect', m]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/^error E106: .*'W2' has no data/m);
    expect(r2.stderr).toContain(`${m}: node 'fc2' (dense)`);
  });
});

describe('printGraph', () => {
  for (const model of ['three_layer_keras', 'dense_big_keras']) {
    it(`${model}: every node, shape and type, and the parameter count of the ONNX initializers`, () => {
      // Independent count: the initializers of the .onnx file, read by a minimal protobuf walk.
      const inits = [...readRawInitializers(readFileSync(sharedModel(`onnx/${model}.onnx`))).values()];
      const expected = inits.reduce((s, t) => s + t.dims.reduce((a, d) => a * d, 1), 0);
      expect(expected).toBeGreaterThan(0);
      for (const g of [loadModel(sharedModel(`onnx/${model}.onnx`)).graph, compiled(model)]) {
        const text = printGraph(g);
        expect(text).toContain(`${g.nodes.length} nodes, ${expected} parameters`);
        for (const n of g.nodes) {
          expect(text).toContain(`  ${n.name} = ${n.op}(`);
          for (const o of n.outputs) {
            const t = g.tensors[o]!;
            expect(text).toContain(`${o}: [${t.shape.join('x')}]${t.type ? ` ${formatFixedType(t.type)}` : ''}`);
          }
          // Per-node parameter lines add up to the node's constants.
          const params = n.inputs.filter((x) => g.tensors[x]!.data).reduce((s, x) => s + size(g.tensors[x]!.shape), 0);
          if (params) expect(text).toContain(`params ${params}: `);
        }
        for (const x of g.inputs) expect(text).toContain(`input  ${x}: [${g.tensors[x]!.shape.join('x')}]`);
      }
      expect(printGraph(compiled(model))).toContain(`input  input_1_0: [16] ${PRECISION}`);
    });
  }
});
