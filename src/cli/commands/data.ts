// `hlsnet data`: writes a seeded toy dataset for one of the teaching tasks as x.npy, y.npy and a README.
import { Command, Option } from 'commander';
import { join } from 'node:path';
import { serializeNpy } from '../../data/npy.js';
import { HlsnetError } from '../../diagnostics/errors.js';
import { DATA_TASKS, generateDataset, isDataTask, type Dataset } from '../../train/data/index.js';
import { writeFolder } from '../files.js';

interface DataOpts { output: string; samples: string; seed: string; anomalyFraction?: string; force?: boolean }

function badOption(flag: string, message: string, hint: string): never {
  throw new HlsnetError('E403', `${flag} ${message}`, { subject: flag, hint });
}

function parseOptions(task: string, o: DataOpts): { samples: number; seed: number; anomalyFraction?: number } {
  const samples = Number(o.samples);
  if (!Number.isInteger(samples) || samples < 1 || samples > 1e8) badOption('--samples', `must be an integer from 1 to 10^8, got '${o.samples}'`, 'e.g. --samples 10000');
  const seed = Number(o.seed);
  // The generators' PRNG takes 32 bits: larger seeds would repeat smaller ones.
  if (o.seed.trim() === '' || !(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)) badOption('--seed', `must be an integer in [0, 2^32), got '${o.seed}'`, 'e.g. --seed 1; the same seed gives identical files');
  if (o.anomalyFraction === undefined) return { samples, seed };
  if (task !== 'anomaly') badOption('--anomaly-fraction', `applies to the anomaly task only, not '${task}'`, 'drop the option');
  const f = Number(o.anomalyFraction);
  if (o.anomalyFraction.trim() === '' || !(f >= 0 && f <= 1)) badOption('--anomaly-fraction', `must be a number in [0, 1], got '${o.anomalyFraction}'`, 'e.g. 0 for training, 0.1 for a test set');
  return { samples, seed, anomalyFraction: f };
}

function readme(task: string, seed: number, d: Dataset, command: string): string {
  const lines = [
    `# Toy dataset: ${task}`,
    '',
    d.description,
    '',
    `- made by: \`${command}\``,
    `- seed: ${seed} (the same command gives byte-identical files)`,
    `- x.npy: float64, shape (${d.x.shape.join(', ')})`,
    `- y.npy: float64, shape (${d.y.shape.join(', ')})`,
  ];
  if (d.classNames) lines.push(`- y values: ${d.classNames.map((c, i) => `${i} = ${c}`).join(', ')}`);
  if (d.featureNames) lines.push(`- features (columns of x, in order): ${d.featureNames.join(', ')}`);
  lines.push('', 'This is a toy simulation for exercising training, quantization and firmware; do not draw physics conclusions from it.', '');
  return lines.join('\n');
}

export function dataCommand(): Command {
  const tasks = Object.entries(DATA_TASKS).map(([name, t]) => `  ${name.padEnd(12)} ${t.summary}`).join('\n');
  return new Command('data')
    .description('write a seeded toy dataset (x.npy, y.npy, README.md) for one of the teaching tasks')
    .argument('<task>', `one of: ${Object.keys(DATA_TASKS).join(', ')}`)
    .requiredOption('-o, --output <dir>', 'output folder (created; must be empty unless --force)')
    .option('--samples <n>', 'number of samples', '10000')
    .option('--seed <s>', 'random seed (integer)', '1')
    .option('--anomaly-fraction <f>', 'anomaly task: fraction of injected anomalies (default 0: background only, for training)')
    .addOption(new Option('--force', 'replace a non-empty output folder'))
    .addHelpText('after', `\nTasks:\n${tasks}`)
    .action((task: string, o: DataOpts) => {
      if (!isDataTask(task)) {
        throw new HlsnetError('E403', `unknown data task '${task}'`, { subject: task, hint: `the tasks are: ${Object.keys(DATA_TASKS).join(', ')}` });
      }
      const opts = parseOptions(task, o);
      const d = generateDataset(task, opts);
      const command = ['hlsnet data', task, '-o', o.output, '--samples', String(opts.samples), '--seed', String(opts.seed),
        ...(opts.anomalyFraction !== undefined ? ['--anomaly-fraction', String(opts.anomalyFraction)] : [])].join(' ');
      const files = new Map<string, string | Uint8Array>([
        ['x.npy', serializeNpy(d.x)],
        ['y.npy', serializeNpy(d.y)],
        ['README.md', readme(task, opts.seed, d, command)],
      ]);
      writeFolder(o.output, files, o.force === true);
      console.log(`wrote ${join(o.output, 'x.npy')}: shape (${d.x.shape.join(', ')})`);
      console.log(`wrote ${join(o.output, 'y.npy')}: shape (${d.y.shape.join(', ')})`);
      console.log(`wrote ${join(o.output, 'README.md')}`);
    });
}
