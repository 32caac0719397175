// The trainer's layers: finite-difference gradient checks, inference forward equal to the IR float executor on
// their toIr graph, and E211 errors for bad specs.
import { describe, expect, it } from 'vitest';
import { IrBuilder } from '../../src/train/ir-builder.js';
import { ACTIVATIONS, type LayerSpec } from '../../src/train/spec-types.js';
import { checkGradient, compareGradients } from '../helpers/gradient-check.js';
import { thrown } from '../helpers/errors.js';
import { ctxOf, gradientCheck, inputs, irError, irNodes, make, size } from '../helpers/layer-check.js';

// Kinks of relu (0), relu6 (0, 6), hard_sigmoid (±2.5), hard_swish (±3) and thresholded_relu (1); central differences straddling one fail.
const KINKS = [0, -2.5, 2.5, -3, 3, 6, 1];

describe('the gradient check itself', () => {
  it('passes a right gradient and catches a slightly wrong one', () => {
    const w = inputs(1, 6);
    const x = inputs(2, 6);
    const f = (): number => x.reduce((s, v, i) => s + Math.sin(w[i]! * v) * v, 0);
    const right = Array.from(x, (v, i) => Math.sin(w[i]! * v) + w[i]! * v * Math.cos(w[i]! * v));
    expect(checkGradient('sin', f, x, right).maxError).toBeLessThan(1e-8);
    const wrong = right.map((g, i) => (i === 3 ? g * 1.001 : g));
    expect(() => checkGradient('sin', f, x, wrong)).toThrow(/gradient error/);
    // Components far below the largest are judged against 1e-3 of it, not against themselves.
    expect(compareGradients([1, 1e-9], [1, 2e-9]).maxError).toBeLessThan(1e-5);
    expect(compareGradients([1, 1e-2], [1, 2e-2]).maxError).toBeCloseTo(0.5, 12);
  });
});

