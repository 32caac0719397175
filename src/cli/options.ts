// Options shared by several commands: the precision configuration and input data.
import { Option, type Command } from 'commander';
import { permuteSamples } from '../data/layout.js';
import { asBatch, parseData } from '../data/load.js';
import { parseFixedType } from '../fixed/parse.js';
import type { Graph } from '../ir/types.js';
import { defaultConfig, withDefaultPrecision, type PrecisionConfig } from '../passes/precision-config.js';
import { readBytes, readConfigFile } from './files.js';

export function addPrecisionOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-c, --config <file>', 'precision configuration (YAML or JSON, hls4ml style: Model / LayerType / LayerName)'))
    .addOption(new Option('-p, --precision <type>', 'model default precision, e.g. fixed<16,6> or ap_fixed<12,4,AP_RND_CONV,AP_SAT>'));
}

export function configFrom(opts: { config?: string; precision?: string }): PrecisionConfig {
  let c = opts.config ? readConfigFile(opts.config) : defaultConfig();
  if (opts.precision) c = withDefaultPrecision(c, parseFixedType(opts.precision));
  return c;
}

/** Read a data file as samples of the graph's first input. */
export function readInput(g: Graph, file: string): { data: Float64Array; count: number } {
  const a = parseData(readBytes(file), file);
  const name = g.inputs[0]!;
  const shape = g.source?.inputShapes?.[name] ?? g.tensors[name]!.shape;
  const batch = asBatch(a, shape, file, name);
  // Data comes in the model's own layout (e.g. NCHW); the IR is channels-last.
  const perm = g.source?.inputPerm?.[name];
  return perm ? { data: permuteSamples(batch.data, batch.count, shape, perm), count: batch.count } : batch;
}
