// The public API of hlsnet: load, compile, simulate and emit models; compare with C simulation.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HlsnetError, type Warning } from './diagnostics/errors.js';
import { importOnnx } from './frontends/onnx/index.js';
export { exportOnnx } from './frontends/onnx/export.js';
// Training: the float reference trainer, its specification, and the seeded toy datasets.
export { trainNetwork, evaluate, type NetworkSpec, type TrainResult, type EpochStats, type TrainingData } from './train/index.js';
export { parseTrainSpec, type TrainSpec, type DataSpec } from './train/spec.js';
export type { LayerSpec, FitSpec, OptimizerSpec, LossName, Activation } from './train/spec-types.js';
export { generateDataset, DATA_TASKS, type Dataset, type GenerateOptions } from './train/data/index.js';
import { size } from './ir/graph.js';
import { graphFromJson } from './ir/json.js';
import type { Graph } from './ir/types.js';
import { OPTIMIZE, PRECISION, runPasses } from './passes/pipelines.js';
import { defaultConfig, type PrecisionConfig } from './passes/precision-config.js';
import { runFloat } from './sim/float.js';
import { runFixed, type FixedBatchResult } from './sim/fixed.js';
import { emitVitisProject, type ProjectFiles } from './backends/vitis/emit.js';
import type { IoType } from './backends/vitis/view-model.js';
import { runCsim } from './backends/vitis/csim.js';
import { cosimProject, readTbInputs, type CosimOptions, type CosimReport } from './backends/verilog/cosim.js';
import { synthesize, type SynthOptions, type SynthReport } from './backends/verilog/synth.js';
import { emitVerilog, type MultStyle } from './backends/verilog/emit.js';
import { verilogProjectFiles } from './backends/verilog/project.js';
import { VERSION } from './paths.js';
import { formatDat, parseDat } from './data/dat.js';
import type { SimMode } from './ops/values.js';

export type { Graph } from './ir/types.js';
export type { PrecisionConfig } from './passes/precision-config.js';
export type { CosimOptions, CosimReport, CosimMismatch, CosimProgress } from './backends/verilog/cosim.js';
export type { SynthOptions, SynthReport, ModuleSynth, LayerSynth, SynthCache } from './backends/verilog/synth.js';
export { HlsnetError } from './diagnostics/errors.js';
export { parsePrecisionConfig, withDefaultPrecision, defaultConfig } from './passes/precision-config.js';
export { parseFixedType, formatFixedType } from './fixed/parse.js';
export { printGraph } from './ir/print.js';
export { graphToJson, graphFromJson } from './ir/json.js';
// Profiling: per-tensor statistics on calibration data, a covering configuration, the HTML report.
export { profileGraph, type Profile, type TensorStats } from './analysis/profile.js';
export { proposeTypes, formatProposalYaml, profileRows } from './analysis/profile-config.js';
export { renderProfileHtml } from './analysis/profile-html.js';
// Validation (the CI gate): float vs fixed on data, metrics, thresholds, the HTML report.
export { validateModel, type ValidationReport, type ValidateOptions, type Thresholds, type ThresholdCheck, type OutputError, type AucResult } from './analysis/validate.js';
export { renderValidationHtml, type ValidationPage } from './analysis/validate-html.js';
export { rocAuc, rocCurve, thinCurve, type RocPoint } from './sim/metrics.js';

export interface Loaded { readonly graph: Graph; readonly warnings: Warning[] }

