// `hlsnet synth`'s engine: each layer module of an emitted Verilog project through Yosys synth_xilinx,
// in parallel processes, cached by content; resource counts and LUT levels per layer and in total.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HlsnetError } from '../../diagnostics/errors.js';
import type { MultStyle, VerilogFiles } from './emit.js';
import type { RtlManifest } from './manifest.js';
import { countResources, logicDepth, parseStat, type Depth, type Resources } from './synth-parse.js';
import { findYosys, runYosysScript, type Yosys } from './yosys.js';

/** The synth_xilinx families of Yosys 0.23 (newer versions know these too). */
export const FAMILIES = ['xcup', 'xcu', 'xc7', 'xc6s', 'xc6v', 'xc5v', 'xc4v', 'xc3sda', 'xc3sa', 'xc3se', 'xc3s', 'xc2vp', 'xc2v', 'xcve', 'xcv'] as const;
export type Family = (typeof FAMILIES)[number];

export interface ModuleSynth extends Resources, Depth {
  readonly module: string;
  /** Yosys wall time of the run that produced the numbers (a cached result keeps it). */
  readonly seconds: number;
  /** Read from the cache instead of running Yosys. */
  readonly cached: boolean;
}

export interface LayerSynth extends ModuleSynth {
  readonly node: string;
  readonly op: string;
  /** Register stages of the layer (manifest). */
  readonly stages: number;
}

export type SynthTotal = Omit<Resources, 'cells'> & Depth & { readonly stages: number; readonly cells: Readonly<Record<string, number>> };

export interface SynthReport {
  readonly format: 'hlsnet-synth-1';
  readonly top: string;
  readonly family: Family;
  readonly mult: MultStyle;
  /** `yosys -V` of the Yosys that produced (or would produce) the numbers. */
  readonly yosys: string;
  /** Cycles from input to output (manifest). */
  readonly latency: number;
  readonly layers: readonly LayerSynth[];
  /** Sums over layers; the depths are the largest layer's (every layer output is registered). */
  readonly total: SynthTotal;
  /** The whole top module in one Yosys run (only with `top`). */
  readonly topModule?: ModuleSynth;
}

/** Where results are kept between runs (the CLI: files in <project>/verilog/synth-cache/). */
export interface SynthCache {
  get(key: string): ModuleSynth | undefined;
  put(key: string, result: ModuleSynth): void;
}

export interface SynthOptions {
  /** synth_xilinx -family (default xcup, UltraScale+). */
  readonly family?: string;
  /** Constant multiplications as DSPs or LUTs; when it differs from the project's, the RTL is re-emitted in memory. */
  readonly mult?: string;
  /** Parallel Yosys processes (default: the available cores). */
  readonly jobs?: number;
  /** Also synthesize the whole top module in one run (slow). */
  readonly top?: boolean;
  /** 'auto' (default), 'yowasp', or the path of a yosys binary. */
  readonly yosys?: string;
  readonly cache?: SynthCache;
  readonly onProgress?: (done: number, total: number, module: string, cached: boolean) => void;
}

/** The RTL to synthesize: a manifest and its files (relative to verilog/). */
export interface RtlSource {
  readonly manifest: RtlManifest;
  readonly read: (rel: string) => string;
  /** Names the source in messages. */
  readonly where: string;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_$]*$/;
const SAFE_PATH = /^(?!\/)(?!.*\.\.)[A-Za-z0-9_./-]+$/;
// Bumped when the script or the parsing changes, so that old cache entries no longer match.
const CACHE_FORMAT = 'hlsnet-synth-cache-2';

function badManifest(file: string, why: string): never {
  throw new HlsnetError('E402', `${why}`, { subject: file, hint: 'give a project folder made by `hlsnet convert` with the Verilog backend; re-convert it if it was edited' });
}

