// `hlsnet cosim`: Verilator co-simulation of an emitted project's Verilog, compared bit-exactly with the simulator.
import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { HlsnetError } from '../../diagnostics/errors.js';
import { cosimCompare, loadProject, type CosimProgress } from '../../index.js';
import { readInput } from '../options.js';
import { progressShown } from '../report.js';

interface CosimOpts { input?: string; threads?: string; idlePattern?: string | boolean }

function positiveInt(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new HlsnetError('E403', `${flag} must be a positive integer, got '${text}'`, { subject: flag });
  return n;
}

/** A build message, then a bar over the samples: on a terminal only, never in CI logs. */
function progress(): { on: (p: CosimProgress) => void; stop: () => void } {
  let bar: cliProgress.SingleBar | undefined;
  const stop = (): void => {
    bar?.stop();
    bar = undefined;
  };
  const on = (p: CosimProgress): void => {
    if (p.phase === 'build') {
      process.stderr.write('cosim: building the Verilog with Verilator (once per RTL version; large designs take minutes)...\n');
    } else if (!bar) {
      bar = new cliProgress.SingleBar({ stream: process.stderr, clearOnComplete: true, format: 'cosim: {bar} {value}/{total} samples' }, cliProgress.Presets.shades_classic);
      bar.start(p.total, p.done);
    } else {
      bar.update(p.done);
    }
  };
  return { on, stop };
}

export function cosimCommand(): Command {
  return new Command('cosim')
    .description("build a project's Verilog with Verilator and hlsnet's harness, stream every sample through it (one per clock) and compare every output with the simulator")
    .argument('<project>', 'folder with hlsnet/ and verilog/ made by hlsnet convert')
    .option('-i, --input <file>', 'samples to run (.npy or .dat); default: the project tb_data')
    .option('-t, --threads <n>', 'model instances simulating in parallel on disjoint sample ranges (default: every core)')
    .option('--idle-pattern [seed]', 'insert idle cycles (in_valid low, junk data) in a seeded pattern: the valid bit must travel with the data')
    .action(async (dir: string, opts: CosimOpts) => {
      const threads = opts.threads !== undefined ? positiveInt(opts.threads, '--threads') : undefined;
      const idleSeed = opts.idlePattern === undefined || opts.idlePattern === false ? undefined : opts.idlePattern === true ? 1 : positiveInt(opts.idlePattern, '--idle-pattern');
      const inputs = opts.input ? readInput(loadProject(dir).graph, opts.input) : undefined;
      const bar = progressShown() ? progress() : undefined;
      let r;
      try {
        r = await cosimCompare(dir, inputs, { ...(threads ? { threads } : {}), ...(idleSeed !== undefined ? { idleSeed } : {}), ...(bar ? { onProgress: bar.on } : {}) });
      } finally {
        bar?.stop();
      }
      const build = r.cached ? 'Verilator build cached' : `Verilator build ${r.buildSeconds.toFixed(1)} s`;
      console.log(`cosim: ${r.samples} samples, ${r.outputsCompared} outputs compared, ${r.mismatchCount} mismatches ` +
        `(${build}, run ${r.runSeconds.toFixed(2)} s, ${Math.round(r.samplesPerSecond)} samples/s on ${r.threads} thread${r.threads === 1 ? '' : 's'})`);
      console.log(`latency: ${r.latencyCycles} cycles (manifest: ${r.manifestLatency})${idleSeed !== undefined ? `, idle pattern ${idleSeed}` : ''}`);
      for (const m of r.mismatches.slice(0, 10)) console.log(`  sample ${m.sample} output ${m.index}: rtl ${m.rtl} vs simulator ${m.sim}`);
      if (r.mismatchCount) {
        console.log('FAIL: the Verilog differs from the bit-accurate simulator');
        process.exitCode = 2;
      } else {
        console.log('OK: bit-exact');
      }
    });
}
