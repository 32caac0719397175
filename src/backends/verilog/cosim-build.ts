// Verilates an emitted project's RTL with hlsnet's harness into <project>/verilog/obj_dir, cached by content hash.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { HlsnetError } from '../../diagnostics/errors.js';
import { HLS_DIR } from '../../paths.js';
import type { RtlManifest } from './manifest.js';

export const HARNESS = join(HLS_DIR, 'verilator', 'harness.cpp');
const EXE = 'hlsnet_cosim';
const STAMP = 'hlsnet-build.json';

export interface BuildOptions {
  /** Verilator's own optimization of the code it generates (-O0 ... -O3; '' = Verilator's default). */
  readonly verilatorOpt?: string;
  /** The C++ level for the model code: make's OPT_FAST (it follows -CFLAGS on g++'s command line, so -CFLAGS -O1 would not count). */
  readonly cxxOpt?: string;
}

// Measured on a 37.6k-adder dense net (2 loaded cores, wall / CPU s to build, samples/s per thread):
//   g++ -O0: 170 / 188 s, 1.8k/s;  -O0 + --output-split-cfuncs 200: 273 / 244 s, 1.6k/s
//   g++ -O1: 530 / 379 s, 5.5k/s;  -O1 + --output-split-cfuncs 200: 351 / 282 s, 5.7k/s
// So -O0 without splitting builds fastest (wins below ~200k samples); -O1 is only worth it split, for long runs
// (cosim.ts picks it above LONG_RUN samples). On a 6.5k-adder design the same order holds (77 s vs 91 s); -Os
// compiles slower than -O1 and runs no faster; Verilator's -O3 builds and runs no slower than its default.
export const DEFAULT_BUILD: Required<BuildOptions> = { verilatorOpt: '-O3', cxxOpt: '-O0' };
export const LONG_RUN = 200_000;

export interface Build {
  readonly exe: string;
  readonly seconds: number;
  readonly cached: boolean;
}

/** `verilator --version`'s line; E604 when Verilator is not on PATH. */
export async function findVerilator(): Promise<string> {
  try {
    const r = await execa('verilator', ['--version']);
    return r.stdout.trim().split('\n')[0] ?? 'verilator';
  } catch {
    throw new HlsnetError('E604', 'verilator was not found on PATH', {
      subject: 'verilator', hint: 'install Verilator 5 (e.g. apt-get install verilator) to co-simulate the Verilog',
    });
  }
}

// `verilator --cc --exe --build` in two steps: the runtime objects depend on the generated makefile, so cached
// ones go into the folder after Verilator writes it and before make runs.
function verilatorArgs(m: RtlManifest, mdir: string, rtlDir: string, o: Required<BuildOptions>): string[] {
  return [
    // Small C++ functions: an optimizing g++ takes more than linear time in function size (530 -> 351 s above); at -O0 splitting only costs.
    '--cc', '--exe', ...(o.verilatorOpt ? [o.verilatorOpt] : []), ...(o.cxxOpt === '-O0' ? [] : ['--output-split-cfuncs', '200']), '-Wno-fatal', '--prefix', 'Vtop', '--top-module', m.top, '-Mdir', mdir, '-o', EXE,
    '-LDFLAGS', '-pthread', HARNESS, ...m.files.map((f) => join(rtlDir, f)),
  ];
}

function makeArgs(mdir: string, o: Required<BuildOptions>, jobs: number): string[] {
  // OPT_GLOBAL (the runtime library) keeps Verilator's default: it is compiled once and reused, see runtimeCache.
  return ['-C', mdir, '-f', 'Vtop.mk', '-j', String(jobs), `OPT_FAST=${o.cxxOpt}`, `OPT_SLOW=${o.cxxOpt}`];
}

/** The Verilator runtime objects do not depend on the design: kept once per Verilator + flags, they save ~10 s a build. */
const RUNTIME_OBJECTS = ['verilated.o', 'verilated_threads.o'];

function runtimeCache(version: string): string {
  return join(tmpdir(), `hlsnet-verilator-runtime-${createHash('sha256').update(version).digest('hex').slice(0, 16)}`);
}

/** Build (or reuse) the co-simulation executable for the project in `dir`. */
export async function buildCosim(dir: string, m: RtlManifest, opts: BuildOptions = {}, onBuild?: () => void, jobs = availableParallelism()): Promise<Build> {
  const o = { ...DEFAULT_BUILD, ...opts };
  const version = await findVerilator();
  const vdir = join(dir, 'verilog');
  const objDir = join(vdir, 'obj_dir');
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version, top: m.top, files: m.files, o }));
  hash.update(readFileSync(HARNESS));
  for (const f of m.files) {
    try {
      hash.update(f).update(readFileSync(join(vdir, f)));
    } catch {
      throw new HlsnetError('E402', `the RTL file ${f} listed in verilog/manifest.json is missing`, { subject: join(vdir, f), hint: 'emit the project again' });
    }
  }
  const key = hash.digest('hex');
  const exe = join(objDir, EXE);
  if (stampMatches(objDir, key) && existsSync(exe)) return { exe, seconds: 0, cached: true };

  onBuild?.();
  // Built beside obj_dir and renamed into place: an interrupted or failed build never looks cached.
  const tmp = join(vdir, `.obj_dir.tmp-${process.pid}-${Date.now()}`);
  const rt = runtimeCache(`${version}\n${JSON.stringify(o)}`);
  mkdirSync(tmp, { recursive: true });
  const t0 = performance.now();
  try {
    await execa('verilator', verilatorArgs(m, tmp, vdir, o), { all: true });
    for (const f of RUNTIME_OBJECTS) if (existsSync(join(rt, f))) copyFileSync(join(rt, f), join(tmp, f));
    await execa('make', makeArgs(tmp, o, jobs), { all: true });
  } catch (e) {
    const x = e as { all?: string; stderr?: string };
    rmSync(tmp, { recursive: true, force: true });
    const lines = (x.all ?? x.stderr ?? String(e)).split('\n').filter((l) => /%Error|error|Error/.test(l) || l.startsWith('%'));
    throw new HlsnetError('E605', `Verilator could not build the co-simulation:\n${(lines.length ? lines : [String(e)]).slice(0, 30).join('\n')}`, {
      subject: join(vdir, m.files[0] ?? ''), hint: 'the Verilog does not compile; if hlsnet emitted it unchanged this is a bug: please report it with the model',
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  saveRuntime(tmp, rt);
  writeFileSync(join(tmp, STAMP), JSON.stringify({ key, version, options: o }));
  rmSync(objDir, { recursive: true, force: true });
  try {
    renameSync(tmp, objDir);
  } catch {
    // Another run finished the same build first: theirs is as good as ours.
    rmSync(tmp, { recursive: true, force: true });
    if (!stampMatches(objDir, key)) throw new HlsnetError('E605', 'could not move the Verilator build into place', { subject: objDir });
  }
  return { exe, seconds, cached: false };
}

function stampMatches(objDir: string, key: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(objDir, STAMP), 'utf8')) as { key?: string }).key === key;
  } catch {
    return false;
  }
}

function saveRuntime(mdir: string, rt: string): void {
  try {
    mkdirSync(rt, { recursive: true });
    for (const f of RUNTIME_OBJECTS) {
      if (existsSync(join(rt, f)) || !existsSync(join(mdir, f))) continue;
      // Copy then rename: a concurrent build never picks up half an object file.
      const part = join(rt, `${f}.${process.pid}`);
      copyFileSync(join(mdir, f), part);
      renameSync(part, join(rt, f));
    }
  } catch {
    // Only a speed-up: a read-only temp folder costs time, not correctness.
  }
}
