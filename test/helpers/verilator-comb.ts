// Evaluate a combinational Verilog module in Verilator on many input values (test support).
// The module has one input `x` and outputs `y0..y{n-1}`, every port at most 64 bits wide.
import { execa } from 'execa';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTool, withTempDir } from './tools.js';

function harness(top: string, outputs: number): string {
  const prints = Array.from({ length: outputs }, (_, k) => `    std::printf(" %llx", (unsigned long long)m->y${k});`).join('\n');
  return `#include "V${top}.h"
#include "verilated.h"
#include <cstdio>
int main(int argc, char** argv) {
  VerilatedContext ctx; ctx.commandArgs(argc, argv);
  V${top}* m = new V${top}(&ctx);
  unsigned long long x;
  FILE* in = std::fopen(argv[1], "r");
  while (std::fscanf(in, "%llx", &x) == 1) {
    m->x = x; m->eval();
${prints}
    std::printf("\\n");
  }
  m->final(); delete m; return 0;
}
`;
}

/** Runs `verilator --lint-only -Wall` on the files; returns its warnings ('' when clean). */
export async function lintVerilog(files: string[], top: string): Promise<string> {
  const verilator = requireTool('verilator');
  const r = await execa(verilator, ['--lint-only', '-Wall', '--top-module', top, ...files], { reject: false });
  return (r.stderr + r.stdout).trim();
}

/** Raw outputs (unsigned bit patterns) of y0..y{outputs-1} for each input bit pattern. */
export async function evalCombinational(verilog: string, top: string, outputs: number, inputs: readonly bigint[]): Promise<bigint[][]> {
  const verilator = requireTool('verilator');
  return withTempDir('vcomb', async (dir) => {
    writeFileSync(join(dir, `${top}.v`), verilog);
    writeFileSync(join(dir, 'main.cpp'), harness(top, outputs));
    writeFileSync(join(dir, 'in.txt'), inputs.map((v) => v.toString(16)).join('\n') + '\n');
    const build = await execa(verilator, ['--cc', '--exe', '--build', '-Wno-fatal', '-O0', '--Mdir', join(dir, 'obj'),
      '--top-module', top, `${top}.v`, 'main.cpp', '-CFLAGS', '-O0'], { cwd: dir, reject: false });
    if (build.exitCode !== 0) throw new Error(`verilator failed:\n${build.stderr.slice(0, 4000)}`);
    const run = await execa(join(dir, 'obj', `V${top}`), [join(dir, 'in.txt')], { reject: false, maxBuffer: 1 << 30 });
    if (run.exitCode !== 0) throw new Error(`simulation failed: ${run.stderr}`);
    return run.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map((h) => BigInt(`0x${h}`)));
  });
}
