// Graphs and inputs for the activation C-simulation tests: every elementwise activation side by side
// on one input (one g++ build per type configuration), softmax forms on reshaped views of one input,
// exhaustive and random values of a fixed type.
import { expect } from 'vitest';
import { compile, parsePrecisionConfig } from '../../../src/index.js';
import { parseFixedType } from '../../../src/fixed/parse.js';
import { fracBits, type FixedType } from '../../../src/fixed/types.js';
import type { Graph, Node, Tensor } from '../../../src/ir/types.js';
import { mulberry32 } from '../../helpers/random.js';

/** Elements per sample of the elementwise graphs; the prelu slope pattern has period 4. */
export const K = 64;
export const SLOPE_PATTERN = [0.25, -0.5, 0, 1.375];

export interface ElementwiseAttrs {
  readonly clip: { readonly min?: number; readonly max?: number };
  readonly leakyAlpha: number;
  readonly thresholdAlpha: number;
  readonly hardSigmoid: { readonly alpha: number; readonly beta: number };
  readonly eluAlpha: number;
  readonly selu: { readonly alpha: number; readonly gamma: number };
}

export const ELEMENTWISE_OPS = ['relu', 'linear', 'clip', 'leaky_relu', 'prelu', 'thresholded_relu', 'hard_sigmoid', 'hard_swish',
  'sigmoid', 'tanh', 'softplus', 'softsign', 'elu', 'selu'] as const;

/** One input x [K]; every op reads x and is a graph output named after the op (node names = op names). */
export function elementwiseGraph(a: ElementwiseAttrs, k = K): Graph {
  const tensors: Record<string, Tensor> = {
    x: { name: 'x', shape: [k] },
    slope: { name: 'slope', shape: [k], data: Array.from({ length: k }, (_, i) => SLOPE_PATTERN[i % 4]!) },
  };
  const attrs: Record<(typeof ELEMENTWISE_OPS)[number], object> = {
    relu: {}, linear: {}, clip: a.clip, leaky_relu: { alpha: a.leakyAlpha }, prelu: {}, thresholded_relu: { alpha: a.thresholdAlpha },
    hard_sigmoid: a.hardSigmoid, hard_swish: {}, sigmoid: {}, tanh: {}, softplus: {}, softsign: {},
    elu: { alpha: a.eluAlpha }, selu: a.selu,
  };
  const nodes = ELEMENTWISE_OPS.map((op) => {
    tensors[`y_${op}`] = { name: `y_${op}`, shape: [k] };
    return { name: op, op, inputs: op === 'prelu' ? ['x', 'slope'] : ['x'], outputs: [`y_${op}`], attrs: attrs[op] } as Node;
  });
  return { name: 'activations', inputs: ['x'], outputs: nodes.map((n) => n.outputs[0]!), nodes, tensors };
}

/** Row lengths of the softmax graph: x [40] is viewed as [8, 5] and as [5, 8]. */
export const SOFTMAX_LENGTHS = [5, 8] as const;
export const SOFTMAX_WIDTH = 40;
export const SOFTMAX_FORMS = ['stable', 'latency', 'argmax', 'skip', 'log'] as const;

/** Node `sm<n>_<form>` for every row length and form ('log' is logsoftmax); outputs in that order. */
export function softmaxGraph(): Graph {
  const tensors: Record<string, Tensor> = { x: { name: 'x', shape: [SOFTMAX_WIDTH] } };
  const nodes: Node[] = [];
  for (const n of SOFTMAX_LENGTHS) {
    const shape = [SOFTMAX_WIDTH / n, n];
    tensors[`r${n}`] = { name: `r${n}`, shape };
    nodes.push({ name: `view${n}`, op: 'reshape', inputs: ['x'], outputs: [`r${n}`], attrs: { shape } });
    for (const form of SOFTMAX_FORMS) {
      const name = `sm${n}_${form}`;
      tensors[`y_${name}`] = { name: `y_${name}`, shape };
      const node = form === 'log'
        ? { name, op: 'logsoftmax', inputs: [`r${n}`], outputs: [`y_${name}`], attrs: {} }
        : { name, op: 'softmax', inputs: [`r${n}`], outputs: [`y_${name}`], attrs: { implementation: form } };
      nodes.push(node as Node);
    }
  }
  const outputs = nodes.filter((n) => n.op !== 'reshape').map((n) => n.outputs[0]!);
  return { name: 'softmaxes', inputs: ['x'], outputs, nodes, tensors };
}

