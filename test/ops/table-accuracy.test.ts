// The accuracy the compiler states for each lookup table equals the worst error measured over
// every representable input (computed here independently), and exact tables are f rounded once.
import { describe, expect, it } from 'vitest';
import { tableReports } from '../../src/analysis/table-accuracy.js';
import { parseFixedType } from '../../src/fixed/parse.js';
import { compile, parsePrecisionConfig, simulateFixed } from '../../src/index.js';
import type { Graph, Node } from '../../src/ir/types.js';

/** Reference formulas written independently of src/ops/functions.ts. */
const ALPHA = 1.67326319217681884765625;
const GAMMA = 1.05070102214813232421875;
const REF: Record<string, { attrs: object; f: (x: number) => number }> = {
  sigmoid: { attrs: {}, f: (x) => 1 / (1 + Math.exp(-x)) },
  tanh: { attrs: {}, f: (x) => Math.tanh(x) },
  softplus: { attrs: {}, f: (x) => Math.log(1 + Math.exp(x)) },
  softsign: { attrs: {}, f: (x) => x / (1 + Math.abs(x)) },
  elu: { attrs: { alpha: 0.7 }, f: (x) => (x >= 0 ? x : 0.7 * (Math.exp(x) - 1)) },
  selu: { attrs: { alpha: ALPHA, gamma: GAMMA }, f: (x) => (x > 0 ? GAMMA * x : GAMMA * ALPHA * (Math.exp(x) - 1)) },
};

function singleOp(op: string, attrs: object, k: number): Graph {
  const node = { name: 'act', op, inputs: ['x'], outputs: ['y'], attrs } as unknown as Node;
  return {
    name: `one_${op}`, inputs: ['x'], outputs: ['y'], nodes: [node],
    tensors: { x: { name: 'x', shape: [k] }, y: { name: 'y', shape: [k] } },
  };
}

/** Every representable value of `type` (as exact doubles). */
function everyValue(type: string): Float64Array {
  const t = parseFixedType(type);
  const lo = t.signed ? -(2 ** (t.width - 1)) : 0;
  const n = 2 ** t.width;
  return Float64Array.from({ length: n }, (_, i) => (lo + i) * 2 ** -(t.width - t.int));
}

/** Three type configurations per op: narrow and exact, wide with a derived range, a forced coarse table. */
const CONFIGS: { name: string; input: string; output: string; layer?: object }[] = [
  { name: 'fixed<8,3> -> fixed<10,2> (exact table)', input: 'fixed<8,3>', output: 'fixed<10,2,RND,SAT>' },
  { name: 'fixed<14,5> -> fixed<16,6> (derived range and size)', input: 'fixed<14,5>', output: 'fixed<16,6>' },
  { name: 'ufixed<12,4> -> fixed<12,3>, 64 entries', input: 'ufixed<12,4>', output: 'fixed<12,3,RND_CONV,SAT>', layer: { table_size: 64 } },
  { name: 'fixed<13,4> -> fixed<14,4>, table_range [-3, 5], table_t fixed<10,2>', input: 'fixed<13,4>', output: 'fixed<14,4>', layer: { table_range: [-3, 5], table_t: 'fixed<10,2>' } },
];

describe('stated worst-case error == error measured over every representable input', () => {
  for (const [op, ref] of Object.entries(REF)) {
    for (const c of CONFIGS) {
      it(`${op}: ${c.name}`, () => {
        const x = everyValue(c.input);
        const config = parsePrecisionConfig({
          Model: { Precision: c.output },
          LayerName: { x: { Precision: c.input }, act: { ...(c.layer ?? {}) } },
        });
        const { graph, warnings } = compile(singleOp(op, ref.attrs, 1), { config });
        const y = simulateFixed(graph, [x], x.length).values[0]!;
        let measured = 0;
        for (let i = 0; i < x.length; i++) measured = Math.max(measured, Math.abs(y[i]! - ref.f(x[i]!)));
        const [stated] = tableReports(graph);
        expect(stated!.exact).toBe(true);
        // The compiler evaluates f with other (equivalent) float64 formulas: they differ by a few ulps of
        // f's value (≤ 2^-50 here), far below any table error (≥ 2^-20 for these types).
        expect(Math.abs(stated!.worstError - measured)).toBeLessThanOrEqual(2 ** -44);
        expect(measured).toBeGreaterThan(0);
        // W301 exactly when the table is coarser than the output type's LSB (for elu/selu the stated
        // error also covers the exact positive side, which may saturate: then W301 only implies it).
        const lsb = 2 ** -(parseFixedType(c.output).width - parseFixedType(c.output).int);
        const warned = warnings.some((w) => w.code === 'W301');
        if (op === 'elu' || op === 'selu') expect(!warned || stated!.worstError > lsb).toBe(true);
        else expect(warned).toBe(stated!.worstError > lsb);
      });
    }
  }
});

describe('table layouts', () => {
  it('an input type with no more values than entries gets an exact table: y = f(x) rounded once', () => {
    const x = everyValue('fixed<9,3>');
    const { graph } = compile(singleOp('tanh', {}, 1), { config: parsePrecisionConfig({ Model: { Precision: 'fixed<12,2,RND,SAT>' }, LayerName: { x: 'fixed<9,3>' } }) });
    const node = graph.nodes[0]!;
    expect(node.op === 'tanh' && node.attrs.table?.size).toBe(512);
    const y = simulateFixed(graph, [x], x.length).values[0]!;
    x.forEach((v, i) => {
      const want = Math.round(Math.tanh(v) * 2 ** 10) / 2 ** 10; // ties cannot occur: tanh of a dyadic value is irrational
      expect(y[i], `tanh(${v})`).toBe(Math.min(Math.max(want, -2), 2 - 2 ** -10));
    });
  });

  it('a too-small configured table warns W301 and names the layer; the default size does not', () => {
    const cfg = (layer: object) => parsePrecisionConfig({ Model: { Precision: 'fixed<16,6>' }, LayerName: { act: layer } });
    const small = compile(singleOp('sigmoid', {}, 4), { config: cfg({ table_size: 128 }) });
    expect(small.warnings).toEqual([expect.objectContaining({ code: 'W301', subject: "node 'act' (sigmoid)" })]);
    const dflt = compile(singleOp('sigmoid', {}, 4), { config: cfg({}) });
    expect(dflt.warnings).toEqual([]);
    const n = dflt.graph.nodes[0]!;
    // Default: range cut where sigmoid is within half an LSB of 0 or 1 (|x| ≳ 11·ln2), sized to ≤ 1 LSB.
    expect(n.op === 'sigmoid' && n.attrs.table).toMatchObject({ size: 4096, range: [-7.625, 7.625] });
  });

  it('a table_size that is not a power of two is a configuration error', () => {
    expect(() => parsePrecisionConfig({ LayerType: { Sigmoid: { table_size: 1000 } } })).toThrow(/table_size/);
  });
});