function checkManifest(m: RtlManifest, file: string): RtlManifest {
  if (m?.format !== 'hlsnet-rtl-1') badManifest(file, `not an hlsnet RTL manifest (format '${String(m?.format)}')`);
  const files = (fs: unknown, what: string): void => {
    if (!Array.isArray(fs) || !fs.length || fs.some((f) => typeof f !== 'string' || !SAFE_PATH.test(f))) badManifest(file, `${what}: files must be plain relative paths`);
  };
  if (!IDENT.test(m.top)) badManifest(file, `top '${m.top}' is not a Verilog identifier`);
  files(m.files, 'top');
  if (!Array.isArray(m.layers)) badManifest(file, 'no layers list');
  for (const l of m.layers) {
    if (!IDENT.test(l?.module)) badManifest(file, `layer '${l?.node}': module '${l?.module}' is not a Verilog identifier`);
    files(l.files, `layer '${l.node}'`);
  }
  return m;
}

/** The project's own RTL: verilog/manifest.json and the files it lists. */
export function readRtlProject(dir: string): RtlSource {
  const file = join(dir, 'verilog', 'manifest.json');
  let manifest: RtlManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as RtlManifest;
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    badManifest(file, missing ? 'the project has no Verilog (verilog/manifest.json is missing)' : `verilog/manifest.json is unreadable: ${(e as Error).message}`);
  }
  const read = (rel: string): string => {
    try {
      return readFileSync(join(dir, 'verilog', rel), 'utf8');
    } catch {
      return badManifest(join(dir, 'verilog', rel), 'a Verilog file listed in verilog/manifest.json is missing');
    }
  };
  return { manifest: checkManifest(manifest, file), read, where: dir };
}

/** RTL emitted in memory (another --mult than the project's). */
export function rtlFromFiles(v: VerilogFiles, where: string): RtlSource {
  const read = (rel: string): string => v.files.get(rel) ?? badManifest(`${where}: ${rel}`, 'the emitter listed a file it did not produce');
  return { manifest: checkManifest(v.manifest, where), read, where };
}

function parseFamily(f: string): Family {
  if ((FAMILIES as readonly string[]).includes(f)) return f as Family;
  throw new HlsnetError('E403', `--family must be a synth_xilinx family, got '${f}'`, { subject: '--family', hint: `one of ${FAMILIES.join(', ')} (xcup = UltraScale+, xc7 = 7 series)` });
}

/** The Yosys script for one module; its text is part of the cache key. */
export function yosysScript(module: string, files: readonly string[], family: Family): string {
  return [
    `read_verilog ${files.join(' ')}`,
    // Out of context: no I/O or clock buffers; flattened so that the netlist's paths cross submodules.
    `synth_xilinx -family ${family} -nowidelut -noiopad -noclkbuf -flatten -top ${module}`,
    'tee -q -o stat.json stat -json',
    // Only the library cells in use: all of them would make the netlist megabytes long.
    `hierarchy -top ${module} -purge_lib`,
    'write_json netlist.json',
    '',
  ].join('\n');
}

interface Unit { readonly module: string; readonly files: readonly string[] }

