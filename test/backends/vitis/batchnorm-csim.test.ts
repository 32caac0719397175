// A batchnorm that cannot be folded (it follows a relu): g++ C simulation == simulator, bit-exact on
// every output of 1,000 edge-aware inputs, with an exact accumulator and with a narrow wrapping one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, parsePrecisionConfig, simulateFixed } from '../../../src/index.js';
import type { Graph, Node } from '../../../src/ir/types.js';
import { edgeAwareInputs } from '../../helpers/fixed-inputs.js';
import { mulberry32 } from '../../helpers/random.js';
import { expectCsimBitExact } from '../../helpers/csim.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-bn-csim-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const rand = mulberry32(11);
const data = (n: number, lo: number, hi: number): number[] => Array.from({ length: n }, () => lo + (hi - lo) * rand());

/** x [4, 4, 6] -> relu -> batchnorm (6 channels, one scale 0 and one negative) -> y. */
function graph(): Graph {
  const scale = data(6, -3, 3);
  scale[2] = 0;
  const shape = [4, 4, 6];
  return {
    name: 'bn', inputs: ['x'], outputs: ['y'],
    nodes: [
      { name: 'relu', op: 'relu', inputs: ['x'], outputs: ['a'], attrs: {} },
      { name: 'bn', op: 'batchnorm', inputs: ['a', 's', 't'], outputs: ['y'], attrs: {} },
    ] as Node[],
    tensors: {
      x: { name: 'x', shape }, a: { name: 'a', shape }, y: { name: 'y', shape },
      s: { name: 's', shape: [6], data: scale }, t: { name: 't', shape: [6], data: data(6, -2, 2) },
    },
  };
}

const CONFIGS: Record<string, object> = {
  'fixed<16,6>, exact accumulator': { Model: { Precision: 'fixed<16,6>' } },
  'fixed<12,4,RND,SAT> with a narrow rounding, wrapping accumulator': {
    Model: { Precision: 'fixed<12,4,RND,SAT>' }, LayerName: { bn: { Precision: { accum: 'fixed<12,3,RND>' } } },
  },
};

describe('batchnorm kept as scale and shift: g++ csim == simulator', () => {
  Object.entries(CONFIGS).forEach(([name, config], k) => {
    it(name, async () => {
      const g = compile(graph(), { config: parsePrecisionConfig(config) }).graph;
      const x = edgeAwareInputs(g.tensors.x!.type!, 1000, 96, 100 + k);
      const r = await expectCsimBitExact(g, join(work, `p${k}`), x, 1000);
      expect(r.outputsCompared).toBe(96_000);
      // Not degenerate: the outputs vary.
      expect(new Set(simulateFixed(g, [x], 1000).raw[0]!.map(String)).size).toBeGreaterThan(50);
    }, 120_000);
  });
});
