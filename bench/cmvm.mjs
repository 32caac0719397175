// Benchmark of the CMVM adder-graph solver against da4ml's Table 2 (TRETS 2025): random N×N matrices of
// integers 129..255 with int8 inputs, 1,000 seeded trials per N, mean adders and solve time, plus two
// real-layer sizes of random 16-bit weights. Prints a table. Run: npm run build && node bench/cmvm.mjs
import { adderCount, noSharingAdders, nodeDepths, solveCmvm } from '../dist/backends/verilog/cmvm/index.js';
import { mulberry32 } from '../dist/train/random.js';

const TRIALS = Number(process.env.BENCH_CMVM_TRIALS ?? 1000);
const PUBLISHED = { 4: 29.2, 8: 98.1, 16: 343.2 };

const matrix = (rows, cols, w) => Array.from({ length: rows }, () => Array.from({ length: cols }, w));
const maxDepth = (g) => { const d = nodeDepths(g); return Math.max(0, ...g.outputs.map((o) => (o ? d[o.node] : 0))); };

function run(w, opts) {
  const t0 = performance.now();
  const g = solveCmvm(w, opts);
  return { g, ms: performance.now() - t0 };
}

// Warm the JIT so the first N does not pay for compilation.
{ const r = mulberry32(1); for (let i = 0; i < 200; i++) solveCmvm(matrix(8, 8, () => Math.floor(r() * 127) + 129)); }

const rows = [];
for (const n of [4, 8, 16]) {
  for (const [label, opts] of [['default (depth <= 2L+4)', undefined], ['unconstrained', { depthSlack: Infinity }]]) {
    const r = mulberry32(1000 + n);
    let adders = 0, ms = 0, base = 0, depth = 0;
    for (let t = 0; t < TRIALS; t++) {
      const w = matrix(n, n, () => Math.floor(r() * 127) + 129);
      const s = run(w, opts);
      adders += adderCount(s.g);
      ms += s.ms;
      base += noSharingAdders(w);
      depth += maxDepth(s.g);
    }
    rows.push([`${n}×${n} 129..255, ${label}`, String(TRIALS), (adders / TRIALS).toFixed(2), String(PUBLISHED[n]),
      (ms / TRIALS).toFixed(2), (base / TRIALS).toFixed(1), (depth / TRIALS).toFixed(2)]);
  }
}
for (const [m, n] of [[128, 64], [100, 100]]) {
  const r = mulberry32(m * 1000 + n);
  const w = matrix(m, n, () => Math.floor(r() * 65536) - 32768);
  const s = run(w, { inputRanges: w.map(() => [-32768, 32767]) });
  rows.push([`${m}×${n} 16-bit, 16-bit inputs`, '1', String(adderCount(s.g)), '-', s.ms.toFixed(0), String(noSharingAdders(w)), String(maxDepth(s.g))]);
}

const head = ['matrix', 'trials', 'mean adders', 'da4ml (published)', 'mean ms', 'no-sharing CSD', 'mean max depth'];
const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
console.log(line(head));
console.log(`|${width.map((k) => '-'.repeat(k + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