/** Load an ONNX/QONNX model or a native hlsnet JSON model. */
export function loadModel(file: string): Loaded {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new HlsnetError('E101', `cannot read model: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { subject: file, hint: 'check the path' });
  }
  if (file.endsWith('.json')) return { graph: graphFromJson(new TextDecoder().decode(bytes), file), warnings: [] };
  if (file.endsWith('.onnx')) return importOnnx(bytes, file);
  throw new HlsnetError('E107', 'unrecognized model file extension', { subject: file, hint: 'give an .onnx model or an hlsnet .json model' });
}

/** Graph clean-up only (identity removal, bias folding): float results are unchanged. */
export function optimize(g: Graph): Loaded {
  const ctx = { config: defaultConfig(), warnings: [] as Warning[] };
  return { graph: runPasses(g, OPTIMIZE, ctx), warnings: ctx.warnings };
}

export interface CompileOptions { readonly config?: PrecisionConfig }

/** Optimize and assign fixed-point types: the result simulates bit-accurately and emits. */
export function compile(g: Graph, opts: CompileOptions = {}): Loaded {
  const ctx = { config: opts.config ?? defaultConfig(), warnings: [] as Warning[] };
  const optimized = runPasses(g, OPTIMIZE, ctx);
  return { graph: runPasses(optimized, PRECISION, ctx), warnings: ctx.warnings };
}

/** Float64 reference run; inputs are flat per graph input. */
export function simulateFloat(g: Graph, inputs: readonly Float64Array[], count: number): Float64Array[] {
  return runFloat(g, inputs, count);
}

/** Bit-accurate fixed-point run. */
export function simulateFixed(g: Graph, inputs: readonly Float64Array[], count: number, mode: SimMode = 'auto'): FixedBatchResult {
  return runFixed(g, inputs, count, mode);
}

export interface ProjectOptions {
  readonly name?: string;
  readonly part?: string;
  readonly clockNs?: number;
  /** io_parallel (default) or io_stream. */
  readonly ioType?: IoType;
  /** Testbench samples, every graph input concatenated per sample; defaults to zeros. */
  readonly tbInputs?: { readonly data: Float64Array; readonly count: number };
  /** Which backends to emit (buildProject): the Vitis HLS project, the Verilog RTL (verilog/), or both (default). */
  readonly backend?: Backend;
  /** Verilog constant multiplications: shared shift-add adder graphs (lut, default) or `*` for DSPs. */
  readonly mult?: MultStyle;
  /** Verilog: a register every this many adder levels inside dense/conv kernels (0 or absent: one per layer). */
  readonly pipelineLevels?: number;
}

export type Backend = 'vitis' | 'verilog' | 'both';

export const DEFAULT_PART = 'xcvu13p-flga2577-2-e';
export const DEFAULT_CLOCK_NS = 5;

/** Values per sample of all graph inputs together (a testbench line holds every input, concatenated). */
function inputsPerSample(g: Graph): number {
  return g.inputs.reduce((a, x) => a + size(g.tensors[x]!.shape), 0);
}

/** Samples of every input concatenated -> one flat batch per graph input. */
function splitInputs(g: Graph, data: Float64Array, count: number): Float64Array[] {
  if (g.inputs.length === 1) return [data];
  const sizes = g.inputs.map((x) => size(g.tensors[x]!.shape));
  const per = sizes.reduce((a, b) => a + b, 0);
  const out = sizes.map((n) => new Float64Array(n * count));
  for (let s = 0; s < count; s++) {
    let off = s * per;
    sizes.forEach((n, i) => { out[i]!.set(data.subarray(off, off + n), s * n); off += n; });
  }
  return out;
}

/** The files of a Vitis HLS project for a compiled graph (nothing is written). */
export function buildVitisProject(g: Graph, opts: ProjectOptions = {}): ProjectFiles {
  const per = inputsPerSample(g);
  const tb = opts.tbInputs ?? { data: new Float64Array(per), count: 1 };
  const fixed = runFixed(g, splitInputs(g, tb.data, tb.count), tb.count);
  const predictions = formatDat(sampleRows(fixed.values, tb.count), fixed.values.reduce((a, v) => a + v.length, 0) / tb.count);
  const { files } = emitVitisProject(
    g,
    { projectName: opts.name ?? 'myproject', part: opts.part ?? DEFAULT_PART, clockNs: opts.clockNs ?? DEFAULT_CLOCK_NS, ...(opts.ioType ? { ioType: opts.ioType } : {}) },
    { inputs: formatDat(tb.data, per), predictions },
  );
  return files;
}

/** The files of a project for a compiled graph: Vitis HLS, Verilog (verilog/), or both (nothing is written). */
export function buildProject(g: Graph, opts: ProjectOptions = {}): ProjectFiles {
  const backend = opts.backend ?? 'both';
  const name = opts.name ?? 'myproject';
  const files = buildVitisProject(g, opts);
  if (backend === 'vitis') return files;
  const rtl = verilogProjectFiles(g, { name, mult: opts.mult ?? 'lut', levels: opts.pipelineLevels ?? 0 });
  const meta = JSON.parse(files.get('hlsnet/project.json')!) as Record<string, unknown>;
  files.set('hlsnet/project.json', JSON.stringify({ ...meta, backends: backend === 'both' ? ['vitis', 'verilog'] : ['verilog'], mult: rtl.manifest.mult }, null, 1));
  if (backend === 'verilog') {
    // Keep what every backend shares: the IR, the testbench data.
    for (const k of [...files.keys()]) if (!k.startsWith('hlsnet/') && !k.startsWith('tb_data/')) files.delete(k);
    files.set('README.md', `# ${name} — generated by hlsnet ${VERSION}\n\nVerilog RTL only: see \`verilog/README.md\`. \`tb_data/\` holds the testbench inputs and hlsnet's bit-accurate predictions; \`hlsnet/model.json\` the typed IR.\n`);
  }
  for (const [p, c] of rtl.files) files.set(p, c);
  return files;
}

