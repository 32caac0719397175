// `hlsnet validate`: the CI gate — float reference vs bit-accurate fixed point on the same data, with
// errors, agreement, accuracy and ROC AUC; exit code 2 when a threshold fails.
import { Command, Option } from 'commander';
import { basename, resolve } from 'node:path';
import { formatNumber } from '../../analysis/profile-html.js';
import { renderValidationHtml } from '../../analysis/validate-html.js';
import { validateModel, type Thresholds, type ValidationReport } from '../../analysis/validate.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { compile, loadModel } from '../../index.js';
import { size } from '../../ir/graph.js';
import { refuseExisting, writeFileAtomic } from '../files.js';
import { addPrecisionOptions, configFrom, readInput, readLabels } from '../options.js';
import { printWarnings, progressShown } from '../report.js';

interface ValidateOpts {
  data: string; labels?: string; autoencoder?: boolean; config?: string; precision?: string;
  maxAbsError?: string; minAgreement?: string; maxAucDrop?: string; json?: string; html?: string; force?: boolean;
}

/** Output values listed one per row on the terminal; the rest are in --json / --html. */
const MAX_ROWS = 24;

function limit(flag: string, v: string | undefined, ok: (x: number) => boolean, hint: string): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !ok(x)) throw new HlsnetError('E403', `${flag} got '${v}'`, { subject: flag, hint });
  return x;
}

function thresholdsOf(o: ValidateOpts): Thresholds {
  const t = {
    maxAbsError: limit('--max-abs-error', o.maxAbsError, (x) => x >= 0, 'a number ≥ 0, e.g. 0.05'),
    minAgreement: limit('--min-agreement', o.minAgreement, (x) => x >= 0 && x <= 1, 'a fraction from 0 to 1, e.g. 0.99'),
    maxAucDrop: limit('--max-auc-drop', o.maxAucDrop, (x) => x >= 0 && x <= 1, 'an AUC difference from 0 to 1, e.g. 0.01'),
  };
  return Object.fromEntries(Object.entries(t).filter(([, v]) => v !== undefined)) as Thresholds;
}

const pct = (f: number): string => `${(100 * f).toFixed(2)}%`;
const aucText = (v: number): string => (Number.isNaN(v) ? 'n/a' : v.toFixed(4).replace(/^-(0\.0+)$/, '$1'));

function printTable(rows: readonly string[][], left = 1): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i < left ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd());
}

function printReport(r: ValidationReport): void {
  const shown = r.outputs.slice(0, MAX_ROWS).map((o) => [o.output, String(o.index), formatNumber(o.maxAbsError), formatNumber(o.meanAbsError)]);
  printTable([['output', 'index', 'max |err|', 'mean |err|'], ...shown, ['all', '', formatNumber(r.maxAbsError), formatNumber(r.meanAbsError)]]);
  if (r.outputs.length > MAX_ROWS) console.log(`(${r.outputs.length - MAX_ROWS} more output values in --json / --html)`);
  const facts = [`samples ${r.samples}`];
  if (r.agreement !== undefined) facts.push(`agreement ${pct(r.agreement)} (${r.agreementRule})`);
  if (r.accuracy) facts.push(`accuracy float ${pct(r.accuracy.float)} fixed ${pct(r.accuracy.fixed)}`);
  if (r.scoreError) facts.push(`anomaly score |err| max ${formatNumber(r.scoreError.max)} mean ${formatNumber(r.scoreError.mean)}`);
  console.log(facts.join('; '));
  if (r.auc.length) {
    printTable([[r.kind === 'autoencoder' ? 'score' : 'class', 'positives', 'AUC float', 'AUC fixed', 'drop'], ...r.auc.map((a) => [a.name, String(a.positives), aucText(a.float), aucText(a.fixed), aucText(a.drop)])]);
  }
  for (const c of r.checks) {
    const show = (v: number): string => (Number.isNaN(v) ? 'n/a' : c.name === 'min-agreement' ? pct(v) : formatNumber(v));
    const rel = c.name === 'min-agreement' ? '≥' : '≤';
    console.log(`${c.passed ? 'PASS' : 'FAIL'} --${c.name}: ${show(c.value)} (${c.where}), limit ${rel} ${show(c.limit)}`);
  }
}

/** The report as JSON: NaN (an undefined AUC) becomes null. */
function reportJson(model: string, data: string, labels: string | undefined, r: ValidationReport): string {
  return `${JSON.stringify({ model, data, labels: labels ?? null, ...r }, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1)}\n`;
}

