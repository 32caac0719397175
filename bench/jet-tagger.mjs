// Benchmark of the jet tagger (16 -> 64 -> 32 -> 32 -> 5): convert time and samples/s of every
// executor on the same batch. Prints a table. Run: npm run bench  (needs `npm ci` and g++).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { readFileSync } from 'node:fs';
import { buildVitisProject, compile, loadModel, optimize, parsePrecisionConfig, simulateFixed, simulateFloat } from '../dist/index.js';
import { runCsim } from '../dist/backends/vitis/csim.js';
import { writeFolder } from '../dist/cli/files.js';
import { formatDat } from '../dist/data/dat.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const model = join(root, 'examples', 'jet-tagger', 'jet_tagger.onnx');
const N = Number(process.env.BENCH_SAMPLES ?? 10000);

let seed = 12345;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const x32 = Float32Array.from({ length: N * 16 }, () => rand() * 4 - 2);
const x = Float64Array.from(x32);

function time(fn, reps = 1) {
  const t0 = performance.now();
  let r;
  for (let i = 0; i < reps; i++) r = fn();
  return { seconds: (performance.now() - t0) / 1000 / reps, result: r };
}

const rows = [];
const convert = time(() => {
  const g = compile(loadModel(model).graph).graph;
  return { g, files: buildVitisProject(g, { tbInputs: { data: x.subarray(0, 64 * 16), count: 64 } }) };
}, 5);
rows.push(['convert (load + passes + emit)', `${(convert.seconds * 1000).toFixed(1)} ms`, '']);
const g = convert.result.g;
const fg = optimize(loadModel(model).graph).graph;

const fixed = time(() => simulateFixed(g, [x], N));
rows.push(['fixed simulator (exact doubles)', `${Math.round(N / fixed.seconds).toLocaleString()} samples/s`, `${N} samples, softmax stable (tables)`]);
const gArgmax = compile(loadModel(model).graph, { config: parsePrecisionConfig({ LayerType: { Softmax: { implementation: 'argmax' } } }) }).graph;
const fixedArgmax = time(() => simulateFixed(gArgmax, [x], N));
rows.push(['fixed simulator (exact doubles)', `${Math.round(N / fixedArgmax.seconds).toLocaleString()} samples/s`, `${N} samples, softmax argmax`]);
const nBig = Math.min(N, 1000);
const big = time(() => simulateFixed(g, [x.subarray(0, nBig * 16)], nBig, 'bigint'));
rows.push(['fixed simulator (BigInt path)', `${Math.round(nBig / big.seconds).toLocaleString()} samples/s`, `${nBig} samples`]);
const flt = time(() => simulateFloat(fg, [x], N));
rows.push(['float executor (float64)', `${Math.round(N / flt.seconds).toLocaleString()} samples/s`, `${N} samples`]);

const session = await ort.InferenceSession.create(readFileSync(model));
await session.run({ input_1: new ort.Tensor('float32', x32.subarray(0, 16), [1, 16]) }); // warm-up
const t0 = performance.now();
await session.run({ input_1: new ort.Tensor('float32', x32, [N, 16]) });
const ortSec = (performance.now() - t0) / 1000;
rows.push(['onnxruntime-node (CPU, one batch)', `${Math.round(N / ortSec).toLocaleString()} samples/s`, `${N} samples`]);

const dir = mkdtempSync(join(tmpdir(), 'hlsnet-bench-'));
try {
  writeFolder(join(dir, 'prj'), convert.result.files, false);
  const run = await runCsim(join(dir, 'prj'), 'myproject', formatDat(x, 16));
  rows.push(['g++ C simulation (-O1)', `${Math.round(N / run.runSeconds).toLocaleString()} samples/s`, `${N} samples, compile ${run.compileSeconds.toFixed(1)} s`]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['what', 'speed', 'notes'][i].length));
const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
console.log(line(['what', 'speed', 'notes']));
console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
