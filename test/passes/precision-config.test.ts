// The hls4ml-style precision configuration: parsing, Model < LayerType < LayerName precedence,
// accumulators, case-insensitive keys, YAML/JSON files through the real CLI, and coded errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, formatFixedType, graphToJson, parseFixedType, parsePrecisionConfig } from '../../src/index.js';
import { fracBits } from '../../src/fixed/types.js';
import type { DenseNode, Graph } from '../../src/ir/types.js';
import { exactDenseAccum } from '../../src/passes/infer-accumulator-types.js';
import { hlsnet } from '../helpers/cli.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';
import { thrown } from '../helpers/errors.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-precision-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** in [4] -> fc1 (dense 4x3 + bias) -> relu1 -> fc2 (dense 3x2 + bias) -> y; no types set. */
function smallNet(): Graph {
  const rand = mulberry32(7);
  const vals = (n: number): number[] => Array.from({ length: n }, () => Math.round((rand() * 2 - 1) * 256) / 256);
  return {
    name: 'small',
    inputs: ['in'],
    outputs: ['y'],
    nodes: [
      { name: 'fc1', op: 'dense', inputs: ['in', 'W1', 'b1'], outputs: ['h1'], attrs: {} },
      { name: 'relu1', op: 'relu', inputs: ['h1'], outputs: ['a1'], attrs: {} },
      { name: 'fc2', op: 'dense', inputs: ['a1', 'W2', 'b2'], outputs: ['y'], attrs: {} },
    ],
    tensors: {
      in: { name: 'in', shape: [4] },
      W1: { name: 'W1', shape: [4, 3], data: vals(12) },
      b1: { name: 'b1', shape: [3], data: vals(3) },
      h1: { name: 'h1', shape: [3] },
      a1: { name: 'a1', shape: [3] },
      W2: { name: 'W2', shape: [3, 2], data: vals(6) },
      b2: { name: 'b2', shape: [2], data: vals(2) },
      y: { name: 'y', shape: [2] },
    },
  };
}

/** Compile smallNet with `config` and return every tensor's type and each dense accumulator as text. */
function types(config: object): Record<string, string> {
  const g = compile(smallNet(), { config: parsePrecisionConfig(config) }).graph;
  const out: Record<string, string> = {};
  for (const [k, t] of Object.entries(g.tensors)) out[k] = formatFixedType(t.type!);
  for (const n of g.nodes) if (n.op === 'dense') out[`${n.name}.accum`] = formatFixedType(n.attrs.accum!);
  return out;
}

/** The exact accumulator infer-accumulator-types gives fc1/fc2 in the compiled graph. */
function inferred(config: object, layer: string): string {
  const g = compile(smallNet(), { config: parsePrecisionConfig(config) }).graph;
  return formatFixedType(exactDenseAccum(g, g.nodes.find((n) => n.name === layer) as DenseNode));
}


