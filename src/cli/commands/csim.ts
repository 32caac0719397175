// `hlsnet csim`: g++ C simulation of an emitted project, compared bit-exactly with the simulator.
import { Command } from 'commander';
import { csimCompare, loadProject } from '../../index.js';
import { readInput } from '../options.js';

export function csimCommand(): Command {
  return new Command('csim')
    .description("compile a project with g++ against hlsnet's ap_fixed headers, run its testbench and compare every output with the simulator")
    .argument('<project>', 'folder made by hlsnet convert')
    .option('-i, --input <file>', 'samples to run (.npy or .dat); default: the project tb_data')
    .action(async (dir: string, opts: { input?: string }) => {
      const inputs = opts.input ? readInput(loadProject(dir).graph, opts.input) : undefined;
      // Compiling takes seconds: say so on a terminal, stay quiet in logs and CI.
      if (process.stderr.isTTY && !process.env.CI) process.stderr.write('compiling with g++ and running the testbench...\r');
      const r = await csimCompare(dir, inputs);
      console.log(`csim: ${r.samples} samples, ${r.outputsCompared} outputs compared, ${r.mismatches.length} mismatches ` +
        `(g++ ${r.compileSeconds.toFixed(1)} s, run ${r.runSeconds.toFixed(2)} s)`);
      for (const m of r.mismatches.slice(0, 10)) console.log(`  sample ${m.sample} output ${m.index}: csim ${m.csim} vs simulator ${m.sim}`);
      if (r.mismatches.length) {
        console.log('FAIL: the C simulation differs from the bit-accurate simulator');
        process.exitCode = 2;
      } else {
        console.log('OK: bit-exact');
      }
    });
}
