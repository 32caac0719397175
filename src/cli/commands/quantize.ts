// `hlsnet quantize`: automatic bit widths against an accuracy budget on calibration data; writes the
// precision configuration and prints the chosen types, the measured loss and the multiplier cost.
import { Command, Option } from 'commander';
import { basename } from 'node:path';
import { searchBitWidths, measure, type Budget } from '../../analysis/bit-widths.js';
import { formatProposalYaml } from '../../analysis/profile-config.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { formatFixedType } from '../../fixed/parse.js';
import { compile, loadModel, optimize, simulateFixed, simulateFloat } from '../../index.js';
import { refuseExisting, writeFileAtomic } from '../files.js';
import { readInput, readLabels } from '../options.js';
import { printWarnings, progressShown } from '../report.js';

interface QuantizeOpts {
  data: string; labels?: string; holdout?: string; maxAccuracyDrop?: string; maxAbsError?: string;
  margin: string; maxWidth: string; minWidth: string; output: string; force?: boolean;
}

function numberOption(flag: string, v: string, ok: (x: number) => boolean, hint: string): number {
  const x = Number(v);
  if (!ok(x)) throw new HlsnetError('E403', `${flag} got '${v}'`, { subject: flag, hint });
  return x;
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;

export function quantizeCommand(): Command {
  return new Command('quantize')
    .description('choose per-layer bit widths automatically: as narrow as an accuracy budget against float allows on calibration data')
    .argument('<model>', 'ONNX model or native hlsnet JSON model')
    .requiredOption('-d, --data <file>', 'calibration samples in the model\'s own layout (.npy or .dat)')
    .requiredOption('-o, --output <file>', 'write the chosen precision configuration (YAML) here')
    .option('--labels <file>', 'class labels of the calibration samples (.npy: indices or one-hot): budget on accuracy instead of argmax agreement')
    .option('--holdout <file>', 'samples the search never sees, to measure the chosen configuration on')
    .option('--max-accuracy-drop <d>', 'allowed drop of argmax agreement with float (or of accuracy, with --labels); default 0.005')
    .option('--max-abs-error <e>', 'instead: allowed largest |fixed - float| of any output')
    .option('--margin <m>', 'share of the budget the search may use on the calibration data, leaving the rest for new data', '0.5')
    .option('--max-width <bits>', 'widest type considered (the starting point)', '16')
    .option('--min-width <bits>', 'narrowest type considered', '2')
    .addOption(new Option('--force', 'replace the output file'))
    .action((model: string, o: QuantizeOpts) => {
      if (o.maxAccuracyDrop !== undefined && o.maxAbsError !== undefined) {
        throw new HlsnetError('E403', '--max-accuracy-drop and --max-abs-error exclude each other', { subject: '--max-abs-error', hint: 'give one budget' });
      }
      const margin = numberOption('--margin', o.margin, (x) => x > 0 && x <= 1, 'a share in (0, 1], e.g. --margin 0.5');
      const maxWidth = numberOption('--max-width', o.maxWidth, (x) => Number.isInteger(x) && x >= 2 && x <= 53, 'an integer from 2 to 53');
      const minWidth = numberOption('--min-width', o.minWidth, (x) => Number.isInteger(x) && x >= 1 && x <= maxWidth, `an integer from 1 to --max-width (${maxWidth})`);
      refuseExisting(o.output, '-o', o.force);
      const loaded = loadModel(model);
      const g = loaded.graph;
      if (g.inputs.length !== 1) {
        throw new HlsnetError('E302', `quantize reads one data file, but the model has ${g.inputs.length} inputs`, { subject: model, hint: 'quantize a model with one input' });
      }
      const x = readInput(g, o.data);
      let budget: Budget;
      if (o.maxAbsError !== undefined) {
        budget = { kind: 'abs', maxError: numberOption('--max-abs-error', o.maxAbsError, (v) => v > 0, 'a positive number, e.g. 0.01') };
      } else {
        const maxDrop = numberOption('--max-accuracy-drop', o.maxAccuracyDrop ?? '0.005', (v) => v >= 0 && v < 1, 'a fraction in [0, 1), e.g. 0.005');
        budget = o.labels ? { kind: 'accuracy', maxDrop, labels: readLabels(o.labels, x.count, { shapeCode: 'E302' }) } : { kind: 'agreement', maxDrop };
      }
      const r = searchBitWidths(g, x.data, x.count, {
        budget, margin, maxWidth, minWidth,
        ...(progressShown() ? { onStep: (k: number) => process.stderr.write(`\rquantize: round ${k}`) } : {}),
      });
      if (progressShown()) process.stderr.write('\r\x1b[2K');
      printWarnings(loaded.warnings);
      const what = budget.kind === 'abs' ? 'max |fixed - float|' : budget.kind === 'accuracy' ? 'accuracy drop' : 'argmax disagreement with float';
      const show = (v: number): string => (budget.kind === 'abs' ? v.toPrecision(3) : pct(v));
      const types = (name: string, key: 'result' | 'weight'): string => { const t = r.proposals.get(name)?.[key]; return t ? formatFixedType(t) : '-'; };
      const costOf = new Map(r.cost.rows.map((c) => [c.layer, c]));
      const head = ['layer', 'result', 'weight', 'multipliers', 'input bits'];
      const body = [...r.proposals.keys()].map((n) => [n, types(n, 'result'), types(n, 'weight'), String(costOf.get(n)?.multipliers ?? ''), String(costOf.get(n)?.inputBits ?? '')]);
      const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
      for (const row of [head, ...body]) console.log(row.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
      console.log(`multiplier input bits: ${r.cost.inputBits} (fixed<16,6> everywhere: ${r.baseline.cost.inputBits}, ${pct(1 - r.cost.inputBits / r.baseline.cost.inputBits)} fewer); multipliers ${r.cost.multipliers}`);
      console.log(`${what} on ${x.count} calibration samples: ${show(r.measure.loss)} (budget ${show(budget.kind === 'abs' ? budget.maxError : budget.maxDrop)}; fixed<16,6>: ${show(r.baseline.measure.loss)}); ${r.evaluations} simulations`);
      if (o.holdout) {
        const h = readInput(g, o.holdout);
        const ref = simulateFloat(optimize(g).graph, [h.data], h.count)[0]!;
        const y = simulateFixed(compile(g, { config: r.config }).graph, [h.data], h.count).values[0]!;
        const hb: Budget = budget.kind === 'accuracy' ? { kind: 'agreement', maxDrop: budget.maxDrop } : budget;
        console.log(`${hb.kind === 'abs' ? what : 'argmax disagreement with float'} on ${h.count} held-out samples: ${show(measure(y, ref, h.count, hb).loss)}`);
      }
      writeFileAtomic(o.output, formatProposalYaml(r.proposals, [
        `hlsnet quantize ${basename(model)}: ${x.count} samples of ${basename(o.data)}, ${what} ${show(r.measure.loss)} (budget ${show(budget.kind === 'abs' ? budget.maxError : budget.maxDrop)}, margin ${margin})`,
        `multiplier input bits ${r.cost.inputBits} vs ${r.baseline.cost.inputBits} at fixed<16,6>`,
      ]));
      console.log(`wrote ${o.output}`);
    });
}
