// Benchmark of a small CNN (32x32x3 -> conv3x3(16, pad 1) -> maxpool2 -> conv3x3(16, pad 1)):
// samples/s of the fixed simulator (both paths) and the float executor, and the g++ C simulation of the
// emitted project in io_parallel and io_stream (compile time, samples/s). Prints a table.
// Run: npm run bench  (needs `npm ci`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFolder } from '../dist/cli/files.js';
import { buildVitisProject, compile, csimCompare, simulateFixed, simulateFloat } from '../dist/index.js';

const N = Number(process.env.BENCH_CNN_SAMPLES ?? 1000);
let seed = 42;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const data = (n) => Array.from({ length: n }, () => rand() * 0.5 - 0.25);
const conv = (name, x, y) => ({
  name, op: 'conv', inputs: [x, `${name}_w`, `${name}_b`], outputs: [y],
  attrs: { strides: [1, 1], dilations: [1, 1], pads: [1, 1, 1, 1], groups: 1 },
});
const net = {
  name: 'cnn', inputs: ['x'], outputs: ['y'],
  nodes: [conv('conv1', 'x', 'h1'), { name: 'pool', op: 'maxpool', inputs: ['h1'], outputs: ['h2'], attrs: { kernel: [2, 2], strides: [2, 2], pads: [0, 0, 0, 0] } }, conv('conv2', 'h2', 'y')],
  tensors: {
    x: { name: 'x', shape: [32, 32, 3] }, h1: { name: 'h1', shape: [32, 32, 16] }, h2: { name: 'h2', shape: [16, 16, 16] }, y: { name: 'y', shape: [16, 16, 16] },
    conv1_w: { name: 'conv1_w', shape: [3, 3, 3, 16], data: data(432) }, conv1_b: { name: 'conv1_b', shape: [16], data: data(16) },
    conv2_w: { name: 'conv2_w', shape: [3, 3, 16, 16], data: data(2304) }, conv2_b: { name: 'conv2_b', shape: [16], data: data(16) },
  },
};
const { graph } = compile(net);
const x = Float64Array.from({ length: 32 * 32 * 3 * N }, () => rand() * 2 - 1);
const rate = (count, fn) => {
  const t0 = performance.now();
  fn();
  return `${Math.round(count / ((performance.now() - t0) / 1000)).toLocaleString()} samples/s`;
};
const nBig = Math.min(N, 20);
const rows = [
  ['fixed simulator (exact doubles)', rate(N, () => simulateFixed(graph, [x], N)), `${N} samples, fixed<16,6>, ~1.03 M MACs/sample`],
  ['fixed simulator (BigInt path)', rate(nBig, () => simulateFixed(graph, [x.subarray(0, nBig * 3072)], nBig, 'bigint')), `${nBig} samples`],
  ['float executor (float64)', rate(N, () => simulateFloat(graph, [x], N)), `${N} samples`],
];
// g++ C simulation: the io_parallel project unrolls ~1 M multiplications, the io_stream one a window per step.
const nCsim = Math.min(N, 200);
const work = mkdtempSync(join(tmpdir(), 'hlsnet-bench-cnn-'));
try {
  for (const ioType of ['io_parallel', 'io_stream']) {
    const dir = join(work, ioType);
    writeFolder(dir, buildVitisProject(graph, { ioType }), false);
    const r = await csimCompare(dir, { data: x.subarray(0, nCsim * 3072), count: nCsim });
    if (r.mismatches.length) throw new Error(`${ioType}: ${r.mismatches.length} csim mismatches`);
    rows.push([`g++ csim, ${ioType}`, `${Math.round(nCsim / r.runSeconds).toLocaleString()} samples/s`, `compile ${r.compileSeconds.toFixed(1)} s (-O1), ${nCsim} samples bit-exact`]);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const w = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ['what (CNN 32x32x3)', 'speed', 'notes'][i].length));
const line = (r) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
console.log(line(['what (CNN 32x32x3)', 'speed', 'notes']));
console.log(`|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