/** Every representable value of `t`, in raw order. */
export function everyValue(t: FixedType): number[] {
  const lsb = 2 ** -fracBits(t);
  const lo = t.signed ? -(2 ** (t.width - 1)) : 0;
  return Array.from({ length: 2 ** t.width }, (_, i) => (lo + i) * lsb);
}

/** `count` values of `t`: its extremes, zero and ±1 LSB, then half uniform over the type, half over [-8, 8). */
export function randomValues(t: FixedType, count: number, seed: number): number[] {
  const rand = mulberry32(seed);
  const f = fracBits(t);
  const lo = t.signed ? -(2 ** (t.width - 1)) : 0;
  const hi = t.signed ? 2 ** (t.width - 1) - 1 : 2 ** t.width - 1;
  const raws = [lo, hi, 0, 1, lo + 1, hi - 1, ...(t.signed ? [-1] : [])];
  while (raws.length < count) {
    const r = raws.length % 2 ? lo + Math.floor(rand() * (hi - lo + 1)) : Math.floor((rand() * 16 - 8) * 2 ** f);
    raws.push(Math.min(hi, Math.max(lo, r)));
  }
  return raws.map((r) => r * 2 ** -f);
}

/**
 * The values as samples of `k` (zero-padded): `copies` copies, copy c shifted by c elements, so that with
 * copies = 4 every value meets every slope of the period-4 prelu pattern.
 */
export function elementwiseInputs(values: readonly number[], copies: number, k = K): { data: Float64Array; count: number } {
  const flat: number[] = [];
  for (let c = 0; c < copies; c++) {
    while (flat.length % 4 !== c % 4) flat.push(0);
    flat.push(...values);
  }
  while (flat.length % k) flat.push(0);
  return { data: Float64Array.from(flat), count: flat.length / k };
}

/**
 * Softmax samples of 40 values (rows of 5 and of 8 of the same data). everyPosition: each value at
 * every position of both views: flat[8m + c] = values[(m − c·stride) mod N] puts it in each column c of
 * the rows of 8, and at column (3m + c) mod 5 (all five over c when N is a multiple of 5) of the rows of 5. Otherwise the values
 * in order. Then rows of near-equal values (sums over their whole range), ties of the maximum,
 * all-equal rows and rows of the extremes.
 */
export function softmaxInputs(values: readonly number[], t: FixedType, seed: number, everyPosition: boolean): { data: Float64Array; count: number } {
  const rand = mulberry32(seed);
  const n = values.length;
  const w = SOFTMAX_WIDTH;
  const flat: number[] = [];
  if (everyPosition) {
    // A multiple of 5 values (a few repeated), so that m ≡ v + c·stride (mod 5) for the value v at (m, c).
    const v5 = [...values, ...values.slice(0, (5 - (n % 5)) % 5)];
    let stride = Math.floor(n * 0.618) | 1;
    if (stride % 5 === 3) stride += 2; // 3·stride + 1 must not be a multiple of 5
    for (let m = 0; m < v5.length; m++) for (let c = 0; c < 8; c++) flat.push(v5[(((m - c * stride) % v5.length) + v5.length) % v5.length]!);
  } else {
    flat.push(...values);
  }
  while (flat.length % w) flat.push(values[Math.floor(rand() * n)]!);
  const rows: number[][] = [];
  const pick = (): number => values[Math.floor(rand() * n)]!;
  const lsb = 2 ** -fracBits(t);
  const [min, max] = [values[0]!, values[n - 1]!];
  const clampV = (v: number): number => Math.min(max, Math.max(min, v));
  for (let s = 0; s < 1000; s++) {
    const base = pick();
    const spread = [1, 4, 16, 256, 2 ** 12][s % 5]!;
    rows.push(Array.from({ length: w }, () => clampV(base + Math.round((rand() - 0.5) * 2 * spread) * lsb)));
  }
  for (let s = 0; s < 500; s++) {
    // Ties: a few distinct values repeated, so the maximum occurs several times.
    const few = [pick(), pick(), pick()];
    rows.push(Array.from({ length: w }, () => few[Math.floor(rand() * 3)]!));
  }
  const equal = n <= 1024 ? values : Array.from({ length: 1024 }, (_, i) => values[Math.floor((i * (n - 1)) / 1023)]!);
  for (const v of equal) rows.push(new Array<number>(w).fill(v));
  for (let s = 0; s < 64; s++) rows.push(Array.from({ length: w }, (_, e) => ((s >> (e % 6)) & 1 ? max : min)));
  const data = Float64Array.from([...flat, ...rows.flat()]);
  return { data, count: data.length / w };
}

