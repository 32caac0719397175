// The registry of seeded toy data generators for the teaching tasks: task name -> generator (explicit imports).
import { HlsnetError } from '../../diagnostics/errors.js';
import { generateAnomaly } from './anomaly.js';
import { generateCaloImages } from './calo-images.js';
import type { Dataset, GenerateOptions } from './common.js';
import { generateEcal } from './ecal.js';
import { generateJets } from './jets.js';

export type { Dataset, GenerateOptions } from './common.js';

export const DATA_TASKS = {
  jets: { generate: generateJets, summary: 'jet-substructure tagging: 16 features, classes g, q, W, Z, t' },
  ecal: { generate: generateEcal, summary: 'ECAL electron/photon vs pileup clusters: 10 shower-shape variables, binary' },
  anomaly: { generate: generateAnomaly, summary: 'trigger events for autoencoder anomaly detection: 20 features, y = anomaly flag' },
  'calo-images': { generate: generateCaloImages, summary: '16×16×1 calorimeter images: electron, charged pion, π0' },
} as const satisfies Record<string, { generate: (o: GenerateOptions) => Dataset; summary: string }>;

export type DataTask = keyof typeof DATA_TASKS;

export function isDataTask(name: string): name is DataTask {
  return Object.hasOwn(DATA_TASKS, name);
}

function badOption(subject: string, message: string, hint: string): never {
  throw new HlsnetError('E403', message, { subject, hint });
}

/**
 * Generate `samples` seeded samples of `task`; the same options always give identical arrays.
 * Takes any string (training specifications name the task): an unknown task is a coded error listing the tasks.
 */
export function generateDataset(task: string, options: GenerateOptions): Dataset {
  if (!isDataTask(task)) badOption(task, `unknown data task '${task}'`, `the tasks are: ${Object.keys(DATA_TASKS).join(', ')}`);
  if (!Number.isInteger(options.samples) || options.samples < 1) badOption('samples', `the number of samples must be a positive integer, got ${options.samples}`, 'e.g. --samples 10000');
  if (!Number.isSafeInteger(options.seed)) badOption('seed', `the seed must be an integer, got ${options.seed}`, 'e.g. --seed 1');
  const f = options.anomalyFraction ?? 0;
  if (!(f >= 0 && f <= 1)) badOption('anomaly fraction', `the anomaly fraction must be in [0, 1], got ${f}`, 'e.g. --anomaly-fraction 0.1 for a test set');
  return DATA_TASKS[task].generate(options);
}
