// The HTML report's structure, read back with regular expressions: a standalone page, one SVG per
// layer with the type-range overlay, names escaped, and nothing that needs the network.
import { describe, expect, it } from 'vitest';
import { formatProposalYaml, profileRows, proposeTypes } from '../../src/analysis/profile-config.js';
import { renderProfileHtml } from '../../src/analysis/profile-html.js';
import { profileGraph, tensorStats } from '../../src/analysis/profile.js';
import { compile, loadModel, optimize, parsePrecisionConfig } from '../../src/index.js';
import { parse as parseYaml } from 'yaml';
import { sharedModel } from '../helpers/paths.js';
import { expectStandaloneReport } from '../helpers/html-report.js';
import { mulberry32 } from '../helpers/random.js';

describe('renderProfileHtml', () => {
  it('the jet tagger: one section and one SVG per layer, a summary row per tensor', () => {
    const loaded = loadModel(sharedModel('onnx/three_layer_keras.onnx'));
    const g = optimize(loaded.graph).graph;
    const r = mulberry32(5);
    const x = Float64Array.from({ length: 50 * 16 }, () => r() * 6 - 3);
    const p = profileGraph(g, [x], 50);
    const config = parsePrecisionConfig(parseYaml(formatProposalYaml(proposeTypes(p))));
    const compiled = compile(loaded.graph, { config }).graph;
    const rows = profileRows(p, (t) => compiled.tensors[t]?.type);
    const html = renderProfileHtml({ model: 'three_layer_keras.onnx', data: 'x.npy', samples: 50, typeSource: 'proposed', percentiles: p.percentiles, rows });
    const layers = [...g.inputs, ...g.nodes.map((n) => n.name)];
    expectStandaloneReport(html, layers);
    expect(html.match(/<section class="layer"/g)!.length).toBe(layers.length);
    // Summary: header + one row per tensor (inputs and results, plus weight and bias of the 4 dense layers).
    const tbody = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)![1]!;
    expect(tbody.match(/<tr/g)!.length).toBe(layers.length + 8);
    for (const ps of ['p0.1', 'p1', 'p50', 'p99', 'p99.9']) expect(html).toContain(`<th>${ps}</th>`);
  });

  it('escapes layer and tensor names, and marks a saturating tensor in the table', () => {
    const name = '<b>&"x\'';
    const stats = tensorStats('t<1>', 'result', [0, 0.25, -3, 9]);
    const t = { signed: true, width: 8, int: 3, rounding: 'TRN', overflow: 'SAT' } as const;
    const html = renderProfileHtml({ model: 'm<&>', data: 'd', samples: 1, typeSource: 's', percentiles: [50], rows: [{ layer: name, op: 'dense', stats, type: t, over: 0.25, under: 0 }] });
    expect(html).not.toContain(name);
    expect(html).not.toContain('t<1>');
    expect(html).toContain('&lt;b&gt;&amp;&quot;x&#39;');
    expectStandaloneReport(html, ['&lt;b&gt;&amp;&quot;x&#39;']);
    expect(html).toMatch(/<tr class="sat">/);
    expect(html).toContain('fixed&lt;8,3,TRN,SAT&gt;');
  });
});
