// verify(): inconsistent conv, pool and transpose attributes and shapes are E501 naming the node.
import { describe, expect, it } from 'vitest';
import type { Graph, Node } from '../../src/ir/types.js';
import { verify } from '../../src/ir/verify.js';
import { thrown } from '../helpers/errors.js';

type Attrs = Record<string, unknown>;

function convGraph(attrs: Attrs, opts: { x?: number[]; w?: number[]; b?: number[]; y?: number[]; wConst?: boolean } = {}): Graph {
  const x = opts.x ?? [8, 8, 4];
  const w = opts.w ?? [3, 3, 4, 6];
  const b = opts.b ?? [6];
  const node = {
    name: 'conv_a', op: 'conv', inputs: ['x', 'w', 'b'], outputs: ['y'],
    attrs: { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], groups: 1, ...attrs },
  } as unknown as Node;
  const data = (s: number[]): number[] => new Array<number>(s.reduce((p, v) => p * v, 1)).fill(0.5);
  return {
    name: 'g', inputs: opts.wConst === false ? ['x', 'w'] : ['x'], outputs: ['y'], nodes: [node],
    tensors: {
      x: { name: 'x', shape: x }, y: { name: 'y', shape: opts.y ?? [8, 8, 6] },
      w: { name: 'w', shape: w, ...(opts.wConst === false ? {} : { data: data(w) }) }, b: { name: 'b', shape: b, data: data(b) },
    },
  };
}

function poolGraph(op: string, attrs: Attrs, x = [6, 6, 2], y = [3, 3, 2]): Graph {
  const node = { name: 'pool_a', op, inputs: ['x'], outputs: ['y'], attrs } as unknown as Node;
  return { name: 'g', inputs: ['x'], outputs: ['y'], nodes: [node], tensors: { x: { name: 'x', shape: x }, y: { name: 'y', shape: y } } };
}

const POOL = { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] };

const CASES: [string, Graph, RegExp][] = [
  ['conv strides of the wrong length', convGraph({ strides: [1] }), /strides must be 2 positive integers/],
  ['conv zero dilation', convGraph({ dilations: [0, 1] }), /dilations must be 2 positive integers/],
  ['conv pads of the wrong length', convGraph({ pads: [1, 1] }), /pads must be 4 non-negative integers/],
  ['conv groups neither 1 nor C', convGraph({ groups: 2 }, { w: [3, 3, 2, 6] }), /groups must be 1 or C = 4/],
  ['conv groups not an integer', convGraph({ groups: 1.5 }), /groups must be a positive integer/],
  ['conv W with the wrong input channels', convGraph({}, { w: [3, 3, 3, 6] }), /must have C\/groups = 4 input channels/],
  ['conv W of the wrong rank', convGraph({}, { w: [3, 4, 6] }), /expects W \[k\.\., C\/groups, F\] of rank 4/],
  ['depthwise F not a multiple of C', convGraph({ groups: 4 }, { w: [3, 3, 1, 6] }), /multiple of groups = 4/],
  ['conv bias of the wrong size', convGraph({}, { b: [5] }), /conv bias must be \[6\]/],
  ['conv window larger than the padded input', convGraph({ pads: [0, 0, 0, 0] }, { w: [5, 5, 4, 6], x: [3, 3, 4] }), /larger than the padded input/],
  ['conv output shape mismatch', convGraph({ strides: [2, 2] }), /has shape \[8,8,6\] but the op produces \[4,4,6\]/],
  ['conv input of rank 4', convGraph({}, { x: [2, 8, 8, 4], w: [1, 3, 3, 4, 6] }), /expects x \[L, C\] or \[H, W, C\]/],
  ['conv weights not constant', convGraph({}, { wConst: false }), /weights and bias must be constants/],
  ['conv accumulator not WRAP', convGraph({ accum: { signed: true, width: 32, int: 12, rounding: 'TRN', overflow: 'SAT' } }), /must use WRAP/],
  ['maxpool without a kernel', poolGraph('maxpool', { strides: [2, 2], pads: [0, 0, 0, 0] }), /kernel must be 2 positive integers/],
  ['maxpool pads as large as the kernel', poolGraph('maxpool', { ...POOL, pads: [2, 0, 0, 0] }, [6, 6, 2], [4, 3, 2]), /must be smaller than the kernel/],
  ['avgpool countIncludePad not a boolean', poolGraph('avgpool', { ...POOL, countIncludePad: 1 }), /countIncludePad must be a boolean/],
  ['avgpool on a flat tensor', poolGraph('avgpool', { kernel: [2], strides: [2], pads: [0, 0] }, [6], [3]), /expects x \[L, C\] or \[H, W, C\]/],
  ['global_avgpool on a flat tensor', poolGraph('global_avgpool', {}, [6], [6]), /expects x \[L, C\] or \[H, W, C\]/],
  ['transpose with a bad perm', poolGraph('transpose', { perm: [0, 0, 1] }, [6, 6, 2], [6, 6, 2]), /perm must be a permutation of 0\.\.2/],
  ['transpose without a perm', poolGraph('transpose', {}, [6, 6, 2], [6, 6, 2]), /transpose needs attrs\.perm/],
];

describe('verify: conv, pool and transpose errors are E501 naming the node', () => {
  for (const [name, g, message] of CASES) {
    it(name, () => {
      const e = thrown(() => verify(g));
      expect(e.code).toBe('E501');
      expect(e.message).toMatch(message);
      expect(e.subject).toMatch(/node '(conv_a|pool_a)'/);
    });
  }

  it('well-formed conv, depthwise conv and pools pass', () => {
    verify(convGraph({}));
    verify(convGraph({ groups: 4 }, { w: [3, 3, 1, 8], b: [8], y: [8, 8, 8] }));
    verify(poolGraph('maxpool', POOL));
    verify(poolGraph('avgpool', { ...POOL, pads: [1, 1, 1, 1], countIncludePad: true }, [6, 6, 2], [4, 4, 2]));
    verify(poolGraph('global_maxpool', {}, [6, 6, 2], [2]));
  });
});