// The type configurations both the C++ (csim) and the RTL (cosim) activation tests run.
const SELU = { alpha: 1.6732632423543772, gamma: 1.0507009873554805 };

export interface Case {
  readonly input: string;
  /** exhaustive: every value of the input type; otherwise that many random values. */
  readonly values: 'exhaustive' | number;
  readonly config: object;
}

export const ELEMENTWISE: Record<string, Case & { readonly attrs: ElementwiseAttrs }> = {
  'fixed<10,4> -> fixed<12,2,RND,SAT>, exact tables (one entry per input)': {
    input: 'fixed<10,4>', values: 'exhaustive',
    config: { Model: { Precision: 'fixed<12,2,RND,SAT>' }, LayerName: { sigmoid: { Precision: 'ufixed<10,0,RND,SAT>' } } },
    attrs: { clip: { min: 0, max: 6 }, leakyAlpha: 0.1, thresholdAlpha: 1, hardSigmoid: { alpha: 0.2, beta: 0.5 }, eluAlpha: 1, selu: SELU },
  },
  'fixed<14,5,RND> -> fixed<16,6>, 64-entry tables, param fixed<10,2,RND_CONV,SAT>': {
    input: 'fixed<14,5,RND>', values: 'exhaustive',
    config: {
      Model: { Precision: { default: 'fixed<16,6>', param: 'fixed<10,2,RND_CONV,SAT>' }, table_size: 64 },
      LayerName: { sigmoid: { Precision: 'ufixed<10,1>' }, tanh: { Precision: { result: 'fixed<10,1,RND,SAT>', table: 'fixed<12,2,RND,SAT>' } } },
    },
    attrs: { clip: { min: -1.3, max: 2.7 }, leakyAlpha: 0.3, thresholdAlpha: 0.37, hardSigmoid: { alpha: 1 / 6, beta: 0.5 }, eluAlpha: 0.7, selu: SELU },
  },
  'ufixed<8,3> (unsigned) -> narrow fixed<6,2,RND_CONV,WRAP>, 16-entry tables over [1, 5]': {
    input: 'ufixed<8,3>', values: 'exhaustive',
    config: {
      Model: { Precision: 'fixed<6,2,RND_CONV,WRAP>', table_size: 16, table_range: [1, 5] },
      LayerName: { tanh: { Precision: 'fixed<5,1,RND_CONV,SAT_SYM>' }, sigmoid: { Precision: 'ufixed<4,0,RND,SAT_ZERO>' } },
    },
    attrs: { clip: { max: 2.5 }, leakyAlpha: 0.1, thresholdAlpha: 7.9, hardSigmoid: { alpha: -0.4, beta: 1.2 }, eluAlpha: 1, selu: { alpha: 1.5, gamma: 2.25 } },
  },
  'fixed<8,10> (LSB 4) -> fixed<10,12,RND_INF,SAT>, ufixed<8,0> and fixed<8,-1> outputs': {
    input: 'fixed<8,10>', values: 'exhaustive',
    config: {
      Model: { Precision: 'fixed<10,12,RND_INF,SAT>' },
      LayerName: { sigmoid: { Precision: 'ufixed<8,0,RND,SAT>' }, hard_sigmoid: { Precision: 'ufixed<8,0,RND,SAT>' }, tanh: { Precision: 'fixed<8,-1,RND,SAT>' }, softsign: { Precision: 'fixed<8,1,RND_ZERO,SAT>' } },
    },
    attrs: { clip: { min: -300, max: 1000 }, leakyAlpha: 0.01, thresholdAlpha: 40, hardSigmoid: { alpha: 0.01, beta: 0.5 }, eluAlpha: 2, selu: SELU },
  },
  'wide: 100,000 random fixed<24,8> -> fixed<20,6,RND,SAT>, 1024-entry tables': {
    input: 'fixed<24,8>', values: 100_000,
    config: { Model: { Precision: 'fixed<20,6,RND,SAT>', table_size: 1024 }, LayerName: { sigmoid: { Precision: 'ufixed<18,1,RND_MIN_INF,SAT>' } } },
    attrs: { clip: { min: -0.5 }, leakyAlpha: 0.2, thresholdAlpha: -2.25, hardSigmoid: { alpha: 0.2, beta: 0.5 }, eluAlpha: 1, selu: SELU },
  },
};