describe('activations', () => {
  for (const a of ACTIVATIONS) {
    it(`${a}: gradient matches central differences`, () => {
      for (const [shape, batch] of [[[7], 3], [[2, 3, 5], 2]] as const) {
        const layer = make({ type: 'activation', activation: a }, shape);
        gradientCheck(layer, batch, inputs(11, batch * size(shape), -8, 8, KINKS));
      }
    });
    it(`${a}: forward equals the IR float executor`, () => {
      const layer = make({ type: 'activation', activation: a }, [4, 6]);
      const x = inputs(12, 3 * 24, -8, 8);
      if (a === 'linear') {
        const ir = new IrBuilder();
        expect(layer.toIr(ir.value('x', [4, 6]), ir)).toBe('x');
        expect(ir.nodes).toHaveLength(0);
        return;
      }
      expect(irError(layer, 3, x)).toBeLessThan(1e-12);
    });
  }

  it('prelu: one trainable slope per channel, gradient and IR ([C] slope; [1] for one channel)', () => {
    for (const [shape, batch] of [[[7], 3], [[3, 4, 5], 2], [[4, 1], 3]] as const) {
      gradientCheck(make({ type: 'prelu' }, shape), batch, inputs(21, batch * size(shape), -3, 3, [0]));
      const layer = make({ type: 'prelu' }, shape);
      layer.params[0]!.value.forEach((_, i, a) => (a[i] = 0.1 * (i + 1)));
      expect(irError(layer, batch, inputs(22, batch * size(shape), -3, 3))).toBeLessThan(1e-12);
      expect(irNodes(layer).tensors[`${layer.name}_slope`]!.shape).toEqual([shape[shape.length - 1]!]);
    }
    const fresh = make({ type: 'prelu' }, [2]);
    expect(Array.from(fresh.forward(Float64Array.of(-2, 3), 1, ctxOf(false)()))).toEqual([-0, 3]);
  });

  it('leaky_relu and elu take alpha; the defaults are 0.3 and 1', () => {
    const x = new Float64Array([-2, 1]);
    const ctx = ctxOf(false)();
    expect(Array.from(make({ type: 'activation', activation: 'leaky_relu' }, [2]).forward(x, 1, ctx))).toEqual([Math.fround(0.3) * -2, 1]);
    expect(make({ type: 'activation', activation: 'leaky_relu', alpha: 0.1 }, [2]).forward(x, 1, ctx)[0]).toBeCloseTo(-0.2, 7);
    expect(make({ type: 'activation', activation: 'elu' }, [2]).forward(x, 1, ctx)[0]).toBeCloseTo(Math.expm1(-2), 12);
    const elu = make({ type: 'activation', activation: 'elu', alpha: 0.5 }, [2]);
    expect(elu.forward(x, 1, ctx)[0]).toBeCloseTo(0.5 * Math.expm1(-2), 12);
    gradientCheck(elu, 4, inputs(3, 8, -3, 3, [0]));
    gradientCheck(make({ type: 'activation', activation: 'leaky_relu', alpha: 0.1 }, [2]), 4, inputs(3, 8, -3, 3, [0]));
  });

  it('softplus and softmax stay finite for large inputs', () => {
    const ctx = ctxOf(false)();
    const sp = make({ type: 'activation', activation: 'softplus' }, [3]).forward(new Float64Array([-800, 0, 800]), 1, ctx);
    expect(Array.from(sp)).toEqual([0, Math.LN2, 800]);
    const sm = make({ type: 'activation', activation: 'softmax' }, [2]).forward(new Float64Array([1000, 1000]), 1, ctx);
    expect(Array.from(sm)).toEqual([0.5, 0.5]);
  });

  it('the IR nodes carry the importer attributes', () => {
    const attrsOf = (activation: (typeof ACTIVATIONS)[number]) => {
      const ir = new IrBuilder();
      make({ type: 'activation', activation }, [3]).toIr(ir.value('x', [3]), ir);
      return { op: ir.nodes[0]!.op, attrs: ir.nodes[0]!.attrs };
    };
    expect(attrsOf('relu6')).toEqual({ op: 'clip', attrs: { min: 0, max: 6 } });
    expect(attrsOf('softmax')).toEqual({ op: 'softmax', attrs: { implementation: 'stable' } });
    expect(attrsOf('hard_sigmoid')).toEqual({ op: 'hard_sigmoid', attrs: { alpha: Math.fround(0.2), beta: 0.5 } });
    expect(attrsOf('selu')).toEqual({ op: 'selu', attrs: { alpha: 1.67326319217681884765625, gamma: 1.05070102214813232421875 } });
    expect(attrsOf('leaky_relu')).toEqual({ op: 'leaky_relu', attrs: { alpha: Math.fround(0.3) } });
  });
});

describe('dense', () => {
  it('gradients match central differences, with and without bias', () => {
    gradientCheck(make({ type: 'dense', units: 5 }, [7]), 3, inputs(1, 21));
    gradientCheck(make({ type: 'dense', units: 1, useBias: false }, [4]), 2, inputs(2, 8));
  });
  it('forward equals the IR float executor; W is [in, out]', () => {
    const layer = make({ type: 'dense', units: 6 }, [9], 3, 'fc1');
    expect(irError(layer, 4, inputs(3, 36))).toBeLessThan(1e-12);
    const ir = new IrBuilder();
    layer.toIr(ir.value('x', [9]), ir);
    expect(ir.nodes[0]).toMatchObject({ op: 'dense', name: 'fc1', inputs: ['x', 'fc1_kernel', 'fc1_bias'], outputs: ['fc1_out'] });
    expect(ir.tensors['fc1_kernel']!.shape).toEqual([9, 6]);
  });
  it('initializes like Keras: Glorot-uniform kernel, zero bias', () => {
    const layer = make({ type: 'dense', units: 30 }, [20]);
    const [k, b] = layer.params;
    const limit = Math.sqrt(6 / 50);
    expect(Math.max(...k!.value.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...k!.value.map(Math.abs))).toBeGreaterThan(0.9 * limit);
    expect(Array.from(b!.value).every((v) => v === 0)).toBe(true);
    expect([k!.regularized, b!.regularized]).toEqual([true, false]);
  });
});

type Case = { spec: LayerSpec; shape: number[]; batch: number };