describe('precedence: Model < LayerType < LayerName', () => {
  it('a model default string sets every type; accumulators stay exact (inferred)', () => {
    const t = types({ Model: { Precision: 'fixed<10,4>' } });
    for (const k of ['in', 'h1', 'a1', 'y']) expect(t[k], k).toBe('fixed<10,4>');
    // Constants falling back to a default round to nearest: the compiler quantizes them, at no hardware cost.
    for (const k of ['W1', 'b1', 'W2', 'b2']) expect(t[k], k).toBe('fixed<10,4,RND>');
    // Exact, not the default: F = Fx + Fw = 6 + 6 (the bias's F = 6 is smaller), and WRAP/TRN.
    for (const k of ['fc1.accum', 'fc2.accum']) {
      expect(fracBits(parseFixedType(t[k]!)), k).toBe(12);
      expect(t[k]).toMatch(/^u?fixed<\d+,-?\d+>$/);
    }
  });

  it('a model dict sets keys separately; unset keys keep the built-in default fixed<16,6>', () => {
    const t = types({ Model: { Precision: { weight: 'fixed<8,2>', result: 'fixed<12,5>' } } });
    expect([t.W1, t.W2]).toEqual(['fixed<8,2>', 'fixed<8,2>']);
    expect([t.h1, t.a1, t.y]).toEqual(['fixed<12,5>', 'fixed<12,5>', 'fixed<12,5>']);
    expect([t.b1, t.b2]).toEqual(['fixed<16,6,RND>', 'fixed<16,6,RND>']);
    expect(t.in).toBe('fixed<12,5>'); // graph inputs take the 'result' type of their level
  });

  it('LayerType overrides the model; LayerName overrides LayerType (per key, and a name string beats a type key)', () => {
    const base = { Model: { Precision: 'fixed<16,6>' }, LayerType: { Dense: { Precision: { weight: 'fixed<6,1>' } } } };
    const byType = types(base);
    expect([byType.W1, byType.W2, byType.b1, byType.h1]).toEqual(['fixed<6,1>', 'fixed<6,1>', 'fixed<16,6,RND>', 'fixed<16,6>']);
    const byName = types({ ...base, LayerName: { fc2: { Precision: { weight: 'fixed<9,2>' } } } });
    expect([byName.W1, byName.W2, byName.b2]).toEqual(['fixed<6,1>', 'fixed<9,2>', 'fixed<16,6,RND>']);
    const nameString = types({ ...base, LayerName: { fc2: { Precision: 'fixed<7,3>' } } });
    expect([nameString.W1, nameString.W2, nameString.b2, nameString.y]).toEqual(['fixed<6,1>', 'fixed<7,3,RND>', 'fixed<7,3,RND>', 'fixed<7,3>']);
    // Activation layers answer to their own type and to 'Activation'; the more specific wins.
    const act = types({ LayerType: { Activation: { Precision: 'ufixed<8,3>' }, Relu: { Precision: { result: 'ufixed<9,4>' } } } });
    expect(act.a1).toBe('ufixed<9,4>');
    expect(types({ LayerType: { Activation: { Precision: 'ufixed<8,3>' } } }).a1).toBe('ufixed<8,3>');
  });

  it('inputs: LayerType Input and LayerName <input tensor>, the name winning', () => {
    expect(types({ LayerType: { Input: { Precision: 'fixed<9,1>' } } }).in).toBe('fixed<9,1>');
    expect(types({ LayerName: { in: { Precision: 'ufixed<10,2>' } } }).in).toBe('ufixed<10,2>');
    const both = types({ LayerType: { Input: { Precision: 'fixed<9,1>' } }, LayerName: { in: { Precision: 'ufixed<10,2>' } } });
    expect(both.in).toBe('ufixed<10,2>');
    expect(both.W1).toBe('fixed<16,6,RND>'); // nothing else moved
  });

  it("accum: 'auto' (default) is inferred; an explicit accum is honoured; a name's 'auto' beats a type's explicit one", () => {
    const explicit = types({ LayerName: { fc1: { Precision: { accum: 'fixed<24,8>' } } } });
    expect(explicit['fc1.accum']).toBe('fixed<24,8>');
    expect(explicit['fc2.accum']).toBe(inferred({}, 'fc2'));
    const typeAccum = { LayerType: { Dense: { Precision: { accum: 'fixed<30,10>' } } } };
    expect(types(typeAccum)['fc2.accum']).toBe('fixed<30,10>');
    const nameAuto = types({ ...typeAccum, LayerName: { fc1: { Precision: { accum: 'AUTO' } } } });
    expect([nameAuto['fc1.accum'], nameAuto['fc2.accum']]).toEqual([inferred({}, 'fc1'), 'fixed<30,10>']);
  });

  it('a string Precision on a layer does not set its accumulator', () => {
    const t = types({ LayerName: { fc1: { Precision: 'fixed<10,3>' } } });
    expect(t.W1).toBe('fixed<10,3,RND>');
    expect(t['fc1.accum']).not.toBe('fixed<10,3>');
    expect(t['fc1.accum']).toBe(inferred({ LayerName: { fc1: { Precision: 'fixed<10,3>' } } }, 'fc1'));
    // ...and does not hide an explicit accumulator set at a less specific level.
    const under = types({ LayerType: { Dense: { Precision: { accum: 'fixed<30,10>' } } }, LayerName: { fc1: 'fixed<10,3>' } });
    expect([under.W1, under['fc1.accum']]).toEqual(['fixed<10,3,RND>', 'fixed<30,10>']);
  });

  it('keys are case-insensitive (and ignore underscores); layer names are not', () => {
    const canonical = { Model: { Precision: 'fixed<12,4>', ReuseFactor: 2 }, LayerType: { Dense: { Precision: { Weight: 'fixed<8,3>', Accum: 'fixed<24,8>' }, Strategy: 'Resource' } }, LayerName: { fc1: { Precision: { result: 'fixed<9,3>' } } } };
    const shouted = { MODEL: { precision: 'fixed<12,4>', reuse_factor: 2 }, layer_type: { DENSE: { PRECISION: { WEIGHT: 'ap_fixed<8,3>', ACCUM: 'FIXED<24,8>' }, strategy: 'resource' } }, LayerName: { fc1: { Precision: { RESULT: 'fixed<9,3>' } } } };
    expect(parsePrecisionConfig(shouted)).toEqual(parsePrecisionConfig(canonical));
    expect(types(shouted)).toEqual(types(canonical));
    expect(thrown(() => compile(smallNet(), { config: parsePrecisionConfig({ LayerName: { FC1: 'fixed<8,3>' } }) })).code).toBe('E203');
  });
});