export const SOFTMAX: Record<string, Case> = {
  'fixed<10,4> -> ufixed<10,0,RND,SAT>, log fixed<12,5,RND,SAT>, default tables': {
    input: 'fixed<10,4>', values: 'exhaustive',
    config: { Model: { Precision: 'ufixed<10,0,RND,SAT>' }, LayerType: { LogSoftmax: { Precision: 'fixed<12,5,RND,SAT>' } } },
  },
  'fixed<14,5,RND> -> fixed<16,2>, 64-entry tables, rounded sum ufixed<10,3,RND,SAT>, latency over [-4, 4]': {
    input: 'fixed<14,5,RND>', values: 'exhaustive',
    config: {
      Model: { Precision: { default: 'fixed<16,2>', accum: 'ufixed<10,3,RND,SAT>', exp_table: 'ufixed<12,1,RND,SAT>', inv_table: 'ufixed<14,4>' }, table_size: 64 },
      LayerType: { LogSoftmax: { Precision: { result: 'fixed<14,5>', table: 'fixed<14,4>' } } },
      LayerName: { sm5_latency: { table_range: [-4, 4] }, sm8_latency: { table_range: [-4, 4] } },
    },
  },
  'ufixed<8,3> (unsigned) -> fixed<8,1,RND_CONV,SAT_SYM>, log wraps, 32-entry exp tables over [-3, 0]': {
    input: 'ufixed<8,3>', values: 'exhaustive',
    config: {
      Model: { Precision: 'fixed<8,1,RND_CONV,SAT_SYM>', table_size: 32 },
      LayerType: { LogSoftmax: { Precision: 'fixed<6,2,RND_CONV,WRAP>' } },
      LayerName: { sm5_stable: { table_range: [-3, 0] }, sm8_stable: { table_range: [-3, 0] }, sm5_log: { table_range: [-3, 0] } },
    },
  },
  'wide: 100,000 random fixed<24,8> -> ufixed<18,1,RND,SAT>, log fixed<20,8,RND,SAT>, 1024-entry tables': {
    input: 'fixed<24,8>', values: 100_000,
    config: { Model: { Precision: 'ufixed<18,1,RND,SAT>', table_size: 1024 }, LayerType: { LogSoftmax: { Precision: 'fixed<20,8,RND,SAT>' } } },
  },
};

/** The case's config plus the input type and, for the softmax nodes, their implementation (per node name). */
export function compiled(g: Graph, c: Case): Graph {
  const config = c.config as { LayerName?: Record<string, object> };
  const layers: Record<string, object> = { ...config.LayerName, x: { Precision: c.input } };
  for (const n of g.nodes) {
    if (n.op === 'softmax') layers[n.name] = { ...layers[n.name], implementation: n.attrs.implementation };
  }
  const out = compile(g, { config: parsePrecisionConfig({ ...config, LayerName: layers }) }).graph;
  // The forms really are the ones asked for (the config decides them, not the node's attribute).
  const forms = (h: Graph): unknown[] => h.nodes.map((n) => (n.op === 'softmax' ? n.attrs.implementation : n.op));
  expect(forms(out)).toEqual(forms(g));
  return out;
}

export function valuesOf(c: Case, seed: number): number[] {
  const t = parseFixedType(c.input);
  return c.values === 'exhaustive' ? everyValue(t) : randomValues(t, c.values, seed);
}