const CONVS: Case[] = [
  { spec: { type: 'conv1d', filters: 4, kernel: 3, strides: 2, padding: 'same' }, shape: [9, 3], batch: 2 },
  { spec: { type: 'conv1d', filters: 2, kernel: 4, strides: 3, padding: 'valid' }, shape: [11, 2], batch: 3 },
  { spec: { type: 'conv1d', filters: 3, kernel: 4, padding: 'same', useBias: false }, shape: [10, 1], batch: 2 },
  { spec: { type: 'conv2d', filters: 3, kernel: [3, 2], strides: [2, 1], padding: 'same' }, shape: [7, 6, 3], batch: 2 },
  { spec: { type: 'conv2d', filters: 2, kernel: 3, strides: 2, padding: 'valid' }, shape: [5, 7, 2], batch: 2 },
  { spec: { type: 'conv2d', filters: 2, kernel: 2, strides: 3, padding: 'same' }, shape: [5, 4, 1], batch: 1 },
];

const POOLS: Case[] = [
  { spec: { type: 'maxpool1d', pool: 3, strides: 2 }, shape: [9, 3], batch: 2 },
  { spec: { type: 'maxpool1d', pool: 2 }, shape: [7, 2], batch: 2 },
  { spec: { type: 'maxpool2d', pool: [2, 3], strides: [2, 2] }, shape: [7, 7, 2], batch: 2 },
  { spec: { type: 'avgpool1d', pool: 4, strides: 3 }, shape: [10, 2], batch: 2 },
  { spec: { type: 'avgpool2d', pool: 2, strides: 1 }, shape: [5, 4, 3], batch: 2 },
  { spec: { type: 'avgpool2d', pool: [3, 2] }, shape: [7, 5, 1], batch: 3 },
  { spec: { type: 'global_avgpool' }, shape: [5, 3], batch: 2 },
  { spec: { type: 'global_avgpool' }, shape: [4, 3, 2], batch: 2 },
  { spec: { type: 'global_maxpool' }, shape: [5, 3], batch: 2 },
  { spec: { type: 'global_maxpool' }, shape: [4, 3, 2], batch: 2 },
];

const label = (c: Case): string => `${JSON.stringify(c.spec)} on [${c.shape.join(', ')}]`;

describe('conv', () => {
  for (const c of CONVS) {
    it(`${label(c)}: gradients and IR`, () => {
      gradientCheck(make(c.spec, c.shape), c.batch, inputs(21, c.batch * size(c.shape)));
      expect(irError(make(c.spec, c.shape), c.batch, inputs(22, c.batch * size(c.shape)))).toBeLessThan(1e-12);
    });
  }

  it("'same' pads like Keras (odd pixel at the end, strides included); weights are [k..., C, F]", () => {
    const l1 = make({ type: 'conv1d', filters: 5, kernel: 4, padding: 'same' }, [10, 2], 1, 'c1');
    expect(l1.outShape).toEqual([10, 5]);
    expect(irNodes(l1).nodes[0]).toMatchObject({
      op: 'conv', name: 'c1', inputs: ['x', 'c1_W', 'c1_bias'], outputs: ['c1_out'],
      attrs: { strides: [1], dilations: [1], pads: [1, 2], groups: 1 },
    });
    const l2 = make({ type: 'conv2d', filters: 3, kernel: [3, 2], strides: [2, 1], padding: 'same' }, [7, 6, 4], 1, 'c2');
    expect(l2.outShape).toEqual([4, 6, 3]);
    const ir = irNodes(l2);
    expect(ir.nodes[0]!.attrs).toEqual({ strides: [2, 1], dilations: [1, 1], pads: [1, 0, 1, 1], groups: 1 });
    expect(ir.tensors['c2_W']!.shape).toEqual([3, 2, 4, 3]);
    const l3 = make({ type: 'conv2d', filters: 1, kernel: 3, strides: 2 }, [8, 7, 1]);
    expect(l3.outShape).toEqual([3, 3, 1]);
    expect(irNodes(l3).nodes[0]!.attrs).toMatchObject({ pads: [0, 0, 0, 0] });
  });

  it('initializes the kernel Glorot-uniform over the receptive field', () => {
    const [k] = make({ type: 'conv2d', filters: 8, kernel: 3 }, [6, 6, 4]).params;
    const limit = Math.sqrt(6 / (9 * 4 + 9 * 8));
    expect(Math.max(...k!.value.map(Math.abs))).toBeLessThanOrEqual(limit);
    expect(Math.max(...k!.value.map(Math.abs))).toBeGreaterThan(0.9 * limit);
  });
});