describe('errors', () => {
  it('an unknown key: E202 naming the key path', () => {
    const e = thrown(() => parsePrecisionConfig({ LayerType: { Dense: { Precision: { wieght: 'fixed<8,3>' } } } }, 'prec.yml'));
    expect(e.code).toBe('E202');
    expect(e.message).toContain('prec.yml: LayerType.dense.Precision.wieght');
    expect(e.hint).toContain('weight');
    const top = thrown(() => parsePrecisionConfig({ Modle: { Precision: 'fixed<8,3>' } }, 'prec.yml'));
    expect([top.code, top.subject]).toEqual(['E202', 'prec.yml: modle']);
    expect(thrown(() => parsePrecisionConfig({ LayerName: { fc1: { Precison: 'fixed<8,3>' } } })).message).toContain('LayerName.fc1.precison');
  });

  it('an unknown layer name: E203 naming it and listing the layer names', () => {
    const e = thrown(() => compile(smallNet(), { config: parsePrecisionConfig({ LayerName: { fc3: 'fixed<8,3>' } }) }));
    expect(e.code).toBe('E203');
    expect(e.message).toContain("'fc3'");
    for (const name of ['fc1', 'relu1', 'fc2', 'in']) expect(e.hint).toContain(name);
  });

  it('a bad type string: E201 quoting it, at its key path', () => {
    const e = thrown(() => parsePrecisionConfig({ LayerName: { fc1: { Precision: { bias: 'fixd<8,3>' } } } }, 'c.json'));
    expect(e.code).toBe('E201');
    expect(e.message).toContain('fixd<8,3>');
    expect(e.subject).toBe('c.json: LayerName.fc1.Precision.bias');
  });

  it('a saturating accumulator: E501 from verify, naming the layer, with a hint', () => {
    const e = thrown(() => compile(smallNet(), { config: parsePrecisionConfig({ LayerName: { fc2: { Precision: { accum: 'fixed<24,8,RND,SAT>' } } } }) }));
    expect(e.code).toBe('E501');
    expect(e.subject).toBe("node 'fc2' (dense)");
    expect(e.message).toContain('WRAP');
    expect(e.hint).toMatch(/WRAP/);
  });
});

