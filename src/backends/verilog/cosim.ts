// Verilator co-simulation: runs an emitted project's RTL on quantized samples and compares every output, bit for bit,
// with the TypeScript fixed-point simulator.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parseDat } from '../../data/dat.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { toFloat } from '../../fixed/quantize.js';
import { size, typeOf } from '../../ir/graph.js';
import type { Graph } from '../../ir/types.js';
import { quantizeFloats, runFixed } from '../../sim/fixed.js';
import { buildCosim, LONG_RUN, type BuildOptions } from './cosim-build.js';
import { decodeOutputs, encodeInputs, portArgs, readManifest } from './cosim-data.js';

/** `build` only when Verilator actually runs (not for a cached build). */
export type CosimProgress = { readonly phase: 'build' } | { readonly phase: 'run'; readonly done: number; readonly total: number };

export interface CosimOptions {
  /** Model instances run in parallel on contiguous sample ranges; default: every core. */
  readonly threads?: number;
  /** Insert idle cycles (in_valid low, junk on in_data) in a pattern seeded by this number. */
  readonly idleSeed?: number;
  readonly build?: BuildOptions;
  readonly onProgress?: (p: CosimProgress) => void;
}

export interface CosimMismatch {
  readonly sample: number;
  /** Position among the sample's outputs, every graph output concatenated (as in tb_data). */
  readonly index: number;
  /** Values raw·2^-F of the output type: exact doubles for types up to 53 bits. */
  readonly rtl: number;
  readonly sim: number;
}

export interface CosimReport {
  readonly samples: number;
  readonly outputsCompared: number;
  /** The first MAX_LISTED mismatches; `mismatchCount` counts them all. */
  readonly mismatches: CosimMismatch[];
  readonly mismatchCount: number;
  /** Cycles from the first valid input to the first valid output, as measured (every sample's latency is checked equal). */
  readonly latencyCycles: number;
  readonly manifestLatency: number;
  readonly buildSeconds: number;
  readonly runSeconds: number;
  readonly samplesPerSecond: number;
  /** The executable came from an earlier build of the same RTL. */
  readonly cached: boolean;
  readonly threads: number;
}

const MAX_LISTED = 10_000;

interface HarnessStats { samples: number; threads: number; cycles: number; firstIn: number; firstOut: number; latencyMin: number; latencyMax: number }

/** The project's tb_data samples (every graph input concatenated per line). */
export function readTbInputs(dir: string): { data: Float64Array; count: number } {
  const file = join(dir, 'tb_data', 'tb_input_features.dat');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new HlsnetError('E301', 'cannot read the project testbench inputs', { subject: file, hint: 'give samples with --input' });
  }
  const a = parseDat(text, file);
  return { data: a.data, count: a.shape[0]! };
}

