// `hlsnet prune`: magnitude pruning of dense and conv weights to a target sparsity (no retraining yet);
// writes the pruned model as native JSON and prints sparsity and multipliers per layer.
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { prunableLayers, type SparsityRow, sparsityRows } from '../../analysis/sparsity.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { graphToJson, loadModel, optimize } from '../../index.js';
import { pruneWeights, type PruneScope, type PruneStructure } from '../../passes/prune-weights.js';
import { writeFileAtomic } from '../files.js';
import { printWarnings } from '../report.js';

function parseSparsity(text: string, what: string): number {
  const s = Number(text);
  if (text.trim() === '' || !Number.isFinite(s) || s < 0 || s >= 1) {
    throw new HlsnetError('E209', `sparsity must be a number in [0, 1), got '${text}'`, { subject: what, hint: 'e.g. 0.7 zeroes 70% of the weights' });
  }
  return s;
}

function parseLayerTarget(text: string, acc: Record<string, number> | undefined): Record<string, number> {
  const m = /^(.+)=([^=]*)$/.exec(text);
  if (!m) throw new HlsnetError('E403', `--layer expects name=sparsity, got '${text}'`, { subject: '--layer', hint: 'e.g. --layer fc1=0.5' });
  return { ...acc, [m[1]!]: parseSparsity(m[2]!, `--layer ${text}`) };
}

/** Multipliers of a layer at reuse factor 1: one per nonzero weight (zero weights have none, in either form). */
const multipliers = (r: SparsityRow): number => r.weights - r.zeros;

/** The report table: one row per prunable layer, then the totals. */
export function pruneTable(before: readonly SparsityRow[], after: readonly SparsityRow[]): string[] {
  const rows = after.map((a, i) => [a.name, a.op, String(a.weights), String(a.zeros), `${(100 * a.sparsity).toFixed(1)}%`, String(multipliers(before[i]!)), String(multipliers(a))]);
  const sum = (rs: readonly SparsityRow[], f: (r: SparsityRow) => number): number => rs.reduce((t, r) => t + f(r), 0);
  const weights = sum(after, (r) => r.weights);
  const zeros = sum(after, (r) => r.zeros);
  rows.push(['total', '', String(weights), String(zeros), `${(100 * (weights ? zeros / weights : 0)).toFixed(1)}%`, String(sum(before, multipliers)), String(sum(after, multipliers))]);
  const head = ['layer', 'op', 'weights', 'zeros', 'sparsity', 'mult before', 'mult after'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (r: readonly string[]): string => r.map((v, c) => (c < 2 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)];
}

export function pruneCommand(): Command {
  return new Command('prune')
    .description('magnitude pruning of dense and conv weights to a target sparsity (pruned weights become exact zeros; no retraining yet)')
    .argument('<model>', 'ONNX model or native hlsnet JSON model')
    .requiredOption('-o, --output <file>', 'pruned model to write (native hlsnet JSON)')
    .option('--sparsity <s>', 'target fraction of zero weights, in [0, 1)', '0.5')
    .addOption(new Option('--scope <scope>', 'global: one magnitude threshold over all pruned layers; layer: each layer to the target').choices(['global', 'layer']).default('layer'))
    .addOption(new Option('--structure <s>', 'none: single weights; neurons / filters: whole output units (dense columns, conv filters) by L1 norm').choices(['none', 'neurons', 'filters']).default('none'))
    .option('--keep <names>', 'layers left unpruned, comma-separated or repeated (e.g. the output layer)', (v: string, acc: string[] | undefined) => [...(acc ?? []), ...v.split(',').filter(Boolean)])
    .option('--layer <name=s>', 'a layer\'s own target sparsity (repeatable)', parseLayerTarget)
    .addOption(new Option('--force', 'overwrite the output file if it exists'))
    .action((model: string, opts: { output: string; sparsity: string; scope: PruneScope; structure: PruneStructure; keep?: string[]; layer?: Record<string, number>; force?: boolean }) => {
      const sparsity = parseSparsity(opts.sparsity, '--sparsity');
      if (!opts.output.endsWith('.json')) {
        throw new HlsnetError('E403', `the pruned model is written as native JSON: -o must end in .json, got '${opts.output}'`, { subject: '-o' });
      }
      if (existsSync(opts.output) && !opts.force) {
        throw new HlsnetError('E401', 'output file exists', { subject: opts.output, hint: 'choose another -o file or pass --force to replace it' });
      }
      const loaded = loadModel(model);
      // Prune the optimized graph: batch norms are folded, so the magnitudes are those the hardware multiplies by.
      const optimized = optimize(loaded.graph);
      printWarnings([...loaded.warnings, ...optimized.warnings]);
      const g = optimized.graph;
      if (!prunableLayers(g).length) {
        throw new HlsnetError('E208', 'the model has no dense or conv layer with constant weights to prune', { subject: model });
      }
      const pruned = pruneWeights(g, { sparsity, scope: opts.scope, structure: opts.structure, keep: opts.keep ?? [], layers: opts.layer ?? {} });
      writeFileAtomic(opts.output, graphToJson(pruned));
      const structure = opts.structure === 'none' ? 'unstructured' : `structured (${opts.structure}, L1 norm)`;
      console.log(`pruned ${basename(model)} to ${sparsity} sparsity, ${opts.scope} scope, ${structure}; wrote ${opts.output}`);
      for (const l of pruneTable(sparsityRows(g), sparsityRows(pruned))) console.log(`  ${l}`);
      console.log('no retraining: fine-tune the pruned model with the float trainer when it lands, or check accuracy with hlsnet simulate');
    });
}