async function synthModule(y: Yosys, src: RtlSource, u: Unit, family: Family, cache: SynthCache | undefined): Promise<ModuleSynth> {
  const script = yosysScript(u.module, u.files, family);
  const contents = u.files.map((f) => [f, src.read(f)] as const);
  const key = createHash('sha256').update(JSON.stringify([CACHE_FORMAT, y.version, script, contents])).digest('hex').slice(0, 32);
  const hit = cache?.get(key);
  if (hit && hit.module === u.module) return { ...hit, cached: true };
  const work = mkdtempSync(join(tmpdir(), 'hlsnet-synth-'));
  try {
    for (const [f, text] of contents) {
      mkdirSync(dirname(join(work, f)), { recursive: true });
      writeFileSync(join(work, f), text);
    }
    writeFileSync(join(work, 'synth.ys'), script);
    const t0 = performance.now();
    const run = await runYosysScript(y, work, 'synth.ys');
    const seconds = (performance.now() - t0) / 1000;
    const subject = `module '${u.module}' (${u.files.join(', ')})`;
    if (!run.ok) {
      const tail = run.output.trim().split('\n').slice(-15).join('\n');
      throw new HlsnetError('E608', `Yosys failed on module '${u.module}':\n${tail}`, { subject, hint: 'if the RTL was generated unchanged this is a bug in hlsnet; please report it with the model and `yosys -V`' });
    }
    const readOut = (f: string): string => {
      try {
        return readFileSync(join(work, f), 'utf8');
      } catch {
        throw new HlsnetError('E609', `Yosys wrote no ${f}`, { subject, hint: `Yosys said:\n${run.output.trim().split('\n').slice(-5).join('\n')}` });
      }
    };
    const cells = parseStat(readOut('stat.json'), subject);
    const result: ModuleSynth = { module: u.module, ...countResources(cells), ...logicDepth(readOut('netlist.json'), u.module, subject), seconds, cached: false };
    cache?.put(key, result);
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs `fn` over `items` with at most `jobs` at once; after a failure no new item starts. */
async function pool<T, R>(items: readonly T[], jobs: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return out;
}

function totals(layers: readonly LayerSynth[]): SynthTotal {
  const add = (k: 'lut' | 'ff' | 'carry' | 'dsp' | 'bram' | 'lutMem' | 'stages'): number => layers.reduce((a, l) => a + l[k], 0);
  const max = (k: keyof Depth): number => layers.reduce((a, l) => Math.max(a, l[k]), 0);
  const cells: Record<string, number> = {};
  for (const l of layers) for (const [t, n] of Object.entries(l.cells)) cells[t] = (cells[t] ?? 0) + n;
  return {
    lut: add('lut'), ff: add('ff'), carry: add('carry'), dsp: add('dsp'), bram: add('bram'), lutMem: add('lutMem'),
    lutLevels: max('lutLevels'), logicLevels: max('logicLevels'), carryChain: max('carryChain'), stages: add('stages'), cells,
  };
}

/**
 * Synthesize every layer module of the project in `dir` (and the top with `top`). `reemit` makes the
 * RTL again with another multiplier style when `mult` differs from the project's.
 */
export async function synthesize(dir: string, opts: SynthOptions, reemit: (mult: MultStyle) => VerilogFiles): Promise<SynthReport> {
  const family = parseFamily(opts.family ?? 'xcup');
  const jobs = opts.jobs ?? availableParallelism();
  if (!Number.isInteger(jobs) || jobs < 1) throw new HlsnetError('E403', `--jobs must be a positive integer, got '${jobs}'`, { subject: '--jobs', hint: `e.g. --jobs ${availableParallelism()} (the available cores, the default)` });
  if (opts.mult !== undefined && opts.mult !== 'dsp' && opts.mult !== 'lut') {
    throw new HlsnetError('E403', `--mult must be dsp or lut, got '${opts.mult}'`, { subject: '--mult', hint: 'dsp: constant multiplications as `*` (DSP48); lut: as shift-add adders' });
  }
  const own = readRtlProject(dir);
  const mult = (opts.mult ?? own.manifest.mult) as MultStyle;
  const src = mult === own.manifest.mult ? own : rtlFromFiles(reemit(mult), `${dir} (re-emitted with mult ${mult})`);
  const y = await findYosys(opts.yosys);
  const m = src.manifest;
  // The top first: the longest run overlaps with the layers.
  const units: Unit[] = [...(opts.top ? [{ module: m.top, files: m.files }] : []), ...m.layers.map((l) => ({ module: l.module, files: l.files }))];
  let done = 0;
  opts.onProgress?.(0, units.length, '', false);
  const results = await pool(units, jobs, async (u) => {
    const r = await synthModule(y, src, u, family, opts.cache);
    opts.onProgress?.(++done, units.length, u.module, r.cached);
    return r;
  });
  const topModule = opts.top ? results.shift() : undefined;
  const layers = m.layers.map((l, i): LayerSynth => ({ node: l.node, op: l.op, stages: l.stages, ...results[i]! }));
  return {
    format: 'hlsnet-synth-1', top: m.top, family, mult, yosys: y.version, latency: m.latency, layers, total: totals(layers),
    ...(topModule ? { topModule } : {}),
  };
}
