// Benchmark of `validate` (the CI gate) on the jet tagger: 100,000 seeded held-out jets with the example's
// precision, float and fixed runs plus every metric. Prints a table row. Run: npm run bench (after a build).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { compile, loadModel, parsePrecisionConfig, validateModel } from '../dist/index.js';
import { generateDataset } from '../dist/train/data/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(root, 'examples', 'jet-tagger');
const N = Number(process.env.BENCH_SAMPLES ?? 100000);

// Held-out toy jets (hlsnet data jets --seed 2) with their true classes, as the example validates them.
const jets = generateDataset('jets', { samples: N, seed: 2 });
const x = jets.x.data;
const labels = Int32Array.from(jets.y.data);
const config = parsePrecisionConfig(parseYaml(readFileSync(join(example, 'precision.yml'), 'utf8')), 'precision.yml');
const g = compile(loadModel(join(example, 'jet_tagger.onnx')).graph, { config }).graph;

const t0 = performance.now();
const r = validateModel(g, { data: x, count: N }, { labels, thresholds: { minAgreement: 0.99, maxAucDrop: 0.005 } });
const seconds = (performance.now() - t0) / 1000;

const range = (v) => `${Math.min(...v).toFixed(3)}-${Math.max(...v).toFixed(3)}`;
const head = ['what', 'samples', 'seconds', 'samples/s', 'float s', 'fixed s', 'metrics s', 'result'];
const row = ['validate jet tagger (precision.yml)', N.toLocaleString(), seconds.toFixed(2), Math.round(N / seconds).toLocaleString(),
  r.seconds.float.toFixed(2), r.seconds.fixed.toFixed(2), r.seconds.metrics.toFixed(2),
  `${r.passed ? 'PASS' : 'FAIL'}, agreement ${(100 * r.agreement).toFixed(2)}%, AUC float ${range(r.auc.map((a) => a.float))} fixed ${range(r.auc.map((a) => a.fixed))}`];
const w = head.map((h, i) => Math.max(h.length, row[i].length));
const line = (cells) => `| ${cells.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
console.log(line(head));
console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
console.log(line(row));