function showProgress(phase: string, done: number, total: number): void {
  process.stderr.write(done === total && phase === 'fixed' ? '\r\x1b[2K' : `\rvalidate: ${phase} ${done}/${total} samples`);
}

export function validateCommand(): Command {
  const cmd = new Command('validate')
    .description('the CI gate: run the float reference and the bit-accurate fixed-point simulator on the same data, report errors, agreement, accuracy and ROC AUC; exit 2 when a threshold fails')
    .argument('<model>', 'ONNX model or native hlsnet JSON model')
    .requiredOption('-d, --data <file>', 'samples in the model\'s own layout (.npy float32/float64, or .dat one sample per line)')
    .option('--labels <file>', 'class indices [N] or one-hot rows [N, C] (.npy or .dat); with --autoencoder: 0/1 anomaly flags')
    .option('--autoencoder', 'score each sample by its reconstruction error (mean squared output − input) instead of classifying')
    .option('--max-abs-error <e>', 'fail when any |fixed − float| output value exceeds e')
    .option('--min-agreement <p>', 'fail when fewer than this fraction (0..1) of samples get the same class (argmax; y > 0.5 for one output)')
    .option('--max-auc-drop <d>', 'fail when AUC_float − AUC_fixed of any class (or of the anomaly score) exceeds d; needs --labels')
    .option('--json <file>', 'write the full report as JSON here')
    .option('--html <file>', 'write a self-contained HTML report with ROC curves here')
    .addOption(new Option('--force', 'replace existing report files'));
  addPrecisionOptions(cmd);
  return cmd.action((model: string, o: ValidateOpts) => {
    const thresholds = thresholdsOf(o);
    if (o.json && o.html && resolve(o.json) === resolve(o.html)) throw new HlsnetError('E403', '--html names the same file as --json', { subject: '--html', hint: 'give the two reports different names' });
    refuseExisting(o.json, '--json', o.force);
    refuseExisting(o.html, '--html', o.force);
    const loaded = loadModel(model);
    const compiled = compile(loaded.graph, { config: configFrom(o) });
    printWarnings([...loaded.warnings, ...compiled.warnings]);
    const g = compiled.graph;
    if (g.inputs.length !== 1) throw new HlsnetError('E302', `validate reads one data file, but the model has ${g.inputs.length} inputs`, { subject: model, hint: 'validate a model with one input' });
    const x = readInput(g, o.data);
    const outPer = size(g.tensors[g.outputs[0]!]!.shape);
    const labels = o.labels === undefined ? undefined : o.autoencoder
      ? readLabels(o.labels, x.count, { classes: 2, what: 'anomaly flags (0 normal, 1 anomaly)' })
      : readLabels(o.labels, x.count, { classes: outPer === 1 ? 2 : outPer });
    const r = validateModel(g, x, {
      thresholds, dataSource: o.data, ...(labels ? { labels, labelSource: o.labels } : {}), ...(o.autoencoder ? { autoencoder: true } : {}),
      ...(progressShown() ? { onProgress: showProgress } : {}),
    });
    printReport(r);
    const precision = o.config ? `Types: the configuration ${basename(o.config)}${o.precision ? ` with default ${o.precision}` : ''}.` : (o.precision ? `Types: default ${o.precision}.` : 'Types: the default precision.');
    if (o.json) {
      writeFileAtomic(o.json, reportJson(basename(model), basename(o.data), o.labels && basename(o.labels), r));
      console.log(`wrote the JSON report to ${o.json}`);
    }
    if (o.html) {
      writeFileAtomic(o.html, renderValidationHtml({ model: basename(model), data: basename(o.data), ...(o.labels ? { labels: basename(o.labels) } : {}), precision, report: r }));
      console.log(`wrote the HTML report to ${o.html}`);
    }
    const failed = r.checks.filter((c) => !c.passed);
    if (failed.length) {
      console.log(`FAIL: ${failed.length} of ${r.checks.length} threshold${r.checks.length === 1 ? '' : 's'} failed (${failed.map((c) => `--${c.name}`).join(', ')})`);
      process.exitCode = 2;
    } else {
      console.log(r.checks.length ? `OK: ${r.checks.length} threshold${r.checks.length === 1 ? '' : 's'} passed` : 'OK: no thresholds given');
    }
  });
}
