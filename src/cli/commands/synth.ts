// `hlsnet synth`: Yosys synth_xilinx of every layer module of a project's Verilog -> resources and LUT levels.
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { HlsnetError } from '../../diagnostics/errors.js';
import { synthesizeProject, type ModuleSynth, type SynthReport } from '../../index.js';
import { refuseExisting, writeFileAtomic } from '../files.js';
import { progressShown } from '../report.js';
import { projectSynthCache } from '../synth-cache.js';

interface SynthOpts { family: string; mult?: string; json?: string; jobs?: string; top?: boolean; yosys?: string; force?: boolean }

const HEAD = ['layer', 'op', 'LUT', 'FF', 'CARRY', 'DSP', 'BRAM', 'LUT levels', 'stages'];

function row(name: string, op: string, r: Pick<ModuleSynth, 'lut' | 'ff' | 'carry' | 'dsp' | 'bram' | 'lutLevels'>, stages: string): string[] {
  return [name, op, String(r.lut), String(r.ff), String(r.carry), String(r.dsp), String(r.bram), String(r.lutLevels), stages];
}

function printReport(r: SynthReport, cacheFolder: string): void {
  const body = r.layers.map((l) => row(l.node, l.op, l, String(l.stages)));
  body.push(row('total', '', r.total, String(r.total.stages)));
  if (r.topModule) body.push(row(`top ${r.top}`, '(one run)', r.topModule, String(r.latency)));
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  console.log([line(HEAD), ...body.map(line)].join('\n'));
  const all = [...r.layers, ...(r.topModule ? [r.topModule] : [])];
  const cached = all.filter((m) => m.cached).length;
  if (r.total.lutMem) console.log(`plus ${r.total.lutMem} LUTs as shift registers or distributed RAM`);
  const levels = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  console.log(`latency: ${r.latency} cycles; deepest path ${levels(r.total.lutLevels, 'LUT level')} (carries and unregistered DSPs count 0; ` +
    `${levels(r.total.logicLevels, 'logic level')} counting carries; longest carry chain ${levels(r.total.carryChain, 'cell')})`);
  console.log(`${r.yosys}, synth_xilinx -family ${r.family}, mult ${r.mult}; ${cached} of ${all.length} modules from ${cacheFolder}`);
}

export function synthCommand(): Command {
  return new Command('synth')
    .description('synthesize each layer module of a project\'s Verilog with Yosys (synth_xilinx): LUT, FF, CARRY, DSP, BRAM and LUT levels per layer')
    .argument('<project>', 'folder made by hlsnet convert, with verilog/')
    .option('--family <family>', 'synth_xilinx family: xcup (UltraScale+), xcu, xc7, ...', 'xcup')
    .option('--mult <style>', 'constant multiplications as dsp (`*`) or lut (shift-add); default: the project\'s (another one is re-emitted in memory)')
    .option('--json <file>', 'write the report as JSON here')
    .option('--jobs <n>', 'parallel Yosys processes (default: the available cores)')
    .option('--top', 'also synthesize the whole top module in one run (slow)')
    .option('--yosys <bin>', 'the yosys binary, or "yowasp" for the @yowasp/yosys WebAssembly build (default: yosys on PATH, else @yowasp/yosys)')
    .addOption(new Option('--force', 'replace the --json file if it exists'))
    .action(async (dir: string, o: SynthOpts) => {
      const jobs = o.jobs === undefined ? undefined : Number(o.jobs);
      if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
        throw new HlsnetError('E403', `--jobs must be a positive integer, got '${o.jobs}'`, { subject: '--jobs', hint: 'e.g. --jobs 2' });
      }
      refuseExisting(o.json, '--json', o.force);
      const cache = projectSynthCache(dir);
      // Yosys takes seconds per layer: a bar on a terminal, nothing in logs and CI.
      const bar = progressShown()
        ? new cliProgress.SingleBar({ stream: process.stderr, format: 'synth [{bar}] {value}/{total} modules {module}', clearOnComplete: true, hideCursor: true }, cliProgress.Presets.legacy)
        : undefined;
      let report: SynthReport;
      try {
        report = await synthesizeProject(dir, {
          family: o.family, cache,
          ...(o.mult !== undefined ? { mult: o.mult } : {}), ...(jobs !== undefined ? { jobs } : {}),
          ...(o.top ? { top: true } : {}), ...(o.yosys !== undefined ? { yosys: o.yosys } : {}),
          ...(bar ? { onProgress: (done: number, total: number, module: string) => (done === 0 ? bar.start(total, 0, { module }) : bar.update(done, { module })) } : {}),
        });
      } finally {
        bar?.stop();
      }
      printReport(report, cache.folder);
      if (o.json) {
        writeFileAtomic(o.json, `${JSON.stringify(report, null, 2)}\n`);
        console.log(`wrote the report to ${o.json}`);
      }
    });
}