describe('config files through the real CLI (hlsnet inspect)', () => {
  const model = join(work, 'small.json');
  writeFileSync(model, graphToJson(smallNet()));

  it('YAML on the jet tagger: LayerType, LayerName and the input, printed in the IR', async () => {
    const yml = join(work, 'jet.yml');
    writeFileSync(yml, [
      'Model:',
      '  Precision: fixed<14,5>',
      'LayerType:',
      '  Dense:',
      "    Precision: { weight: 'fixed<8,3>' }",
      'LayerName:',
      '  input_1_0:',
      "    Precision: 'ufixed<10,0>'",
      '  _class__keras_layers_core_Dense__2:',
      "    Precision: { result: 'fixed<12,4,RND_CONV,SAT>', accum: 'fixed<30,12>' }",
      '',
    ].join('\n'));
    const r = await hlsnet(['inspect', sharedModel('onnx/three_layer_keras.onnx'), '--config', yml]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('input  input_1_0: [16] ufixed<10,0>');
    expect(r.stdout).toContain('W[16x64] fixed<8,3>');
    expect(r.stdout).toContain('_class__keras_layers_core_Dense___bias[64] fixed<14,5,RND>'); // the folded Add's B
    expect(r.stdout).toMatch(/_class__keras_layers_core_Dense__2 = dense\(fc2_relu_Relu_0\) accum=fixed<30,12> -> \S+: \[32\] fixed<12,4,RND_CONV,SAT>/);
    expect(r.stdout).toMatch(/_class__keras_layers_core_Dense__1 = dense\(\S+\) accum=fixed<\d+,\d+> -> \S+: \[32\] fixed<14,5>/);
  });

  it('JSON config on a native model, with --precision replacing the model default', async () => {
    const cfg = join(work, 'small.json.cfg.json');
    writeFileSync(cfg, JSON.stringify({ Model: { Precision: 'fixed<16,6>' }, LayerName: { fc1: { Precision: { weight: 'fixed<6,2>' } }, in: 'ufixed<8,1>' } }));
    const r = await hlsnet(['inspect', model, '--config', cfg, '--precision', 'fixed<11,3>']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('input  in: [4] ufixed<8,1>');
    expect(r.stdout).toContain('W1[4x3] fixed<6,2>');
    expect(r.stdout).toContain('b1[3] fixed<11,3,RND>');
    expect(r.stdout).toContain('W2[3x2] fixed<11,3,RND>');
    expect(r.stdout).toMatch(/fc2 = dense\(a1\) accum=\S+ -> y: \[2\] fixed<11,3>/);
    // Without --precision the file's model default holds.
    const plain = await hlsnet(['inspect', model, '--config', cfg]);
    expect(plain.stdout).toContain('W2[3x2] fixed<16,6,RND>');
  });

  it('config errors through the CLI: E202 with the key path, E203 with the names, E201, E501 with a hint', async () => {
    const cases: [string, string, string[]][] = [
      ['k.yml', 'LayerType:\n  Dense:\n    Precision: { wieght: fixed<8,3> }\n', ['E202', 'LayerType.dense.Precision.wieght']],
      ['n.yml', 'LayerName:\n  fc9: fixed<8,3>\n', ['E203', 'fc9', 'fc1, relu1, fc2, in']],
      ['t.json', JSON.stringify({ Model: { Precision: 'fixed<8;3>' } }), ['E201', 'fixed<8;3>']],
      ['s.yml', 'LayerName:\n  fc1:\n    Precision: { accum: "fixed<24,8,TRN,SAT>" }\n', ['E501', "node 'fc1' (dense)", 'hint:', 'WRAP']],
    ];
    for (const [file, text, mentions] of cases) {
      writeFileSync(join(work, file), text);
      const r = await hlsnet(['inspect', model, '--config', join(work, file)]);
      expect(r.code, file).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^error ${mentions[0]}: `, 'm'));
      for (const m of mentions.slice(1)) expect(r.stderr, file).toContain(m);
    }
  });
});
