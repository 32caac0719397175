// `hlsnet profile`: float run on calibration data -> per-tensor statistics, a covering precision
// configuration (YAML) and a self-contained HTML report.
import { Command, Option } from 'commander';
import { basename, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatProposalYaml, profileRows, proposeTypes, type ProfileRow } from '../../analysis/profile-config.js';
import { formatNumber, formatPercent, renderProfileHtml } from '../../analysis/profile-html.js';
import { DEFAULT_PERCENTILES, profileGraph } from '../../analysis/profile.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatFixedType } from '../../fixed/parse.js';
import { compile, loadModel, optimize, parsePrecisionConfig } from '../../index.js';
import { refuseExisting, writeFileAtomic } from '../files.js';
import { configFrom, readInput } from '../options.js';
import { printWarnings, progressShown } from '../report.js';

interface ProfileOpts { data: string; config?: string; width: string; coverage: string; percentiles?: string; output?: string; html?: string; force?: boolean }

function badOption(flag: string, message: string, hint: string): never {
  throw new HlsnetError('E403', `${flag} ${message}`, { subject: flag, hint });
}

function parseOptions(o: ProfileOpts): { width: number; coverage: number; percentiles: number[] } {
  const width = Number(o.width);
  if (!Number.isInteger(width) || width < 2 || width > 1024) badOption('--width', `must be an integer from 2 to 1024, got '${o.width}'`, 'e.g. --width 16');
  const coverage = Number(o.coverage);
  if (!(coverage > 0 && coverage <= 100)) badOption('--coverage', `must be a percentile in (0, 100], got '${o.coverage}'`, 'e.g. --coverage 99.9; 100 covers the full observed range');
  const percentiles = o.percentiles === undefined ? [...DEFAULT_PERCENTILES] : o.percentiles.split(',').map((s) => Number(s.trim()));
  if (!percentiles.length || percentiles.some((p) => !(p >= 0 && p <= 100))) {
    badOption('--percentiles', `must be comma-separated numbers in [0, 100], got '${o.percentiles}'`, 'e.g. --percentiles 0.1,1,50,99,99.9');
  }
  return { width, coverage, percentiles };
}

/** Refuse to replace existing files unless --force: checked before the (possibly long) run. */
function checkOutputs(o: ProfileOpts): void {
  if (o.output && o.html && resolve(o.output) === resolve(o.html)) badOption('--html', 'names the same file as -o', 'give the configuration and the report different names');
  refuseExisting(o.output, '-o', o.force);
  refuseExisting(o.html, '--html', o.force);
}

function showProgress(k: number, count: number): void {
  // About a hundred updates at most; the last one clears the line before the table prints.
  if (k === count) process.stderr.write('\r\x1b[2K');
  else if (k === 1 || k % Math.max(1, Math.floor(count / 100)) === 0) process.stderr.write(`\rprofiling: ${k}/${count} samples`);
}

function printTable(rows: readonly ProfileRow[], percentiles: readonly number[]): void {
  const head = ['layer', 'tensor', 'min', 'max', ...percentiles.map((p) => `p${p}`), 'zeros', 'type', 'over'];
  const body = rows.map((r) => [
    r.layer, `${r.stats.role}:${r.stats.tensor}`, formatNumber(r.stats.min), formatNumber(r.stats.max),
    ...r.stats.percentiles.map(([, v]) => formatNumber(v)), formatPercent(r.stats.zeros), r.type ? formatFixedType(r.type) : '-', formatPercent(r.over),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  console.log([line(head), ...body.map(line)].join('\n'));
}

export function profileCommand(): Command {
  return new Command('profile')
    .description('run the float model on calibration data: per-tensor ranges, a covering precision configuration, an HTML report')
    .argument('<model>', 'ONNX model or native hlsnet JSON model')
    .requiredOption('-d, --data <file>', 'calibration samples in the model\'s own layout (.npy float32/float64, or .dat one sample per line)')
    .option('-c, --config <file>', 'show and check this precision configuration\'s types instead of the proposed ones (-o still writes the proposal)')
    .option('--width <bits>', 'total width W of the proposed types (integer bits follow from the range)', '16')
    .option('--coverage <p>', 'proposed result types cover |x| up to this percentile of |x|; 100 = the full observed range', '100')
    .option('--percentiles <list>', `percentiles to report, comma-separated (default ${DEFAULT_PERCENTILES.join(',')})`)
    .option('-o, --output <file>', 'write the proposed precision configuration (YAML) here')
    .option('--html <file>', 'write the self-contained HTML report here')
    .addOption(new Option('--force', 'replace existing output files'))
    .action((model: string, o: ProfileOpts) => {
      const { width, coverage, percentiles } = parseOptions(o);
      checkOutputs(o);
      const configured = o.config ? configFrom({ config: o.config }) : undefined;
      const loaded = loadModel(model);
      // Profile the optimized graph: its layer names and folded weights are what the configuration types.
      const opt = optimize(loaded.graph);
      const g = opt.graph;
      if (g.inputs.length !== 1) {
        throw new HlsnetError('E302', `profile reads one data file, but the model has ${g.inputs.length} inputs`, { subject: model, hint: 'profile a model with one input' });
      }
      const x = readInput(g, o.data);
      const profile = profileGraph(g, [x.data], x.count, { percentiles, ...(progressShown() ? { onSample: showProgress } : {}) });
      const skip = new Set(g.nodes.filter((n) => n.op === 'softmax' && n.attrs.implementation === 'skip').map((n) => n.name));
      const covers = coverage >= 100 ? 'the full observed range' : `the ${coverage}th percentile of |x|`;
      const yaml = formatProposalYaml(proposeTypes(profile, { width, coverage }, skip), [
        `hlsnet profile ${basename(model)}: ${x.count} samples of ${basename(o.data)}`,
        `width ${width}; result types cover ${covers} (TRN, SAT); weights and biases cover every constant (RND)`,
      ]);
      const proposed = parsePrecisionConfig(parseYaml(yaml), 'proposed configuration');
      const compiled = compile(loaded.graph, { config: configured ?? proposed });
      printWarnings([...loaded.warnings, ...opt.warnings, ...compiled.warnings]);
      const rows = profileRows(profile, (t) => compiled.graph.tensors[t]?.type);
      printTable(rows, percentiles);
      // Both outputs are rendered before either is written: a failure leaves neither behind.
      const typeSource = configured
        ? `Types: those of the configuration ${basename(o.config!)}, compiled as hlsnet convert would.`
        : `Types: proposed with width ${width}, integer bits covering ${covers} of every result (signed unless min ≥ 0), and every weight and bias constant.`;
      const html = o.html ? renderProfileHtml({ model: basename(model), data: basename(o.data), samples: x.count, typeSource, percentiles, rows }) : undefined;
      if (o.output) {
        writeFileAtomic(o.output, yaml);
        console.log(`wrote the proposed configuration to ${o.output}`);
      }
      if (o.html && html !== undefined) {
        writeFileAtomic(o.html, html);
        console.log(`wrote the HTML report to ${o.html}`);
      }
    });
}
