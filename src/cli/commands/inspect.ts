// `hlsnet inspect`: print the compiled IR: layers, shapes, types, accumulators, parameter counts,
// reuse factors and the top II.
import { Command } from 'commander';
import { reuseRows, topInitiationInterval } from '../../analysis/reuse-factors.js';
import { sparsityRows } from '../../analysis/sparsity.js';
import { describeBounds, describeTable, tableReports } from '../../analysis/table-accuracy.js';
import { compile, loadModel, printGraph } from '../../index.js';
import { addPrecisionOptions, configFrom } from '../options.js';
import { printWarnings } from '../report.js';

export function inspectCommand(): Command {
  const cmd = new Command('inspect')
    .description('print the IR of a model after the compile passes (or as imported with --raw)')
    .argument('<model>', 'ONNX model or native hlsnet JSON model')
    .option('--raw', 'print the graph as imported, before any pass');
  addPrecisionOptions(cmd);
  return cmd.action((model: string, opts: { raw?: boolean; config?: string; precision?: string }) => {
    const loaded = loadModel(model);
    if (opts.raw) {
      printWarnings(loaded.warnings);
      console.log(printGraph(loaded.graph));
      return;
    }
    const compiled = compile(loaded.graph, { config: configFrom(opts) });
    printWarnings([...loaded.warnings, ...compiled.warnings]);
    console.log(printGraph(compiled.graph));
    const reuse = reuseRows(compiled.graph);
    if (reuse.length) {
      console.log(`reuse factors (n_mult multiplications per output position, each multiplier used RF times): top II = ${topInitiationInterval(compiled.graph)}`);
      for (const r of reuse) console.log(`  ${r.name} (${r.op}): n_mult ${r.nMult}, RF ${r.reuseFactor}, multiplier limit ${r.multiplierLimit}`);
    }
    const sparsity = sparsityRows(compiled.graph);
    if (sparsity.some((r) => r.zeros > 0)) {
      console.log('weight sparsity (zeros: quantized weights equal to 0; multiplications: what the emitted code writes, ir/OPS.md "Pruned weights"):');
      for (const r of sparsity) console.log(`  ${r.name} (${r.op}): ${r.zeros} / ${r.weights} zero (${(100 * r.sparsity).toFixed(1)}%), ${r.emitted} multiplications${r.emitted < r.weights ? ' (sparse form)' : ''}`);
    }
    const tables = tableReports(compiled.graph);
    if (tables.length) {
      console.log('lookup tables (worst-case |output − float64| over every representable input):');
      for (const t of tables) console.log(`  ${describeTable(t)}`);
      for (const line of describeBounds(compiled.graph)) console.log(`  ${line}`);
    }
  });
}