export interface CsimReport {
  readonly samples: number;
  readonly outputsCompared: number;
  readonly mismatches: { readonly sample: number; readonly index: number; readonly csim: number; readonly sim: number }[];
  readonly compileSeconds: number;
  readonly runSeconds: number;
}

/** Per-output flat values -> one row per sample with every output concatenated (the testbench's layout). */
function sampleRows(values: readonly Float64Array[], count: number): Float64Array {
  const per = values.map((v) => v.length / count);
  const total = per.reduce((a, b) => a + b, 0);
  const rows = new Float64Array(total * count);
  for (let s = 0; s < count; s++) {
    let off = s * total;
    values.forEach((v, i) => { rows.set(v.subarray(s * per[i]!, (s + 1) * per[i]!), off); off += per[i]!; });
  }
  return rows;
}

/** Read an emitted project's IR back. */
export function loadProject(dir: string): { graph: Graph; name: string } {
  let meta: { name: string };
  try {
    meta = JSON.parse(readFileSync(join(dir, 'hlsnet', 'project.json'), 'utf8')) as { name: string };
  } catch {
    throw new HlsnetError('E402', 'no hlsnet/project.json here', { subject: dir, hint: 'give a folder made by `hlsnet convert`' });
  }
  const file = join(dir, 'hlsnet', 'model.json');
  return { graph: graphFromJson(readFileSync(file, 'utf8'), file), name: meta.name };
}

/** C-simulate the project with g++ on `inputs` and compare every output bit-exactly with the simulator. */
export async function csimCompare(dir: string, inputs?: { data: Float64Array; count: number }): Promise<CsimReport> {
  const { graph, name } = loadProject(dir);
  const per = inputsPerSample(graph);
  let batch = inputs;
  if (!batch) {
    const text = readFileSync(join(dir, 'tb_data', 'tb_input_features.dat'), 'utf8');
    const a = parseDat(text, join(dir, 'tb_data', 'tb_input_features.dat'));
    batch = { data: a.data, count: a.shape[0]! };
  }
  const run = await runCsim(dir, name, formatDat(batch.data, per));
  const sim = runFixed(graph, splitInputs(graph, batch.data, batch.count), batch.count);
  // Every output of every sample, in the testbench's order (outputs concatenated per sample).
  const expected = sampleRows(sim.values, batch.count);
  const outPer = expected.length / batch.count;
  const mismatches: CsimReport['mismatches'] = [];
  if (run.rows.length !== batch.count) {
    throw new HlsnetError('E603', `the testbench wrote ${run.rows.length} samples, expected ${batch.count}`, { subject: basename(dir) });
  }
  run.rows.forEach((row, s) => {
    for (let i = 0; i < outPer; i++) {
      const v = row[i];
      // Doubles hold every output value exactly (types up to 53 bits), so equality is bit equality.
      const same = row.length === outPer && v === expected[s * outPer + i]!;
      if (!same) mismatches.push({ sample: s, index: i, csim: v ?? NaN, sim: expected[s * outPer + i]! });
    }
  });
  return { samples: batch.count, outputsCompared: batch.count * outPer, mismatches, compileSeconds: run.compileSeconds, runSeconds: run.runSeconds };
}

/** Run the project's Verilog in Verilator on `inputs` (default: its tb_data) and compare every output bit-exactly with the simulator. */
export async function cosimCompare(dir: string, inputs?: { data: Float64Array; count: number }, opts: CosimOptions = {}): Promise<CosimReport> {
  const { graph } = loadProject(dir);
  return cosimProject(dir, graph, inputs ?? readTbInputs(dir), opts);
}

/** Yosys resource and LUT-level report of the project's Verilog, per layer module; another `mult` than the project's is re-emitted in memory. */
export async function synthesizeProject(dir: string, opts: SynthOptions = {}): Promise<SynthReport> {
  return synthesize(dir, opts, (mult) => {
    const { graph, name } = loadProject(dir);
    return emitVerilog(graph, { name, mult });
  });
}
