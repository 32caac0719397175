// Options shared by several commands: the precision configuration and input data.
import { Option, type Command } from 'commander';
import { permuteSamples } from '../data/layout.js';
import { asBatch, parseData } from '../data/load.js';
import { HlsnetError } from '../diagnostics/errors.js';
import type { Code } from '../diagnostics/codes.js';
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

export interface LabelOptions {
  /** Class indices must lie in [0, classes); one-hot rows must have this many columns. */
  readonly classes?: number;
  /** What the labels are, for messages: 'class labels' (default) or e.g. 'anomaly flags (0 or 1)'. */
  readonly what?: string;
  /** The code of a shape mismatch: E304 (labels that do not fit); quantize keeps its E302. */
  readonly shapeCode?: Code;
}

/** Class labels: indices [N] or [N, 1], or one-hot / score rows [N, C] (their argmax); checked against `count` samples. */
export function readLabels(file: string, count: number, opts: LabelOptions = {}): Int32Array {
  const a = parseData(readBytes(file), file);
  const what = opts.what ?? 'class labels';
  const fail = (code: Code, message: string, hint: string): never => { throw new HlsnetError(code, message, { subject: file, hint }); };
  if (a.shape[0] !== count || a.shape.length > 2 || a.shape.length === 0) {
    fail(opts.shapeCode ?? 'E304', `labels have shape [${a.shape.join(', ')}], expected [${count}] or [${count}, classes]`, `one label (${what}: an index or a one-hot row) per sample`);
  }
  const per = a.shape.length === 2 ? a.shape[1]! : 1;
  if (per > 1 && opts.classes !== undefined && per !== opts.classes) {
    fail('E304', `one-hot label rows have ${per} columns, but the model has ${opts.classes} classes`, `give ${what} as indices or rows of ${opts.classes} values`);
  }
  const out = new Int32Array(count);
  for (let s = 0; s < count; s++) {
    if (per > 1) {
      let k = 0;
      for (let i = 1; i < per; i++) if (a.data[s * per + i]! > a.data[s * per + k]!) k = i;
      out[s] = k;
      continue;
    }
    const v = a.data[s]!;
    if (!Number.isInteger(v) || v < 0 || (opts.classes !== undefined && v >= opts.classes)) {
      const range = opts.classes !== undefined ? ` from 0 to ${opts.classes - 1}` : ' ≥ 0';
      fail('E304', `label of sample ${s} is ${v}, not an integer${range}`, `${what}: integers${range}`);
    }
    out[s] = v;
  }
  return out;
}
