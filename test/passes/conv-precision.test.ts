// The precision passes on conv, pools and transpose: hls4ml layer-type names, exact accumulators,
// avgpool parameter types from the 1/count constants, pass-through types, and the printed attributes.
import { describe, expect, it } from 'vitest';
import { compile, formatFixedType, parsePrecisionConfig, printGraph } from '../../src/index.js';
import type { Graph, Node } from '../../src/ir/types.js';

const t = (x: object | undefined): string => formatFixedType(x as never);

function net(convAttrs: object = {}, w = [3, 3, 2, 4], pool: Partial<Node> = {}): Graph {
  const nodes = [
    { name: 'c1', op: 'conv', inputs: ['x', 'w'], outputs: ['h'], attrs: { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], groups: 1, ...convAttrs } },
    { name: 'p1', op: 'avgpool', inputs: ['h'], outputs: ['p'], attrs: { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }, ...pool },
    { name: 't1', op: 'transpose', inputs: ['p'], outputs: ['q'], attrs: { perm: [2, 0, 1] } },
    { name: 'g1', op: 'global_maxpool', inputs: ['p'], outputs: ['r'], attrs: {} },
  ] as unknown as Node[];
  const f = w.at(-1)!;
  return {
    name: 'n', inputs: ['x'], outputs: ['q', 'r'], nodes,
    tensors: {
      x: { name: 'x', shape: [6, 6, 2] }, w: { name: 'w', shape: w, data: Array.from({ length: w.reduce((a, b) => a * b, 1) }, (_, i) => ((i % 7) - 3) / 4) },
      h: { name: 'h', shape: [6, 6, f] }, p: { name: 'p', shape: [3, 3, f] }, q: { name: 'q', shape: [f, 3, 3] }, r: { name: 'r', shape: [f] },
    },
  };
}

const compiled = (g: Graph, config: object): Graph => compile(g, { config: parsePrecisionConfig(config) }).graph;

describe('apply-precision on conv and pools', () => {
  it('LayerType Conv2D sets weight/result/accum; AveragePooling2D and Pooling set the pools; transpose passes its input type', () => {
    const g = compiled(net(), {
      Model: { Precision: 'fixed<16,6>' },
      LayerType: {
        Conv2D: { Precision: { weight: 'fixed<8,2,RND>', result: 'fixed<12,5>', accum: 'fixed<30,10>' } },
        AveragePooling2D: { Precision: { result: 'fixed<14,5,RND,SAT>' } },
        Pooling: { Precision: { result: 'fixed<9,4>' } },
      },
    });
    expect(t(g.tensors.w!.type)).toBe('fixed<8,2,RND>');
    expect(t(g.tensors.h!.type)).toBe('fixed<12,5>');
    const c1 = g.nodes[0]!;
    expect(c1.op === 'conv' && t(c1.attrs.accum)).toBe('fixed<30,10>');
    expect(t(g.tensors.p!.type)).toBe('fixed<14,5,RND,SAT>');
    expect(t(g.tensors.q!.type)).toBe('fixed<14,5,RND,SAT>');
    expect(t(g.tensors.r!.type)).toBe('fixed<9,4>');
  });

  it('DepthwiseConv2D is more specific than Conv2D; Conv1D names 1-D convolutions', () => {
    const dw = compiled(net({ groups: 2 }, [3, 3, 1, 4]), {
      LayerType: { Conv2D: { Precision: { result: 'fixed<12,5>' } }, DepthwiseConv2D: { Precision: { result: 'fixed<11,5>' } } },
    });
    expect(t(dw.tensors.h!.type)).toBe('fixed<11,5>');
    const node = { name: 'c', op: 'conv', inputs: ['x', 'w'], outputs: ['y'], attrs: { strides: [1], dilations: [1], pads: [0, 0], groups: 1 } } as unknown as Node;
    const g1: Graph = {
      name: 'c1d', inputs: ['x'], outputs: ['y'], nodes: [node],
      tensors: { x: { name: 'x', shape: [5, 2] }, w: { name: 'w', shape: [2, 2, 3], data: new Array<number>(12).fill(0.25) }, y: { name: 'y', shape: [4, 3] } },
    };
    expect(t(compiled(g1, { LayerType: { Conv1D: { Precision: { result: 'fixed<10,3>' } } } }).tensors.y!.type)).toBe('fixed<10,3>');
  });
});

describe('infer-accumulator-types and choose-parameter-types', () => {
  it('conv: F = F(x) + F(w), integer bits from the actual weights over the full window', () => {
    // x fixed<8,3>: [-4, 4 - 2^-5]; w = (i % 7 - 3)/4 on fixed<8,2> (F = 6); per output channel the
    // sum of |w| over 3·3·2 taps is at most 18 · 0.75, so |acc| < 4 · 13.5 = 54: 7 integer bits.
    const g = compiled(net(), { Model: { Precision: 'fixed<8,3>' }, LayerType: { Conv: { Precision: { weight: 'fixed<8,2,RND>' } } } });
    const c1 = g.nodes[0]!;
    const acc = c1.op === 'conv' ? c1.attrs.accum! : undefined!;
    expect(acc.width - acc.int).toBe(5 + 6);
    expect(acc.int).toBeLessThanOrEqual(7);
    expect(acc.overflow).toBe('WRAP');
  });

  it('avgpool: exact sum accumulator; derived param type covers 1/4, 1/6, 1/9 (windows cut by padding)', () => {
    const g = compiled(net(), { Model: { Precision: 'fixed<16,6>' } });
    const p1 = g.nodes[1]!;
    if (p1.op !== 'avgpool') throw new Error('expected avgpool');
    // At most 9 in-range taps of fixed<16,6>: 4 more integer bits, same F.
    expect(t(p1.attrs.accum)).toBe('fixed<20,10>');
    // Largest constant 1/4 → 0 integer bits (signed), 18 bits: q(1/9) has 18 fractional bits.
    expect(t(p1.attrs.paramType)).toBe('fixed<18,0,RND,SAT>');
    const inc = compiled(net({}, undefined, { attrs: { kernel: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1], countIncludePad: true } } as never), {});
    const p2 = inc.nodes[1]!;
    expect(p2.op === 'avgpool' && t(p2.attrs.paramType)).toBe('fixed<18,-2,RND,SAT>'); // only 1/9
  });

  it('an explicit param type wins', () => {
    const g = compiled(net(), { LayerName: { p1: { Precision: { param: 'fixed<10,1,RND>' } } } });
    const p1 = g.nodes[1]!;
    expect(p1.op === 'avgpool' && t(p1.attrs.paramType)).toBe('fixed<10,1,RND>');
  });

  it('printGraph shows the new attributes', () => {
    const text = printGraph(compiled(net(), {}));
    expect(text).toMatch(/c1 = conv\(x\) strides=\[1,1\] dilations=\[1,1\] pads=\[1,1,1,1\] groups=1 accum=fixed</);
    expect(text).toMatch(/p1 = avgpool\(h\) kernel=\[3,3\] strides=\[2,2\] pads=\[1,1,1,1\] param=fixed<18,0,RND,SAT> accum=fixed</);
    expect(text).toMatch(/t1 = transpose\(p\) perm=\[2,0,1\]/);
  });
});
