// The g++ C-simulation toolchain: compile an emitted project against hls/csim and run its testbench.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { HlsnetError } from '../../diagnostics/errors.js';

export interface CsimRun {
  /** One row per sample: the testbench's outputs (exact doubles of the output types). */
  readonly rows: number[][];
  readonly compileSeconds: number;
  readonly runSeconds: number;
}

export async function findGxx(): Promise<string> {
  try {
    const r = await execa('g++', ['--version']);
    return r.stdout.split('\n')[0] ?? 'g++';
  } catch {
    throw new HlsnetError('E601', 'g++ was not found on PATH', { subject: 'g++', hint: 'install g++ (e.g. apt-get install g++) to run C simulation' });
  }
}

/** Compile `projectDir` (name = top function) and run the testbench on `inputsDat` (text). */
export async function runCsim(projectDir: string, name: string, inputsDat: string, optLevel = '-O1'): Promise<CsimRun> {
  await findGxx();
  const work = mkdtempSync(join(tmpdir(), 'hlsnet-csim-'));
  try {
    const exe = join(work, 'tb');
    const t0 = performance.now();
    try {
      await execa('g++', [
        '-std=c++17', optLevel, '-w',
        '-I', join(projectDir, 'csim'), '-I', join(projectDir, 'firmware'), '-I', projectDir,
        join(projectDir, 'firmware', `${name}.cpp`), join(projectDir, `${name}_test.cpp`), '-o', exe,
      ]);
    } catch (e) {
      const err = (e as { stderr?: string }).stderr ?? String(e);
      throw new HlsnetError('E602', `g++ could not compile the project:\n${err.split('\n').slice(0, 30).join('\n')}`, {
        subject: projectDir, hint: 'this is a bug in hlsnet if the project was generated unchanged; please report it with the model',
      });
    }
    const t1 = performance.now();
    const inFile = join(work, 'in.dat');
    const outFile = join(work, 'out.log');
    writeFileSync(inFile, inputsDat);
    try {
      await execa(exe, [inFile, outFile, join(work, 'no-predictions')], { cwd: projectDir });
    } catch (e) {
      const x = e as { stderr?: string; stdout?: string };
      throw new HlsnetError('E603', `the testbench failed: ${(x.stderr || x.stdout || String(e)).trim()}`, { subject: projectDir });
    }
    const t2 = performance.now();
    const rows = readFileSync(outFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => l.trim().split(/\s+/).map(Number));
    return { rows, compileSeconds: (t1 - t0) / 1000, runSeconds: (t2 - t1) / 1000 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
