// `hlsnet simulate`: run the bit-accurate fixed-point simulator (or the float reference) on data.
import { Command } from 'commander';
import { formatDat } from '../../data/dat.js';
import { serializeNpy } from '../../data/npy.js';
import { compile, loadModel, optimize, simulateFixed, simulateFloat } from '../../index.js';
import { writeFileAtomic } from '../files.js';
import { addPrecisionOptions, configFrom, readInput } from '../options.js';
import { printWarnings } from '../report.js';

export function simulateCommand(): Command {
  const cmd = new Command('simulate')
    .description('run a model on data: bit-accurate fixed point (default) or float64 (--float)')
    .argument('<model>', 'ONNX model or native hlsnet JSON model')
    .requiredOption('-i, --input <file>', 'input samples (.npy float32/float64, or .dat one sample per line)')
    .option('-o, --output <file>', 'write outputs here (.npy or .dat); default: print to stdout')
    .option('--float', 'use the float64 reference executor instead of fixed point');
  addPrecisionOptions(cmd);
  return cmd.action((model: string, opts: { input: string; output?: string; float?: boolean; config?: string; precision?: string }) => {
    const loaded = loadModel(model);
    // The float reference needs no types: it runs the optimized graph (clean-up never changes floats).
    const compiled = opts.float ? optimize(loaded.graph) : compile(loaded.graph, { config: configFrom(opts) });
    printWarnings([...loaded.warnings, ...compiled.warnings]);
    const g = compiled.graph;
    const x = readInput(g, opts.input);
    const y = opts.float ? simulateFloat(g, [x.data], x.count)[0]! : simulateFixed(g, [x.data], x.count).values[0]!;
    const per = y.length / Math.max(x.count, 1);
    if (!opts.output) {
      process.stdout.write(formatDat(y, per));
    } else if (opts.output.endsWith('.npy')) {
      writeFileAtomic(opts.output, serializeNpy({ shape: [x.count, per], data: y }));
    } else {
      writeFileAtomic(opts.output, formatDat(y, per));
    }
  });
}