describe('pooling', () => {
  for (const c of POOLS) {
    it(`${label(c)}: gradients and IR`, () => {
      // Inputs on a shuffled grid of distinct values spaced 1e-2 apart: no max-pool ties within the finite-difference step.
      const n = c.batch * size(c.shape);
      const order = inputs(31, n);
      const ranks = Array.from(order.keys()).sort((a, b) => order[a]! - order[b]!);
      const x = new Float64Array(n);
      ranks.forEach((i, r) => { x[i] = (r - n / 2) * 1e-2; });
      gradientCheck(make(c.spec, c.shape), c.batch, x);
      expect(irError(make(c.spec, c.shape), c.batch, x)).toBeLessThan(1e-12);
    });
  }

  it('strides default to the pool; the IR node has the importer attributes', () => {
    const p = make({ type: 'maxpool2d', pool: [2, 3] }, [7, 8, 2], 1, 'p');
    expect(p.outShape).toEqual([3, 2, 2]);
    expect(irNodes(p).nodes[0]).toMatchObject({ op: 'maxpool', name: 'p', attrs: { kernel: [2, 3], strides: [2, 3], pads: [0, 0, 0, 0] } });
    const a = make({ type: 'avgpool1d', pool: 3, strides: 1 }, [5, 2], 1, 'a');
    expect(irNodes(a).nodes[0]).toMatchObject({ op: 'avgpool', attrs: { kernel: [3], strides: [1], pads: [0, 0] } });
    expect(irNodes(a).nodes[0]!.attrs).not.toHaveProperty('countIncludePad');
    const g = make({ type: 'global_avgpool' }, [4, 3, 5], 1, 'g');
    expect(g.outShape).toEqual([5]);
    expect(irNodes(g).nodes.map((nd) => nd.op)).toEqual(['global_avgpool']);
  });
});

describe('batchnorm', () => {
  for (const [shape, batch] of [[[6], 5], [[4, 3], 3], [[3, 3, 2], 2]] as const) {
    it(`[${shape.join(', ')}]: gradients with batch statistics (training) and moving ones (inference), and IR`, () => {
      const n = batch * size(shape);
      gradientCheck(make({ type: 'batchnorm' }, shape), batch, inputs(41, n, -2, 3));
      gradientCheck(make({ type: 'batchnorm' }, shape), batch, inputs(42, n, -2, 3), false);
      const layer = make({ type: 'batchnorm', momentum: 0.5 }, shape);
      for (let k = 0; k < 3; k++) layer.forward(inputs(43 + k, n, -2, 3), batch, ctxOf(true)());
      for (const p of layer.params) p.value.set(inputs(50, p.value.length, 0.5, 2));
      // scale = γ/sqrt(var + ε) is rounded to float32 in the IR: relative error up to ~1e-7.
      expect(irError(layer, batch, inputs(47, n, -2, 3))).toBeLessThan(1e-6);
    });
  }

  it('updates the moving statistics with momentum, using the biased batch variance, and exposes them as state', () => {
    const layer = make({ type: 'batchnorm', momentum: 0.9, epsilon: 0.01 }, [2]);
    const x = new Float64Array([1, 10, 3, 20, 5, 30]);
    const y = layer.forward(x, 3, ctxOf(true)());
    const { moving_mean: mm, moving_variance: mv } = layer.state!;
    expect(mm![0]).toBeCloseTo(0.1 * 3, 12);
    expect(mm![1]).toBeCloseTo(0.1 * 20, 12);
    expect(mv![0]).toBeCloseTo(0.9 + 0.1 * (8 / 3), 12);
    expect(mv![1]).toBeCloseTo(0.9 + 0.1 * (200 / 3), 12);
    expect(y[0]).toBeCloseTo(-2 / Math.sqrt(8 / 3 + 0.01), 12);
    const inf = layer.forward(x, 3, ctxOf(false)());
    expect(inf[0]).toBeCloseTo((1 - mm![0]!) / Math.sqrt(mv![0]! + 0.01), 12);
    expect(irNodes(layer).nodes[0]).toMatchObject({ op: 'batchnorm', inputs: ['x', 'l0_scale', 'l0_shift'] });
  });
});

