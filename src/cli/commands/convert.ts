// `hlsnet convert`: model -> compiled IR -> project folder: Vitis HLS and/or Verilog RTL (written atomically).
import { Command, Option } from 'commander';
import { basename } from 'node:path';
import { buildProject, compile, DEFAULT_CLOCK_NS, DEFAULT_PART, loadModel } from '../../index.js';
import { size } from '../../ir/graph.js';
import type { Graph } from '../../ir/types.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { writeFolder } from '../files.js';
import { addPrecisionOptions, configFrom, readInput } from '../options.js';
import { printWarnings } from '../report.js';

/** A seeded, reproducible default testbench: uniform values in [-1, 1) on a 2^-10 grid. */
function defaultTestbench(g: Graph, count = 64): { data: Float64Array; count: number } {
  const per = size(g.tensors[g.inputs[0]!]!.shape);
  const data = new Float64Array(per * count);
  let s = 0x2545f491;
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    data[i] = ((s >>> 0) % 2048) / 1024 - 1;
  }
  return { data, count };
}

export function convertCommand(): Command {
  const cmd = new Command('convert')
    .description('compile a model (.onnx or hlsnet .json) into a Vitis HLS project and Verilog RTL')
    .argument('<model>', 'ONNX model or native hlsnet JSON model')
    .requiredOption('-o, --output <dir>', 'project folder to create')
    .option('--name <name>', 'top function / project name', 'myproject')
    .option('--part <part>', 'FPGA part', DEFAULT_PART)
    .option('--clock <ns>', 'clock period in ns', String(DEFAULT_CLOCK_NS))
    .option('--tb-input <file>', 'testbench samples (.npy or .dat); default: 64 seeded random samples in [-1, 1)')
    .addOption(new Option('--io-type <type>', 'io_parallel: arrays, every layer unrolled (small inputs); io_stream: streams of positions, DATAFLOW, line buffers (images). Default: the config\'s IOType, else io_parallel').choices(['io_parallel', 'io_stream']))
    .addOption(new Option('--backend <which>', 'vitis: the HLS C++ project; verilog: RTL in verilog/ (Verilator co-simulation, Yosys reports); both').choices(['vitis', 'verilog', 'both']).default('both'))
    .addOption(new Option('--mult <style>', 'Verilog constant multiplications: lut = shared shift-add adder graphs (no DSPs), dsp = `*` operators mapped to DSP blocks').choices(['lut', 'dsp']).default('lut'))
    .option('--pipeline-levels <n>', 'Verilog: a register every n adder levels inside dense/conv layers (shorter paths, higher clock, more latency); 0 = one register per layer', '0')
    .addOption(new Option('--force', 'replace the output folder if it exists and is not empty'));
  addPrecisionOptions(cmd);
  return cmd.action((model: string, opts: { output: string; name: string; part: string; clock: string; tbInput?: string; ioType?: 'io_parallel' | 'io_stream'; backend: 'vitis' | 'verilog' | 'both'; mult: 'lut' | 'dsp'; pipelineLevels: string; force?: boolean; config?: string; precision?: string }) => {
    const clockNs = Number(opts.clock);
    if (!(clockNs > 0) || !Number.isFinite(clockNs)) {
      throw new HlsnetError('E403', `--clock must be a positive number of nanoseconds, got '${opts.clock}'`, { subject: '--clock', hint: 'e.g. --clock 5 for 200 MHz' });
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.name)) {
      throw new HlsnetError('E403', `--name must be a C identifier (it names the top function), got '${opts.name}'`, { subject: '--name' });
    }
    const pipelineLevels = Number(opts.pipelineLevels);
    if (!Number.isInteger(pipelineLevels) || pipelineLevels < 0) {
      throw new HlsnetError('E403', `--pipeline-levels must be a whole number >= 0, got '${opts.pipelineLevels}'`, { subject: '--pipeline-levels', hint: 'e.g. --pipeline-levels 3 for a register every 3 adder levels' });
    }
    const config = configFrom(opts);
    const loaded = loadModel(model);
    const compiled = compile(loaded.graph, { config });
    printWarnings([...loaded.warnings, ...compiled.warnings]);
    const g = compiled.graph;
    const tb = opts.tbInput ? readInput(g, opts.tbInput) : defaultTestbench(g);
    const ioType = opts.ioType ?? config.ioType ?? 'io_parallel';
    const files = buildProject(g, { name: opts.name, part: opts.part, clockNs, ioType, tbInputs: tb, backend: opts.backend, mult: opts.mult, pipelineLevels });
    writeFolder(opts.output, files, Boolean(opts.force));
    const what = opts.backend === 'verilog' ? `Verilog (--mult ${opts.mult})` : opts.backend === 'vitis' ? ioType : `${ioType} + Verilog (--mult ${opts.mult})`;
    console.log(`wrote ${files.size} files to ${opts.output} (${basename(model)}: ${g.nodes.length} layers, ${what}, ${tb.count} testbench samples)`);
    const next = [...(opts.backend !== 'verilog' ? [`hlsnet csim ${opts.output}`] : []), ...(opts.backend !== 'vitis' ? [`hlsnet cosim ${opts.output}`, `hlsnet synth ${opts.output}`] : [])];
    console.log(`next: ${next.join(', ')}`);
  });
}
