// Reuse factors: parsed at Model / LayerType / LayerName level, checked against each dense/conv layer's
// multiplications (E206 listing the valid ones), RF on layers without multiplications (silent, W201,
// E207), Strategy Resource (W202), and the same errors through the real CLI.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, parsePrecisionConfig } from '../../src/index.js';
import type { Graph } from '../../src/ir/types.js';
import { hlsnet } from '../helpers/cli.js';
import { thrown } from '../helpers/errors.js';
import { sharedModel } from '../helpers/paths.js';
import { mulberry32 } from '../helpers/random.js';

const work = mkdtempSync(join(tmpdir(), 'hlsnet-reuse-factors-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Divisors by brute force: the expected valid lists, independent of the code under test. */
const divisors = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);

/** in [nIn] -> fc1 (dense nIn x h) -> relu1 -> fc2 (dense h x 2) -> y. */
function net(nIn = 4, h = 3): Graph {
  const rand = mulberry32(11);
  const vals = (n: number): number[] => Array.from({ length: n }, () => Math.round((rand() * 2 - 1) * 256) / 256);
  return {
    name: 'small', inputs: ['in'], outputs: ['y'],
    nodes: [
      { name: 'fc1', op: 'dense', inputs: ['in', 'W1', 'b1'], outputs: ['h1'], attrs: {} },
      { name: 'relu1', op: 'relu', inputs: ['h1'], outputs: ['a1'], attrs: {} },
      { name: 'fc2', op: 'dense', inputs: ['a1', 'W2', 'b2'], outputs: ['y'], attrs: {} },
    ],
    tensors: {
      in: { name: 'in', shape: [nIn] },
      W1: { name: 'W1', shape: [nIn, h], data: vals(nIn * h) }, b1: { name: 'b1', shape: [h], data: vals(h) },
      h1: { name: 'h1', shape: [h] }, a1: { name: 'a1', shape: [h] },
      W2: { name: 'W2', shape: [h, 2], data: vals(h * 2) }, b2: { name: 'b2', shape: [2], data: vals(2) },
      y: { name: 'y', shape: [2] },
    },
  };
}

const build = (config: object, g = net()) => compile(g, { config: parsePrecisionConfig(config) });
const rfOf = (g: Graph, name: string) => g.nodes.find((n) => n.name === name)!.hints?.reuseFactor;

describe('ReuseFactor in the configuration', () => {
  it('is read at Model, LayerType and LayerName level, in any key spelling', () => {
    const c = parsePrecisionConfig({ Model: { ReuseFactor: 2 }, LayerType: { Dense: { reuse_factor: 3 } }, LayerName: { fc2: { REUSEFACTOR: 6 } } });
    expect(c.model.reuseFactor).toBe(2);
    expect(c.layerType['dense']!.reuseFactor).toBe(3);
    expect(c.layerName['fc2']!.reuseFactor).toBe(6);
  });

  it('name beats type beats model when it lands on the nodes', () => {
    const g = build({ Model: { ReuseFactor: 2 }, LayerType: { Dense: { ReuseFactor: 3 } }, LayerName: { fc2: { ReuseFactor: 6 } } }).graph;
    expect([rfOf(g, 'fc1'), rfOf(g, 'relu1'), rfOf(g, 'fc2')]).toEqual([3, 2, 6]);
    const m = build({ Model: { ReuseFactor: 2 } }).graph;
    expect([rfOf(m, 'fc1'), rfOf(m, 'fc2')]).toEqual([2, 2]);
  });

  it.each([0, -1, 2.5, '4', null])('ReuseFactor %j is a configuration error E202 naming the path', (v) => {
    const e = thrown(() => parsePrecisionConfig({ LayerName: { fc1: { ReuseFactor: v } } }));
    expect(e.code).toBe('E202');
    expect(e.message).toContain('LayerName.fc1.ReuseFactor');
  });

  it('every divisor of n_mult is accepted, and only those', () => {
    for (let rf = 1; rf <= 14; rf++) {
      const config = { LayerName: { fc1: { ReuseFactor: rf } } };
      if (12 % rf === 0) expect(rfOf(build(config).graph, 'fc1')).toBe(rf);
      else expect(thrown(() => build(config)).code).toBe('E206');
    }
  });
});

describe('an impossible reuse factor is an error that lists the valid ones (E206)', () => {
  it('names the layer, its n_mult, every valid RF and the nearest below and above', () => {
    const e = thrown(() => build({ LayerName: { fc1: { ReuseFactor: 5 } } }));
    expect(e.code).toBe('E206');
    expect(e.message).toContain("reuse factor 5 is not possible for layer 'fc1'");
    expect(e.message).toContain('n_mult = n_in · n_out = 12');
    expect(divisors(12)).toEqual([1, 2, 3, 4, 6, 12]);
    expect(e.message).toContain(`valid reuse factors: ${divisors(12).join(', ')};`);
    expect(e.message).toContain('nearest: 4 below, 6 above');
    expect(e.subject).toBe("node 'fc1' (dense), LayerName.fc1.ReuseFactor");
    expect(e.hint).toBe('use 4 or 6 in LayerName.fc1.ReuseFactor');
  });

  it('above n_mult: the nearest is n_mult itself', () => {
    const e = thrown(() => build({ LayerName: { fc2: { ReuseFactor: 7 } } }));
    expect(e.message).toContain(`n_mult = n_in · n_out = 6): it must divide n_mult; valid reuse factors: ${divisors(6).join(', ')}; nearest: 6 below`);
    expect(e.hint).toBe('use 6 in LayerName.fc2.ReuseFactor');
  });

  it('a model-level RF is checked on every layer: the error names the one it does not fit and the config path', () => {
    const e = thrown(() => build({ Model: { ReuseFactor: 4 } })); // fc1 has 12 (fine), fc2 has 6
    expect(e.code).toBe('E206');
    expect(e.message).toContain("layer 'fc2'");
    expect(e.subject).toBe("node 'fc2' (dense), Model.ReuseFactor");
    expect(e.hint).toContain('use 3 or 6, or give this layer its own LayerName.fc2.ReuseFactor');
  });

  it('a long list shows its first ten, last six and the count', () => {
    const nMult = 24 * 30; // 720 has 30 divisors
    const all = divisors(nMult);
    expect(all).toHaveLength(30);
    const e = thrown(() => build({ LayerName: { fc1: { ReuseFactor: 7 } } }, net(24, 30)));
    expect(e.message).toContain(`valid reuse factors: ${all.slice(0, 10).join(', ')}, …, ${all.slice(-6).join(', ')} (30 values); nearest: 6 below, 8 above`);
  });
});

describe('layers without multiplications, and Strategy', () => {
  it('a model-level RF is ignored silently on the activation', () => {
    const r = build({ Model: { ReuseFactor: 2 } });
    expect(rfOf(r.graph, 'relu1')).toBe(2);
    expect(r.warnings).toEqual([]);
  });

  it('RF 1 by name is accepted anywhere (hls4ml writes it on every layer)', () => {
    expect(build({ LayerName: { relu1: { ReuseFactor: 1 } } }).warnings).toEqual([]);
  });

  it('RF > 1 by name on an activation is E207 naming it', () => {
    const e = thrown(() => build({ LayerName: { relu1: { ReuseFactor: 2 } } }));
    expect(e.code).toBe('E207');
    expect(e.message).toContain("layer 'relu1' (relu), which has no multiplications");
    expect(e.subject).toBe("node 'relu1' (relu), LayerName.relu1.ReuseFactor");
  });

  it('RF > 1 from a LayerType entry that only hits activations is warning W201 listing them', () => {
    const r = build({ LayerType: { Activation: { ReuseFactor: 3 } } });
    expect(r.warnings.map((w) => [w.code, w.message])).toEqual([['W201', 'LayerType.activation.ReuseFactor has no effect on layers without multiplications (relu1)']]);
  });

  it('Strategy Resource: warning W202 for each dense layer, naming it; the hints stay', () => {
    const r = build({ Model: { Strategy: 'Resource', ReuseFactor: 2 } });
    const w = r.warnings.filter((x) => x.code === 'W202');
    expect(w.map((x) => x.subject)).toEqual(["node 'fc1' (dense), Model.Strategy", "node 'fc2' (dense), Model.Strategy"]);
    expect(w[0]!.message).toContain("layer 'fc1' (dense): hlsnet has only the latency kernel");
    expect(r.graph.nodes.map((n) => n.hints?.strategy)).toEqual(['resource', 'resource', 'resource']);
  });
});

describe('through the CLI', () => {
  const model = sharedModel('onnx/three_layer_keras.onnx');
  const last = '_class__keras_layers_core_Dense__3'; // dense 32 x 5: n_mult 160

  it('an impossible RF exits non-zero with E206, the layer and the valid list; nothing is written', async () => {
    const cfg = join(work, 'bad.yml');
    writeFileSync(cfg, `LayerName:\n  ${last}:\n    ReuseFactor: 7\n`);
    const out = join(work, 'prj');
    const r = await hlsnet(['convert', model, '-o', out, '--config', cfg]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^error E206: reuse factor 7 is not possible for layer '_class__keras_layers_core_Dense__3'/m);
    expect(r.stderr).toContain(`valid reuse factors: ${divisors(160).join(', ')}; nearest: 5 below, 8 above`);
    expect(r.stderr).toContain(`hint: use 5 or 8 in LayerName.${last}.ReuseFactor`);
    expect(r.stderr).not.toMatch(/^\s+at .*\.(js|ts):\d+/m);
    expect(existsSync(out)).toBe(false);
  });

  it('inspect shows each dense layer\'s RF, n_mult and multiplier limit, and the top II', async () => {
    const cfg = join(work, 'good.yml');
    writeFileSync(cfg, `Model:\n  ReuseFactor: 2\nLayerName:\n  ${last}:\n    ReuseFactor: 32\n`);
    const r = await hlsnet(['inspect', model, '--config', cfg]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('top II = 32');
    expect(r.stdout).toContain('_class__keras_layers_core_Dense__ (dense): n_mult 1024, RF 2, multiplier limit 512');
    expect(r.stdout).toContain(`${last} (dense): n_mult 160, RF 32, multiplier limit 5`);
  });
});
