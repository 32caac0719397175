// The three QONNX models of ../shared/models import: run-time quantizers become exact types (read off the
// models' own attributes, listed by hand below), quantized constants fold, the Shape chain becomes a Reshape.
import { describe, expect, it } from 'vitest';
import { formatFixedType } from '../../../src/fixed/parse.js';
import { compile, graphFromJson, graphToJson, loadModel, parsePrecisionConfig, simulateFixed } from '../../../src/index.js';
import { sharedModel } from '../../helpers/paths.js';

function load(file: string) {
  const imported = loadModel(sharedModel(file)).graph;
  const g = compile(imported).graph;
  const type = (t: string): string => formatFixedType(g.tensors[t]!.type!);
  const summary = g.nodes.map((n) => `${n.op} ${n.name}: ${n.inputs.map(type).join(', ')} -> ${type(n.outputs[0]!)}`);
  console.log(`${file}\n  ${summary.join('\n  ')}`);
  const quantTypes = g.nodes.filter((n) => n.op.includes('quant')).map((n) => `${n.name} ${type(n.outputs[0]!)}`);
  return { imported, g, type, quantTypes };
}

describe('QONNX models import', () => {
  it('jet tagger: 8 weight/bias Quants fold, 3 activation Quants are ufixed<6,0> (6 bits, scale 2^-6, unsigned, ROUND)', () => {
    const { imported, g, type, quantTypes } = load('qonnx/qkeras_jettagging.onnx');
    expect(imported.source?.quantized).toBe(true);
    expect(g.nodes.map((n) => n.op)).toEqual(['dense', 'relu', 'quant', 'dense', 'relu', 'quant', 'dense', 'relu', 'quant', 'dense', 'softmax']);
    expect(quantTypes).toEqual(['Quant_8', 'Quant_9', 'Quant_10'].map((q) => `${q} ufixed<6,0,RND_CONV,SAT>`));
    // Weights: 6-bit signed at scale 2^-5 hold in fixed<6,1>; the folded values may need fewer bits, never more.
    for (const d of g.nodes.filter((n) => n.op === 'dense')) {
      const w = g.tensors[d.inputs[1]!]!;
      expect(w.type!.width - w.type!.int).toBeLessThanOrEqual(5);
      expect(w.data!.every((v) => Number.isInteger(v * 32) && v >= -1 && v < 1)).toBe(true);
      expect(type(d.inputs[1]!)).toMatch(/^fixed<\d,1,RND_CONV,SAT>$/);
    }
  });

  it('TFC 2W2A: Shape→Gather→Unsqueeze→Concat→Reshape folds to a static reshape; 2-bit narrow Quants are fixed<2,2,RND_CONV,SAT_SYM>', () => {
    const { g, quantTypes } = load('qonnx/TFC_2W2A.onnx');
    expect(g.nodes[0]).toMatchObject({ op: 'reshape', attrs: { shape: [784] } });
    expect(g.nodes.filter((n) => n.op === 'dense')).toHaveLength(4);
    expect(quantTypes).toEqual(['Quant_13', 'Quant_25', 'Quant_37', 'Quant_49'].map((q) => `${q} fixed<2,2,RND_CONV,SAT_SYM>`));
    // The ternary weights of the last layer (not folded with a BatchNorm) stay exactly {-1, 0, 1}.
    const last = g.tensors[g.nodes.find((n) => n.name === 'MatMul_56')!.inputs[1]!]!;
    expect(new Set(last.data)).toEqual(new Set([-1, 0, 1]));
  });

  it('the precision configuration overrides neither the quantizer types nor the quantized weights', () => {
    const imported = loadModel(sharedModel('qonnx/qkeras_jettagging.onnx')).graph;
    const plain = compile(imported).graph;
    const config = parsePrecisionConfig({
      Model: { Precision: { weight: 'fixed<4,1>', bias: 'fixed<4,1>', result: 'fixed<8,3>' } },
      LayerType: { Quant: { Precision: 'fixed<3,1>' } },
      LayerName: { Quant_8: { Precision: { result: 'fixed<16,6>' } }, global_in: { Precision: 'fixed<16,6>' } },
    });
    const g = compile(imported, { config }).graph;
    for (const n of g.nodes.filter((m) => m.op === 'quant' || m.op === 'dense')) {
      for (const t of n.op === 'quant' ? n.outputs : n.inputs.slice(1)) expect(g.tensors[t]!.type, t).toEqual(plain.tensors[t]!.type);
    }
  });

  it('a compiled QONNX graph round-trips through the native JSON format and simulates to the same bits', () => {
    const { g } = load('qonnx/qkeras_jettagging.onnx');
    const back = graphFromJson(graphToJson(g), 'jet.json');
    expect(back).toEqual(g);
    const x = Float64Array.from({ length: 16 * 20 }, (_, i) => ((i * 37) % 64) / 4 - 8);
    expect(simulateFixed(back, [x], 20).raw).toEqual(simulateFixed(g, [x], 20).raw);
  });

  it('BNN: BipolarQuant on the input and output become bipolar_quant (fixed<2,2>), on the weights folds to ±1', () => {
    const { g, quantTypes } = load('onnx/bnn_model_fc_1layer.onnx');
    expect(g.nodes.map((n) => n.op)).toEqual(['bipolar_quant', 'dense', 'bipolar_quant']);
    expect(quantTypes.map((s) => s.split(' ')[1])).toEqual(['fixed<2,2>', 'fixed<2,2>']);
    const dense = g.nodes[1]!;
    expect(new Set(g.tensors[dense.inputs[1]!]!.data)).toEqual(new Set([-1, 1]));
    expect(g.tensors[dense.inputs[2]!]!.data).toEqual([2, 2, -1, -4]);
  });
});