describe('dropout and flatten', () => {
  it('dropout: gradient through a fixed mask; kept values scaled by 1/(1 − rate); identity in inference; no IR node', () => {
    const layer = make({ type: 'dropout', rate: 0.4 }, [5, 4]);
    gradientCheck(layer, 3, inputs(61, 60));
    const x = inputs(62, 6000, 1, 2);
    const y = layer.forward(x, 300, ctxOf(true)());
    const dropped = y.filter((v) => v === 0).length / y.length;
    expect(dropped).toBeGreaterThan(0.37);
    expect(dropped).toBeLessThan(0.43);
    y.forEach((v, i) => { if (v !== 0) expect(v).toBeCloseTo(x[i]! / 0.6, 12); });
    expect(layer.forward(x, 300, ctxOf(false)())).toEqual(x);
    const ir = irNodes(layer);
    expect(layer.toIr('x', ir)).toBe('x');
    expect(ir.nodes).toHaveLength(0);
  });

  it('flatten: C-order reshape of channels-last data, gradient and IR', () => {
    const layer = make({ type: 'flatten' }, [3, 2, 4], 1, 'f');
    expect(layer.outShape).toEqual([24]);
    gradientCheck(layer, 2, inputs(71, 48));
    expect(irError(layer, 2, inputs(72, 48))).toBeLessThan(1e-12);
    expect(irNodes(layer).nodes[0]).toMatchObject({ op: 'reshape', name: 'f', outputs: ['f_out'], attrs: { shape: [24] } });
  });
});

describe('bad specs', () => {
  const cases: [string, LayerSpec, number[]][] = [
    ['conv2d on a vector', { type: 'conv2d', filters: 2, kernel: 3 }, [10]],
    ['conv1d on an image', { type: 'conv1d', filters: 2, kernel: 3 }, [5, 5, 1]],
    ["kernel larger than the input with 'valid'", { type: 'conv1d', filters: 2, kernel: 5 }, [3, 2]],
    ['kernel with the wrong number of axes', { type: 'conv2d', filters: 2, kernel: [3] }, [5, 5, 1]],
    ['zero filters', { type: 'conv1d', filters: 0, kernel: 1 }, [5, 1]],
    ['unknown padding', { type: 'conv1d', filters: 1, kernel: 1, padding: 'full' as 'same' }, [5, 1]],
    ['zero stride', { type: 'conv1d', filters: 1, kernel: 1, strides: 0 }, [5, 1]],
    ['dense on an image', { type: 'dense', units: 3 }, [4, 4]],
    ['fractional units', { type: 'dense', units: 2.5 }, [4]],
    ['pool larger than the input', { type: 'maxpool2d', pool: [4, 2] }, [3, 5, 1]],
    ['pool on a vector', { type: 'avgpool1d', pool: 2 }, [8]],
    ['global pool on a vector', { type: 'global_maxpool' }, [8]],
    ['dropout rate 1', { type: 'dropout', rate: 1 }, [8]],
    ['batchnorm momentum 1.5', { type: 'batchnorm', momentum: 1.5 }, [8]],
    ['batchnorm epsilon 0', { type: 'batchnorm', epsilon: 0 }, [8]],
    ['unknown activation', { type: 'activation', activation: 'swish' as 'relu' }, [8]],
    ['unknown layer type', { type: 'lstm' } as unknown as LayerSpec, [8]],
  ];
  for (const [what, spec, shape] of cases) {
    it(`${what}: E211 naming the layer`, () => {
      const e = thrown(() => make(spec, shape, 1, 'bad_layer'));
      expect(e.code).toBe('E211');
      expect(e.subject).toBe("layer 'bad_layer'");
      expect(e.hint).toBeTruthy();
    });
  }
});
