// Benchmark of the float reference trainer on every example's train.yml: samples per second of training
// (forward, backward, optimizer step) and seconds per epoch. Prints a table. Run: npm run bench (after a build).
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arrange, loadTrainingData, readTrainSpec } from '../dist/cli/commands/train.js';
import { trainNetwork } from '../dist/train/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const EPOCHS = Number(process.env.BENCH_EPOCHS ?? 2);
const rows = [];
for (const ex of readdirSync(join(root, 'examples')).sort()) {
  const file = join(root, 'examples', ex, 'train.yml');
  if (!existsSync(file)) continue;
  const spec = readTrainSpec(file);
  const data = loadTrainingData(spec, file);
  const { x, y, count, yPer, inputShape } = arrange(spec, data, file);
  const t0 = performance.now();
  const r = trainNetwork({ name: spec.name, inputShape, layers: spec.layers, fit: { ...spec.fit, epochs: EPOCHS, earlyStopping: undefined } },
    { x, y, count, yPer });
  const seconds = (performance.now() - t0) / 1000;
  const trained = Math.round(count * (1 - (spec.fit.validationSplit ?? 0))) * r.history.length;
  const params = r.network.params.reduce((a, p) => a + p.value.length, 0);
  rows.push([ex, spec.layers.length, params.toLocaleString(), count.toLocaleString(), spec.fit.batchSize, r.history.length, (seconds / r.history.length).toFixed(2), Math.round(trained / seconds).toLocaleString()]);
}
const head = ['example', 'layers', 'parameters', 'samples', 'batch', 'epochs', 's/epoch (incl. validation)', 'training samples/s'];
const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
console.log(line(head));
console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
