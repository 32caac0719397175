// External tools for the tests that need them (g++, Verilator, Yosys): located, never skipped.
import { execaSync, execa } from 'execa';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Flags every C++ build in the tests uses: the emitted HLS code must compile warning-free with them. */
export const CXX_FLAGS: readonly string[] = ['-std=c++17', '-O2', '-Wall', '-Wextra', '-Wno-unknown-pragmas'];

/**
 * The path of `name` on PATH (found with `which`). A test that needs a tool fails when it is
 * missing, so CI cannot pass by silently testing less.
 */
export function requireTool(name: string): string {
  let found = '';
  try {
    found = execaSync('which', [name], { reject: false }).stdout.trim();
  } catch {
    found = '';
  }
  if (!found) {
    throw new Error(
      `${name} is required by this test but was not found on PATH; install ${name} ` +
        '(the tests that need it fail rather than skip when it is missing)',
    );
  }
  return found;
}

export interface CompileResult {
  /** What g++ printed on a successful build (warnings); '' for a clean build. */
  readonly warnings: string;
}

/** Compiles and links `sources` into the executable `out` with CXX_FLAGS; throws with g++'s stderr on failure. */
export async function compileCpp(sources: string[], out: string, includeDirs: string[]): Promise<CompileResult> {
  const gxx = requireTool('g++');
  const args = [...CXX_FLAGS, ...includeDirs.map((d) => `-I${d}`), ...sources, '-o', out];
  const r = await execa(gxx, args, { reject: false, all: false });
  if (r.exitCode !== 0 || r.failed) {
    throw new Error(`g++ failed (exit ${r.exitCode ?? 'none'}): ${gxx} ${args.join(' ')}\n${r.stderr}`);
  }
  return { warnings: r.stderr.trim() };
}

/** Runs `fn` with a fresh directory under os.tmpdir(), removed afterwards whatever happens. */
export async function withTempDir<T>(prefix: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `hlsnet-${prefix}-`));
  try {
    return await fn(dir);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
