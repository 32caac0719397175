// Graphs and inputs for the activation C-simulation tests: every elementwise activation side by side
// on one input (one g++ build per type configuration), softmax forms on reshaped views of one input,
// exhaustive and random values of a fixed type.
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