/** Co-simulate the project in `dir` (whose model is `g`) on `batch` and compare with the simulator. */
export async function cosimProject(dir: string, g: Graph, batch: { data: Float64Array; count: number }, opts: CosimOptions = {}): Promise<CosimReport> {
  const m = readManifest(dir, g);
  const { count } = batch;
  const sizes = g.inputs.map((x) => size(g.tensors[x]!.shape));
  const per = sizes.reduce((a, b) => a + b, 0);
  if (batch.data.length !== per * count) {
    throw new HlsnetError('E302', `${batch.data.length} values are not ${count} samples of ${per} inputs`, { subject: dir, hint: 'one sample per line, every graph input concatenated' });
  }
  // Split sample-major data per graph input, then quantize exactly as the simulator does.
  const split = sizes.map((n) => new Float64Array(n * count));
  for (let s = 0; s < count; s++) {
    let off = s * per;
    sizes.forEach((n, i) => { split[i]!.set(batch.data.subarray(off, off + n), s * n); off += n; });
  }
  const raws = g.inputs.map((name, i) => quantizeFloats(split[i]!, typeOf(g, name), 'auto').raw);
  const sim = runFixed(g, split, count);

  // Long runs repay g++ -O1's longer build (see DEFAULT_BUILD); an explicit choice wins.
  const buildOpts = { ...(count > LONG_RUN ? { cxxOpt: '-O1' } : {}), ...opts.build };
  const build = await buildCosim(dir, m, buildOpts, () => opts.onProgress?.({ phase: 'build' }));
  const threads = Math.max(1, Math.min(opts.threads ?? availableParallelism(), Math.max(count, 1)));
  const work = mkdtempSync(join(tmpdir(), 'hlsnet-cosim-'));
  try {
    const inFile = join(work, 'in.bin');
    const outFile = join(work, 'out.bin');
    writeFileSync(inFile, encodeInputs(m.inputs, raws, count));
    const args = ['--in', inFile, '--out', outFile, ...portArgs('--in-port', m.inputs), ...portArgs('--out-port', m.outputs),
      '--threads', String(threads), '--latency', String(m.latency)];
    if (opts.idleSeed !== undefined) args.push('--idle', String(opts.idleSeed >>> 0));
    if (opts.onProgress) args.push('--progress');
    const t0 = performance.now();
    const stats = await runHarness(build.exe, args, dir, opts.onProgress);
    const runSeconds = (performance.now() - t0) / 1000;
    if (stats.samples !== count) throw new HlsnetError('E606', `the co-simulation ran ${stats.samples} samples, expected ${count}`, { subject: dir });
    const rtl = decodeOutputs(m.outputs, readFileSync(outFile), count);
    const latency = stats.firstOut - stats.firstIn;
    if (count > 0 && (stats.latencyMin !== stats.latencyMax || stats.latencyMin !== m.latency)) {
      throw new HlsnetError('E606', `measured latency ${stats.latencyMin === stats.latencyMax ? stats.latencyMin : `${stats.latencyMin}..${stats.latencyMax}`} cycles, ` +
        `verilog/manifest.json says ${m.latency}`, { subject: join(dir, 'verilog', m.files[0] ?? ''), hint: 'the RTL pipeline and its manifest disagree: a bug in the Verilog backend; please report it' });
    }
    const { mismatches, mismatchCount, compared } = compare(g, sim.raw, rtl, count);
    return {
      samples: count, outputsCompared: compared, mismatches, mismatchCount, latencyCycles: count > 0 ? latency : m.latency, manifestLatency: m.latency,
      buildSeconds: build.seconds, runSeconds, samplesPerSecond: count / Math.max(runSeconds, 1e-9), cached: build.cached, threads,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function runHarness(exe: string, args: string[], dir: string, onProgress?: (p: CosimProgress) => void): Promise<HarnessStats> {
  const sub = execa(exe, args, { reject: false });
  if (onProgress) {
    let pending = '';
    sub.stderr?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) {
        const p = /^progress (\d+) (\d+)$/.exec(l);
        if (p) onProgress({ phase: 'run', done: Number(p[1]), total: Number(p[2]) });
      }
    });
  }
  const r = await sub;
  if (r.exitCode !== 0) {
    const err = String(r.stderr).split('\n').filter((l) => !l.startsWith('progress ')).join('\n').trim();
    throw new HlsnetError('E606', `the co-simulation failed: ${err || r.shortMessage}`, {
      subject: join(dir, 'verilog'), hint: 'the RTL breaks the top-module contract (reset, valid bit or port layout): a bug in the Verilog backend; please report it',
    });
  }
  try {
    return JSON.parse(String(r.stdout).trim().split('\n').pop()!) as HarnessStats;
  } catch {
    throw new HlsnetError('E606', `the co-simulation printed no statistics: ${String(r.stdout).slice(0, 200)}`, { subject: exe });
  }
}

/** Every output of every sample, raw integer against raw integer. */
function compare(g: Graph, simRaw: readonly bigint[][], rtl: readonly bigint[], count: number): { mismatches: CosimMismatch[]; mismatchCount: number; compared: number } {
  const sizes = g.outputs.map((x) => size(g.tensors[x]!.shape));
  const types = g.outputs.map((x) => typeOf(g, x));
  const mismatches: CosimMismatch[] = [];
  let mismatchCount = 0;
  let at = 0;
  for (let s = 0; s < count; s++) {
    let index = 0;
    sizes.forEach((n, o) => {
      for (let k = 0; k < n; k++, index++, at++) {
        const want = simRaw[o]![s * n + k]!;
        if (rtl[at] === want) continue;
        mismatchCount++;
        if (mismatches.length < MAX_LISTED) mismatches.push({ sample: s, index, rtl: toFloat(rtl[at]!, types[o]!), sim: toFloat(want, types[o]!) });
      }
    });
  }
  return { mismatches, mismatchCount, compared: at };
}
