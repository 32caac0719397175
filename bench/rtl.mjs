// Benchmark of the Verilog backend on the jet tagger: Yosys resources (synth_xilinx -nowidelut, layer by
// layer), latency and LUT levels, and Verilator co-simulation speed, at fixed<16,6> and with 6-bit weights,
// for --mult dsp and --mult lut. Prints a table. Slow (synthesis): minutes. Run: npm run build && node bench/rtl.mjs
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildProject, compile, cosimCompare, loadModel, parsePrecisionConfig, synthesizeProject } from '../dist/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MODEL = join(root, 'examples/jet-tagger/jet_tagger.onnx');
const CONFIGS = {
  'fixed<16,6>': { Model: { Precision: 'fixed<16,6>' }, LayerType: { Softmax: { implementation: 'argmax', Precision: 'ufixed<1,1>' } } },
  '6-bit weights': { Model: { Precision: { default: 'fixed<16,6>', weight: 'fixed<6,1,RND,SAT>' } }, LayerType: { Softmax: { implementation: 'argmax', Precision: 'ufixed<1,1>' } } },
};
const LEVELS = Number(process.env.BENCH_RTL_LEVELS ?? 0);
const SAMPLES = 20_000;

function write(dir, files) {
  for (const [p, c] of files) { mkdirSync(dirname(join(dir, p)), { recursive: true }); writeFileSync(join(dir, p), c); }
}

function seeded(n) {
  let s = 0x2545f491;
  return Float64Array.from({ length: n }, () => { s ^= s << 13; s ^= s >>> 17; s ^= s << 5; return ((s >>> 0) % 1024) / 1024; });
}

const work = mkdtempSync(join(tmpdir(), 'hlsnet-bench-rtl-'));
const rows = [];
try {
  for (const [cname, config] of Object.entries(CONFIGS)) {
    const g = compile(loadModel(MODEL).graph, { config: parsePrecisionConfig(config) }).graph;
    const per = g.tensors[g.inputs[0]].shape.reduce((a, b) => a * b, 1);
    const data = seeded(per * SAMPLES);
    for (const mult of ['dsp', 'lut']) {
      const dir = join(work, `${cname.replace(/\W+/g, '_')}-${mult}`);
      const t0 = performance.now();
      write(dir, buildProject(g, { backend: 'verilog', mult, pipelineLevels: LEVELS, tbInputs: { data: data.subarray(0, per), count: 1 } }));
      const emitMs = performance.now() - t0;
      const syn = await synthesizeProject(dir, {});
      const cos = await cosimCompare(dir, { data, count: SAMPLES });
      const t = syn.total;
      rows.push({
        config: cname, mult, LUT: t.lut, FF: t.ff, CARRY: t.carry, DSP: t.dsp, latency: cos.latencyCycles,
        'LUT levels': t.lutLevels, 'emit s': (emitMs / 1000).toFixed(1), 'synth CPU s': syn.layers.reduce((a, l) => a + l.seconds, 0).toFixed(0), 'Verilator samples/s': Math.round(cos.samplesPerSecond),
        'bit-exact': cos.mismatchCount === 0 ? 'yes' : `NO (${cos.mismatchCount})`,
      });
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`\nJet tagger RTL (Yosys synth_xilinx -family xcup -nowidelut per layer; ${SAMPLES} samples in Verilator; pipeline levels ${LEVELS || 'per layer'})`);
console.table(rows);
